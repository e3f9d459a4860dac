"""The command line on a store edited by hand or by another program: what it prints is
clean, and a damaged case is named without stopping the others."""

from __future__ import annotations

import json
from pathlib import Path

from cli_helpers import assert_one_line_error

from tests.raw_store import another_program

#: OSC window title, SGR colour, BEL, C1 CSI, and the bidi overrides that reorder what is read.
POISON = "\x1b]0;pwned\x07\x1b[31m\x9b2J\u202e\u2066"
UNSAFE = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066")
UNSAFE_ESCAPED = ("\\u001b", "\\u0007", "\\u009b", "\\u202e", "\\u2066")


def _hand_edit(store_path: Path, change) -> None:
    tables = json.loads(store_path.read_bytes())
    change(tables)
    store_path.write_text(json.dumps(tables, ensure_ascii=False, indent=1), encoding="utf-8")


def _put(store_path: Path, table: str, key: str, change) -> None:
    """Another program changing one document through the storage layer."""
    with another_program(store_path) as raw:
        doc = json.loads(json.dumps(raw.get(table, key)))
        change(doc)
        raw.put(table, key, doc)


def _no_unsafe(text: str) -> None:
    for ch in (*UNSAFE, *UNSAFE_ESCAPED):
        assert ch not in text, (ch, text)


def test_list_names_the_damaged_case_and_lists_the_others(run, demo_store, store_path):
    everything = {item["id"] for item in run("list", "--json").json()}
    _hand_edit(store_path, lambda t: t["cases"]["3"].update(orders="abc"))
    shown = run("list")
    assert shown.code == 0
    assert "K-0001" in shown.out and "K-0003" not in shown.out
    assert shown.err == (f"tousu: 警告：案件 K-0003 在数据文件中的记录已损坏（orders），无法读取或修改；"
                         f"其他案件不受影响。请从备份恢复，或检查数据文件 {store_path}。\n")
    listed = run("list", "--json", "--lang", "en")
    assert listed.code == 0
    assert {item["id"] for item in listed.json()} == everything - {"K-0003"}
    lines = listed.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("tousu: warning: the stored record of case K-0003 is damaged")
    assert run("list", "--overdue").err.count("K-0003") == 1  # named whatever the filter


def test_show_and_log_refuse_a_damaged_case(run, demo_store, store_path):
    _hand_edit(store_path, lambda t: t["cases"]["3"]["timeline"][0].pop("at"))
    assert_one_line_error(run("show", "K-0003"), "案件 K-0003", "已损坏", "timeline[0].at")
    assert_one_line_error(run("show", "3", "--json"), "案件 K-0003", "已损坏")
    before = store_path.read_bytes()
    assert_one_line_error(run("log", "K-0003", "--channel", "12315", "--note", "补充"), "案件 K-0003", "已损坏")
    assert_one_line_error(run("escalate", "K-0003"), "案件 K-0003", "已损坏")
    assert store_path.read_bytes() == before
    assert run("show", "K-0001").code == 0
    assert run("log", "K-0001", "--channel", "12315", "--note", "补充").code == 0


def test_list_prints_no_escape_from_a_stored_summary(run, demo_store, store_path):
    def poison(doc):
        doc["title"] = f"标题{POISON}结尾"
        doc["platform"] += POISON
        doc["channel"] = "自定义" + POISON  # an unknown channel is printed as it is stored
        doc["tags"] = [POISON]

    _put(store_path, "summaries", "1", poison)
    for args in (("list",), ("list", "--reveal"), ("list", "--all", "--json"), ("list", "--json", "--reveal")):
        result = run(*args)
        assert result.code == 0 and result.err == ""
        _no_unsafe(result.out)
        # Shown as its case says (recomputed: the stored summary is not usable as it is).
        assert "结尾" not in result.out and "K-0001" in result.out


def test_show_prints_no_escape_from_a_stored_case(run, demo_store, store_path):
    _hand_edit(store_path, lambda t: t["cases"]["1"].update(title=f"标题{POISON}", notes=f"备注{POISON}\n第二行"))
    for args in (("show", "1"), ("show", "1", "--reveal"), ("show", "1", "--json"), ("show", "1", "--json", "--reveal")):
        result = run(*args)
        assert result.code == 0 and result.err == ""
        _no_unsafe(result.out)
    data = run("show", "1", "--json", "--reveal").json()
    assert data["title"] == "标题]0;pwned[31m2J" and data["notes"] == "备注]0;pwned[31m2J\n第二行"


def test_in_a_real_process(run_proc, store_path):
    assert run_proc("demo").code == 0
    _hand_edit(store_path, lambda t: t["cases"]["2"].update(amount="abc", orders=[{"number": "1", "amount": "abc"}]))
    listed = run_proc("list")
    assert listed.code == 0 and "K-0001" in listed.out and "K-0002" not in listed.out
    assert listed.err.startswith("tousu: 警告：案件 K-0002") and listed.err.count("\n") == 1
    assert_one_line_error(run_proc("show", "K-0002"), "案件 K-0002", "orders[0].amount")


def test_an_internal_error_masks_what_it_quotes(run, monkeypatch):
    from tui.cli.dispatch import COMMANDS

    def broken(ctx):
        raise RuntimeError("no deadline for 13812345678 \x1b[2J")

    monkeypatch.setitem(COMMANDS, "list", broken)
    result = run("list")
    assert_one_line_error(result, "内部错误", "RuntimeError: no deadline for 138****5678 [2J")
    assert "13812345678" not in result.err and "\x1b" not in result.err
