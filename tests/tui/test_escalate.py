"""The escalate and urge flows driven by Pilot: preview, answer in place, edit, copy, save, record."""

from __future__ import annotations

import hashlib

from textual.widgets import Input, Select, TextArea

from cases.deadlines import case_deadline
from tui.screens.escalate import EscalateScreen
from tui.screens.record import RecordScreen
from tui.widgets.case_list import CaseList

from on_screen import select_labels
from tui_helpers import NOW, settle


async def highlight(app, title: str) -> None:
    lst = app.screen.query_one(CaseList)
    lst.cursor = [r.title for r in lst.rows].index(title)


def preview(app) -> str:
    return app.screen.query_one("#preview", TextArea).text


def status_line(app) -> str:
    return str(app.screen.query_one("#letter-status").render())


async def open_escalate(app, pilot, title: str, target: str) -> None:
    """Highlight ``title``, press x, choose ``target``."""
    await settle(pilot)
    await highlight(app, title)
    await pilot.press("x")
    await settle(pilot)
    app.screen.query_one("#target", Select).value = target
    await settle(pilot)


async def test_escalate_preview_answer_edit_copy_save_record(filled_store, make_app, tmp_path, clock):
    app = make_app(filled_store, drafts_dir=tmp_path / "drafts")
    copied: list[str] = []
    app.copy_to_clipboard = copied.append  # the OSC 52 write itself is Textual's
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await highlight(app, "会员权益未开通")  # at 黑猫投诉
        await pilot.press("x")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EscalateScreen)
        target = screen.query_one("#target", Select)
        assert target.value == "consumer-assoc" or target.value == "12315"
        target.value = "12315"
        await settle(pilot)
        text = preview(app)
        for part in ("背景", "问题", "诉求", "HK-77", "399.00", "HM-17342"):
            assert part in text, part
        assert text.index("【背景】") < text.index("【问题】") < text.index("【诉求】")
        assert "网络游戏管理暂行办法" not in text
        # 12315 needs the respondent's credit code: asked as a question, answered in place
        answer = screen.query_one("#answer-entity-credit_code", Input)
        answer.focus()
        await pilot.press(*"91350100M000100Y44")  # wrong check character
        await pilot.press("enter")
        await settle(pilot)
        assert answer.value == "91350100M000100Y44"  # kept, with an inline error
        assert "校验" in str(screen.query_one("#answer-entity-credit_code").query_ancestor("FormField").query_one(".field-error").render())
        answer.value = ""
        await pilot.press(*"91350100M000100Y43")
        await pilot.press("enter")
        await settle(pilot)
        assert "91350100M000100Y43" in preview(app)
        assert not screen.query("#answer-entity-credit_code")
        # edit the text
        area = screen.query_one("#preview", TextArea)
        area.focus()
        await pilot.press("e")
        assert not area.read_only
        area.move_cursor((0, 0))
        await pilot.press(*"OK-")
        await pilot.press("escape")
        assert area.read_only and isinstance(app.screen, EscalateScreen)
        assert preview(app).startswith("OK-")
        # copy and save: 12315 files under the real identity, so a masked text is held once
        assert "已打码" in status_line(app) and "12315平台投诉需要真实身份" in status_line(app)
        await pilot.press("c")
        assert not copied
        await pilot.press("c")  # the same key again: copied masked
        assert copied and copied[-1].startswith("OK-") and not app.screen.reveal
        await pilot.press("s")
        await settle(pilot)
        assert not (tmp_path / "drafts").exists()
        await pilot.press("r")  # reveals, keeps the edit, and saves
        await settle(pilot)
        assert app.screen.reveal and preview(app).startswith("OK-") and "已显示个人信息" in status_line(app)
        (draft,) = (tmp_path / "drafts").iterdir()
        assert draft.read_text("utf-8").startswith("OK-")
        assert oct(draft.stat().st_mode & 0o777) == "0o600"
        filed_text = draft.read_text("utf-8")
        # record as submitted: the 12315 clock starts
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        await pilot.press(*"12315-2026-7788")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, (EscalateScreen, RecordScreen))
        row = next(r for r in app.screen.query_one(CaseList).rows if r.title == "会员权益未开通")
        assert row.channel == "12315" and row.ticket == "12315-2026-7788"
        # the clock started: 7 working days (Sunday: Mon 23 Nov .. Tue 1 Dec); 12315 wants a
        # follow-up every 4 days, which comes first
        assert row.deadline.at.format("YYYY-MM-DD HH:mm") == "2026-12-01 23:59"
        assert app.screen.query_one(CaseList).cell(row, "countdown") == "跟进 剩 4天"
    case = next(c for c in filled_store.cases() if c.title == "会员权益未开通")
    assert case.entity.credit_code == "91350100M000100Y43"
    # the text as filed (the one last saved), its hash, ticket and event
    (filed,) = case.filed
    assert filed.text == filed_text and filed.sha256 == hashlib.sha256(filed_text.encode()).hexdigest()
    assert (filed.channel, filed.kind, filed.ticket) == ("12315", "submitted", "12315-2026-7788")
    assert filed.event == case.timeline[-1].seq and filed.at == case.timeline[-1].at and filed.by
    deadline = case_deadline(case)
    assert deadline is not None and deadline.channel == "12315" and deadline.working_days


