"""tousu add and tousu log: ids, first submission, deadlines, event kinds, validation."""

from __future__ import annotations

import arrow
import pytest
from cli_helpers import NOW, assert_one_line_error

from cases.clock import parse_instant


def _case(run, case_id: str) -> dict:
    result = run("show", case_id, "--json", "--reveal")
    assert result.code == 0, result.err
    return result.json()


def _listed(run, case_id: str) -> dict:
    items = run("list", "--all", "--json").json()
    return next(item for item in items if item["id"] == case_id)


def test_add_prints_only_the_id(run):
    first = run("add", "--platform", "汇想卡盟", "--title", "充值500元未到账")
    assert (first.code, first.out, first.err) == (0, "K-0001\n", "")
    second = run("add", "--platform", "未来卡盟", "--title", "卡密无效")
    assert second.out == "K-0002\n"


def test_add_stores_fields(run):
    out = run(
        "add", "--platform", " 汇想卡盟 ", "--title", "充值未到账", "--category", "充值未到账",
        "--amount", "¥1,280.5", "--order", "HX2026061500001", "--paid-with", "支付宝",
    ).out.strip()
    case = _case(run, out)
    assert case["platform"] == "汇想卡盟"
    assert case["category"] == "recharge-missing"
    assert case["orders"] == [
        {"number": "HX2026061500001", "amount": "1280.50", "paid_at": None, "payment_channel": "支付宝", "payee": ""}
    ]
    assert case["amount"] == "1280.50"
    assert case["timeline"] == [] and case["deadline"] is None and case["status"] == "open"
    assert case["created"] == NOW


@pytest.mark.parametrize(
    "given", ["card-invalid", "卡密无效/失效", "Card code invalid or expired", "CARD CODE INVALID OR EXPIRED"]
)
def test_add_category_by_id_or_name(run, given):
    case_id = run("add", "--platform", "未来卡盟", "--title", "卡密", "--category", given).out.strip()
    assert _case(run, case_id)["category"] == "card-invalid"


def test_add_with_channel_records_the_submission_and_promise(run):
    case_id = run(
        "add", "--platform", "未来卡盟", "--title", "卡密无效", "--channel", "platform-cs",
        "--deadline", "2小时", "--ticket", "WL-KF-1",
    ).out.strip()
    case = _case(run, case_id)
    (event,) = case["timeline"]
    assert event["kind"] == "submitted" and event["channel"] == "platform-cs"
    assert event["at"] == NOW and event["ticket"] == "WL-KF-1"
    assert event["promised"] == "2小时"
    assert event["deadline"] == "2026-06-15T12:00:00+08:00"
    assert case["remaining_seconds"] == 7200 and case["deadline_kind"] == "promise"
    assert case["ticket"] == "WL-KF-1"


def test_add_without_deadline_uses_the_channel_clock(run):
    case_id = run("add", "--platform", "旺旺卡盟", "--title", "余额无法提现", "--channel", "12315",
                  "--submitted", "2026-06-12T10:00").out.strip()
    case = _case(run, case_id)
    (event,) = case["timeline"]
    assert event["deadline"] is None and event["promised"] == ""
    # Fri 06-12 + 7 working days (from the day after), skipping 端午节 (Fri 06-19): Wed 06-24.
    assert case["deadline"] == "2026-06-24T23:59:59+08:00"
    assert case["deadline_working_days"] is True and case["deadline_kind"] == "clock"
    # 12315 wants a follow-up every 4 (calendar) days: 06-16 10:00 comes before the deadline
    assert (case["follow_up"], case["next_kind"]) == ("2026-06-16T10:00:00+08:00", "follow_up")
    expected = int((parse_instant("2026-06-16T10:00:00+08:00") - parse_instant(NOW)).total_seconds())
    assert case["remaining_seconds"] == expected and case["countdown"] == "跟进 剩 1天"


def test_the_domain_example_over_golden_week(run, monkeypatch):
    # DOMAIN.md: a 12315 complaint received Tue 2026-09-29 must be decided by the end of 2026-10-14.
    monkeypatch.setenv("TOUSU_NOW", "2026-09-30T10:00")
    case_id = run("add", "--platform", "旺旺卡盟", "--title", "余额无法提现", "--channel", "12315",
                  "--submitted", "2026-09-29T10:00").out.strip()
    item = _listed(run, case_id)
    assert item["deadline"] == "2026-10-14T23:59:59+08:00"
    # Working days left, today included: 09-30, 10-08, 10-09, Sat 10-10 (调休), 10-12, 10-13, 10-14.
    assert item["countdown"] == "跟进 剩 3天"  # the follow-up (every 4 days) comes first
    shown = run("show", case_id).out
    assert "2026-10-14 23:59  剩 7个工作日" in shown


