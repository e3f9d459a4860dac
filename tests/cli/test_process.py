"""Real processes, as scripts and users run tousu: exit codes, stdout/stderr, speed-relevant imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from cli_helpers import NOW, REPO, assert_one_line_error

from cases.clock import parse_instant


def test_add_log_list_round_trip(run_proc):
    added = run_proc("add", "--platform", "汇想卡盟", "--title", "充值500元未到账", "--amount", "500",
                     "--channel", "platform-cs")
    assert (added.code, added.out, added.err) == (0, "K-0001\n", "")
    items = json.loads(run_proc("list", "--json").out)
    assert items[0]["remaining_seconds"] == 86400 and items[0]["amount"] == "500.00"
    logged = run_proc("log", "K-0001", "--channel", "platform-cs", "--deadline", "2小时")
    assert logged.code == 0 and "剩 2小时" in logged.out
    items = json.loads(run_proc("list", "--json").out)
    assert items[0]["deadline"] == "2026-06-15T12:00:00+08:00" and items[0]["remaining_seconds"] == 7200
    due = json.loads(run_proc("list", "--due-within", "3h", "--json").out)
    assert [i["id"] for i in due] == ["K-0001"]
    assert json.loads(run_proc("list", "--overdue", "--json").out) == []


def test_demo_list_json_show_masking(run_proc):
    assert run_proc("demo").code == 0
    refused = run_proc("demo")
    assert_one_line_error(refused, "--force")
    items = json.loads(run_proc("list", "--json").out)
    assert len(items) == 13
    for item in items:
        if item["deadline"]:
            first = item["follow_up"] if item["next_kind"] == "follow_up" else item["deadline"]
            expected = int((parse_instant(first) - parse_instant(NOW)).total_seconds())
            assert item["remaining_seconds"] == expected
    masked = run_proc("show", "1")
    assert masked.code == 0 and "13800138421" not in masked.out and "138****8421" in masked.out
    assert "430104199203142810" not in masked.out
    revealed = run_proc("show", "1", "--reveal")
    assert "13800138421" in revealed.out and "430104199203142810" in revealed.out


def test_errors_exit_2_with_one_line(run_proc, store_path):
    assert_one_line_error(run_proc("add", "--title", "x"), "--platform")
    assert_one_line_error(run_proc("add", "--platform", "x", "--title", "y", "--channel", "xx"), "未知渠道 “xx”")
    assert_one_line_error(run_proc("show", "K-0042"), "找不到案件 K-0042")
    store_path.write_text('{"_meta": {"1": {"app": "tousu", "schema": 1', encoding="utf-8")
    corrupt = run_proc("list")
    assert_one_line_error(corrupt, str(store_path))
    assert corrupt.out == ""


def test_demo_cases_200_and_english(run_proc):
    result = run_proc("demo", "--cases", "200", "--lang", "en")
    assert result.code == 0 and result.out.startswith("Wrote 200 sample cases")
    assert len(json.loads(run_proc("list", "--all", "--json").out)) == 200
    english = run_proc("list", extra_env={"TOUSU_LANG": "en"})
    assert "Countdown" in english.out
    error = run_proc("show", "x", "--lang", "en")
    assert_one_line_error(error, "tousu: error:", "Not a case id")


def test_list_does_not_import_textual(cli_env, run_proc):
    assert run_proc("demo").code == 0
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        "assert main(['list', '--json']) == 0\n"
        "assert main(['list']) == 0\n"
        "assert main(['add', '--platform', 'x', '--title', 'y']) == 0\n"
        "assert main(['show', '1']) == 0\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui.app'))\n"
        "print('IMPORTED', bad, file=sys.stderr)\n"
    )
    env = {"PATH": os.environ.get("PATH", ""), **cli_env}
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60, encoding="utf-8")
    assert proc.returncode == 0, proc.stderr
    assert "IMPORTED []" in proc.stderr


def test_importtime_of_add_has_no_textual(cli_env):
    env = {"PATH": os.environ.get("PATH", ""), **cli_env}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tui.cli", "add", "--platform", "x", "--title", "y"],
        cwd=REPO, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60, encoding="utf-8",
    )
    assert proc.returncode == 0 and proc.stdout == "K-0001\n"
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if "|" in line}
    assert "textual" not in imported and "rich" not in imported and "holidays" not in imported


def test_list_into_a_closed_pipe_is_not_an_error(cli_env, run_proc):
    assert run_proc("demo", "--cases", "2000").code == 0
    env = {"PATH": os.environ.get("PATH", ""), **cli_env}
    proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "list", "--all"], cwd=REPO, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()  # like `tousu list | head -1`
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=60) == 0 and err == ""
