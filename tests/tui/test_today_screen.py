"""The today view (T), assignment (w, the case form's field), the a: filter, with a fixed clock."""

from __future__ import annotations

import pytest
from rich.console import Console
from textual.widgets import Input, Static
from tui_helpers import at, settle, wait_for

from cases.model import Case, Event
from tui.screens.assign import AssignScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.today import TodayScreen
from tui.widgets.case_list import CaseList

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def me(monkeypatch) -> str:
    monkeypatch.setenv("TOUSU_USER", "小王")
    return "小王"


@pytest.fixture
def shared_store(filled_store):
    """The sample cases (K-0001 due in 2 h, K-0002 in 30 h, K-0003 overdue 5 h) given to 小王;
    K-0005 due in 1 h given to bob; K-0006 due in 3 h and nobody's."""
    filled_store.assign_cases(["K-0001", "K-0002", "K-0003"], "小王", "admin")
    for title, hours in (("别人的案件", 1), ("没人负责的案件", 3)):
        filled_store.add_case(Case(title=title, platform="某卡盟", timeline=[
            Event(kind="contact", channel="platform-cs", at=at(-1), deadline=at(hours), seq=1)]))
    filled_store.assign_cases(["K-0005"], "bob", "admin")
    return filled_store


def _body(app) -> list[str]:
    console = Console(width=120, record=True, color_system=None)
    console.print(app.screen.query_one("#today-body", Static).content)
    return console.export_text().splitlines()


async def _open_today(pilot) -> list[str]:
    await settle(pilot)
    await pilot.press("T")
    assert await wait_for(pilot, lambda: isinstance(pilot.app.screen, TodayScreen) and pilot.app.screen.items
                          is not None, timeout=20)
    return _body(pilot.app)


async def test_T_shows_my_overdue_and_due_today_then_the_unassigned(shared_store, make_app, me):
    app = make_app(shared_store)
    async with app.run_test(size=(120, 40)) as pilot:
        lines = await _open_today(pilot)
        assert lines[0] == "现在 2026-11-22 10:00"
        mine = lines.index("小王：2 项")
        assert lines[mine + 1].startswith("  !! K-0003  到期  逾期 5小时（11-22 05:00）")
        assert lines[mine + 2].startswith("  !  K-0001  到期  剩 2小时（11-22 12:00）")
        unassigned = lines.index("没人负责：1 项")
        assert lines[unassigned + 1].startswith("  !  K-0006  到期  剩 3小时（11-22 13:00）")
        text = "\n".join(lines)
        assert "K-0002" not in text  # due in 30 h: not today
        assert "K-0005" not in text and "bob" not in text  # someone else's
        assert "张三" not in text  # titles masked as everywhere
        await pilot.press("a")  # everyone's
        await pilot.pause()
        lines = _body(app)
        bob = lines.index("bob：1 项")
        assert lines[bob + 1].startswith("  !  K-0005  到期  剩 1小时")
        assert lines.index("小王：2 项") > bob
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))


async def test_T_for_someone_with_nothing_due_says_so(filled_store, make_app, me):
    app = make_app(filled_store)
    async with app.run_test(size=(120, 40)) as pilot:
        lines = await _open_today(pilot)
        assert lines[lines.index("小王：0 项") + 1] == "  没有要做的"
        assert "没人负责：2 项" in lines  # K-0003 overdue, K-0001 due in 2 h


async def test_w_assigns_the_highlighted_case_and_records_it(shared_store, make_app, me):
    app = make_app(shared_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        first = app.screen.query_one(CaseList).highlighted.id
        await pilot.press("w")
        assert await wait_for(pilot, lambda: isinstance(app.screen, AssignScreen))
        field = app.screen.query_one("#f-name", Input)
        field.value = "小李"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert await wait_for(pilot, lambda: shared_store.case(first).assignee == "小李")
    entry = shared_store.activity()[-1]
    assert (entry["action"], entry["case"], entry["by"], entry["to"], entry["at"]) == (
        "assign", first, "小王", "小李", "2026-11-22T10:00:00+08:00")


async def test_the_filter_finds_cases_by_assignee_and_a_me(shared_store, make_app, me):
    app = make_app(shared_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)

        def ids() -> list[str]:
            return sorted(r.id for r in app.screen.query_one(CaseList).rows)

        await pilot.press("slash")
        await pilot.press(*"a:me")
        assert ids() == ["K-0001", "K-0002", "K-0003"]
        await pilot.press("escape")
        await pilot.press("slash")
        await pilot.press(*"负责人:bo")
        assert ids() == ["K-0005"]
        await pilot.press("escape")
        await pilot.press("slash")
        await pilot.press(*"a:-")
        assert ids() == ["K-0006"]


async def test_the_edit_form_changes_the_assignee_recorded_as_an_edit(shared_store, make_app, me):
    app = make_app(shared_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"K-0006")
        await pilot.press("enter")
        await pilot.press("e")
        assert await wait_for(pilot, lambda: bool(app.screen.query("#f-assignee")))
        app.screen.query_one("#f-assignee", Input).value = "小王"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert await wait_for(pilot, lambda: shared_store.case("K-0006").assignee == "小王")
    actions = [(e["action"], e["case"], e["by"]) for e in shared_store.activity()[-2:]]
    assert actions == [("edit", "K-0006", "小王"), ("assign", "K-0006", "小王")]


async def test_the_detail_names_the_assignee_and_w_there_unassigns(shared_store, make_app, me):
    from tui.screens.case_detail import CaseDetailScreen
    from tui_helpers import detail_text

    app = make_app(shared_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"K-0003")
        await pilot.press("enter")
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: isinstance(app.screen, CaseDetailScreen))
        await settle(pilot)
        assert "负责人" in detail_text(app) and "小王" in detail_text(app)
        await pilot.press("w")
        assert await wait_for(pilot, lambda: isinstance(app.screen, AssignScreen))
        app.screen.query_one("#f-name", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert await wait_for(pilot, lambda: shared_store.case("K-0003").assignee == "")
        assert await wait_for(pilot, lambda: isinstance(app.screen, CaseDetailScreen) and "负责人" not in detail_text(app))


async def test_T_gathers_again_when_another_process_changes_the_store(shared_store, make_app, me, store_path,
                                                                       clock):
    from storage.store import Store

    app = make_app(shared_store)
    async with app.run_test(size=(120, 40)) as pilot:
        lines = await _open_today(pilot)
        assert "小王：2 项" in lines
        other = Store.open(store_path, clock)  # another volunteer, another process's Store
        other.assign_cases(["K-0006"], "小王", "bob")
        other.close()
        app.tick()
        assert await wait_for(pilot, lambda: "小王：3 项" in _body(app), timeout=20)
