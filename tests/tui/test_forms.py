"""Adding and editing a case, logging a contact: end to end through the UI into the store."""

from __future__ import annotations

from textual.widgets import Input, Select, TextArea

from cases.deadlines import case_deadline
from tui.screens.case_form import CaseFormScreen
from tui.screens.log_form import LogFormScreen
from tui.widgets.case_list import CaseList
from tui.widgets.form_field import FormField
from notices import said
from on_screen import select_labels
from tui_helpers import settle, wait_for


def titles(app) -> list[str]:
    return [row.title for row in app.screen.query_one(CaseList).rows]


def field_error(screen, key: str) -> str:
    field = screen.query_one(f"#f-{key}").query_ancestor(FormField)
    return str(field.query_one(".field-error").render()) if field.has_class("-invalid") else ""


async def test_add_case_from_the_dashboard(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, CaseFormScreen)
        await pilot.press(*"游戏点卡未到账")
        await pilot.press("tab")
        await pilot.press(*"汇想卡盟")
        app.screen.query_one("#f-orders", TextArea).text = "HX-9, 88.50, 2026-11-21 09:30, 支付宝"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CaseFormScreen)
        assert titles(app) == ["游戏点卡未到账"]
    (case,) = store.cases()
    assert case.id == "K-0001"
    assert case.platform == "汇想卡盟"
    assert str(case.amount) == "88.50"
    assert case.orders[0].paid_at == "2026-11-21T09:30:00+08:00"