def test_add_deadline_relative_to_submitted(run):
    case_id = run("add", "--platform", "星辰卡盟", "--title", "客服推诿", "--channel", "platform-complaint",
                  "--submitted", "2026-06-14T09:00:00+08:00", "--deadline", "48h").out.strip()
    case = _case(run, case_id)
    assert case["timeline"][0]["deadline"] == "2026-06-16T09:00:00+08:00"
    assert case["remaining_seconds"] == 23 * 3600


def test_add_deadline_as_an_instant_utc(run):
    case_id = run("add", "--platform", "星辰卡盟", "--title", "x", "--channel", "platform-cs",
                  "--deadline", "2026-06-15T06:00:00Z").out.strip()
    assert _case(run, case_id)["timeline"][0]["deadline"] == "2026-06-15T14:00:00+08:00"


def test_add_cleans_control_characters(run):
    case_id = run("add", "--platform", "汇想\x1b[31m卡盟", "--title", "标题\x1b]0;evil\x07\u202e反转").out.strip()
    case = _case(run, case_id)
    assert "\x1b" not in case["title"] and "\u202e" not in case["title"] and "\x07" not in case["title"]
    assert case["title"].startswith("标题") and "\x1b" not in case["platform"]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--channel", "weibo"], "未知渠道 “weibo”"),
        (["--category", "不存在"], "未知类别"),
        (["--amount", "12.345"], "金额无效"),
        (["--amount", "-5"], "金额无效"),
        (["--deadline", "2小时"], "--deadline 需要同时指定 --channel"),
        (["--channel", "platform-cs", "--deadline", "明天吧"], "无法识别的期限"),
        (["--channel", "platform-cs", "--submitted", "昨天吧"], "--submitted 不是有效的时间"),
        (["--channel", "platform-cs", "--submitted", "明天10点"], "晚于现在"),
        (["--channel", "platform-cs", "--submitted", "2月30日"], "--submitted：没有这一天：“2月30日”"),
        (["--channel", "platform-cs", "--submitted", "晚上3点"], "--submitted：“晚上3点”不清楚是哪一天"),
        (["--channel", "platform-cs", "--deadline", "2月30日 10点"], "--deadline：没有这一天"),
        (["--channel", "platform-cs", "--submitted", "2101年1月1日"], "年份须在 1970 至 2100 年之间"),
        (["--channel", "platform-cs", "--submitted", "2030-01-01T00:00"], "晚于现在"),
        (["--channel", "platform-cs", "--submitted", "2026-06-15T09:00", "--deadline", "2026-06-15T08:00"],
         "早于提交时间"),
    ],
)
def test_add_rejects_bad_values(run, args, fragment):
    result = run("add", "--platform", "汇想卡盟", "--title", "标题", *args)
    assert_one_line_error(result, fragment)
    assert result.out == ""
    assert run("list", "--all", "--json").json() == []  # nothing was stored


def test_add_requires_platform_and_title(run):
    assert_one_line_error(run("add", "--title", "x"), "--platform", "tousu add -h")
    assert_one_line_error(run("add", "--platform", "x", "--title", "  "), "--title 不能为空")


def test_log_default_kinds_and_the_current_channel(run):
    case_id = run("add", "--platform", "汇想卡盟", "--title", "充值未到账", "--channel", "platform-cs").out.strip()
    same = run("log", case_id, "--channel", "platform-cs", "--note", "客服说在处理", "--agent", "KF2031")
    assert same.code == 0 and "沟通" in same.out
    other = run("log", case_id.lower().replace("k-", "k"), "--channel", "platform-complaint", "--ticket", "TS-1")
    assert other.code == 0 and "提交" in other.out and "平台正式投诉" in other.out
    explicit = run("log", "1", "--channel", "platform-complaint", "--kind", "urged")
    assert explicit.code == 0 and "催办" in explicit.out
    timeline = _case(run, case_id)["timeline"]
    assert [(e["kind"], e["channel"]) for e in timeline] == [
        ("submitted", "platform-cs"),
        ("contact", "platform-cs"),
        ("submitted", "platform-complaint"),
        ("urged", "platform-complaint"),
    ]
    assert timeline[1]["said"] == "客服说在处理" and timeline[1]["agent"] == "KF2031"
    listed = _listed(run, case_id)
    assert listed["channel"] == "platform-complaint" and listed["ticket"] == "TS-1"


