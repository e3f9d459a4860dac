"""Pre-flight findings, one rule at a time, and answering them in place."""

from __future__ import annotations

from decimal import Decimal

import pytest
from escalation_helpers import CREDIT_CODE, NOW, codes, ev, full_case, one

from cases.channels import UnknownChannel
from cases.escalation import ANSWERABLE, apply_answer, build_submission, preflight
from cases.model import Order



def test_the_full_case_passes_everywhere_without_blocks():
    for target in ("platform-cs", "platform-complaint", "payment", "12315", "12315-report", "heimao", "jutousu",
                   "consumer-assoc", "police", "court"):
        assert codes(preflight(full_case(), target, NOW), "block") == [], target


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("complainant.name", "missing.complainant_name"),
        ("complainant.phone", "missing.complainant_phone"),
        ("complainant.address", "missing.complainant_address"),
        ("entity.name", "missing.entity_name"),
        ("entity.address", "missing.entity_address"),
        ("entity.credit_code", "missing.credit_code"),
        ("order.number", "missing.order_number"),
        ("order.paid_at", "missing.paid_at"),
        ("demands.basic", "missing.demand"),
    ],
)
def test_12315_blocks_on_each_missing_fact_with_a_question(field, code):
    case = full_case()
    head, attr = field.split(".")
    holder = case.orders[0] if head == "order" else getattr(case, head)
    setattr(holder, attr, None if attr == "paid_at" else "")
    finding = one(preflight(case, "12315", NOW), code)
    assert finding.severity == "block" and finding.field == field
    assert finding.question.endswith(("？", "）")) and finding.question
    assert "全国12315平台投诉" in finding.message


def test_12315_blocks_on_a_zero_amount_and_on_no_order_at_all():
    case = full_case()
    case.orders[0].amount = Decimal("0.00")
    assert one(preflight(case, "12315", NOW), "missing.amount").field == "order.amount"
    case.orders = []
    blocked = codes(preflight(case, "12315", NOW), "block")
    assert {"missing.order_number", "missing.amount", "missing.paid_at"} <= set(blocked)


def test_credit_code_question_in_both_languages():
    case = full_case()
    case.entity.credit_code = ""
    zh = one(preflight(case, "12315", NOW), "missing.credit_code")
    assert zh.question == "平台运营公司的统一社会信用代码是什么？（18位，可在国家企业信用信息公示系统查询）"
    en = one(preflight(case, "12315", NOW, lang="en"), "missing.credit_code")
    assert "unified social credit code" in en.question and "12315 complaint" in en.message


def test_a_later_order_without_number_is_named_but_not_answerable():
    case = full_case()
    case.orders.append(Order("", Decimal("5.00"), "2026-06-01T11:00:00+08:00", "支付宝"))
    finding = one(preflight(case, "12315", NOW), "missing.order_number")
    assert finding.severity == "block" and finding.field == "" and "第2笔订单" in finding.message


def test_12315_report_needs_the_respondent_and_the_facts():
    case = full_case()
    case.entity.name = ""
    assert one(preflight(case, "12315-report", NOW), "missing.entity_name").severity == "block"
    case = full_case(title="", notes="")
    for event in case.timeline:
        event.said = ""
    assert one(preflight(case, "12315-report", NOW), "missing.facts").field == "notes"
    assert "missing.complainant_name" not in codes(preflight(full_case(complainant=case.complainant.__class__()),
                                                              "12315-report", NOW))


@pytest.mark.parametrize("target", ["heimao", "jutousu"])
def test_public_sites_need_amount_and_order_number(target):
    case = full_case()
    case.orders[0].amount = Decimal("0")
    assert one(preflight(case, target, NOW), "missing.amount").severity == "block"
    case = full_case()
    case.orders[0].number = ""
    assert one(preflight(case, target, NOW), "missing.order_number").severity == "block"
    assert "missing.complainant_name" not in codes(preflight(full_case(complainant=case.complainant.__class__()),
                                                              target, NOW))