async def test_escalate_masks_until_revealed(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await open_escalate(app, pilot, "点卡充值未到账", "12315")
        assert "138****5678" in preview(app) and "13812345678" not in preview(app)
        app.screen.query_one("#preview", TextArea).focus()
        await pilot.press("r")
        await settle(pilot)
        assert "13812345678" in preview(app)


async def test_urge_for_the_current_channel(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await highlight(app, "卡密无效 [bold]红[/bold] [TODO]")  # overdue at the platform complaint desk
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, EscalateScreen)
        text = preview(app)
        assert "催" in text and "TS-1" in text
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, EscalateScreen)
    case = next(c for c in filled_store.cases() if c.title.startswith("卡密无效"))
    assert case.timeline[-1].kind == "urged" and case.timeline[-1].channel == "platform-complaint"


async def test_leaving_without_recording_changes_nothing(filled_store, make_app):
    app = make_app(filled_store)
    before = [c.to_dict() for c in filled_store.cases()]
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.focused, Input)  # opened on the first question
        await pilot.press("escape")  # from a question to the text
        assert app.focused is app.screen.query_one("#preview", TextArea)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, EscalateScreen)
    assert [c.to_dict() for c in filled_store.cases()] == before


async def test_the_letter_has_its_own_language(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await open_escalate(app, pilot, "点卡充值未到账", "12315")
        assert preview(app).startswith("全国12315平台投诉")  # Chinese, whatever the UI says
        app.screen.query_one("#preview", TextArea).focus()
        await pilot.press("l")
        await settle(pilot)
        assert preview(app).startswith("National 12315 platform complaint")
        assert "English" in str(app.screen.query_one("#form-title").render())
        await pilot.press("l")
        await settle(pilot)
        assert preview(app).startswith("全国12315平台投诉")


async def test_the_letter_language_does_not_follow_an_english_ui(filled_store, tmp_path, clock):
    from storage.settings import Settings
    from tui.app import TousuApp

    app = TousuApp(filled_store, clock, lang="en", tick_seconds=0, settings=Settings.load(tmp_path / "s.json"),
                   user_theme_dir=tmp_path / "themes")
    async with app.run_test(size=(110, 40)) as pilot:
        await open_escalate(app, pilot, "点卡充值未到账", "12315")
        assert preview(app).startswith("全国12315平台投诉")


async def test_revealing_a_public_page_asks_first(filled_store, make_app):
    app = make_app(filled_store)
    notices: list[str] = []
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await highlight(app, "点卡充值未到账")
        await pilot.press("x")
        await settle(pilot)
        screen = app.screen
        screen.notify = lambda message, **kw: notices.append(str(message))  # type: ignore[method-assign]
        screen.query_one("#target", Select).value = "jutousu"
        await settle(pilot)
        screen.query_one("#preview", TextArea).focus()
        await pilot.press("r")
        await settle(pilot)
        assert not screen.reveal and "公开" in notices[-1]  # asked, not revealed
        await pilot.press("r")
        await settle(pilot)
        assert screen.reveal
        # choosing another public page masks again: it is asked anew
        screen.query_one("#target", Select).value = "heimao"
        await settle(pilot)
        assert not screen.reveal


async def test_notes_are_marked_apart_from_warnings(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await open_escalate(app, pilot, "会员权益未开通", "12315")  # at 黑猫投诉: 12315 beside it is a note
        rows = app.screen.query("#preflight .finding")
        note = next(row for row in rows if "不属于多头投诉" in str(row.query_one(".finding-body").render()))
        assert str(note.query_one(".finding-mark").render()) == "i"


async def test_record_only_bodies_are_not_offered(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        offered = "\n".join(select_labels(app.screen.query_one("#target", Select)))
        assert "支付平台交易投诉" in offered  # payment
        assert "仲裁机构" not in offered and "其他行政机关或调解组织" not in offered  # arbitration, other-authority


async def test_the_heading_masks_the_title_until_revealed(store, make_app):
    from decimal import Decimal

    from cases.model import Case, Complainant, Event, Order

    store.add_case(Case(title="张三丰 13912345678 充值未到账", platform="汇想卡盟", category="recharge-missing",
                        complainant=Complainant(name="张三丰"),
                        orders=[Order("HX-1", Decimal("10.00"), "2026-11-20T10:00:00+08:00", "支付宝")],
                        timeline=[Event(kind="submitted", channel="platform-cs", at="2026-11-20T11:00:00+08:00",
                                        seq=1)]))
    app = make_app(store)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        heading = str(app.screen.query_one("#form-title").render())
        assert "张三丰" not in heading and "13912345678" not in heading and "张** 139****5678" in heading
        app.screen.query_one("#preview", TextArea).focus()
        await pilot.press("r")
        await settle(pilot)
        assert "张三丰 13912345678" in str(app.screen.query_one("#form-title").render())


async def test_recording_an_urge_takes_a_time_said_as_people_do(filled_store, make_app):
    from tui.widgets.form_field import FormField
    from tui_helpers import wait_for

    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.pause()
        await highlight(app, "卡密无效 [bold]红[/bold] [TODO]")
        await pilot.press("u")
        assert await wait_for(pilot, lambda: isinstance(app.screen, EscalateScreen))
        await pilot.press("t")
        assert await wait_for(pilot, lambda: isinstance(app.screen, RecordScreen))
        at = app.screen.query_one("#f-at", Input)
        at.value = "2月30日 10点"
        await pilot.press("enter")
        field = at.query_ancestor(FormField)
        assert await wait_for(pilot, lambda: field.invalid)
        assert str(field.query_one(".field-error").render()) == "没有这一天：“2月30日 10点”"
        at.value = "30分钟前"
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, (EscalateScreen, RecordScreen)))
    case = next(c for c in filled_store.cases() if c.title.startswith("卡密无效"))
    assert case.timeline[-1].kind == "urged" and case.timeline[-1].at == "2026-11-22T09:30:00+08:00"


# -- letters: drafts, reveal with edits, identity, focus (issue 10) ------------------------


async def edit_at_start(app, pilot, typed: str) -> None:
    """Press e, type ``typed`` at the start of the text, press esc (leaves the editor only)."""
    area = app.screen.query_one("#preview", TextArea)
    area.focus()
    await pilot.press("e")
    area.move_cursor((0, 0))
    await pilot.press(*typed)
    await pilot.press("escape")
    assert area.read_only and isinstance(app.screen, EscalateScreen)


async def edit_at_end(app, pilot, typed: str) -> None:
    area = app.screen.query_one("#preview", TextArea)
    area.focus()
    await pilot.press("e")
    area.move_cursor(area.document.end)
    await pilot.press(*typed)
    await pilot.press("escape")


async def test_an_edited_text_left_unrecorded_is_kept_as_the_channels_draft(filled_store, make_app, monkeypatch):
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "alice")
    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await open_escalate(app, pilot, "点卡充值未到账", "12315")
        assert not app.screen.check_action("rebuild_text", ())  # nothing to rebuild yet
        await edit_at_start(app, pilot, "DRAFT-")
        assert app.screen.check_action("rebuild_text", ())
        assert not app.screen.draft and "草稿" not in status_line(app)
        await pilot.press("escape")  # leaves the screen: the edit is kept
        await settle(pilot)
        assert not isinstance(app.screen, EscalateScreen)
        case = next(c for c in filled_store.cases() if c.title == "点卡充值未到账")
        (draft,) = case.drafts
        assert (draft.channel, draft.kind, draft.by, draft.at) == ("12315", "escalate", "alice", NOW)
        assert draft.text.startswith("DRAFT-") and "13812345678" not in draft.text  # kept masked
        # opening again brings it back, on its channel, marked
        await pilot.press("x")
        await settle(pilot)
        screen = app.screen
        assert screen.target == "12315" and preview(app).startswith("DRAFT-")
        assert "草稿：alice 11-22 10:00" in status_line(app)
        await pilot.press("escape")  # from the first question to the text
        assert "b" in app.active_bindings and app.active_bindings["b"].enabled  # offered in the footer
        # b rebuilds from the case (twice: the draft is an edit), and leaving drops the stored draft
        await pilot.press("b")
        assert preview(app).startswith("DRAFT-")
        await pilot.press("b")
        assert not preview(app).startswith("DRAFT-") and "草稿" not in status_line(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, EscalateScreen)
    case = next(c for c in filled_store.cases() if c.title == "点卡充值未到账")
    assert case.drafts == []


