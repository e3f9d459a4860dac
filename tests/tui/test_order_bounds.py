"""Order lines in the case form: amounts and payment times out of bounds are inline errors naming the line."""

from __future__ import annotations

from decimal import Decimal

from textual.widgets import Input, TextArea

from cases.i18n import set_lang
from cases.model import Order
from tui.order_lines import format_orders, parse_orders
from tui.screens.case_form import CaseFormScreen
from tui.widgets.form_field import FormField


def test_order_lines_say_why_an_amount_or_time_is_refused():
    orders, errors = parse_orders("A-1, 1e5\nA-2, 200000000\nA-3, -5\nA-4, 10, 2101-01-01 10:00\nA-5, 10, 2026-06-01")
    assert [o.number for o in orders] == ["A-5"]
    assert errors == [
        "第1行：金额无效：“1e5” 是科学计数法，请写出完整的数字（如 100000）",
        "第2行：金额无效：“200000000” 超过上限 100,000,000 元",
        "第3行：金额无效：“-5” 是负数，金额不能小于零",
        "第4行：支付时间超出范围：“2101-01-01 10:00”（年份须在 1970 至 2100 年之间）",
    ]
    set_lang("en")
    assert parse_orders("A-1, 1e5")[1] == ['Line 1: Not a valid amount: "1e5" is in exponent notation; '
                                           "write the number out (e.g. 100000)"]


def test_a_stored_time_before_the_bounds_is_shown_as_stored():
    order = Order(number="A-1", amount=Decimal("10.00"), paid_at="1969-07-20T20:17:00+08:00")
    assert format_orders([order]) == "A-1, 10.00, 1969-07-20T20:17:00+08:00"


async def test_the_form_shows_the_reason_inline_and_keeps_the_text(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        form.query_one("#f-title", Input).value = "点卡未到账"
        form.query_one("#f-platform", Input).value = "汇想卡盟"
        form.query_one("#f-orders", TextArea).text = "HX-9, 1e5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # not saved
        field = form.query_one("#f-orders").query_ancestor(FormField)
        assert field.has_class("-invalid")
        assert "第1行：金额无效：“1e5” 是科学计数法" in str(field.query_one(".field-error").render())
        assert form.query_one("#f-orders", TextArea).text == "HX-9, 1e5"
    assert store.cases() == []
