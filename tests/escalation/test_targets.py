"""Where to escalate next: the case's nature decides, not only the ladder's order."""

from __future__ import annotations

import pytest
from escalation_helpers import NOW, ev, full_case

from cases.categories import categories
from cases.channels import ladder
from cases.escalation import nature, next_tier, suggest_targets

CIVIL = [c for c, cat in categories().items() if cat.nature == "civil"]


def _at(channel: str, category: str = "recharge-missing", **changes):
    case = full_case(category=category, timeline=[], **changes)
    if channel:
        case.add_event(ev("submitted", channel, "2026-06-10T10:00:00+08:00"))
    return case


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        ("", ["platform-cs"]),
        ("platform-cs", ["platform-complaint", "payment", "12315", "heimao", "jutousu"]),
        ("platform-complaint", ["payment", "12315", "heimao", "jutousu"]),
        ("payment", ["12315", "heimao", "jutousu"]),
        ("12315", ["consumer-assoc", "court", "heimao", "jutousu"]),
        ("12315-report", ["12315", "consumer-assoc", "court"]),
        ("heimao", ["12315", "payment", "jutousu", "consumer-assoc", "court"]),
        ("jutousu", ["12315", "payment", "heimao", "consumer-assoc", "court"]),
        ("consumer-assoc", ["court"]),
        ("police", ["12315", "court"]),
        ("court", []),
    ],
)
def test_a_civil_dispute_goes_platform_then_payment_or_12315_then_mediation_or_court(current, expected):
    assert suggest_targets(_at(current), NOW) == expected


@pytest.mark.parametrize("category", CIVIL)
def test_a_civil_dispute_is_never_sent_to_the_police(category):
    for current in ["", *ladder()]:
        assert "police" not in suggest_targets(_at(current, category), NOW), (category, current)


def test_the_seen_case_not_as_described_at_the_consumer_association_goes_to_court():
    case = _at("platform-cs", "not-as-described")
    case.add_event(ev("submitted", "jutousu", "2026-06-11T10:00:00+08:00"))
    case.add_event(ev("submitted", "consumer-assoc", "2026-06-12T10:00:00+08:00"))
    assert suggest_targets(case, NOW) == ["court"]
    assert next_tier(case, "consumer-assoc") == "court"


def test_the_payment_platform_only_for_orders_paid_through_it():
    bank = _at("platform-complaint")
    bank.orders[0].payment_channel = "银行卡"
    assert "payment" not in suggest_targets(bank, NOW)
    wechat = _at("platform-complaint")
    wechat.orders[0].payment_channel = "微信支付"
    assert suggest_targets(wechat, NOW)[0] == "payment"


@pytest.mark.parametrize("category", ["ran-away", "not-as-described", "false-advertising"])
def test_fraud_goes_to_the_police_first(category):
    marked = category != "ran-away"
    case = _at("", category, fraud=marked)
    assert nature(case) == "fraud"
    assert suggest_targets(case, NOW) == ["police", "platform-cs"]
    assert suggest_targets(_at("platform-complaint", category, fraud=marked), NOW)[0] == "police"
    assert suggest_targets(_at("police", category, fraud=marked), NOW) == ["12315", "court"]


def test_theft_goes_to_the_platform_first_then_the_police():
    assert nature(_at("", "account-theft")) == "theft"
    assert suggest_targets(_at("", "account-theft"), NOW) == ["platform-cs"]
    assert suggest_targets(_at("platform-cs", "account-theft"), NOW) == ["police", "platform-complaint", "payment"]


def test_illegal_goods_go_to_the_police_and_a_report_only():
    assert suggest_targets(_at("", "illegal-goods"), NOW) == ["police", "12315-report"]
    assert suggest_targets(_at("platform-cs", "illegal-goods"), NOW) == ["police", "12315-report"]
    assert suggest_targets(_at("12315-report", "illegal-goods"), NOW) == ["police"]
    assert suggest_targets(_at("police", "illegal-goods"), NOW) == ["12315-report"]


def test_channels_already_filed_with_are_not_offered_again():
    case = _at("platform-complaint")
    case.add_event(ev("submitted", "12315", "2026-06-11T10:00:00+08:00"))
    case.add_event(ev("submitted", "heimao", "2026-06-12T10:00:00+08:00"))
    assert suggest_targets(case, NOW) == ["payment", "jutousu", "consumer-assoc", "court"]


def test_a_target_blocked_by_rule_comes_last():
    mediating = _at("12315")
    mediating.add_event(ev("accepted", "12315", "2026-06-11T10:00:00+08:00"))
    assert suggest_targets(mediating, NOW) == ["court", "heimao", "jutousu", "consumer-assoc"]
    handled = _at("consumer-assoc")
    handled.add_event(ev("accepted", "consumer-assoc", "2026-06-11T10:00:00+08:00"))
    handled.add_event(ev("submitted", "heimao", "2026-06-12T10:00:00+08:00"))
    assert suggest_targets(handled, NOW) == ["payment", "jutousu", "court", "12315"]


def test_record_only_bodies_are_never_offered():
    for current in ["", *ladder()]:
        offered = suggest_targets(_at(current, "recharge-missing"), NOW)
        assert "arbitration" not in offered and "other-authority" not in offered


def test_never_the_current_channel_and_notes_do_not_count():
    case = _at("platform-complaint")
    case.add_event(ev("note", "heimao", "2026-06-11T10:00:00+08:00"))
    for channel in ("platform-cs", "platform-complaint", "12315", "heimao", "court"):
        assert channel not in suggest_targets(_at(channel), NOW)
    assert suggest_targets(case, NOW)[0] == "payment"


def test_an_unknown_current_channel_starts_over():
    case = full_case(timeline=[])
    case.add_event(ev("submitted", "weibo", "2026-06-10T10:00:00+08:00"))
    assert suggest_targets(case, NOW) == ["platform-cs"]


def test_next_tier_names_a_step_of_its_own_never_a_page_beside_the_route():
    case = full_case()
    assert next_tier(case, "platform-cs") == "platform-complaint"
    assert next_tier(case, "platform-complaint") == "12315"
    assert next_tier(case, "heimao") == "12315"
    assert next_tier(case, "12315") == "consumer-assoc"
    assert next_tier(case, "court") == ""
    fraud = full_case(fraud=True)
    assert next_tier(fraud, "platform-complaint") == "police"
