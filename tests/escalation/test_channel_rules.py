"""Rules between channels (暂行办法第十五条) and the 3-year limit per order, in both UI languages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from escalation_helpers import NOW, ORDER_NO, at, codes, ev, full_case, one

from cases.escalation import build_submission, preflight
from cases.limitation import expired_orders, last_day
from cases.model import Order



# -- 第十五条(二): accepted or handled elsewhere -------------------------------------------
@pytest.mark.parametrize("handler", ["consumer-assoc", "court", "arbitration", "other-authority"])
@pytest.mark.parametrize("kind", ["accepted", "result"])
def test_12315_is_blocked_once_another_body_accepted_or_handled_the_dispute(handler, kind):
    case = full_case()
    case.add_event(ev("submitted", handler, "2026-06-05T09:00:00+08:00"))
    case.add_event(ev(kind, handler, "2026-06-10T09:00:00+08:00"))
    for lang, word in (("zh", "第十五条"), ("en", "Article 15")):
        finding = one(preflight(case, "12315", NOW, lang), "already_handled")
        assert finding.severity == "block" and "2026-06-10" in finding.message and word in finding.message
    assert build_submission(case, "12315", NOW).blocked
    assert "already_handled" not in codes(preflight(case, "heimao", NOW))


def test_a_filing_elsewhere_not_yet_accepted_is_a_warning():
    case = full_case()
    case.add_event(ev("submitted", "consumer-assoc", "2026-06-05T09:00:00+08:00", ticket="XH-1"))
    finding = one(preflight(case, "12315", NOW), "pending_elsewhere")
    assert finding.severity == "warn" and "XH-1" in finding.message
    assert "already_handled" not in codes(preflight(case, "12315", NOW))


def test_12315_does_not_take_the_same_dispute_twice():
    case = full_case()
    case.add_event(ev("submitted", "12315", "2026-06-01T09:00:00+08:00"))
    case.add_event(ev("result", "12315", "2026-06-10T09:00:00+08:00", said="调解不成，终止调解。"))
    case.add_event(ev("submitted", "heimao", "2026-06-11T09:00:00+08:00"))
    assert one(preflight(case, "12315", NOW), "already_handled").severity == "block"


def _mediating(accepted: str = "2026-06-08T09:00:00+08:00"):
    case = full_case()
    case.add_event(ev("submitted", "12315", "2026-06-03T09:00:00+08:00", ticket="1440305"))
    case.add_event(ev("accepted", "12315", accepted, ticket="1440305"))
    return case


def test_the_consumer_association_is_blocked_while_12315_mediates():
    case = _mediating()
    for lang in ("zh", "en"):
        finding = one(preflight(case, "consumer-assoc", NOW, lang), "mediating")
        assert finding.severity == "block" and "2026-06-08" in finding.message
    # 45 working days after 2026-06-08 (端午 on 06-19 skipped): mediation has ended by law
    assert "mediating" not in codes(preflight(case, "consumer-assoc", at("2026-08-20T10:00:00+08:00")))
    # a result ends it at once
    case.add_event(ev("result", "12315", "2026-06-12T09:00:00+08:00", said="终止调解。"))
    assert "mediating" not in codes(preflight(case, "consumer-assoc", NOW))


def test_and_the_reverse_12315_is_blocked_while_the_consumer_association_mediates():
    case = full_case()
    case.add_event(ev("submitted", "consumer-assoc", "2026-06-03T09:00:00+08:00"))
    case.add_event(ev("accepted", "consumer-assoc", "2026-06-05T09:00:00+08:00"))
    assert one(preflight(case, "12315", NOW), "already_handled").severity == "block"


def test_a_12315_complaint_with_a_12315_report_is_normal():
    case = full_case()
    case.add_event(ev("submitted", "12315-report", "2026-06-05T09:00:00+08:00"))
    findings = preflight(case, "12315", NOW)
    assert not [f for f in findings if f.code in ("parallel_allowed", "pending_elsewhere", "already_handled")]
    case = full_case()
    case.add_event(ev("submitted", "12315", "2026-06-05T09:00:00+08:00"))
    assert codes(preflight(case, "12315-report", NOW), "warn") == []


@pytest.mark.parametrize("beside", ["heimao", "jutousu", "payment"])
def test_public_pages_and_the_payment_platform_beside_12315_are_a_note(beside):
    case = full_case()
    case.add_event(ev("submitted", beside, "2026-06-05T09:00:00+08:00", ticket="17369084215"))
    for lang in ("zh", "en"):
        finding = one(preflight(case, "12315", NOW, lang), "parallel_allowed")
        assert finding.severity == "note" and "17369084215" in finding.message
    assert codes(preflight(case, "12315", NOW), "warn") == []
    assert codes(preflight(case, "12315", NOW), "block") == []


def test_police_and_court_on_one_matter_is_a_note_on_criminal_first():
    case = full_case(category="ran-away")
    case.add_event(ev("submitted", "police", "2026-06-05T09:00:00+08:00", ticket="A43"))
    finding = one(preflight(case, "court", NOW), "criminal_civil")
    assert finding.severity == "note" and "先刑后民" in finding.message
    assert "Criminal" in one(preflight(case, "court", NOW, "en"), "criminal_civil").message or \
        "criminal case" in one(preflight(case, "court", NOW, "en"), "criminal_civil").message
    assert "重复" not in finding.message


def test_public_pages_say_they_are_public():
    for target in ("heimao", "jutousu"):
        assert one(preflight(full_case(), target, NOW), "public_page").severity == "note"
    assert "public_page" not in codes(preflight(full_case(), "12315", NOW))


def test_the_payment_platform_only_takes_orders_paid_through_it():
    case = full_case()
    case.orders[0].payment_channel = "银行卡"
    assert one(preflight(case, "payment", NOW), "not_paid_through").severity == "block"
    case.orders[0].payment_channel = "微信支付"
    assert "not_paid_through" not in codes(preflight(case, "payment", NOW))


def test_illegal_goods_belong_with_the_police_or_a_report():
    case = full_case(category="illegal-goods")
    for target in ("12315", "court", "heimao"):
        assert one(preflight(case, target, NOW), "illegal_goods_route").severity == "warn"
    for target in ("police", "12315-report"):
        assert "illegal_goods_route" not in codes(preflight(case, target, NOW))


# -- 第十五条(四): three years, per order ---------------------------------------------------
def test_the_last_day_follows_the_civil_code():
    assert last_day(date(2023, 6, 12)) == date(2026, 6, 12)  # a Friday: the corresponding day
    assert last_day(date(2023, 6, 13)) == date(2026, 6, 15)  # a Saturday: the next working day (第二百零三条)
    assert last_day(date(2023, 6, 19)) == date(2026, 6, 22)  # 端午节 2026-06-19, then the weekend
    assert last_day(date(2020, 2, 29)) == date(2023, 2, 28)  # no 29 February: the month's last day


def test_the_first_day_is_not_counted():
    case = full_case()
    case.orders[0].paid_at = "2023-06-12T23:00:00+08:00"
    assert expired_orders(case, at("2026-06-12T23:59:00+08:00")) == []
    assert len(expired_orders(case, at("2026-06-13T00:00:00+08:00"))) == 1


def test_12315_is_blocked_when_every_order_is_past_the_limit():
    case = full_case()
    case.orders[0].paid_at = "2023-06-12T10:00:00+08:00"
    for lang in ("zh", "en"):
        finding = one(preflight(case, "12315", NOW, lang), "too_old")
        assert finding.severity == "block" and ORDER_NO in finding.message and "2026-06-12" in finding.message
    assert one(preflight(case, "court", NOW), "too_old_warn").severity == "warn"
    assert "too_old_warn" not in codes(preflight(case, "heimao", NOW))
    case.orders[0].paid_at = "2023-06-13T10:00:00+08:00"  # last day moved to Monday 06-15: still in time
    assert not [c for c in codes(preflight(case, "12315", NOW)) if c.startswith("too_old")]


def test_orders_past_the_limit_are_left_out_of_a_12315_complaint_the_others_still_go():
    case = full_case()
    case.orders.insert(0, Order("HX2023OLD", Decimal("300.00"), "2023-05-01T10:00:00+08:00", "支付宝"))
    finding = one(preflight(case, "12315", NOW), "too_old_orders")
    assert finding.severity == "warn" and "HX2023OLD" in finding.message and ORDER_NO not in finding.message
    sub = build_submission(case, "12315", NOW)
    assert not sub.blocked
    text = sub.text()
    assert "HX2023OLD" not in text and "300.00元" not in text and "428.00元" not in text
    assert ORDER_NO in text and "128.00元" in text
    assert "HX2023OLD" in build_submission(case, "heimao", NOW).text()  # only 12315 leaves it out
