"""tousu assign and tousu today, and the activity log of the CLI's case changes."""

from __future__ import annotations

import pytest
from cli_helpers import NOW, assert_one_line_error

from cases.clock import FixedClock
from storage.store import Store


@pytest.fixture
def me(monkeypatch) -> str:
    monkeypatch.setenv("TOUSU_USER", "小王")
    return "小王"


def _add(run, title: str, *extra: str) -> str:
    result = run("add", "--platform", "汇想卡盟", "--title", title, *extra)
    assert result.code == 0, result.err
    return result.out.strip()


def _activity(cli_env) -> list[dict]:
    with Store.open(cli_env["TOUSU_DB"], FixedClock(NOW)) as store:
        return store.activity()


def _cases(run) -> tuple[str, str, str, str]:
    """Overdue by 5 h, due in 2 h, due in 30 h (not today), and one with no deadline."""
    overdue = _add(run, "逾期的案件", "--channel", "platform-cs", "--submitted", "2026-06-15 03:00",
                   "--deadline", "2小时")
    soon = _add(run, "今天到期", "--channel", "heimao", "--submitted", "2026-06-15 09:00", "--deadline", "3小时")
    later = _add(run, "后天才到期", "--channel", "heimao", "--submitted", "2026-06-15 09:00", "--deadline", "31小时")
    quiet = _add(run, "还没联系")
    return overdue, soon, later, quiet


def test_assign_records_who_and_when_and_unassigns(run, cli_env, me):
    a, b, _, _ = _cases(run)
    result = run("assign", a, "2", "--to", "小李")
    assert result.code == 0, result.err
    assert result.out == f"已把 2 个案件分配给 小李：{a}、{b}\n"
    shown = run("show", a, "--json").json()
    assert shown["assignee"] == "小李" and "负责人" in run("show", a).out
    assert [i["assignee"] for i in run("list", "--all", "--json").json()] == ["小李", "小李", None, None]
    entries = [e for e in _activity(cli_env) if e["action"] == "assign"]
    assert [(e["case"], e["by"], e["to"], e["from"], e["at"]) for e in entries] == [
        (a, "小王", "小李", "", NOW), (b, "小王", "小李", "", NOW)]
    assert shown["id"] == a
    result = run("assign", a, "--to", "")
    assert result.code == 0 and result.out == f"已取消 1 个案件的分配：{a}\n"
    assert [(e["case"], e["to"], e["from"]) for e in _activity(cli_env) if e["action"] == "assign"][-1] == (a, "", "小李")


def test_assign_an_unknown_or_deleted_case_writes_nothing(run, cli_env, me):
    a, _, _, _ = _cases(run)
    assert_one_line_error(run("assign", a, "K-0099", "--to", "小李"), "K-0099")
    assert run("delete", "2", "--yes").code == 0
    assert_one_line_error(run("assign", a, "K-0002", "--to", "小李"), "K-0002")
    assert_one_line_error(run("assign", "abc", "--to", "小李"), "abc")
    assert not [e for e in _activity(cli_env) if e["action"] == "assign"]
    assert run("today", "--user", "小李", "--json").json()["volunteers"]["小李"] == []


def test_assign_needs_to(run, me):
    _cases(run)
    result = run("assign", "K-0001")
    assert result.code == 2 and "--to" in result.err


def test_today_lists_mine_due_in_urgency_order_and_the_unassigned(run, me):
    overdue, soon, later, quiet = _cases(run)
    other = _add(run, "别人的案件", "--channel", "platform-cs", "--submitted", "2026-06-15 08:00", "--deadline", "1小时")
    assert run("assign", soon, overdue, later, quiet, "--to", "小王").code == 0
    assert run("assign", other, "--to", "小李").code == 0
    unassigned = _add(run, "没人负责", "--channel", "platform-cs", "--submitted", "2026-06-15 09:30",
                      "--deadline", "1小时")
    doc = run("today", "--json").json()
    assert doc["user"] == "小王" and doc["now"] == NOW
    mine = doc["volunteers"]["小王"]
    assert [(i["case"], i["need"]) for i in mine] == [(overdue, "overdue"), (soon, "due")]
    assert mine[0]["remaining_seconds"] == -5 * 3600 and mine[0]["due"] == "2026-06-15T05:00:00+08:00"
    assert mine[1]["remaining_seconds"] == 2 * 3600
    assert [i["case"] for i in doc["unassigned"]] == [unassigned]
    text = run("today")
    assert text.code == 0
    lines = text.out.splitlines()
    assert lines[0] == "现在 2026-06-15 10:00"
    assert lines[2] == "小王：2 项"
    assert lines[3].startswith(f"  !! {overdue}  到期  逾期 5小时（06-15 05:00）")
    assert lines[4].startswith(f"  !  {soon}  到期  剩 2小时（06-15 12:00）")
    assert "没人负责：1 项" in lines and other not in text.out
    theirs = run("today", "--user", "小李", "--json").json()["volunteers"]["小李"]
    assert [i["case"] for i in theirs] == [other]
    everyone = run("today", "--user", "all", "--json").json()
    assert list(everyone["volunteers"]) == ["小李", "小王"] and "user" not in everyone


