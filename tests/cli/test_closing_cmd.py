"""tousu close / reopen, results with an outcome in tousu log, closed cases refusing urge and
escalate, filing moving a case to 等待回复, and the status words everywhere."""

from __future__ import annotations

import pytest
from cli_helpers import NOW, assert_one_line_error

CLOSED_STATUSES = ("resolved", "partly_resolved", "refused", "unanswered", "withdrawn")


def _case(run, case_id: str) -> dict:
    result = run("show", case_id, "--json", "--reveal")
    assert result.code == 0, result.err
    return result.json()


def _add(run, *extra: str, amount: str = "500") -> str:
    result = run("add", "--platform", "汇想卡盟", "--title", "充值未到账", "--amount", amount, *extra)
    assert result.code == 0, result.err
    return result.out.strip()


def _filed(run) -> str:
    return _add(run, "--channel", "12315", "--submitted", "2026-06-01T10:00", "--ticket", "1440305")


def test_close_records_the_result_and_closes(run):
    case_id = _filed(run)
    result = run("close", case_id, "--outcome", "refunded_part", "--refunded", "¥200", "--on", "2026-06-14",
                 "--note", "平台只退了一部分")
    assert (result.code, result.err) == (0, "")
    assert result.out == "K-0001：已结案（部分解决：部分退款 ¥200.00（2026-06-14 到账））\n"
    case = _case(run, case_id)
    assert case["status"] == "partly_resolved" and case["status_name"] == "部分解决"
    event = case["timeline"][-1]
    assert (event["kind"], event["channel"], event["at"], event["said"]) == ("result", "12315", NOW, "平台只退了一部分")
    assert (event["outcome"], event["refunded"], event["refunded_on"]) == ("refunded_part", "200.00", "2026-06-14")
    assert case["deadline"] is None and case["countdown"] == "—"  # a closed case has no countdown


@pytest.mark.parametrize("outcome, status", [("refunded_full", "resolved"), ("delivered", "resolved"),
                                             ("refused", "refused"), ("no_reply", "unanswered"),
                                             ("withdrawn", "withdrawn"), ("始终无回复", "unanswered")])
def test_the_outcome_decides_the_status(run, outcome, status):
    case_id = _filed(run)
    assert run("close", case_id, "--outcome", outcome).code == 0
    assert _case(run, case_id)["status"] == status


def test_a_full_refund_defaults_to_the_total_and_the_channel_can_be_named(run):
    case_id = _filed(run)
    result = run("close", case_id, "--outcome", "refunded_full", "--channel", "heimao")
    assert result.out == "K-0001：已结案（已解决：全额退款 ¥500.00（2026-06-15 到账））\n"
    event = _case(run, case_id)["timeline"][-1]
    assert (event["channel"], event["refunded"], event["refunded_on"]) == ("heimao", "500.00", "2026-06-15")


@pytest.mark.parametrize("args, fragments", [
    (("--outcome", "refund"), ("未知结果 “refund”", "refunded_full（全额退款）")),
    (("--outcome", "refunded_part"), ("需要给出退款金额", "--refunded")),
    (("--outcome", "refunded_part", "--refunded", "500"), ("不少于订单合计 500.00 元", "refunded_full")),
    (("--outcome", "refunded_full", "--refunded", "100"), ("少于订单合计", "refunded_part")),
    (("--outcome", "refused", "--refunded", "1"), ("不带退款",)),
    (("--outcome", "refused", "--on", "2026-06-01"), ("不带退款",)),
    (("--outcome", "refunded_part", "--refunded", "1e3"), ("--refunded：", "科学计数法")),
    (("--outcome", "refunded_part", "--refunded", "200000000"), ("--refunded：",)),
    (("--outcome", "refunded_part", "--refunded", "-5"), ("--refunded：",)),
    (("--outcome", "refunded_part", "--refunded", "5", "--on", "2026-06-20"), ("--on", "晚于现在")),
    (("--outcome", "refunded_part", "--refunded", "5", "--on", "last week"), ("--on", "不是有效的时间")),
    (("--outcome", "refunded_part", "--refunded", "5", "--on", "1900-01-01"), ("--on",)),
    (("--outcome", "refused", "--channel", "nowhere"), ("未知渠道",)),
    ((), ("缺少必需的参数：--outcome",)),
])
def test_close_refuses_bad_input_and_writes_nothing(run, args, fragments):
    case_id = _filed(run)
    before = _case(run, case_id)
    assert_one_line_error(run("close", case_id, *args), *fragments)
    assert _case(run, case_id) == before