async def test_validation_errors_inline_and_nothing_lost(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        await pilot.press("tab")
        await pilot.press(*"旺旺卡盟")
        form.query_one("#f-phone", Input).value = "12345"
        form.query_one("#f-credit_code", Input).value = "91350100M000100Y44"
        form.query_one("#f-orders", TextArea).text = "W-1, 十块钱"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still open
        assert field_error(form, "title") == "必填"
        assert "电话号码格式不对" in field_error(form, "phone")
        assert "校验位不符" in field_error(form, "credit_code")
        assert "第1行" in field_error(form, "orders")
        # what was typed is still there
        assert form.query_one("#f-platform", Input).value == "旺旺卡盟"
        assert form.query_one("#f-phone", Input).value == "12345"
        assert app.focused is form.query_one("#f-title", Input)
        # fix and save
        await pilot.press(*"卡密无效")
        form.query_one("#f-phone", Input).value = "13800138000"
        form.query_one("#f-credit_code", Input).value = "91350100M000100Y43"
        form.query_one("#f-orders", TextArea).text = "W-1, 10"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not form
    (case,) = store.cases()
    assert (case.title, case.complainant.phone, case.entity.credit_code) == ("卡密无效", "13800138000", "91350100M000100Y43")


async def test_cancel_with_changes_asks_first(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        form = app.screen
        await pilot.press(*"写了一半")
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is not form
    assert store.cases() == []


async def test_edit_case(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one(CaseList).cursor = titles(app).index("会员权益未开通")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        title = form.query_one("#f-title", Input)
        title.value = "会员权益未开通（年卡）"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "会员权益未开通（年卡）" in titles(app)
    assert any(c.title == "会员权益未开通（年卡）" for c in filled_store.cases())


async def test_log_contact_with_promise_starts_new_countdown(filled_store, make_app, clock):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one(CaseList).cursor = titles(app).index("会员权益未开通")
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, LogFormScreen)
        # channel: open the select and pick 全国12315平台投诉 by keyboard
        channel = form.query_one("#f-channel", Select)
        channel.focus()
        await pilot.press("enter")
        await settle(pilot)
        labels = select_labels(channel)
        current = labels.index("2 · 黑猫投诉")  # the case's channel
        target = labels.index("2 · 全国12315平台投诉")
        for _ in range(abs(target - current)):
            await pilot.press("down" if target > current else "up")
        await pilot.press("enter")
        await settle(pilot)
        assert channel.value == "12315"
        assert form.query_one("#f-kind", Select).value == "submitted"  # a new channel: a submission
        form.query_one("#f-ticket", Input).focus()
        await pilot.press(*"12315-2026-0001")
        form.query_one("#f-promise", Input).focus()
        await pilot.press(*"3小时")
        await settle(pilot)
        assert "剩 3小时" in str(form.query_one("#deadline-preview").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, LogFormScreen)
        lst = app.screen.query_one(CaseList)
        row = next(r for r in lst.rows if r.title == "会员权益未开通")
        assert row.channel == "12315"
        assert row.ticket == "12315-2026-0001"
        assert lst.cell(row, "countdown") == "剩 3小时"
    case = next(c for c in filled_store.cases() if c.title == "会员权益未开通")
    deadline = case_deadline(case)
    assert deadline is not None and deadline.at == clock.now().shift(hours=3)


async def test_log_contact_rejects_bad_promise(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        form.query_one("#f-promise", Input).value = "过几天吧"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert field_error(form, "promise")
        assert form.query_one("#f-promise", Input).value == "过几天吧"


async def test_the_form_keeps_the_new_fields_and_the_users_marks(filled_store, make_app):
    from textual.widgets import Checkbox

    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(CaseList)
        lst.cursor = titles(app).index("点卡充值未到账")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        assert "HX20261120001" in form.query_one("#f-orders", TextArea).text
        form.query_one("#f-legal_rep", Input).value = "王建华"
        form.query_one("#f-website", Input).value = "https://hx.example"
        form.query_one("#f-orders", TextArea).text = "HX20261120001, 128, 2026-11-20 18:00, 支付宝, 杭州汇想网络科技有限公司"
        form.query_one("#f-fraud", Checkbox).value = True
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CaseFormScreen)
    case = next(c for c in filled_store.cases() if c.title == "点卡充值未到账")
    assert (case.entity.legal_rep, case.entity.website) == ("王建华", "https://hx.example")
    assert case.orders[0].payee == "杭州汇想网络科技有限公司"
    assert case.fraud and not case.contract_denied


def test_order_lines_round_trip_with_a_payee():
    from decimal import Decimal

    from cases.model import Order
    from tui.order_lines import format_orders, parse_orders

    orders = [Order("A-1", Decimal("10.00"), "2026-11-20T18:00:00+08:00", "支付宝", "某某商户"), Order("B-2")]
    text = format_orders(orders)
    assert text.splitlines()[0] == "A-1, 10.00, 2026-11-20 18:00, 支付宝, 某某商户"
    parsed, errors = parse_orders(text)
    assert not errors and [o.to_dict() for o in parsed] == [o.to_dict() for o in orders]
    _, errors = parse_orders("A, 1, , , x, y")
    assert errors and "五" in errors[0]


async def _open_log_form(app, pilot, title: str) -> LogFormScreen:
    await settle(pilot)
    app.screen.query_one(CaseList).cursor = titles(app).index(title)
    await pilot.press("l")
    await settle(pilot)
    assert isinstance(app.screen, LogFormScreen)
    return app.screen


def _footer_actions(screen) -> set[str]:
    return {b.binding.action for b in screen.active_bindings.values() if b.binding.show and b.enabled}


def _shown(form, selector: str) -> str:
    widget = form.query_one(selector)
    return str(widget.render()) if widget.display else ""


async def test_a_duration_in_what_was_said_is_offered_and_taken_with_one_key(filled_store, make_app, clock):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        form = await _open_log_form(app, pilot, "会员权益未开通")
        assert _shown(form, "#deadline-offer") == ""
        assert "accept_deadline" not in _footer_actions(form)  # nothing to offer: no key
        form.query_one("#f-said", TextArea).focus()
        await pilot.press(*"客服答应2小时内回复")
        assert await wait_for(pilot, lambda: form.offer is not None)
        offer = _shown(form, "#deadline-offer")
        assert offer == "文字中提到“2小时内”：设为期限（2026-11-22 12:00）？按 ctrl+d 采用"
        assert form.query_one("#f-promise", Input).value == ""  # offered, not applied
        assert "accept_deadline" in _footer_actions(form)
        await pilot.press("ctrl+d")
        await settle(pilot)
        assert form.query_one("#f-promise", Input).value == "2小时"
        assert form.query_one("#f-said", TextArea).text == "客服答应2小时内回复"  # ctrl+d deleted nothing
        assert _shown(form, "#deadline-offer") == ""  # the deadline field says it now
        assert "新期限：2026-11-22 12:00" in str(form.query_one("#deadline-preview").render())
        assert "剩 2小时" in str(form.query_one("#deadline-preview").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, LogFormScreen)
        row = next(r for r in app.screen.query_one(CaseList).rows if r.title == "会员权益未开通")
        assert app.screen.query_one(CaseList).cell(row, "countdown") == "剩 2小时"
    case = next(c for c in filled_store.cases() if c.title == "会员权益未开通")
    assert case.timeline[-1].said == "客服答应2小时内回复" and case.timeline[-1].promised == "2小时"
    assert case_deadline(case).at == clock.now().shift(hours=2)


async def test_an_offer_not_taken_sets_no_deadline(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        form = await _open_log_form(app, pilot, "会员权益未开通")
        before = case_deadline(form.case)
        form.query_one("#f-said", TextArea).focus()
        await pilot.press(*"客服答应2小时内回复")
        assert await wait_for(pilot, lambda: form.offer is not None)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, LogFormScreen)
    case = next(c for c in filled_store.cases() if c.title == "会员权益未开通")
    entry = case.timeline[-1]
    assert entry.said == "客服答应2小时内回复" and entry.deadline is None and entry.promised == ""
    assert case_deadline(case) == before  # the channel's own clock, unchanged


async def test_working_days_in_the_text_are_counted_with_the_forms_calendar(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        form = await _open_log_form(app, pilot, "会员权益未开通")
        form.query_one("#f-at", Input).value = "2026-09-29 10:00"
        form.query_one("#f-said", TextArea).text = "12315 答复：7个工作日内决定是否受理"
        assert await wait_for(pilot, lambda: form.offer is not None)
        # Tue 2026-09-29 + 7 working days over Golden Week (调休 Sat 10-10 worked) → 10-14
        assert "设为期限（2026-10-14 23:59）" in _shown(form, "#deadline-offer")
        form.query_one("#f-promise", Input).value = "3天"  # typed by hand: no offer any more
        assert await wait_for(pilot, lambda: form.offer is None)
        assert _shown(form, "#deadline-offer") == ""
        await pilot.press("ctrl+d")  # no offer: the key is the field's own again
        await settle(pilot)
        assert form.query_one("#f-promise", Input).value == "3天"


def test_help_of_the_log_form_lists_its_own_key_then_the_form_keys():
    from tui.screens.help import help_text

    text = help_text("log").plain
    assert "^d  采用期限 — 把沟通内容里提到的时长（如“2小时内”）设为期限" in text
    assert "^s  保存" in text and "esc  取消" in text
    assert text.index("记录联系") < text.index("表单") < text.index("任何时候")


# -- times typed as people say them; errors that go as soon as the text is right ------
def _echo(form, key: str) -> str:
    field = form.query_one(f"#f-{key}").query_ancestor(FormField)
    return str(field.query_one(".field-echo").render())


async def _type_into(pilot, form, key: str, text: str) -> None:
    """Replace a field's text by typing, as a user does."""
    field = form.query_one(f"#f-{key}", Input)
    field.focus()
    field.value = ""
    await pilot.press(*text)


async def test_the_log_form_shows_each_time_as_understood_and_saves_it(filled_store, make_app):
    app = make_app(filled_store)  # now: Sun 2026-11-22 10:00 Asia/Shanghai
    async with app.run_test(size=(100, 40)) as pilot:
        form = await _open_log_form(app, pilot, "会员权益未开通")
        assert await wait_for(pilot, lambda: _echo(form, "at") == "→ 2026-11-22 10:00 周日")  # the default: now
        assert _echo(form, "promise") == ""
        await _type_into(pilot, form, "at", "昨天 17:30")
        assert await wait_for(pilot, lambda: _echo(form, "at") == "→ 2026-11-21 17:30 周六")
        await _type_into(pilot, form, "promise", "明天上午10点")
        # days said in words count from now, not from the entry's time
        assert await wait_for(pilot, lambda: _echo(form, "promise") == "→ 2026-11-23 10:00 周一")
        assert "新期限：2026-11-23 10:00" in str(form.query_one("#deadline-preview").render())
        await _type_into(pilot, form, "at", "昨天吧")
        assert await wait_for(pilot, lambda: _echo(form, "at") == "")  # nothing understood: nothing shown
        assert _echo(form, "promise") == "" and field_error(form, "at") == ""  # no error before a save
        await _type_into(pilot, form, "at", "3小时前")
        assert await wait_for(pilot, lambda: _echo(form, "at") == "→ 2026-11-22 07:00 周日")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, LogFormScreen))
    entry = next(c for c in filled_store.cases() if c.title == "会员权益未开通").timeline[-1]
    assert (entry.at, entry.deadline, entry.promised) == (
        "2026-11-22T07:00:00+08:00", "2026-11-23T10:00:00+08:00", "明天上午10点")


async def test_the_log_forms_errors_clear_as_soon_as_the_text_is_corrected(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        form = await _open_log_form(app, pilot, "会员权益未开通")
        await _type_into(pilot, form, "at", "昨天吧")
        await _type_into(pilot, form, "promise", "过几天吧")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: "无法识别的时间：“昨天吧”" in field_error(form, "at"))
        assert app.screen is form
        await _type_into(pilot, form, "at", "2月30日 10点")  # still wrong: the reason follows the text
        assert await wait_for(pilot, lambda: field_error(form, "at") == "没有这一天：“2月30日 10点”")
        await _type_into(pilot, form, "at", "昨天10点")  # right: the error goes at once, no save needed
        assert await wait_for(pilot, lambda: field_error(form, "at") == "")
        assert "无法识别的期限" in field_error(form, "promise")  # readable now that the time is
        await _type_into(pilot, form, "promise", "2小时")
        assert await wait_for(pilot, lambda: field_error(form, "promise") == "")
        assert _echo(form, "promise") == "→ 2026-11-21 12:00 周六"
        assert app.screen is form  # nothing was saved by correcting
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, LogFormScreen))
    case = next(c for c in filled_store.cases() if c.title == "会员权益未开通")
    entry = next(e for e in case.timeline if e.promised)  # in time order: before the earlier filing
    assert (entry.at, entry.deadline) == ("2026-11-21T10:00:00+08:00", "2026-11-21T12:00:00+08:00")