def test_log_changes_the_deadline(run):
    case_id = run("add", "--platform", "汇想卡盟", "--title", "充值未到账", "--channel", "platform-cs").out.strip()
    assert _listed(run, case_id)["remaining_seconds"] == 24 * 3600  # platform CS default: 24 h
    promised = run("log", case_id, "--channel", "platform-cs", "--note", "2小时内回复", "--deadline", "2小时内")
    assert promised.code == 0 and "2026-06-15 12:00" in promised.out and "剩 2小时" in promised.out
    assert _listed(run, case_id)["remaining_seconds"] == 2 * 3600
    escalated = run("log", case_id, "--channel", "12315", "--ticket", "1440305202606150001")
    assert escalated.code == 0
    item = _listed(run, case_id)
    assert item["channel"] == "12315" and item["tier"] == 2
    assert item["deadline"] == "2026-06-25T23:59:59+08:00"  # Mon + 7 working days, 端午节 skipped
    assert item["deadline_working_days"] is True


def test_log_at_an_earlier_time(run):
    case_id = run("add", "--platform", "汇想卡盟", "--title", "x", "--channel", "heimao",
                  "--submitted", "2026-06-10T10:00").out.strip()
    assert _listed(run, case_id)["remaining_seconds"] == -3 * 86400
    run("log", case_id, "--channel", "heimao", "--kind", "submitted", "--at", "2026-06-14T10:00")
    assert _listed(run, case_id)["remaining_seconds"] == 86400


def test_log_note_never_takes_a_deadline(run):
    run("add", "--platform", "汇想卡盟", "--title", "x", "--channel", "heimao")
    assert_one_line_error(run("log", "1", "--channel", "heimao", "--kind", "note", "--deadline", "2h"), "备注")
    ok = run("log", "1", "--channel", "heimao", "--kind", "note", "--note", "多行\n备注")
    assert ok.code == 0
    assert _case(run, "1")["timeline"][-1]["said"] == "多行\n备注"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["K-0042", "--channel", "heimao"], "找不到案件 K-0042"),
        (["abc", "--channel", "heimao"], "不是案件编号"),
        (["1", "--channel", "nope"], "未知渠道"),
        (["1"], "--channel"),
        (["1", "--channel", "heimao", "--kind", "called"], "--kind"),
    ],
)
def test_log_errors(run, args, fragment):
    run("add", "--platform", "汇想卡盟", "--title", "x")
    assert_one_line_error(run("log", *args), fragment)


def test_english_messages(run):
    result = run("--lang", "en", "add", "--platform", "x", "--title", "y", "--channel", "weibo")
    assert_one_line_error(result, "tousu: error: unknown channel \"weibo\"", "platform-cs")
    case_id = run("add", "--platform", "x", "--title", "y", "--channel", "heimao").out.strip()
    logged = run("log", case_id, "--channel", "heimao", "--lang", "en")
    assert logged.out.startswith(f"{case_id}: recorded contact (Heimao") and "2d left" in logged.out


def test_tousu_now_must_be_valid(run, monkeypatch):
    monkeypatch.setenv("TOUSU_NOW", "下周一")
    assert_one_line_error(run("list"), "TOUSU_NOW")


def test_system_clock_without_tousu_now(run, monkeypatch):
    monkeypatch.delenv("TOUSU_NOW")
    before = arrow.utcnow().replace(microsecond=0)
    case_id = run("add", "--platform", "x", "--title", "y", "--channel", "platform-cs").out.strip()
    at = parse_instant(_case(run, case_id)["timeline"][0]["at"])
    assert before <= at <= arrow.utcnow()


def test_log_hints_at_a_duration_in_the_note_without_applying_it(run):
    case_id = run("add", "--platform", "汇想卡盟", "--title", "充值未到账", "--channel", "platform-cs").out.strip()
    logged = run("log", case_id, "--channel", "platform-cs", "--note", "客服答应2小时内回复")
    assert logged.code == 0 and "剩 1天" in logged.out  # the channel's 24 h, not the note's 2 h
    assert logged.err == "tousu: 提示：备注中提到“2小时内”，但没有设为期限；要按它倒计时，请加上 --deadline 2小时\n"
    assert _listed(run, case_id)["remaining_seconds"] == 24 * 3600
    assert _case(run, case_id)["timeline"][-1]["deadline"] is None
    # what the hint says to type works
    taken = run("log", case_id, "--channel", "platform-cs", "--note", "客服答应2小时内回复", "--deadline", "2小时")
    assert taken.code == 0 and taken.err == "" and "剩 2小时" in taken.out