def test_closing_a_closed_case_or_reopening_an_open_one_is_refused(run):
    case_id = _filed(run)
    assert_one_line_error(run("reopen", case_id), "K-0001 没有结案（等待回复）")
    run("close", case_id, "--outcome", "refused")
    assert_one_line_error(run("close", case_id, "--outcome", "refunded_full"),
                          "K-0001 已结案（被拒绝）", "tousu reopen K-0001")
    assert_one_line_error(run("close", "K-0042", "--outcome", "refused"), "找不到案件 K-0042")


def test_reopen_is_recorded_and_the_countdown_comes_back(run):
    case_id = _filed(run)
    before = _case(run, case_id)["countdown"]
    assert before == "跟进 逾期 10天"  # filed 06-01, 12315 follows up every 4 days: due 06-05
    run("close", case_id, "--outcome", "no_reply")
    result = run("reopen", case_id, "--note", "平台又有回应")
    assert (result.code, result.out) == (0, "K-0001：已重新打开（进行中）\n")
    case = _case(run, case_id)
    # the result was an exchange on 12315 (today): the next follow-up is in 4 days, so the
    # deadline (06-10, missed) comes first again
    assert case["status"] == "open" and case["countdown"] == "逾期 4天"
    assert (case["timeline"][-1]["kind"], case["timeline"][-1]["said"]) == ("reopened", "平台又有回应")
    shown = run("show", case_id).out
    assert "重新打开" in shown and "[始终无回复]" in shown


def test_a_closed_case_is_not_urged_or_escalated(run):
    case_id = _filed(run)
    run("close", case_id, "--outcome", "refused")
    before = _case(run, case_id)
    for command in (("urge", case_id, "--record"), ("escalate", case_id, "--record"),
                    ("escalate", case_id, "--to", "heimao", "--set", "entity.credit_code=91440300MA5XXXXXXX"),
                    ("log", case_id, "--channel", "heimao"), ("log", case_id, "--channel", "12315", "--kind", "urged")):
        result = run(*command)
        assert result.code == 3, (command, result)
        assert result.out == ""
        assert result.err.count("\n") == 1 and "K-0001 已结案（被拒绝）" in result.err
        assert "tousu reopen K-0001" in result.err
    assert _case(run, case_id) == before  # nothing recorded, no answer saved
    assert run("log", case_id, "--channel", "12315", "--kind", "note", "--note", "存档").code == 0
    run("reopen", case_id)
    assert run("urge", case_id).code == 0


def test_log_result_takes_an_outcome_without_closing(run):
    case_id = _filed(run)
    result = run("log", case_id, "--channel", "12315", "--kind", "result", "--outcome", "refused", "--note", "调解不成")
    assert result.code == 0
    assert result.out.startswith("K-0001：已记录结果（全国12315平台投诉）：拒绝处理")
    assert result.err == "tousu: 提示：结果已记录，但案件仍未结案；要结案请运行 tousu close K-0001 --outcome refused\n"
    case = _case(run, case_id)
    assert case["status"] == "waiting" and case["timeline"][-1]["outcome"] == "refused"
    implied = run("log", case_id, "--channel", "12315", "--outcome", "refunded_part", "--refunded", "50")
    assert implied.code == 0 and _case(run, case_id)["timeline"][-1]["kind"] == "result"
    plain = run("log", case_id, "--channel", "12315", "--kind", "result")
    assert "close K-0001 --outcome ID" in plain.err


