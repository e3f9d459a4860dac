"""tousu list: urgency order, filters, the JSON contract and the table."""

from __future__ import annotations

import re

import pytest
from cli_helpers import NOW, assert_one_line_error

from cases.clock import parse_instant

FIELDS = {
    "id", "title", "platform", "channel", "tier", "ticket", "deadline", "deadline_estimated",
    "remaining_seconds", "status", "amount", "follow_up", "next_kind",
}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")


@pytest.fixture
def items(run, demo_store):
    return run("list", "--json").json()


def test_json_is_one_array_with_the_fields(run, demo_store):
    result = run("list", "--json")
    assert result.code == 0 and result.err == ""
    assert result.out.count("\n") == 1  # one line: one JSON document
    items = result.json()
    assert isinstance(items, list) and len(items) == 13  # 15 demo cases, 2 closed
    for item in items:
        assert set(item) >= FIELDS, FIELDS - set(item)
        assert re.fullmatch(r"\d+\.\d{2}", item["amount"])
        assert item["status"] in ("open", "waiting")
        if item["deadline"] is not None:
            assert ISO.match(item["deadline"]) and ISO.match(item["follow_up"])
            first = item["follow_up"] if item["next_kind"] == "follow_up" else item["deadline"]
            expected = int((parse_instant(first) - parse_instant(NOW)).total_seconds())
            assert item["remaining_seconds"] == expected
            assert item["countdown"].startswith("跟进 ") == (item["next_kind"] == "follow_up")
            assert isinstance(item["deadline_estimated"], bool)
        else:
            assert item["remaining_seconds"] is None


def test_json_values_for_known_demo_cases(items):
    by_id = {item["id"]: item for item in items}
    promise = by_id["K-0002"]
    assert promise["remaining_seconds"] == 40 * 60
    assert promise["channel"] == "platform-cs" and promise["tier"] == 0 and promise["ticket"] == "WL-KF-88213"
    assert promise["deadline"] == "2026-06-15T10:40:00+08:00" and promise["countdown"] == "剩 40分"
    heimao = by_id["K-0004"]
    assert heimao["remaining_seconds"] == -2 * 86400 and heimao["channel"] == "heimao"
    assert by_id["K-0003"]["remaining_seconds"] == 5 * 3600
    assert by_id["K-0001"]["deadline_working_days"] is True and by_id["K-0001"]["amount"] == "500.00"
    assert by_id["K-0006"]["group_id"] == "G-001"


def test_most_urgent_first(items):
    remaining = [item["remaining_seconds"] for item in items]
    timed = [r for r in remaining if r is not None]
    assert timed == sorted(timed)
    assert remaining[: len(timed)] == timed  # cases without a deadline come last
    assert items[0]["remaining_seconds"] < 0


def test_overdue(run, items):
    overdue = run("list", "--overdue", "--json").json()
    assert overdue and all(item["remaining_seconds"] < 0 for item in overdue)
    assert {i["id"] for i in overdue} == {i["id"] for i in items if (i["remaining_seconds"] or 0) < 0}


@pytest.mark.parametrize(
    ("text", "seconds"), [("24h", 86400), ("2天", 2 * 86400), ("1小时", 3600), ("48小时内", 172800)]
)
def test_due_within(run, items, text, seconds):
    due = run("list", "--due-within", text, "--json").json()
    expected = {i["id"] for i in items if i["remaining_seconds"] is not None and i["remaining_seconds"] <= seconds}
    assert {i["id"] for i in due} == expected
    assert any(i["remaining_seconds"] < 0 for i in due)  # overdue included


def test_due_within_working_days(run, items):
    due = {i["id"] for i in run("list", "--due-within", "7个工作日", "--json").json()}
    assert "K-0005" in due  # 12315, due in 7 working days at the end of the day
    # 45 working days after acceptance, but silent since: its follow-up is overdue
    assert "K-0001" in due


def test_channel_filter(run, items):
    cs = run("list", "--channel", "platform-cs", "--json").json()
    assert cs and {i["channel"] for i in cs} == {"platform-cs"}
    assert {i["id"] for i in cs} == {i["id"] for i in items if i["channel"] == "platform-cs"}
    assert_one_line_error(run("list", "--channel", "微博"), "未知渠道")


