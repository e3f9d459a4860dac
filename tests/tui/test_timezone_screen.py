"""The dashboard in another time zone (the ``timezone`` setting): the title bar names the
zone and the deadline column gives the zone's clock (NOW is 10:00 in Shanghai, 03:00 in
Berlin; the first case's promise ends two hours later)."""

from __future__ import annotations

from on_screen import screen_lines
from tui_helpers import settle

from cases.clock import set_shown_zone


async def test_times_are_shown_in_the_users_zone(filled_store, make_app):
    set_shown_zone("Europe/Berlin")  # (tests/conftest.py puts it back)
    app = make_app(filled_store)
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        assert lines[0].rstrip().endswith("2026-11-22 03:00 Europe/Berlin")
        (row,) = [line for line in lines if "点卡充值未到账" in line]
        assert "11-22 05:00" in row and "剩 2小时" in row


async def test_china_time_names_no_zone(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(130, 30)) as pilot:
        await settle(pilot)
        lines = screen_lines(app)
        assert lines[0].rstrip().endswith("2026-11-22 10:00")
        (row,) = [line for line in lines if "点卡充值未到账" in line]
        assert "11-22 12:00" in row
