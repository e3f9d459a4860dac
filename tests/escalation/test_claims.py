"""消法第五十五条: 3× the price, at least 500 元, offered only when the user marked the case as fraud."""

from __future__ import annotations

from decimal import Decimal

import pytest
from escalation_helpers import NOW, full_case

from cases.claims import claim_applies, fraud_claim, treble
from cases.escalation import build_submission
from cases.categories import categories


@pytest.mark.parametrize(
    ("price", "tripled", "amount", "minimum"),
    [
        ("128", "384.00", "500.00", True),
        ("1580", "4740.00", "4740.00", False),
        ("166.67", "500.01", "500.01", False),
        ("166.66", "499.98", "500.00", True),
        ("0.01", "0.03", "500.00", True),
    ],
)
def test_treble(price, tripled, amount, minimum):
    claim = treble(Decimal(price))
    assert claim.tripled == Decimal(tripled) and claim.amount == Decimal(amount)
    assert claim.minimum_applied is minimum and claim.law_id == "cpl-55"
    assert isinstance(claim.amount, Decimal)


def test_treble_refuses_a_non_positive_price():
    with pytest.raises(ValueError):
        treble(Decimal("0"))


def test_offered_only_when_the_user_marked_fraud_never_from_the_category_name():
    for cat in categories():
        assert not claim_applies(full_case(category=cat)), cat  # 卷款跑路 and 虚假宣传 included
        assert claim_applies(full_case(category=cat, fraud=True)), cat


def test_a_tag_is_not_a_mark():
    assert not claim_applies(full_case(category="not-as-described", tags=["欺诈"]))


def test_no_claim_without_an_amount():
    case = full_case(category="false-advertising", orders=[], fraud=True)
    assert fraud_claim(case) is None


def test_the_claim_is_a_compensation_option_in_the_text():
    text = build_submission(full_case(category="false-advertising", fraud=True), "12315", NOW).text()
    assert "补偿诉求：依据《消费者权益保护法》第五十五条，要求增加赔偿500.00元（价款128.00元的三倍为384.00元，不足五百元的按五百元计）。" in text
    assert text.index("基础诉求：") < text.index("补偿诉求：")
    case = full_case(category="ran-away", fraud=True)
    case.orders[0].amount = Decimal("1580.00")
    text = build_submission(case, "platform-complaint", NOW).text()
    assert "要求增加赔偿4740.00元（价款1580.00元的三倍为4740.00元）" in text
    assert "《消费者权益保护法》第五十五条" in build_submission(case, "platform-complaint", NOW).laws


def test_the_claim_next_to_the_users_own_compensation_demand():
    case = full_case(category="false-advertising", fraud=True)
    case.demands.compensation = "按平台规则补偿。"
    text = build_submission(case, "12315", NOW).text()
    assert "补偿诉求：\n  (1) 按平台规则补偿。\n  (2) 依据《消费者权益保护法》第五十五条" in text
    case.demands.compensation = "按消费者权益保护法第五十五条主张三倍赔偿。"
    text = build_submission(case, "12315", NOW).text()
    assert text.count("补偿诉求") == 1
    assert "主张三倍赔偿。（按《消费者权益保护法》第五十五条计算：价款128.00元的三倍为384.00元，不足五百元的按五百元计，增加赔偿金额为500.00元。）" in text


def test_court_claims_and_no_claim_in_reports_or_police():
    case = full_case(category="false-advertising", fraud=True)
    court = build_submission(case, "court", NOW).text()
    assert "2. 判令被告依照《消费者权益保护法》第五十五条向原告支付增加赔偿金500.00元；" in court
    for target in ("12315-report", "police"):
        sub = build_submission(case, target, NOW)
        assert "第五十五条" not in sub.text(), target


def test_never_without_the_mark():
    for cat in ("recharge-missing", "false-advertising", "ran-away", "account-theft"):
        for target in ("12315", "court", "heimao"):
            assert "第五十五条" not in build_submission(full_case(category=cat), target, NOW).text()