def test_all_includes_closed(run, items):
    everything = run("list", "--all", "--json").json()
    assert len(everything) == 15
    closed = [i for i in everything if i["status"] in ("resolved", "refused")]
    assert {i["id"] for i in closed} == {"K-0012", "K-0013"}
    assert all(i["deadline"] is None and i["remaining_seconds"] is None for i in closed)


def test_filters_combine(run, items):
    result = run("list", "--overdue", "--due-within", "24h", "--channel", "heimao", "--json").json()
    assert [i["id"] for i in result] == ["K-0004"]


def test_bad_duration(run, demo_store):
    assert_one_line_error(run("list", "--due-within", "很快"), "无法识别的期限")


def test_empty_store(run):
    assert run("list", "--json").json() == []
    result = run("list")
    assert result.code == 0 and "没有符合条件的案件" in result.out


def test_table_in_chinese(run, demo_store):
    result = run("list")
    assert result.code == 0
    lines = result.out.splitlines()
    for header in ("编号", "平台", "标题", "渠道", "工单号", "期限", "倒计时"):
        assert header in lines[0]
    # most overdue first: a 12315 case whose deadline is weeks away but silent since its acceptance
    assert lines[1].startswith("K-0001") and lines[1].rstrip().endswith("跟进 逾期 7天")
    assert "2026-08-07 23:59" in lines[1]  # the deadline column keeps the deadline
    k4 = next(line for line in lines if line.startswith("K-0004"))
    assert "逾期 2天" in k4 and "黑猫投诉" in k4 and "2026-06-13 10:00" in k4
    k2 = next(line for line in lines if line.startswith("K-0002"))
    assert "剩 40分" in k2 and "平台在线客服" in k2 and "2026-06-15 10:40" in k2
    assert "已逾期" in lines[-1] and "\x1b" not in result.out  # not a terminal: no colour codes


def test_table_in_english(run, demo_store, monkeypatch):
    monkeypatch.setenv("TOUSU_LANG", "en")
    result = run("list")
    lines = result.out.splitlines()
    for header in ("ID", "Platform", "Title", "Channel", "Ticket", "Deadline", "Countdown"):
        assert header in lines[0]
    assert "follow up overdue 7d" in lines[1]
    k4 = next(line for line in lines if line.startswith("K-0004"))
    assert "overdue 2d" in k4 and "Heimao" in k4
    k2 = next(line for line in lines if line.startswith("K-0002"))
    assert "40m left" in k2
    english = run("list", "--json").json()
    assert next(i for i in english if i["id"] == "K-0002")["countdown"] == "40m left"


def test_list_masks_personal_data_in_titles(run):
    run("add", "--platform", "汇想卡盟", "--title", "请回电 13812345678")
    assert run("list", "--json").json()[0]["title"] == "请回电 138****5678"


def _add_with_name(store_path, now: str, **fields) -> None:
    from cases.clock import FixedClock
    from cases.model import Case, Complainant
    from storage.store import Store

    store = Store.open(store_path, FixedClock(now))
    try:
        store.add_case(Case(complainant=Complainant(name="王小明"), **fields))
    finally:
        store.close()


def test_list_masks_titles_and_platforms_however_written_and_the_name(run, store_path, cli_env):
    _add_with_name(store_path, cli_env["TOUSU_NOW"], title="王小明 Tel１３８-1234-5678 卡 6222 0212 3456 7890 128",
                   platform="王小明的卡盟")
    item = run("list", "--json").json()[0]
    assert item["title"] == "王** Tel138****5678 卡 " + "*" * 15 + "0128"
    assert item["platform"] == "王**的卡盟"
    table = run("list").out
    assert "王**" in table and "王小明" not in table and "1234" not in table and "6222" not in table
    assert "names" not in item  # the summary's names are not printed


def test_list_reveal(run, store_path, cli_env):
    _add_with_name(store_path, cli_env["TOUSU_NOW"], title="王小明 请回电 13812345678", platform="王小明的卡盟")
    item = run("list", "--json", "--reveal").json()[0]
    assert item["title"] == "王小明 请回电 13812345678" and item["platform"] == "王小明的卡盟"
    table = run("list", "--reveal").out
    assert "13812345678" in table and "王小明的卡盟"[:4] in table
