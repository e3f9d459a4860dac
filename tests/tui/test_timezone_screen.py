"""The dashboard in another time zone (the ``timezone`` setting): the title bar names the
zone and the deadline column gives the zone's clock (NOW is 10:00 in Shanghai, 03:00 in
Berlin; the first case's promise ends two hours later). China time names no zone."""

from __future__ import annotations

import pytest
from on_screen import screen_lines
from tui_helpers import settle

from cases.clock import TZ, set_shown_zone


@pytest.mark.parametrize("zone, shown, due", [("Europe/Berlin", "2026-11-22 03:00 Europe/Berlin", "11-22 05:00"),
                                              (TZ, "2026-11-22 10:00", "11-22 12:00")])
async def test_times_are_shown_in_the_users_zone(filled_store, make_app, zone, shown, due):
    set_shown_zone(zone)  # (tests/conftest.py puts it back)
    app = make_app(filled_store)
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        assert lines[0].rstrip().endswith(shown)
        (row,) = [line for line in lines if "点卡充值未到账" in line]
        assert due in row and "剩 2小时" in row
