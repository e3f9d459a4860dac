"""Every channel's text rendered from a fixed case and a fixed clock: structure, facts, masking, deadlines."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from escalation_helpers import (
    HEADINGS,
    ID_NUMBER,
    NAME,
    NOW,
    ORDER_NO,
    PHONE,
    PHONE_MASKED,
    CREDIT_CODE,
    assert_citations_checked,
    ev,
    full_case,
    in_order,
)

from cases.channels import ladder
from cases.demo import build_demo
from cases.escalation import build_submission, build_urge
from cases.facts import CaseFacts, build_values
from cases.model import Group
from cases.roster import Participant, RosterOrder, totals
from cases.templates import load_template

#: Channels tousu writes texts for (arbitration and other authorities are only recorded).
CHANNELS = [cid for cid, chan in ladder().items() if chan.letter]
#: Fields each channel's text must carry (zh), beyond the three headings.
REQUIRED = {
    "platform-cs": ("订单", "【沟通经过】", "【证据清单】", "法律依据："),
    "platform-complaint": ("投诉处理部门", "投诉人：", "联系电话："),
    # 暂行办法第九条: complainant, respondent (with credit code and address), time, order, amount, facts, demand
    "12315": ("投诉人姓名：", "投诉人电话：", "投诉人地址：", "被投诉人名称：", "统一社会信用代码：",
              "被投诉人地址：", "购买时间：", "订单号：", "涉及金额：", "投诉内容"),
    "12315-report": ("被举报人名称：", "统一社会信用代码：", "被举报人地址：", "举报内容"),
    "heimao": ("投诉问题：", "投诉要求：", "涉诉金额：", "投诉描述"),
    "jutousu": ("投诉问题：", "投诉要求：", "涉诉金额：", "投诉描述"),
    "consumer-assoc": ("申请人：", "被申请人：", "请求贵会依法组织调解"),
    "payment": ("交易投诉", "交易时间：", "商户订单号：", "收款方：", "交易金额：", "协助"),
    # a civil dispute taken to the police anyway: the business is only "concerned", no accusation
    "police": ("报案人：", "身份证号：", "被反映单位：", "涉及金额：", "支付记录", "依法审查"),
    "court": ("原告：", "被告：", "诉讼请求：", "事实与理由：", "此致", "具状人："),
}
#: Lines that end in a colon on purpose: a salutation, or a heading followed by a list.
COLON_LINES = {"汇想卡盟投诉处理部门：", "诉讼请求：", "事实与理由：", "支付记录：", "支付平台客服："}
#: Channels with a subject line and its label.
SUBJECTS = {"platform-complaint": "主题：", "heimao": "标题：", "jutousu": "标题：", "payment": "标题："}


def _text(target: str, **kw) -> str:
    return build_submission(full_case(), target, NOW, **kw).text()


@pytest.mark.parametrize("target", CHANNELS)
def test_every_channel_has_zh_and_en_templates_using_known_placeholders(target):
    values = build_values(CaseFacts(full_case(), target, NOW))
    for lang in ("zh", "en"):
        template = load_template(target, lang)
        assert template.placeholders <= set(values), template.placeholders - set(values)
    urge = build_values(CaseFacts(full_case(), "platform-complaint", NOW), urge=True)
    for lang in ("zh", "en"):
        assert load_template("urge", lang).placeholders <= set(urge)


@pytest.mark.parametrize("target", CHANNELS)
def test_structure_background_problem_demands_in_order(target):
    sub = build_submission(full_case(), target, NOW)
    text = sub.text()
    assert in_order(text, *HEADINGS["zh"]), text
    for field in REQUIRED[target]:
        assert field in text, (target, field)
    assert "${" not in text and "None" not in text
    empty = [line for line in text.splitlines() if line.rstrip().endswith("：") and line.strip() not in COLON_LINES]
    assert not empty, empty  # no empty "label：" fields
    assert not [f for f in sub.findings if f.severity == "block"], sub.findings
    if target != "court":  # the court's name is always asked for
        assert "【待补充" not in text, text
    if target in SUBJECTS:
        assert sub.subject and text.startswith(SUBJECTS[target] + sub.subject + "\n\n")
    else:
        assert sub.subject == "" and text == sub.body


@pytest.mark.parametrize("target", CHANNELS)
def test_english_rendering(target):
    sub = build_submission(full_case(), target, NOW, letter_lang="en")
    text = sub.text()
    assert in_order(text, *HEADINGS["en"]), text
    assert "【背景】" not in text and "${" not in text and "None" not in text
    assert ORDER_NO in text
    if target != "police":
        assert all(not c.startswith("《") for c in sub.laws)


@pytest.mark.parametrize("target", CHANNELS)
def test_facts_order_amount_times_and_contacts_in_time_order(target):
    text = _text(target)
    assert ORDER_NO in text
    assert "128.00元" in text
    if target not in ("heimao", "jutousu"):
        assert "2026年6月1日 10:00" in text  # the payment time
    # earlier contacts, in time order, with ticket numbers, the agent's 工号 and the broken promise
    assert in_order(text, "【沟通经过】", "GD0001", "KF2031", "2小时内回复", "该承诺已逾期未兑现", "GD0001",
                    "TS-20260602-0086"), text
    # the formal complaint's 48 h are tousu's assumption, not a rule: plain dates
    assert "截至2026年6月4日 09:00未获答复" in text and "规定时限" not in text


def test_contacts_sorted_by_time_even_when_the_timeline_is_not():
    case = full_case()
    case.timeline.reverse()
    text = build_submission(case, "12315", NOW).text()
    assert in_order(text, "1. 2026年6月1日 10:30", "2. 2026年6月1日 10:40", "3. 2026年6月1日 18:00",
                    "4. 2026年6月2日 09:00")


def test_promise_kept_by_a_result_or_not_yet_due_is_not_marked_broken():
    case = full_case()
    case.add_event(ev("result", "platform-cs", "2026-06-01T12:00:00+08:00", said="已补发。"))
    assert "该承诺已逾期未兑现" not in build_submission(case, "12315", NOW).text()
    case = full_case()
    case.timeline[1].deadline = "2026-06-30T12:00:00+08:00"
    text = build_submission(case, "12315", NOW).text()
    assert "期限2026年6月30日 12:00" in text and "该承诺已逾期未兑现" not in text


def test_notes_and_private_refund_offers_are_never_hidden():
    case = full_case()
    case.add_event(ev("contact", "platform-complaint", "2026-06-03T09:00:00+08:00", agent="KF1024",
                      said="可以私下转账退您并多给20元，您撤销投诉即可。"))
    case.add_event(ev("note", "platform-complaint", "2026-06-03T10:00:00+08:00", said="内部备注：明天再打。"))
    text = build_submission(case, "12315", NOW).text()
    assert "私下转账退您并多给20元" in text
    assert "内部备注" not in text  # notes are private remarks


# -- masking ------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["platform-complaint", "12315", "12315-report", "consumer-assoc", "police", "court"])
def test_personal_data_masked_by_default_and_revealed_on_request(target):
    masked = _text(target)
    assert PHONE not in masked and NAME not in masked and ID_NUMBER not in masked
    assert PHONE_MASKED in masked and "李**" in masked
    assert "桐梓坡路" not in masked
    revealed = _text(target, reveal=True)
    assert PHONE in revealed and NAME in revealed
    if target in ("police", "court"):
        assert ID_NUMBER in revealed
        assert "430***********2815"[:4] in masked and ID_NUMBER[6:14] not in masked  # never the birth date


def test_free_text_is_masked_too():
    case = full_case(notes="客服让我加微信13912345678，身份证" + ID_NUMBER)
    text = build_submission(case, "12315", NOW).text()
    assert "13912345678" not in text and "139****5678" in text
    assert ID_NUMBER not in text
    assert "13912345678" in build_submission(case, "12315", NOW, reveal=True).text()


@pytest.mark.parametrize("target", ["heimao", "jutousu"])
def test_public_sites_never_carry_the_complainant_even_revealed(target):
    text = _text(target, reveal=True)
    assert PHONE not in text and NAME not in text and ID_NUMBER not in text


def test_company_data_order_and_ticket_numbers_are_not_masked():
    case = full_case()
    case.add_event(ev("submitted", "heimao", "2026-06-05T09:00:00+08:00", ticket="17369084215"))
    text = build_submission(case, "12315", NOW).text()
    assert CREDIT_CODE in text and "17369084215" in text and ORDER_NO in text


def test_user_text_is_never_templated():
    case = full_case(title="标题里有 ${platform} 和 {amount} 和 $order_numbers", notes="${entity_name}")
    text = build_submission(case, "12315", NOW).text()
    assert "${platform}" in text and "{amount}" in text and "$order_numbers" in text and "${entity_name}" in text


# -- deadline sentence ------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "sentence"),
    [
        ("platform-cs", "若于2026年6月16日 10:00前仍未处理，本人将向平台正式投诉。"),
        ("platform-complaint", "若于2026年6月17日 10:00前仍未处理，本人将向全国12315平台投诉。"),
        ("heimao", "若于2026年6月17日 10:00前仍未处理，本人将向全国12315平台投诉。"),
        ("jutousu", "若于2026年6月17日 10:00前仍未处理，本人将向全国12315平台投诉。"),
        ("payment", "请于2026年6月17日 10:00前协助处理并答复。"),
        # 7 working days from the day after Mon 06-15, skipping 端午节 (Fri 06-19): Thu 06-25
        ("12315", "依据《市场监督管理投诉举报处理暂行办法》第十四条，请于2026年6月25日24时前作出是否受理的决定并告知本人。"),
        # 15 working days: Tue 07-07
        ("12315-report", "依据《市场监督管理行政处罚程序规定》第十八条，请于2026年7月7日24时前完成核查并决定是否立案。"),
    ],
)
def test_deadline_sentence_from_the_target_clock(target, sentence):
    text = _text(target)
    assert sentence in text, text
    assert in_order(text, "【诉求】", sentence)


@pytest.mark.parametrize("target", ["consumer-assoc", "police", "court"])
def test_no_deadline_sentence_without_a_clock(target):
    text = _text(target)
    assert "若于" not in text and "前作出" not in text and "请于" not in text


def test_deadline_sentence_in_english():
    text = _text("12315", letter_lang="en")
    assert "before the end of 2026-06-25 and let me know" in text and "I will" not in text
    assert "If this is not dealt with before 2026-06-17 10:00, I will file a complaint on the national 12315 " \
           "platform." in _text("platform-complaint", letter_lang="en")


# -- demands -------------------------------------------------------------------------


def test_demands_graded_and_default_by_category():
    case = full_case()
    case.demands.basic = ""
    text = build_submission(case, "platform-cs", NOW).text()
    assert "基础诉求：补充到账，或将128.00元原路退回原支付账户。" in text
    assert "补偿诉求" not in text  # no inflated default compensation
    case.demands.compensation = "按平台规则补偿延迟损失。"
    assert in_order(build_submission(case, "platform-cs", NOW).text(), "基础诉求：", "补偿诉求：按平台规则")


def test_report_and_police_and_court_demands():
    assert "本举报不含退款诉求" in _text("12315-report")
    assert "请求依法审查上述事实是否涉嫌违法犯罪" in _text("police")
    assert "请求依法立案侦查" in build_submission(full_case(fraud=True), "police", NOW).text()
    court = _text("court")
    assert in_order(court, "诉讼请求：", "1. 判令被告返还原告已支付的价款128.00元", "2. 本案诉讼费用由被告承担", "事实与理由")


def test_group_cases_mention_the_count_and_total_never_names():
    group = Group(id="G-001", name="汇想卡盟集体维权", totals=totals([
        Participant(name="张三丰", phone="13900001111", orders=[RosterOrder("A1", "100.00")]),
        Participant(name="王五", phone="13900002222", orders=[RosterOrder("A2", "250.00"), RosterOrder("A3", "0.50")]),
        Participant(name="赵六", orders=[RosterOrder("A4", "49.50")]),
    ]))
    for target, case in (("12315", full_case()), ("police", full_case(category="ran-away"))):
        text = build_submission(case, target, NOW, group=group, reveal=True).text()
        assert "3名消费者" in text or "登记3人" in text
        assert "400.00元" in text
        assert "张三丰" not in text and "13900001111" not in text


# -- legal references --------------------------------------------------------------


@pytest.mark.parametrize("target", CHANNELS)
def test_legal_references_come_from_the_checked_list(target):
    sub = build_submission(full_case(), target, NOW)
    assert_citations_checked(sub.text())
    for citation in sub.laws:
        assert citation in sub.text()
    if target in ("police", "payment"):
        assert not any(c.startswith("《电子商务法》") for c in sub.laws)
    else:
        assert "《电子商务法》第二十条" in sub.laws
    assert "《电子商务法》第四十九条第二款" not in sub.laws  # only where the platform denied the contract
    assert "《消费者权益保护法》第五十五条" not in sub.text()  # not marked as fraud


def test_12315_cites_the_fields_rule_and_the_acceptance_clock():
    sub = build_submission(full_case(), "12315", NOW)
    assert sub.laws[0] == "《市场监督管理投诉举报处理暂行办法》第九条"
    assert "《市场监督管理投诉举报处理暂行办法》第十四条" in sub.laws


# -- urge ------------------------------------------------------------------------------


def test_urge_cites_the_ticket_and_the_missed_deadline():
    sub = build_urge(full_case(), NOW)
    text = sub.text()
    assert sub.kind == "urge" and sub.channel == "platform-complaint"
    assert "【催办】平台正式投诉（工单/投诉编号：TS-20260602-0086）" in text
    assert "本人于2026年6月2日 09:00向平台正式投诉提交，截至2026年6月15日仍未收到答复。" in text
    assert in_order(text, *HEADINGS["zh"])
    assert "请于2026年6月17日 10:00前处理并答复；若届时仍未处理，本人将向全国12315平台投诉" in text
    assert PHONE not in text and PHONE_MASKED in text
    assert [f.code for f in sub.findings] == ["reveal_needed"]  # the platform files under the real name
    assert not build_urge(full_case(), NOW, reveal=True).findings


def test_urge_for_a_broken_promise_names_the_agent():
    case = full_case()
    case.timeline = case.timeline[:3]  # still at platform CS; the promise of KF2031 is the deadline
    text = build_urge(case, NOW).text()
    assert "平台在线客服（客服工号 KF2031）曾承诺“2小时内回复”，应于2026年6月1日 12:40前处理，至今未兑现" in text


def test_urge_before_the_deadline_warns_and_nothing_to_urge_blocks():
    case = full_case()
    sub = build_urge(case, NOW.shift(days=-13), reveal=True)  # 2026-06-02 10:00: the 48 h are still running
    assert [f.code for f in sub.findings] == ["not_overdue"]
    assert "尚未收到处理结果" in sub.text()
    empty = build_urge(full_case(timeline=[]), NOW)
    assert [f.code for f in empty.findings] == ["nothing_to_urge"] and empty.blocked and empty.text() == ""


def test_urge_in_english():
    text = build_urge(full_case(), NOW, letter_lang="en").text()
    assert "[Urge] Platform formal complaint (ticket / complaint no. TS-20260602-0086)" in text
    assert in_order(text, *HEADINGS["en"])


# -- the demo case a newcomer would paste into 12315 -------------------------------


def test_demo_k0001_12315_text_is_complete():
    cases, _ = build_demo(NOW)
    case = next(c for c in cases if c.id == "K-0001")
    case.timeline = [e for e in case.timeline if e.channel != "12315"]  # the moment before filing there
    for reveal in (False, True):
        sub = build_submission(case, "12315", NOW, reveal=reveal)
        text = sub.text()
        assert "${" not in text and "None" not in text and "【待补充" not in text
        assert not re.search(r"[：:][ \t]*\n", text), text
        assert not [f for f in sub.findings if f.severity == "block"]
        assert in_order(text, *HEADINGS["zh"])
        assert case.orders[0].number in text and "500.00元" in text
        assert case.entity.credit_code in text
        assert_citations_checked(text)
    assert "13800138421" in build_submission(case, "12315", NOW, reveal=True).text()


def test_demo_every_case_every_channel_renders():
    cases, groups = build_demo(NOW)
    for case in cases:
        group = groups[0] if case.group_id == groups[0].id else None
        for target in CHANNELS:
            for lang in ("zh", "en"):
                text = build_submission(case, target, NOW, letter_lang=lang, group=group).text()
                assert "${" not in text and "None" not in text
                assert in_order(text, *HEADINGS[lang])
                assert_citations_checked(text)
        text = build_urge(case, NOW).text()
        assert "${" not in text and "None" not in text


def test_amount_of_several_orders_is_the_total():
    case = full_case()
    case.orders.append(case.orders[0].__class__("HX2", Decimal("72.00"), "2026-06-01T11:00:00+08:00", "微信支付"))
    text = build_submission(case, "12315", NOW).text()
    assert "涉及金额：200.00元" in text and "共有2笔订单，合计200.00元" in text
    assert "订单号：HX20260601104522817、HX2" in text


def test_channels_that_know_the_user_by_account_sign_with_what_is_there():
    case = full_case(complainant=full_case().complainant.__class__())
    for sub in (build_submission(case, "platform-complaint", NOW), build_urge(case, NOW)):
        text = sub.text()
        assert "【待补充" not in text and "投诉人：" not in text and "联系电话：" not in text
        assert text.endswith("2026年6月15日")
    urge = build_urge(full_case(), NOW).text()
    assert urge.count("仍未解决") == 0 and "仍未收到答复" in urge


def test_odd_stored_data_does_not_break_the_text():
    case = full_case()
    case.add_event(ev("mystery", "weibo", "not a time", said="?"))
    case.timeline[1].deadline = "next week"
    group = Group(id="G-001", name="群")  # totals not computed (a damaged roster): no count, no total
    text = build_submission(case, "12315", NOW, group=group).text()
    assert "mystery" in text and "weibo" in text and "名消费者" not in text
    assert in_order(text, *HEADINGS["zh"])


@pytest.mark.parametrize("target", ["heimao", "jutousu", "platform-cs", "platform-complaint"])
def test_channels_not_needing_the_company_do_not_ask_for_it(target):
    case = full_case()
    case.entity = case.entity.__class__()
    sub = build_submission(case, target, NOW)
    assert "【待补充" not in sub.text()
    assert not sub.blocked