def test_today_masks_names_and_lists_participants_needs(run, me, tmp_path):
    lead = _add(run, "13812345678 退款", "--channel", "platform-cs", "--submitted", "2026-06-15 09:00",
                "--deadline", "1小时")
    assert run("group", "create", lead).code == 0
    sheet = tmp_path / "roster.csv"
    sheet.write_text("姓名,手机,订单号,金额,证据,同意代表,委托书,负责人\n"
                     "张三丰,13900001111,A-1,100,交易凭证,是,否,小王\n"
                     "李四,13900002222,A-2,50,交易凭证、沟通记录、商品异常证据,是,是,小王\n", encoding="utf-8")
    assert run("group", "import", lead, str(sheet)).code == 0
    assert run("group", "decide", lead, "--kind", "accept_settlement", "--text", "接受退款一半").code == 0
    result = run("today")
    assert result.code == 0
    assert "13812345678" not in result.out and "张三丰" not in result.out
    assert "P-00001（G-001）  待同意：D-1  自 06-15 10:00  张**" in result.out
    assert "P-00001（G-001）  缺授权委托书  张**" in result.out
    assert "P-00001（G-001）  缺证据：沟通记录、商品异常证据  张**" in result.out
    assert "P-00002（G-001）  待同意：D-1" in result.out
    doc = run("today", "--json").json()
    mine = doc["volunteers"]["小王"]
    assert [(i.get("participant"), i["need"]) for i in mine] == [
        ("P-00001", "consent"), ("P-00002", "consent"), ("P-00001", "poa"), ("P-00001", "evidence")]
    assert mine[3]["missing"] == ["communication", "anomaly"] and mine[0]["title"] == "张**"
    assert [i["case"] for i in doc["unassigned"]] == [lead]  # the lead case itself is nobody's


def test_cli_changes_record_who_and_when(run, cli_env, me):
    case_id = _add(run, "充值未到账", "--channel", "platform-cs")
    assert run("log", case_id, "--channel", "platform-cs", "--note", "又问了一次").code == 0
    assert run("close", case_id, "--outcome", "refused").code == 0
    assert run("reopen", case_id).code == 0
    assert run("escalate", case_id, "--to", "heimao", "--record", "--force").code in (0, 3)
    assert run("urge", case_id, "--record").code in (0, 3)
    entries = [(e["action"], e["case"], e["by"], e["at"]) for e in _activity(cli_env)]
    assert entries[:4] == [("add", case_id, "小王", NOW), ("log", case_id, "小王", NOW),
                           ("close", case_id, "小王", NOW), ("reopen", case_id, "小王", NOW)]
    assert ("escalate", case_id, "小王", NOW) in entries
    assert ("urge", case_id, "小王", NOW) in entries


def test_two_processes_assigning_and_logging_at_once_lose_nothing(run, cli_env):
    """Real processes: one volunteer assigns every case while another logs a contact on each."""
    import os
    import subprocess
    import sys

    from cli_helpers import REPO

    ids = [_add(run, f"案件{n}", "--channel", "platform-cs") for n in range(1, 6)]
    env = {"PATH": os.environ.get("PATH", ""), **cli_env}
    script = ("import sys; from tui.cli import main; "
              "sys.exit(max([main(a.split('|')) for a in sys.argv[1:]]))")
    assign = [f"assign|{case_id}|--to|小李" for case_id in ids]
    log = [f"log|{case_id}|--channel|platform-cs|--note|又催了" for case_id in ids]
    procs = [subprocess.Popen([sys.executable, "-c", script, *args], cwd=REPO, stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env={**env, "TOUSU_USER": user})
             for args, user in ((assign, "甲"), (log, "乙"))]
    for proc in procs:
        assert proc.wait(timeout=120) == 0, proc.stderr.read()
    for case_id in ids:
        shown = run("show", case_id, "--json").json()
        assert shown["assignee"] == "小李"
        assert [e["said"] for e in shown["timeline"]][-1] == "又催了"
    entries = _activity(cli_env)
    assert sorted(e["case"] for e in entries if e["action"] == "assign" and e["by"] == "甲") == ids
    assert sorted(e["case"] for e in entries if e["action"] == "log" and e["by"] == "乙") == ids


def test_today_in_english_and_an_empty_user_refused(run, me):
    overdue, _, _, _ = _cases(run)
    assert run("assign", overdue, "--to", "alice").code == 0
    result = run("today", "--user", "alice", "--lang", "en")
    assert result.code == 0
    assert "alice: 1 item(s)" in result.out
    assert f"  !! {overdue}  deadline  overdue 5h (06-15 05:00)" in result.out
    assert "unassigned: 1 item(s)" in result.out
    assert_one_line_error(run("today", "--user", " "), "--user")
    empty = run("today", "--user", "all")
    assert empty.code == 0 and "alice：1 项" in empty.out