async def test_the_case_forms_errors_clear_as_soon_as_each_field_is_right(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        assert await wait_for(pilot, lambda: isinstance(app.screen, CaseFormScreen))
        form = app.screen
        await _type_into(pilot, form, "phone", "12345")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: field_error(form, "title") == "必填")
        assert "电话号码格式不对" in field_error(form, "phone") and field_error(form, "platform") == "必填"
        await _type_into(pilot, form, "title", "卡密无效")
        assert await wait_for(pilot, lambda: field_error(form, "title") == "")
        assert field_error(form, "platform") == "必填"  # untouched: still said
        await _type_into(pilot, form, "phone", "13800138000")
        assert await wait_for(pilot, lambda: field_error(form, "phone") == "")
        await _type_into(pilot, form, "platform", "未来卡盟")
        assert await wait_for(pilot, lambda: field_error(form, "platform") == "")
        await _type_into(pilot, form, "phone", "1380013")  # after a save showed errors: judged as one types
        assert await wait_for(pilot, lambda: "电话号码格式不对" in field_error(form, "phone"))
        assert app.screen is form


async def test_no_error_appears_as_one_types_before_a_save(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        assert await wait_for(pilot, lambda: isinstance(app.screen, CaseFormScreen))
        form = app.screen
        await _type_into(pilot, form, "phone", "12345")
        await _type_into(pilot, form, "at", "昨天吧")
        await pilot.pause()
        assert all(not field.invalid for field in form.query(FormField))


async def test_the_add_form_records_the_first_contact(store, make_app):
    app = make_app(store)  # now: Sun 2026-11-22 10:00
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        assert await wait_for(pilot, lambda: isinstance(app.screen, CaseFormScreen))
        form = app.screen
        await _type_into(pilot, form, "title", "卡密无效")
        await _type_into(pilot, form, "platform", "未来卡盟")
        await _type_into(pilot, form, "at", "昨天 21:30")
        assert await wait_for(pilot, lambda: _echo(form, "at") == "→ 2026-11-21 21:30 周六")
        await _type_into(pilot, form, "promise", "周一")  # a deadline's weekday: the next one, to the end of it
        assert await wait_for(pilot, lambda: _echo(form, "promise") == "→ 2026-11-23 23:59 周一")
        await pilot.press("ctrl+s")  # a time without a channel: which channel?
        assert await wait_for(pilot, lambda: field_error(form, "channel") == "要记录首次联系，请先选渠道")
        form.query_one("#f-channel", Select).value = "platform-cs"
        assert await wait_for(pilot, lambda: field_error(form, "channel") == "")
        await _type_into(pilot, form, "ticket", "WL-KF-7")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, CaseFormScreen))
    (case,) = store.cases()
    (event,) = case.timeline
    assert (event.kind, event.channel, event.at, event.ticket) == (
        "submitted", "platform-cs", "2026-11-21T21:30:00+08:00", "WL-KF-7")
    assert (event.promised, event.deadline) == ("周一", "2026-11-23T23:59:59+08:00")
    assert case_deadline(case).at.isoformat() == "2026-11-23T23:59:59+08:00"