async def test_recording_files_the_text_and_clears_its_draft(filled_store, make_app):
    case = next(c for c in filled_store.cases() if c.title == "点卡充值未到账")
    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await open_escalate(app, pilot, "点卡充值未到账", "12315")
        await edit_at_start(app, pilot, "KEEP-")
        await pilot.press("escape")
        await settle(pilot)
        assert filled_store.case(case.id).drafts
        await pilot.press("x")
        await settle(pilot)
        assert preview(app).startswith("KEEP-")
        app.screen.query_one("#preview", TextArea).focus()
        await pilot.press("r")  # reveal: the draft stays, with the real phone
        await settle(pilot)
        shown = preview(app)
        assert shown.startswith("KEEP-") and "13812345678" in shown
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, EscalateScreen)
    stored = filled_store.case(case.id)
    assert stored.drafts == []
    (filed,) = stored.filed
    assert filed.text == shown and filed.channel == "12315" and len(filed.sha256) == 64


async def test_reveal_and_mask_keep_every_edit(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await open_escalate(app, pilot, "点卡充值未到账", "12315")
        assert "138****5678" in preview(app)
        await edit_at_start(app, pilot, "ONE-")
        await pilot.press("r")
        await settle(pilot)
        text = preview(app)
        assert text.startswith("ONE-") and "13812345678" in text and "张三" in text and "138****5678" not in text
        await edit_at_end(app, pilot, "-TWO")
        await pilot.press("r")  # mask
        await settle(pilot)
        text = preview(app)
        assert text.startswith("ONE-") and text.endswith("-TWO")
        assert "13812345678" not in text and "138****5678" in text and "张三" not in text
        await edit_at_end(app, pilot, "-THREE")
        await pilot.press("r")  # reveal again
        await settle(pilot)
        text = preview(app)
        assert text.startswith("ONE-") and text.endswith("-TWO-THREE")
        assert "13812345678" in text and "张三" in text and "138****5678" not in text
        assert "已显示个人信息" in status_line(app)


async def test_focus_opens_on_the_first_question_and_enter_moves_on(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await highlight(app, "会员权益未开通")
        await pilot.press("x")
        await settle(pilot)
        screen = app.screen
        screen.query_one("#target", Select).value = "12315"
        await settle(pilot)
        screen.focus_question()  # as on opening, for the chosen channel
        await pilot.pause()
        questions = list(screen.query("#preflight Input"))
        assert len(questions) >= 2, [q.id for q in questions]
        assert "按回车保存回答并转到下一个问题" in str(screen.query_one(".questions-hint").render())
        first, second = questions[0], questions[1]
        assert app.focused is first
        if first.id == "answer-entity-credit_code":
            await pilot.press(*"91350100M000100Y43")
        else:
            await pilot.press(*"x")
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is not None and app.focused.id == second.id


async def test_opening_focuses_the_first_question(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await highlight(app, "会员权益未开通")
        await pilot.press("x")
        await settle(pilot)
        questions = list(app.screen.query("#preflight Input"))
        assert questions and app.focused is questions[0]


async def test_without_questions_focus_is_on_the_text_and_help_names_the_keys(filled_store, make_app):
    from tui.screens.help import HelpScreen
    from tui_helpers import help_lines

    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        await highlight(app, "卡密无效 [bold]红[/bold] [TODO]")
        await pilot.press("u")
        await settle(pilot)
        assert not app.screen.query("#preflight Input") and not app.screen.query(".questions-hint")
        assert app.focused is app.screen.query_one("#preview", TextArea)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "".join(line.strip() for line in help_lines(app))
        assert "重新生成" in text and "按案件现在的信息重新生成文本" in text


async def test_the_detail_shows_each_filed_text_masked(filled_store, make_app):
    from cases.clock import parse_instant
    from cases.escalation import record_submission
    from cases.letters import file_text

    from tui.screens.case_detail import CaseDetailScreen
    from tui_helpers import detail_text

    case = next(c for c in filled_store.cases() if c.title == "点卡充值未到账")
    sent = "投诉人：张三\n电话：13812345678\n请尽快退款。"

    def change(c):
        event = c.add_event(record_submission(c, "12315", parse_instant(NOW), ticket="T-99"))
        file_text(c, event, sent, by="bob")

    filed = filled_store.update_case(case.id, change).filed[0]
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await highlight(app, "点卡充值未到账")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        text = detail_text(app)
        assert "已提交的文本" in text and "T-99" in text and filed.sha256 in text
        assert "电话：138****5678" in text and "投诉人：张**" in text and "13812345678" not in text
        await pilot.press("r")
        await settle(pilot)
        assert "电话：13812345678" in detail_text(app)


async def test_picking_another_channel_keeps_the_edit_as_the_first_ones_draft(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await open_escalate(app, pilot, "点卡充值未到账", "12315")
        await edit_at_start(app, pilot, "FIRST-")
        app.screen.query_one("#target", Select).value = "consumer-assoc"
        await settle(pilot)
        assert not preview(app).startswith("FIRST-") and "草稿" not in status_line(app)
        case = next(c for c in filled_store.cases() if c.title == "点卡充值未到账")
        assert [(d.channel, d.text[:6]) for d in case.drafts] == [("12315", "FIRST-")]
        app.screen.query_one("#target", Select).value = "12315"
        await settle(pilot)
        assert preview(app).startswith("FIRST-") and "草稿：" in status_line(app)