def test_log_hint_in_english_quotes_a_value_with_spaces(run):
    run("add", "--platform", "汇想卡盟", "--title", "x", "--channel", "platform-cs")
    logged = run("--lang", "en", "log", "1", "--channel", "platform-cs", "--note", "agent: reply within 1 day 12 hours")
    assert logged.code == 0
    assert logged.err == (
        'tousu: hint: the note mentions "1 day 12 hours", which was not set as the deadline; '
        "to count down to it, add --deadline '1d 12h'\n"
    )


@pytest.mark.parametrize(
    "extra",
    [
        ["--note", "客服答应2小时内回复", "--deadline", "3小时"],  # a deadline given: nothing to hint
        ["--note", "客服说在处理"],  # no duration in the note
        ["--kind", "note", "--note", "已等了3天"],  # a note takes no deadline at all
        [],
    ],
)
def test_log_without_a_hint(run, extra):
    run("add", "--platform", "汇想卡盟", "--title", "x", "--channel", "platform-cs")
    logged = run("log", "1", "--channel", "platform-cs", *extra)
    assert logged.code == 0 and logged.err == ""


# -- times typed as people say them, against the command's clock (TOUSU_NOW) -------------
# NOW is Mon 2026-06-15 10:00 Asia/Shanghai.
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("昨天10点", "2026-06-14T10:00:00+08:00"),
        ("昨天 10:30", "2026-06-14T10:30:00+08:00"),
        ("今天 9:30", "2026-06-15T09:30:00+08:00"),
        ("前天", "2026-06-13T00:00:00+08:00"),
        ("今天", "2026-06-15T00:00:00+08:00"),
        ("3小时前", "2026-06-15T07:00:00+08:00"),
        ("30分钟前", "2026-06-15T09:30:00+08:00"),
        ("2天前", "2026-06-13T10:00:00+08:00"),
        ("上午9点半", "2026-06-15T09:30:00+08:00"),
        ("凌晨2点", "2026-06-15T02:00:00+08:00"),
        ("6-1 10:00", "2026-06-01T10:00:00+08:00"),
        ("6月1日 下午3点", "2026-06-01T15:00:00+08:00"),
        ("11-30 10:00", "2025-11-30T10:00:00+08:00"),  # this year's would be in the future: last year's
        ("上周五", "2026-06-12T00:00:00+08:00"),
        ("周日 晚上8点", "2026-06-14T20:00:00+08:00"),
        ("yesterday 10:00", "2026-06-14T10:00:00+08:00"),
        ("3h ago", "2026-06-15T07:00:00+08:00"),
        ("2026-06-12T10:00", "2026-06-12T10:00:00+08:00"),  # ISO 8601 as before
    ],
)
def test_add_submitted_as_people_say_it(run, typed, expected):
    result = run("add", "--platform", "汇想卡盟", "--title", "x", "--channel", "platform-cs", "--submitted", typed)
    assert (result.code, result.err) == (0, "")
    assert _case(run, result.out.strip())["timeline"][0]["at"] == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("明天上午10点", "2026-06-16T10:00:00+08:00"),
        ("今天下午3点", "2026-06-15T15:00:00+08:00"),
        ("晚上8点", "2026-06-15T20:00:00+08:00"),
        ("明天", "2026-06-16T23:59:59+08:00"),  # a day: to its end
        ("6-20", "2026-06-20T23:59:59+08:00"),
        ("周五", "2026-06-19T23:59:59+08:00"),  # the next Friday
        ("下周一", "2026-06-22T23:59:59+08:00"),
        ("6月16日 24点", "2026-06-16T23:59:59+08:00"),
        ("tomorrow 10am", "2026-06-16T10:00:00+08:00"),
        ("2026-06-20", "2026-06-20T23:59:59+08:00"),
    ],
)
def test_add_deadline_as_people_say_it(run, typed, expected):
    result = run("add", "--platform", "汇想卡盟", "--title", "x", "--channel", "platform-cs", "--deadline", typed)
    assert (result.code, result.err) == (0, "")
    (event,) = _case(run, result.out.strip())["timeline"]
    assert (event["deadline"], event["promised"]) == (expected, typed)