async def test_the_add_form_refuses_a_first_contact_later_than_now_or_before_its_deadline(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        assert await wait_for(pilot, lambda: isinstance(app.screen, CaseFormScreen))
        form = app.screen
        await _type_into(pilot, form, "title", "卡密无效")
        await _type_into(pilot, form, "platform", "未来卡盟")
        form.query_one("#f-channel", Select).value = "heimao"
        await _type_into(pilot, form, "at", "明天10点")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: field_error(form, "at") == "晚于现在")
        await _type_into(pilot, form, "at", "今天 9:00")
        assert await wait_for(pilot, lambda: field_error(form, "at") == "")
        await _type_into(pilot, form, "promise", "今天8点")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: field_error(form, "promise") == "期限早于联系时间")
        assert app.screen is form
    assert store.cases() == []


async def test_the_add_form_without_a_channel_records_no_contact(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        assert await wait_for(pilot, lambda: isinstance(app.screen, CaseFormScreen))
        form = app.screen
        await _type_into(pilot, form, "title", "卡密无效")
        await _type_into(pilot, form, "platform", "未来卡盟")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, CaseFormScreen))
    (case,) = store.cases()
    assert case.timeline == []


async def test_the_edit_form_has_no_first_contact(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        assert await wait_for(pilot, lambda: isinstance(app.screen, CaseFormScreen))
        assert not app.screen.query("#f-channel") and not app.screen.query("#f-at")


async def test_a_title_pasted_with_several_lines_keeps_them_as_the_first_note(store, make_app):
    from textual import events

    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        assert await wait_for(pilot, lambda: isinstance(app.screen, CaseFormScreen))
        form = app.screen
        title = form.query_one("#f-title", Input)
        title.post_message(events.Paste("\n点卡充值未到账\n订单 HX-9，11月20日付款\n\n客服说\x1b[31m两小时内处理\n"))
        assert await wait_for(pilot, lambda: form.query_one("#f-notes", TextArea).text != "")
        assert title.value == "点卡充值未到账"
        assert form.query_one("#f-notes", TextArea).text == "订单 HX-9，11月20日付款\n\n客服说[31m两小时内处理"
        assert "标题只保留第一行；其余 3 行已放入备注" in said(app)
        title.post_message(events.Paste("（第二次）"))  # one line: pasted as it is, nothing said
        assert await wait_for(pilot, lambda: title.value == "点卡充值未到账（第二次）")
        await _type_into(pilot, form, "platform", "汇想卡盟")
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, CaseFormScreen))
    (case,) = store.cases()
    assert case.title == "点卡充值未到账（第二次）"
    assert case.notes == "订单 HX-9，11月20日付款\n\n客服说[31m两小时内处理"


async def test_the_log_form_refuses_a_contact_later_than_now_as_tousu_log_does(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        form = await _open_log_form(app, pilot, "会员权益未开通")
        await _type_into(pilot, form, "at", "明天10点")
        assert await wait_for(pilot, lambda: _echo(form, "at") == "→ 2026-11-23 10:00 周一")  # understood, but…
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: field_error(form, "at") == "晚于现在")
        await _type_into(pilot, form, "at", "今天 10:04")  # within five minutes: clocks differ a little
        assert await wait_for(pilot, lambda: field_error(form, "at") == "")
