"""The detail of a case with 10,000 timeline entries: read and rendered in a worker,
the most recent page shown, one more page per ``m`` (the pages shown are left be)."""

from __future__ import annotations

import pytest

from cases.demo_timeline import long_timeline_case
from tui.detail_view import PAGE
from tui.screens.case_detail import CaseDetailScreen, TimelinePage
from tui_helpers import detail_text, settle

ENTRIES = 10_000


@pytest.fixture
def long_store(store, clock):
    store.add_case(long_timeline_case(clock.now(), ENTRIES))
    return store


def footer_actions(screen) -> set[str]:
    return {b.binding.action for b in screen.active_bindings.values() if b.binding.show and b.enabled}


async def test_the_most_recent_page_is_shown_and_m_shows_an_earlier_one(long_store, make_app):
    app = make_app(long_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseDetailScreen)
        text = detail_text(app)
        assert "LT-10000" in text and f"LT-{ENTRIES - PAGE + 1:05d}" in text
        assert f"LT-{ENTRIES - PAGE:05d}" not in text
        assert f"较早的 {ENTRIES - PAGE:,} 条记录未显示 — 按 m 再显示 {PAGE} 条" in text
        assert "……以及另外" in text  # the checklist counts what it does not list
        # What is laid out is a page, not the ~33,000 lines of the whole timeline.
        assert screen.query_one("#detail-scroll").virtual_size.height < 300
        assert "show_more" in footer_actions(screen)
        (first,) = screen.query(TimelinePage)
        await pilot.press("m")
        await settle(pilot)
        pages = list(screen.query(TimelinePage))
        assert len(pages) == 2 and pages[1] is first  # the page shown is kept, the earlier one above it
        text = detail_text(app)
        assert f"LT-{ENTRIES - 2 * PAGE + 1:05d}" in text and f"LT-{ENTRIES - 2 * PAGE:05d}" not in text
        assert text.index(f"LT-{ENTRIES - PAGE:05d}") < text.index("LT-10000")  # oldest first
        assert f"较早的 {ENTRIES - 2 * PAGE:,} 条记录未显示" in text
        # Revealing renders every page shown again, in the worker.
        await pilot.press("r")
        await settle(pilot)
        assert len(screen.query(TimelinePage)) == 2
        assert screen.view.reveal


async def test_a_short_timeline_has_no_earlier_entries_and_no_m(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseDetailScreen)
        assert not screen.query_one("#detail-more").display
        assert "show_more" not in footer_actions(screen)
        await pilot.press("m")  # nothing to show: nothing happens
        await settle(pilot)
        assert len(screen.query(TimelinePage)) == 1