@pytest.mark.parametrize("target", ["platform-cs", "platform-complaint"])
def test_platform_channels_warn_without_an_order_number(target):
    case = full_case()
    case.orders[0].number = ""
    finding = one(preflight(case, target, NOW), "missing.order_number")
    assert finding.severity == "warn" and finding.field == "order.number"


def test_police_needs_amount_and_payment_record_and_explains_the_route():
    case = full_case()
    case.orders[0].paid_at = None
    case.orders[0].payment_channel = ""
    findings = preflight(case, "police", NOW)
    assert {"missing.paid_at", "missing.payment_channel"} <= set(codes(findings, "block"))
    case = full_case()
    case.orders[0].amount = Decimal("0")
    assert "missing.amount" in codes(preflight(case, "police", NOW), "block")
    civil = one(preflight(full_case(), "police", NOW), "police_route")
    assert civil.severity == "warn" and "合同纠纷" in civil.message
    fraud = one(preflight(full_case(category="ran-away"), "police", NOW), "police_route")
    assert fraud.severity == "note" and "涉嫌诈骗" in fraud.message and "经侦" in fraud.message
    theft = one(preflight(full_case(category="account-theft"), "police", NOW), "police_route")
    assert "不明身份" in theft.message and "日志" in theft.message
    goods = one(preflight(full_case(category="illegal-goods"), "police", NOW), "police_route")
    assert "合同无效" in goods.message and "不要求追回" in goods.message


def test_court_needs_the_respondent_and_warns_without_the_plaintiffs_identity():
    for field, code in (("name", "missing.entity_name"), ("credit_code", "missing.credit_code"),
                        ("address", "missing.entity_address")):
        case = full_case()
        setattr(case.entity, field, "")
        assert one(preflight(case, "court", NOW), code).severity == "block"
    case = full_case()
    case.complainant.name = ""
    case.complainant.id_number = ""
    findings = preflight(case, "court", NOW)
    assert one(findings, "missing.complainant_name").severity == "warn"
    assert one(findings, "missing.id_number").severity == "warn"


@pytest.mark.parametrize("target", ["12315", "consumer-assoc", "court", "police"])
def test_filing_for_someone_else_needs_a_power_of_attorney(target):
    case = full_case(filed_for_other=True)
    finding = one(preflight(case, target, NOW), "no_power_of_attorney")
    assert finding.severity == "block" and "授权委托书" in finding.message
    assert finding.field == "power_of_attorney"
    answered = apply_answer(case, "power_of_attorney", "是")
    assert "no_power_of_attorney" not in codes(preflight(answered, target, NOW))


@pytest.mark.parametrize("target", ["heimao", "platform-complaint"])
def test_power_of_attorney_not_asked_by_other_channels(target):
    assert "no_power_of_attorney" not in codes(preflight(full_case(filed_for_other=True), target, NOW))


def test_filing_again_at_the_current_channel_warns_to_urge_instead():
    finding = one(preflight(full_case(), "platform-complaint", NOW), "already_filed")
    assert finding.severity == "warn" and "催办" in finding.message
    assert "parallel_allowed" not in codes(preflight(full_case(), "platform-complaint", NOW))


def test_masked_text_for_a_channel_needing_the_real_identity_says_so():
    assert "reveal_needed" in codes(build_submission(full_case(), "12315", NOW).findings)
    assert "reveal_needed" not in codes(build_submission(full_case(), "12315", NOW, reveal=True).findings)
    assert "reveal_needed" not in codes(build_submission(full_case(), "heimao", NOW).findings)


def test_unknown_target_raises():
    with pytest.raises(UnknownChannel):
        preflight(full_case(), "weibo", NOW)
    with pytest.raises(UnknownChannel):
        build_submission(full_case(), "weibo", NOW)


# -- answering in place ----------------------------------------------------------------------


def test_answerable_fields_have_labels_and_questions_in_both_languages():
    required = {"entity.name", "entity.credit_code", "entity.address", "complainant.name", "complainant.phone",
                "complainant.address", "order.number", "order.amount", "order.paid_at", "order.payment_channel",
                "demands.basic"}
    assert required <= set(ANSWERABLE)
    for spec in ANSWERABLE.values():
        for lang in ("zh", "en"):
            assert spec.label(lang) and not spec.label(lang).startswith("escalate.")
            assert spec.question(lang) and not spec.question(lang).startswith("escalate.")


