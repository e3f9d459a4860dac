"""What each text says: calm, lawful, dated the right way, in its own language.

Cases are built here (not only the demo); findings are checked in both UI languages.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from escalation_helpers import ID_NUMBER, NOW, PHONE, at, ev, full_case, in_order

from cases.categories import categories
from cases.channels import ladder
from cases.demo import build_demo
from cases.escalation import build_submission, build_urge
from cases.model import Complainant, Demands, Group
from cases.roster import Participant, RosterOrder, totals

#: Texts to these never end in an ultimatum or a threat (DOMAIN "Writing a submission").
CALM = [cid for cid, chan in ladder().items() if chan.letter and chan.addressee not in ("merchant",)]
THREATS = re.compile(r"本人将|否则|若届时|若于|将向|将依法|I will|[Oo]therwise|If this is not|or I ")
#: A date with a minute written as "3时52分": never; deadlines are "…24时" or "… HH:MM".
ODD_TIME = re.compile(r"\d时\d+分")


def _cases():
    """A spread of cases: every category, marked and unmarked, for someone else, in a group."""
    for cat in categories():
        yield full_case(category=cat)
        yield full_case(category=cat, fraud=True, contract_denied=True)
    yield full_case(filed_for_other=True, power_of_attorney=True)
    yield full_case(orders=[])


def _group() -> Group:
    return Group(id="G-001", name="集体维权",
                 totals=totals([Participant(name="张三丰", orders=[RosterOrder("A1", "100.00")])]))


def _urge_stages():
    """Cases sitting at each calm channel, at each stage of its clock, with the time to urge."""
    submitted = full_case()
    submitted.add_event(ev("submitted", "12315", "2026-06-03T09:00:00+08:00", ticket="1440305"))
    yield submitted, at("2026-06-05T10:00:00+08:00")  # before the 7 working days are over
    yield submitted, NOW.shift(days=10)  # after them
    accepted = full_case()
    accepted.add_event(ev("submitted", "12315", "2026-06-03T09:00:00+08:00", ticket="1440305"))
    accepted.add_event(ev("accepted", "12315", "2026-06-08T09:00:00+08:00", ticket="1440305"))
    yield accepted, NOW  # mediating
    yield accepted, at("2026-08-20T10:00:00+08:00")  # 45 working days over
    report = full_case()
    report.add_event(ev("submitted", "12315-report", "2026-06-03T09:00:00+08:00", ticket="2440305"))
    yield report, NOW
    yield report, NOW.shift(days=30)
    for cid in ("consumer-assoc", "police", "court", "payment"):
        case = full_case()
        case.add_event(ev("submitted", cid, "2026-06-03T09:00:00+08:00", ticket="X-1"))
        yield case, NOW


@pytest.mark.parametrize("ui", ["zh", "en"])
@pytest.mark.parametrize("letter", ["zh", "en"])
def test_no_text_to_a_regulator_mediator_police_or_court_carries_an_ultimatum(ui, letter):
    for case in _cases():
        for target in CALM:
            for reveal in (False, True):
                text = build_submission(case, target, NOW, lang=ui, letter_lang=letter, reveal=reveal,
                                        group=_group()).text()
                assert not THREATS.search(text), (case.category, target, THREATS.search(text), text)


@pytest.mark.parametrize("letter", ["zh", "en"])
def test_no_urge_to_them_carries_an_ultimatum(letter):
    for case, when in _urge_stages():
        text = build_urge(case, when, letter_lang=letter).text()
        assert not THREATS.search(text), (case.current_channel, text)


def test_the_demo_texts_to_them_are_calm_too():
    cases, groups = build_demo(NOW)
    for case in cases:
        group = groups[0] if case.group_id == groups[0].id else None
        for target in CALM:
            assert not THREATS.search(build_submission(case, target, NOW, group=group).text()), (case.id, target)
        if case.current_channel in CALM:
            assert not THREATS.search(build_urge(case, NOW).text()), case.id


def test_a_text_to_the_platform_may_name_the_next_step():
    merchant = build_submission(full_case(), "platform-complaint", NOW).text()
    assert THREATS.search(merchant)  # the pattern above does catch the merchant's deadline sentence
    assert THREATS.search(build_submission(full_case(), "heimao", NOW, letter_lang="en").text())
    assert "若于2026年6月17日 10:00前仍未处理，本人将向全国12315平台投诉。" in \
        build_submission(full_case(), "platform-complaint", NOW).text()


# -- 催办 and statutory dates ------------------------------------------------------------
def _asked_dates(text: str) -> list[str]:
    return re.findall(r"请于(\d{4}年\d+月\d+日(?:24时| \d\d:\d\d))前", text)


def test_urging_12315_early_names_the_statutory_date_never_an_earlier_one():
    case = next(iter(_urge_stages()))[0]
    text = build_urge(case, at("2026-06-05T10:00:00+08:00")).text()
    # 7 working days from Wed 06-03 (端午 Fri 06-19 off): Fri 06-12
    assert _asked_dates(text) == ["2026年6月12日24时"]
    assert "依据《市场监督管理投诉举报处理暂行办法》第十四条，应于2026年6月12日24时前作出是否受理的决定" in text


def test_urging_12315_after_the_7_working_days_asks_for_the_decision():
    case = next(iter(_urge_stages()))[0]
    text = build_urge(case, NOW.shift(days=10)).text()
    assert "至今未收到决定" in text and "请依法尽快作出是否受理的决定并告知本人" in text
    assert _asked_dates(text) == []


def test_urging_12315_during_mediation_asks_for_progress():
    stages = list(_urge_stages())
    text = build_urge(stages[2][0], NOW).text()
    assert "本案已于2026年6月8日 09:00受理" in text and "第二十一条" in text and "请告知调解进展" in text


def test_after_45_working_days_the_urge_asks_for_the_termination_notice():
    stages = list(_urge_stages())
    text = build_urge(stages[3][0], at("2026-08-20T10:00:00+08:00")).text()
    assert "已满四十五个工作日" in text and "终止调解" in text and "七个工作日内告知" in text
    assert "请依法作出终止调解的决定并告知本人" in text


def test_urging_a_report_allows_for_the_extension():
    stages = list(_urge_stages())
    overdue = build_urge(stages[5][0], NOW.shift(days=30)).text()
    assert "《市场监督管理行政处罚程序规定》第十八条" in overdue and "延长十五个工作日" in overdue


def test_the_next_step_after_12315_mediation_is_the_consumer_association_or_the_court():
    from cases.escalation import suggest_targets

    stages = list(_urge_stages())
    case = stages[3][0]
    case.add_event(ev("result", "12315", "2026-08-21T10:00:00+08:00", said="终止调解。"))
    assert suggest_targets(case, at("2026-08-22T10:00:00+08:00"))[:2] == ["consumer-assoc", "court"]


# -- promises and clocks ------------------------------------------------------------------
def test_promise_is_said_only_when_one_was_logged():
    case = full_case()
    case.timeline[1].promised, case.timeline[1].deadline = "", None
    for target in ("12315", "platform-complaint"):
        assert "对方承诺" not in build_submission(case, target, NOW).text()
        assert "Promised" not in build_submission(case, target, NOW, letter_lang="en").text()


def test_a_typed_duration_is_shown_in_words():
    case = full_case()
    case.timeline[1].promised = "48h"
    text = build_submission(case, "12315", NOW).text()
    assert "对方承诺：48小时内处理（期限" in text and "48h" not in text
    case.timeline[1].promised = "3个工作日"
    assert "对方承诺：3个工作日内处理" in build_submission(case, "12315", NOW).text()
    assert "Promised: to deal with it within 3 working days" in \
        build_submission(case, "12315", NOW, letter_lang="en").text()


def test_a_promise_logged_only_as_a_deadline():
    case = full_case()
    case.timeline[1].promised = ""
    text = build_submission(case, "12315", NOW).text()
    assert "对方承诺：2026年6月1日 12:40前处理。" in text


@pytest.mark.parametrize("typed", ["明天上午10点", "今天下午2点", "2026-06-01 12:40", "周一"])
def test_a_promise_typed_as_a_time_is_written_as_its_deadline(typed):
    """"明天上午10点" meant the day it was logged: a letter written later names the date."""
    case = full_case()
    case.timeline[1].promised = typed
    text = build_submission(case, "12315", NOW).text()
    assert "对方承诺：2026年6月1日 12:40前处理。" in text and typed not in text


def test_a_promise_in_other_words_is_quoted_as_logged():
    case = full_case()
    case.timeline[1].promised = "今天18点前回复"
    assert "对方承诺：今天18点前回复" in build_submission(case, "12315", NOW).text()


def test_a_missed_practice_clock_is_plain_dates_a_statutory_one_names_its_rule():
    case = full_case()
    case.add_event(ev("submitted", "12315", "2026-06-02T10:00:00+08:00"))
    text = build_submission(case, "consumer-assoc", at("2026-06-20T10:00:00+08:00")).text()
    assert "平台正式投诉（工单/投诉编号 TS-20260602-0086）提交投诉：向投诉邮箱发送正式投诉。截至2026年6月4日 09:00未获答复。" in text
    assert "对方未在《市场监督管理投诉举报处理暂行办法》第十四条规定的时限（2026年6月11日24时前）作出答复。" in text


@pytest.mark.parametrize("letter", ["zh", "en"])
def test_one_time_style_and_the_date_is_signed_once(letter):
    for target in [cid for cid, chan in ladder().items() if chan.letter]:
        text = build_submission(full_case(), target, NOW, letter_lang=letter).text()
        assert not ODD_TIME.search(text), (target, ODD_TIME.search(text))
    for text in (build_submission(full_case(), "platform-complaint", NOW, letter_lang=letter).text(),
                 build_submission(full_case(), "payment", NOW, letter_lang=letter).text(),
                 build_urge(full_case(), NOW, letter_lang=letter).text()):
        day = "2026年6月15日" if letter == "zh" else "2026-06-15"
        lines = text.rstrip().split("\n")
        assert lines[-1] == day and day not in lines[-2], lines[-3:]


# -- outlines -----------------------------------------------------------------------------
def test_the_court_outline_for_a_data_leak_asks_to_stop_delete_and_compensate():
    case = full_case(category="data-leak", orders=[], demands=Demands(basic="删除我的个人信息。",
                                                                       compensation="赔偿精神损失1000元"))
    text = build_submission(case, "court", NOW).text()
    assert in_order(text, "诉讼请求：", "1. 判令被告停止侵害原告个人信息权益的行为；", "2. 判令被告删除",
                    "3. 判令被告赔偿原告损失（赔偿精神损失1000元）；", "4. 本案诉讼费用由被告承担。")
    assert "价款" not in text and "原告的诉求：删除我的个人信息。" in text


def test_a_court_outline_with_nothing_paid_never_says_the_price_was_taken():
    for cat in categories():
        text = build_submission(full_case(category=cat, orders=[]), "court", NOW).text()
        assert "收取原告价款" not in text and "返还原告已支付" not in text, cat


def test_the_court_outline_for_prepaid_and_renewal_names_what_was_taken():
    assert "返还原告预付的款项128.00元，并支付相应利息" in \
        build_submission(full_case(category="membership-missing"), "court", NOW).text()
    assert "返还未经原告同意自动续费扣取的款项128.00元" in \
        build_submission(full_case(category="forced-renewal"), "court", NOW).text()


def test_the_police_outline_for_fraud_names_payee_site_and_loss():
    case = full_case(category="ran-away")
    text = build_submission(case, "police", NOW, reveal=True).text()
    for part in ("涉嫌违法的经营者：深圳市汇想数字科技有限公司", "法定代表人：王建华", "网站地址：https://www.hxkm.example",
                 "收款方：深圳市汇想数字科技有限公司", "涉案金额（本人损失）：128.00元", "追缴涉案资金"):
        assert part in text, part


def test_the_police_outline_for_theft_names_an_unknown_thief_and_the_platform_as_witness():
    text = build_submission(full_case(category="account-theft"), "police", NOW).text()
    assert "嫌疑人：盗用本人账号的不明身份人员" in text and "持有本人账号的登录和交易日志" in text
    assert "涉嫌违法的经营者" not in text and "被报案单位" not in text
    assert "调取平台的登录和交易日志" in text and "被盗刷金额：128.00元" in text


def test_the_police_outline_for_illegal_goods_asks_no_money_back():
    text = build_submission(full_case(category="illegal-goods"), "police", NOW).text()
    assert "涉嫌售卖非法虚拟商品的经营者" in text and "不要求退还" in text
    assert "追缴" not in text and "挽回损失" not in text and "诈骗" not in text


def test_a_civil_dispute_forced_to_the_police_accuses_no_one():
    text = build_submission(full_case(category="not-as-described"), "police", NOW).text()
    assert "请求依法审查上述事实是否涉嫌违法犯罪" in text
    assert "追缴" not in text and "诈骗" not in text and "涉嫌违法的经营者" not in text


# -- citations ----------------------------------------------------------------------------
def test_auto_renewal_cites_the_online_transactions_measures():
    for target in ("12315", "12315-report"):
        assert "《网络交易监督管理办法》第十八条" in build_submission(full_case(category="forced-renewal"), target, NOW).laws


def test_prepaid_memberships_cite_article_53():
    assert "《消费者权益保护法》第五十三条" in build_submission(full_case(category="membership-missing"), "12315", NOW).laws


def test_filing_for_someone_else_cites_article_10_and_a_group_article_11():
    sub = build_submission(full_case(filed_for_other=True, power_of_attorney=True), "12315", NOW)
    assert "《市场监督管理投诉举报处理暂行办法》第十条" in sub.laws and "授权委托书原件" in sub.text()
    grouped = build_submission(full_case(), "12315", NOW, group=_group())
    assert "《市场监督管理投诉举报处理暂行办法》第十一条" in grouped.laws and "共同投诉" in grouped.text()


def test_a_report_asks_for_no_money_so_it_cites_no_civil_compensation_article():
    case = full_case(category="ran-away", fraud=True, contract_denied=True)
    sub = build_submission(case, "12315-report", NOW)
    for citation in ("第四十四条", "第五十八条", "第四十九条第二款", "第五十五条", "第五十三条"):
        assert citation not in sub.text(), citation
    assert "《市场监督管理行政处罚程序规定》第十八条" in sub.laws
    assert "本举报不含退款诉求" in sub.text()


def test_49_2_only_where_the_platform_denied_the_contract():
    assert "第四十九条第二款" not in build_submission(full_case(), "12315", NOW).text()
    text = build_submission(full_case(contract_denied=True), "12315", NOW).text()
    assert "第四十九条第二款" in text and "平台声称合同不成立" in text


# -- languages ----------------------------------------------------------------------------
def test_the_letter_is_chinese_whatever_the_ui_language():
    sub = build_submission(full_case(), "12315", NOW, lang="en")
    assert sub.text().startswith("全国12315平台投诉") and sub.letter_lang == "zh"
    assert any("12315 complaint" in f.message for f in sub.findings)  # findings follow the UI
    english = build_submission(full_case(), "12315", NOW, letter_lang="en")
    assert english.text().startswith("National 12315") and english.letter_lang == "en"
    assert any("全国12315平台投诉" in f.message for f in english.findings)


# -- public pages -------------------------------------------------------------------------
CARD = "6222021234567890128"


@pytest.mark.parametrize("target", ["heimao", "jutousu"])
def test_a_public_page_never_carries_an_id_or_card_number_even_revealed(target):
    case = full_case(notes=f"身份证{ID_NUMBER}，银行卡{CARD}，电话{PHONE}",
                     complainant=Complainant(name="李文博", phone=PHONE, id_number=ID_NUMBER))
    case.orders[0].payment_channel = f"银行卡 {CARD}"
    revealed = build_submission(case, target, NOW, reveal=True).text()
    assert ID_NUMBER not in revealed and CARD not in revealed
    assert PHONE in revealed  # what the user chose to show, after being asked
    assert CARD in build_submission(case, "12315", NOW, reveal=True).text()  # a regulator may see it


def test_amounts_in_a_text_are_the_orders_within_the_limit():
    case = full_case()
    case.orders.append(case.orders[0].__class__("HX2", Decimal("72.00"), "2026-06-01T11:00:00+08:00", "微信支付"))
    assert "涉及金额：200.00元" in build_submission(case, "12315", NOW).text()


def test_the_complainants_name_is_masked_wherever_it_was_typed():
    case = full_case(notes="李文博本人多次联系客服，李文博的手机是13800138421。")
    case.timeline[0].said = "李文博提交工单"
    text = build_submission(case, "12315", NOW).text()
    assert "李文博" not in text and "李**本人多次联系客服" in text and "李**提交工单" in text
    assert "李文博本人" in build_submission(case, "12315", NOW, reveal=True).text()


def test_a_long_history_lists_the_decisive_contacts_and_the_latest():
    """A case chased daily for months: the letter lists 40 contacts, every filing and
    promise among them, under a line saying how many there were; not a chat log."""
    from cases.letter_contacts import MAX_CONTACTS

    case = full_case()
    first = list(case.timeline)
    chats = [ev("contact", "platform-cs", f"2026-05-{1 + n // 48:02d}T{(n % 48) // 2:02d}:{30 * (n % 2):02d}:00+08:00",
                said=f"第{n}次催问") for n in range(300)]
    case.timeline = chats + first
    text = build_submission(case, "12315", NOW).text()
    section = text.split("【沟通经过】")[1].split("\n\n")[0]
    lines = [line for line in section.splitlines()[1:] if line.strip()]
    assert lines[0] == f"（共记录{300 + len(first)}次联系，以下列出其中{MAX_CONTACTS}次：全部提交、受理、处理结果和承诺，以及最近的联系。）"
    assert len(lines) == 1 + MAX_CONTACTS
    for part in ("GD0001", "KF2031", "TS-20260602-0086", "第299次催问"):
        assert part in section, part
    assert "第0次催问" not in section
    english = build_submission(case, "12315", NOW, lang="en", letter_lang="en").text()
    assert f"({300 + len(first)} contacts were recorded; the {MAX_CONTACTS} below" in english
    assert "（共记录" not in build_submission(full_case(), "12315", NOW).text()  # a short history: all of it
