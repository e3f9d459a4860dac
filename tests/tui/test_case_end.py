"""The end of a case from the dashboard and the detail: close (z), reopen (z), escalate and
urge refused on a closed case, delete (D, asked first), undo (ctrl+z), the deleted cases (T)."""

from __future__ import annotations

import getpass

from textual.widgets import Input, OptionList, Select

from cases.model import Status
from storage.errors import CaseDeleted
from tui.screens.case_detail import CaseDetailScreen
from tui.screens.closing import CloseCaseScreen, ConfirmScreen, DeletedCasesScreen, ReopenCaseScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.escalate import EscalateScreen
from tui.widgets.case_list import CaseList
from tui.widgets.form_field import FormField
from notices import said
from on_screen import select_labels
from tui_helpers import detail_text, settle, wait_for

import pytest


def highlight(app, case_id: str) -> None:
    lst = app.screen.query_one(CaseList)
    lst.cursor = [row.id for row in lst.rows].index(case_id)


def field_error(screen, key: str) -> str:
    field = screen.query_one(f"#f-{key}").query_ancestor(FormField)
    return str(field.query_one(".field-error").render()) if field.has_class("-invalid") else ""



async def open_on(pilot, case_id: str, key: str) -> None:
    await settle(pilot)
    highlight(pilot.app, case_id)
    await pilot.press(key)
    await settle(pilot)


