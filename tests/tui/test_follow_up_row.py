"""A dashboard row shows the next follow-up when it comes before the deadline, and the
title bar counts overdue follow-ups apart."""

from __future__ import annotations

from cases.model import Case, Event, Status
from storage.store import Store
from tui.screens.dashboard import hint_text
from tui.widgets.case_list import CaseList

from tui_helpers import at, settle


def _case(title: str, *events: Event) -> Case:
    case = Case(id="", title=title, platform="汇想卡盟", status=Status.OPEN)
    for event in events:
        case.add_event(event)
    return case


async def test_a_silent_12315_case_shows_its_follow_up_overdue(store: Store, make_app, clock):
    # accepted 11 days ago: the 45-working-day clock runs to January, the follow-up (every 4 days) is overdue
    store.add_case(_case("静默的12315投诉", Event(kind="submitted", channel="12315", at=at(-16 * 24)),
                         Event(kind="accepted", channel="12315", at=at(-11 * 24))))
    store.add_case(_case("黑猫投诉", Event(kind="submitted", channel="heimao", at=at(-60))))  # overdue 12 h
    store.add_case(_case("刚跟进过", Event(kind="submitted", channel="12315", at=at(-16 * 24)),
                         Event(kind="accepted", channel="12315", at=at(-11 * 24)),
                         Event(kind="urged", channel="12315", at=at(-1))))
    app = make_app(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(CaseList)
        rows = {row.title: row for row in lst.rows}
        assert [row.title for row in lst.rows] == ["静默的12315投诉", "黑猫投诉", "刚跟进过"]
        assert lst.cell(rows["静默的12315投诉"], "countdown") == "跟进 逾期 7天"
        assert lst.cell(rows["黑猫投诉"], "countdown") == "逾期 12小时"
        assert lst.cell(rows["刚跟进过"], "countdown") == "跟进 剩 3天23小时"
        title = str(app.screen.query_one("#title-bar").render())
        assert "逾期 2(跟进1)" in title
        hint = hint_text(rows["静默的12315投诉"], clock.timestamp(), "zh").plain
        assert "该跟进了" in hint
        assert "按 u 催办" in hint_text(rows["黑猫投诉"], clock.timestamp(), "zh").plain