def test_apply_answer_returns_a_new_case_and_clears_the_finding():
    case = full_case()
    case.entity.credit_code = ""
    answered = apply_answer(case, "entity.credit_code", " " + CREDIT_CODE.lower() + " ")
    assert answered.entity.credit_code == CREDIT_CODE
    assert case.entity.credit_code == ""  # the argument is untouched
    assert answered is not case and answered.timeline is not case.timeline
    assert "missing.credit_code" not in codes(preflight(answered, "12315", NOW))


@pytest.mark.parametrize(
    ("field", "value", "zh", "en"),
    [
        ("entity.credit_code", CREDIT_CODE[:-1] + ("0" if CREDIT_CODE[-1] != "0" else "1"), "校验位", "check character"),
        ("entity.credit_code", "12345", "18位", "18 digits"),
        ("complainant.phone", "12345", "电话号码格式不对", "phone"),
        ("complainant.id_number", "110105199013071234", "出生日期", "birth date"),
        ("order.amount", "abc", "金额无效", "Not a valid amount"),
        ("order.amount", "0", "大于零", "more than zero"),
        ("order.amount", "1.234", "金额无效", "Not a valid amount"),
        ("order.paid_at", "昨天吧", "时间无效", "Not a valid time"),
        ("order.paid_at", "昨天", "相对于现在", "relative to now"),  # no clock given: never guessed
        ("order.paid_at", "2月30日 10点", "相对于现在", "relative to now"),
        ("demands.basic", "   ", "不能为空", "empty"),
        ("power_of_attorney", "也许", "是", "yes or no"),
        ("nonsense", "x", "无法回答的字段", "Not an answerable field"),
    ],
)
def test_apply_answer_rejects_invalid_values_with_a_message(field, value, zh, en):
    with pytest.raises(ValueError, match=zh):
        apply_answer(full_case(), field, value)
    with pytest.raises(ValueError, match=en):
        apply_answer(full_case(), field, value, lang="en")


def test_apply_answer_reads_a_payment_time_said_relative_to_now():
    from cases.clock import parse_instant

    now = parse_instant("2026-06-15T10:00")
    case = apply_answer(full_case(orders=[]), "order.paid_at", "昨天 21:30", now=now)
    assert case.orders[0].paid_at == "2026-06-14T21:30:00+08:00"
    case = apply_answer(case, "order.paid_at", "12-31 8点", now=now)  # after today's date: last year's
    assert case.orders[0].paid_at == "2025-12-31T08:00:00+08:00"
    with pytest.raises(ValueError, match="没有这一天"):
        apply_answer(case, "order.paid_at", "2月30日", now=now)


def test_apply_answer_order_fields_create_the_first_order():
    case = full_case(orders=[])
    case = apply_answer(case, "order.amount", "¥1,280.5")
    assert len(case.orders) == 1 and case.orders[0].amount == Decimal("1280.50")
    case = apply_answer(case, "order.paid_at", "2026/06/01 10:30")
    assert case.orders[0].paid_at == "2026-06-01T10:30:00+08:00"
    case = apply_answer(case, "order.number", "HX1")
    case = apply_answer(case, "order.payment_channel", "微信支付")
    assert len(case.orders) == 1 and case.orders[0].number == "HX1"


def test_apply_answer_text_fields():
    case = apply_answer(full_case(), "demands.basic", "退还128元。\n并书面道歉。")
    assert case.demands.basic == "退还128元。\n并书面道歉。"
    case = apply_answer(case, "notes", "第二段事实。")
    assert case.notes.endswith("“处理中”。\n第二段事实。")
    case = apply_answer(case, "complainant.name", "王\x1b[31m五")
    assert case.complainant.name == "王[31m五"  # control characters are stripped
    with pytest.raises(ValueError, match="太长"):
        apply_answer(case, "entity.address", "长" * 201)