async def test_z_closes_with_a_partial_refund_and_checks_it_inline(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_on(pilot, "K-0001", "z")
        dialog = app.screen
        assert isinstance(dialog, CloseCaseScreen)
        assert not dialog.query_one("#f-refunded").query_ancestor(FormField).display  # no outcome yet
        dialog.query_one("#f-outcome", Select).value = "refunded_part"
        await pilot.pause()
        assert dialog.query_one("#f-refunded").query_ancestor(FormField).display
        await pilot.press("ctrl+s")  # a partial refund needs its amount: said under the field
        await pilot.pause()
        assert app.screen is dialog and "金额" in field_error(dialog, "refunded")
        dialog.query_one("#f-refunded", Input).value = "十块"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and field_error(dialog, "refunded")
        dialog.query_one("#f-refunded", Input).value = "128"  # the whole amount is no part
        await pilot.pause()
        assert "不少于订单合计" in field_error(dialog, "refunded")
        dialog.query_one("#f-refunded", Input).value = "60"
        dialog.query_one("#f-on", Input).value = "昨天"
        dialog.query_one("#f-note", Input).value = "平台只退了一半"
        await pilot.pause()
        assert field_error(dialog, "refunded") == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "K-0001" not in [row.id for row in app.screen.query_one(CaseList).rows]  # closed: hidden
    case = filled_store.case("K-0001")
    assert case.status is Status.PARTLY_RESOLVED
    result = case.timeline[-1]
    assert (result.kind, result.outcome, result.refunded, result.refunded_on, result.said) == (
        "result", "refunded_part", "60.00", "2026-11-21", "平台只退了一半")


async def test_z_on_a_closed_case_reopens_it_and_the_detail_shows_both(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_on(pilot, "K-0002", "enter")
        assert isinstance(app.screen, CaseDetailScreen)
        await pilot.press("z")
        await settle(pilot)
        app.screen.query_one("#f-outcome", Select).value = "refunded_full"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert await wait_for(pilot, lambda: "全额退款" in detail_text(app))
        text = detail_text(app)
        assert "已解决" in text and "¥399.00（2026-11-22 到账）" in text
        await pilot.press("z")
        await settle(pilot)
        assert isinstance(app.screen, ReopenCaseScreen)
        await pilot.press(*"退款没到账")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert await wait_for(pilot, lambda: "重新打开" in detail_text(app))
        assert "退款没到账" in detail_text(app)
    case = filled_store.case("K-0002")
    assert case.status is Status.OPEN and case.timeline[-1].kind == "reopened"


async def test_a_case_closed_meanwhile_is_refused_and_the_dialog_comes_back(filled_store, make_app):
    from cases.closing import close_case, result_event
    from cases.statuses import outcomes

    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_on(pilot, "K-0001", "z")
        dialog = app.screen
        dialog.query_one("#f-outcome", Select).value = "refused"
        await pilot.pause()
        filled_store.update_case("K-0001", lambda c: close_case(
            c, result_event(c, outcomes()["no_reply"], app.clock.now())))  # another volunteer
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert await wait_for(pilot, lambda: app.screen is dialog)
        assert any("已结案" in n for n in said(app))
    assert filled_store.case("K-0001").status is Status.UNANSWERED


@pytest.mark.parametrize("key", ["x", "u"])
async def test_escalate_and_urge_refuse_a_closed_case(filled_store, make_app, key):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")  # closed cases shown
        await open_on(pilot, "K-0004", key)
        assert isinstance(app.screen, DashboardScreen)
        assert not any(isinstance(s, EscalateScreen) for s in app.screen_stack)
        action = "再升级投诉" if key == "x" else "再催办"
        assert any("K-0004 已结案（已解决）" in n and action in n and "按 z 重新打开" in n for n in said(app))


async def test_the_edit_form_offers_open_and_waiting_only(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_on(pilot, "K-0001", "e")
        select = app.screen.query_one("#f-status", Select)
        assert select_labels(select) == ["进行中", "等待回复"]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("c")
        await open_on(pilot, "K-0004", "e")
        select = app.screen.query_one("#f-status", Select)
        assert select.disabled and select.value == "resolved"
        assert select_labels(select) == ["已解决"]


async def test_D_asks_then_deletes_and_ctrl_z_restores(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_on(pilot, "K-0002", "D")
        assert isinstance(app.screen, ConfirmScreen)
        assert "K-0002" in app.screen.question and "会员权益未开通" in app.screen.question
        await pilot.press("n")  # declined: nothing happens
        await settle(pilot)
        assert not filled_store.case("K-0002").deleted
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert await wait_for(pilot, lambda: "K-0002" not in [r.id for r in app.screen.query_one(CaseList).rows])
        with pytest.raises(CaseDeleted):
            filled_store.case("K-0002")
        assert any("K-0002：已删除" in n and "^z" in n for n in said(app))
        assert filled_store.activity()[-1]["by"] == getpass.getuser()
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert await wait_for(pilot, lambda: "K-0002" in [r.id for r in app.screen.query_one(CaseList).rows])
        assert app.screen.query_one(CaseList).highlighted.id == "K-0002"
    assert filled_store.case("K-0002").deleted is False
    assert [e["action"] for e in filled_store.activity()] == ["delete", "undelete"]


async def test_D_in_the_detail_goes_back_to_the_dashboard(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_on(pilot, "K-0003", "enter")
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
    with pytest.raises(CaseDeleted):
        filled_store.case("K-0003")


async def test_B_lists_deleted_cases_with_who_and_when_and_restores_one(filled_store, make_app):
    filled_store.delete_case("K-0001", "alice")
    filled_store.delete_case("K-0003", "bob")
    app = make_app(filled_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+z")  # nothing deleted in this session: said, nothing restored
        await settle(pilot)
        assert any("本次没有删除" in n for n in said(app))
        await pilot.press("B")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DeletedCasesScreen)
        assert [c.id for c in screen.cases] == ["K-0003", "K-0001"]  # last deleted first (same time: higher id)
        lines = {c.id: c for c in screen.cases}
        assert lines["K-0003"].by == "bob" and lines["K-0001"].by == "alice"
        assert lines["K-0001"].deleted == "2026-11-22 10:00"
        options = screen.query_one(OptionList)
        options.highlighted = [c.id for c in screen.cases].index("K-0001")
        await pilot.press("enter")
        await settle(pilot)
        assert await wait_for(pilot, lambda: "K-0001" in [r.id for r in app.screen.query_one(CaseList).rows])
    assert not filled_store.case("K-0001").deleted
    with pytest.raises(CaseDeleted):
        filled_store.case("K-0003")


async def test_the_log_form_refuses_a_filing_on_a_closed_case(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await open_on(pilot, "K-0004", "l")
        form = app.screen
        form.query_one("#f-kind", Select).value = "urged"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "K-0004 已结案（已解决），不能再记录催办" in field_error(form, "kind")
        form.query_one("#f-kind", Select).value = "contact"  # an exchange is still recorded
        await pilot.pause()
        assert field_error(form, "kind") == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    case = filled_store.case("K-0004")
    assert case.timeline[-1].kind == "contact" and case.status is Status.RESOLVED


async def test_a_result_in_the_log_form_takes_an_outcome_and_may_close_the_case(filled_store, make_app):
    from textual.widgets import Checkbox

    app = make_app(filled_store)
    async with app.run_test(size=(100, 50)) as pilot:
        await open_on(pilot, "K-0001", "l")
        form = app.screen
        outcome_field = form.query_one("#f-outcome").query_ancestor(FormField)
        close_field = form.query_one("#f-close").query_ancestor(FormField)
        assert not outcome_field.display and not close_field.display  # a contact: no outcome
        form.query_one("#f-kind", Select).value = "result"
        await pilot.pause()
        assert outcome_field.display and not close_field.display
        form.query_one("#f-outcome", Select).value = "refunded_part"
        await pilot.pause()
        assert close_field.display and form.query_one("#f-refunded").query_ancestor(FormField).display
        await pilot.press("ctrl+s")  # no amount for a partial refund
        await pilot.pause()
        assert app.screen is form and "金额" in field_error(form, "refunded")
        form.query_one("#f-refunded", Input).value = "50"
        form.query_one("#f-close", Checkbox).value = True
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert any("K-0001：已结案（部分解决）" in n for n in said(app))
    case = filled_store.case("K-0001")
    assert case.status is Status.PARTLY_RESOLVED
    assert (case.timeline[-1].outcome, case.timeline[-1].refunded) == ("refunded_part", "50.00")


async def test_a_result_logged_without_closing_leaves_the_case_open(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 50)) as pilot:
        await open_on(pilot, "K-0001", "l")
        form = app.screen
        form.query_one("#f-kind", Select).value = "result"
        await pilot.pause()
        form.query_one("#f-outcome", Select).value = "refused"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
    case = filled_store.case("K-0001")
    assert case.status is Status.OPEN and case.timeline[-1].outcome == "refused"


async def test_an_urge_logged_on_a_case_closed_meanwhile_is_refused_under_the_lock(filled_store, make_app):
    from cases.closing import close_case, result_event
    from cases.statuses import outcomes

    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_on(pilot, "K-0001", "l")
        form = app.screen
        form.query_one("#f-kind", Select).value = "urged"
        await pilot.pause()
        filled_store.update_case("K-0001", lambda c: close_case(
            c, result_event(c, outcomes()["refused"], app.clock.now())))  # another volunteer
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert await wait_for(pilot, lambda: app.screen is form)  # back, as it was left
        assert any("不能再记录催办" in n for n in said(app))
    case = filled_store.case("K-0001")
    assert case.status is Status.REFUSED and case.timeline[-1].kind == "result"