@pytest.mark.parametrize("args, fragment", [
    (("--kind", "contact", "--outcome", "refused"), "不能与 --kind contact 同时使用"),
    (("--refunded", "5"), "--refunded 需要同时指定 --outcome"),
    (("--on", "2026-06-01"), "--on 需要同时指定 --outcome"),
    (("--outcome", "refunded_part"), "需要给出退款金额"),
])
def test_log_outcome_errors(run, args, fragment):
    case_id = _filed(run)
    before = _case(run, case_id)
    assert_one_line_error(run("log", case_id, "--channel", "12315", *args), fragment)
    assert _case(run, case_id) == before


def test_filing_moves_a_case_to_waiting_and_s_waiting_finds_it(run):
    from tui.filter_query import parse_query

    plain = _add(run)
    assert _case(run, plain)["status"] == "open"
    run("log", plain, "--channel", "platform-cs", "--kind", "contact")
    assert _case(run, plain)["status"] == "open"  # an exchange is no filing
    run("log", plain, "--channel", "platform-complaint", "--kind", "submitted")
    assert _case(run, plain)["status"] == "waiting"
    run("log", plain, "--channel", "platform-complaint", "--kind", "urged")
    assert _case(run, plain)["status"] == "waiting"  # an urge keeps it waiting
    with_channel = _add(run, "--channel", "platform-cs")
    assert _case(run, with_channel)["status"] == "waiting"
    escalated = _add(run)
    run("log", escalated, "--channel", "platform-cs", "--kind", "contact")
    result = run("escalate", escalated, "--to", "heimao", "--record", "--force")
    assert result.code == 0, result.err
    assert _case(run, escalated)["status"] == "waiting"
    query = parse_query("s:等待", "zh")
    assert query.statuses == ("waiting",)
    listed = {item["id"]: item for item in run("list", "--json").json()}
    assert {i for i, item in listed.items() if item["status"] in query.statuses} == {plain, with_channel, escalated}
    assert {item["status_name"] for item in listed.values()} == {"等待回复"}


def test_list_all_shows_the_status_word_in_place_of_a_countdown(run):
    open_id, closed_id = _filed(run), _filed(run)
    run("close", closed_id, "--outcome", "withdrawn")
    rows = {line.split()[0]: line for line in run("list", "--all").out.splitlines() if line.startswith("K-")}
    assert rows[closed_id].rstrip().endswith("已撤回")
    assert rows[open_id].rstrip().endswith("跟进 逾期 10天")
    assert closed_id not in run("list").out
    english = run("list", "--all", "--lang", "en").out
    assert any(line.startswith(closed_id) and line.rstrip().endswith("withdrawn") for line in english.splitlines())


def test_show_names_the_result_and_the_status_in_english(run):
    case_id = _filed(run)
    run("close", case_id, "--outcome", "refunded_full", "--on", "2026-06-14")
    out = run("show", case_id, "--lang", "en").out
    assert "resolved" in out.splitlines()[0]
    assert "Result: refunded in full ¥500.00 (arrived 2026-06-14)" in out
    assert run("close", case_id, "--outcome", "refused", "--lang", "en").err.startswith(
        "tousu: error: K-0001 is closed already (resolved)")


def test_help_documents_the_exit_statuses(run):
    for command, fragments in (("close", ("退出码：0", "refunded_part", "no_reply")),
                               ("reopen", ("退出码：0",)), ("log", ("退出码：", "3 案件已结案")),
                               ("urge", ("退出码：", "已结案")), ("escalate", ("已结案",))):
        out = run(command, "-h").out
        assert all(f in out for f in fragments), (command, out)
    assert "Exit status: 0 closed" in run("close", "-h", "--lang", "en").out