def test_log_at_and_deadline_said_relative_to_now(run):
    case_id = run("add", "--platform", "汇想卡盟", "--title", "充值未到账", "--channel", "platform-cs",
                  "--submitted", "前天 9点").out.strip()
    logged = run("log", case_id, "--channel", "platform-cs", "--at", "昨天 15:30", "--note", "客服说明天上午给答复",
                 "--deadline", "明天上午10点")
    assert logged.code == 0, logged.err
    assert "2026-06-16 10:00" in logged.out  # tomorrow from now (Mon), not from the entry's Sunday
    entry = _case(run, case_id)["timeline"][-1]
    assert (entry["at"], entry["deadline"], entry["promised"]) == (
        "2026-06-14T15:30:00+08:00", "2026-06-16T10:00:00+08:00", "明天上午10点")


def test_log_english_times(run):
    run("add", "--platform", "汇想卡盟", "--title", "x", "--channel", "platform-cs")
    logged = run("--lang", "en", "log", "1", "--channel", "platform-cs", "--at", "30 min ago", "--deadline",
                 "tomorrow 10am")
    assert logged.code == 0, logged.err
    entry = _case(run, "1")["timeline"][0]  # in time order: before the filing at 10:00
    assert (entry["at"], entry["deadline"]) == ("2026-06-15T09:30:00+08:00", "2026-06-16T10:00:00+08:00")
    refused = run("--lang", "en", "log", "1", "--channel", "platform-cs", "--at", "2月30日")
    assert_one_line_error(refused, 'tousu: error: --submitted: No such day: "2月30日"')


def test_times_in_words_follow_tousu_now_across_the_year(run, monkeypatch):
    monkeypatch.setenv("TOUSU_NOW", "2027-01-01T00:30:00+08:00")
    case_id = run("add", "--platform", "汇想卡盟", "--title", "x", "--channel", "platform-cs",
                  "--submitted", "12-31 22:00", "--deadline", "1-5").out.strip()
    (event,) = _case(run, case_id)["timeline"]
    assert (event["at"], event["deadline"]) == ("2026-12-31T22:00:00+08:00", "2027-01-05T23:59:59+08:00")
    logged = run("log", case_id, "--channel", "platform-cs", "--at", "昨天 23:00")
    assert logged.code == 0
    assert _case(run, case_id)["timeline"][-1]["at"] == "2026-12-31T23:00:00+08:00"


def test_a_payment_time_set_in_words(run):
    case_id = run("add", "--platform", "汇想卡盟", "--title", "x", "--amount", "10", "--set",
                  "order.paid_at=昨天 21:30").out.strip()
    assert _case(run, case_id)["orders"][0]["paid_at"] == "2026-06-14T21:30:00+08:00"


def test_list_due_within_takes_a_day_in_words(run):
    run("add", "--platform", "汇想卡盟", "--title", "两小时", "--channel", "platform-cs", "--deadline", "2小时")
    # (on 12315: platform-cs would want a follow-up tomorrow, before the promise)
    run("add", "--platform", "汇想卡盟", "--title", "后天", "--channel", "12315", "--deadline", "后天")
    due = run("list", "--json", "--due-within", "明天")
    assert due.code == 0 and [item["title"] for item in due.json()] == ["两小时"]


# -- a title given with several lines ----------------------------------------------------
def test_add_title_with_several_lines_keeps_them_as_the_first_note(run):
    result = run("add", "--platform", "汇想卡盟", "--title", "充值未到账\n订单 HX-9，昨天付款\n\n客服\x1b[31m不回复\n")
    assert result.code == 0
    assert result.err == "tousu: 注意：标题只取 --title 的第一行；其余 3 行已存为案件备注\n"
    case = _case(run, result.out.strip())
    assert case["title"] == "充值未到账"
    assert case["notes"] == "订单 HX-9，昨天付款\n\n客服[31m不回复"


def test_add_title_on_one_line_says_nothing(run):
    result = run("add", "--platform", "汇想卡盟", "--title", "  充值未到账  \n\n")
    assert (result.code, result.err) == (0, "")
    case = _case(run, result.out.strip())
    assert (case["title"], case["notes"]) == ("充值未到账", "")


def test_add_title_lines_in_english_and_with_notes_set_too(run):
    result = run("--lang", "en", "add", "--platform", "x", "--title", "Card code invalid\nbought on 11-20",
                 "--set", "notes=agent KF0716 promised a refund")
    assert result.err == ("tousu: note: the title is the first line of --title; "
                          "the rest (1 more) is stored as the case's notes\n")
    assert _case(run, result.out.strip())["notes"] == "bought on 11-20\nagent KF0716 promised a refund"
