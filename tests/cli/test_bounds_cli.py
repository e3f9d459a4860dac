"""Bounds on option values: amounts, times, durations, and arguments that are not UTF-8.

Each bad value ends in one line on stderr naming the option and exit status 2, with nothing stored.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from cli_helpers import REPO, assert_one_line_error


def _nothing_stored(run) -> None:
    assert run("list", "--all", "--json").json() == []


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--amount", "1e5"], ["--amount", "“1e5” 是科学计数法"]),
        (["--amount", "1E3"], ["--amount", "科学计数法"]),
        (["--amount", "1,2,3"], ["--amount", "“1,2,3” 中的逗号不是千位分隔"]),
        (["--amount", "1，2"], ["--amount", "千位分隔"]),
        (["--amount", "-5"], ["--amount", "负数"]),
        (["--amount", "NaN"], ["--amount", "不是一个数"]),
        (["--amount", "Infinity"], ["--amount", "不是一个数"]),
        (["--amount", "100000000.01"], ["--amount", "超过上限 100,000,000 元"]),
        (["--channel", "platform-cs", "--deadline", "99999999天"],
         ["--deadline", "时长过长：“99999999天”", "最长 3660 天或 2600 个工作日"]),
        (["--channel", "platform-cs", "--deadline", "99999999wd"], ["--deadline", "时长过长"]),
        (["--channel", "platform-cs", "--deadline", "2101-01-01"], ["--deadline", "期限超出范围", "2100"]),
        (["--channel", "platform-cs", "--deadline", "9999-12-31T23:00-05:00"], ["--deadline", "期限超出范围"]),
        (["--channel", "platform-cs", "--submitted", "1969-12-31T10:00"],
         ["--submitted", "时间超出范围：“1969-12-31T10:00”", "1970"]),
        (["--channel", "platform-cs", "--submitted", "0001-01-01"], ["--submitted", "时间超出范围"]),
    ],
)
def test_add_refuses_values_out_of_bounds(run, args, fragments):
    result = run("add", "--platform", "汇想卡盟", "--title", "标题", *args)
    assert_one_line_error(result, *fragments)
    assert result.out == ""
    _nothing_stored(run)


def test_add_accepts_values_at_the_bounds(run):
    # Calendar days, not working days: counting 2,600 working days would fill the process's
    # working-day cache up to 2036, which tests/storage/test_calendar_cache.py needs empty.
    case_id = run("add", "--platform", "汇想卡盟", "--title", "集体维权总额", "--amount", "100,000,000",
                  "--channel", "court", "--submitted", "2026-06-15T09:00", "--deadline", "3660天").out.strip()
    shown = run("show", case_id, "--json").json()
    assert shown["amount"] == "100000000.00"
    assert shown["timeline"][0]["deadline"] == "2036-06-22T09:00:00+08:00"


def test_the_messages_are_english_with_lang_en(run):
    assert_one_line_error(run("add", "--platform", "P", "--title", "T", "--amount", "1e5", "--lang", "en"),
                          "--amount: Not a valid amount: \"1e5\" is in exponent notation")
    assert_one_line_error(
        run("add", "--platform", "P", "--title", "T", "--channel", "heimao", "--deadline", "99999999wd",
            "--lang", "en"),
        "--deadline: Duration too long: \"99999999wd\" (at most 3660 days or 2600 working days)")


def test_log_and_list_bound_durations_too(run):
    assert run("add", "--platform", "汇想卡盟", "--title", "x", "--channel", "heimao").code == 0
    assert_one_line_error(run("log", "1", "--channel", "heimao", "--deadline", "99999999天"),
                          "--deadline", "时长过长")
    assert_one_line_error(run("log", "1", "--channel", "heimao", "--at", "2101-01-01T10:00"),
                          "--submitted", "时间超出范围")  # --at is its other name
    assert len(run("show", "1", "--json").json()["timeline"]) == 1  # nothing logged
    assert_one_line_error(run("list", "--due-within", "99999999wd"), "--due-within", "时长过长")


# -- arguments that are not UTF-8 -------------------------------------------------
# What Python puts in sys.argv for the byte 0xFF of a non-UTF-8 argument.
BAD = "\udcff"


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["add", "--platform", "汇想卡盟", "--title", BAD], "--title"),
        (["add", "--platform", "汇想卡盟", "--title", f"充值{BAD}未到账"], "--title"),
        (["add", f"--platform=汇想{BAD}", "--title", "T"], "--platform"),
        (["add", "--platform", "P", "--title", "T", "--channel", "heimao", "--at", BAD], "--at"),
        (["add", "--platform", "P", "--title", "T", "--request-id", BAD], "--request-id"),
        (["add", "--platform", "P", "--title", "T", "--lang", BAD], "--lang"),  # refused by argparse too
        (["add", "--platform", "P", "--title", "T", "--set", f"complainant.name={BAD}"], "--set"),
        (["log", BAD, "--channel", "heimao"], "CASE"),
    ],
)
def test_an_argument_that_is_not_utf8_is_refused_naming_its_option(run, args, option):
    result = run(*args)
    assert_one_line_error(result, f"{option} 的值不是有效的 UTF-8 文本")
    assert result.out == ""
    _nothing_stored(run)


def test_a_stray_argument_that_is_not_utf8_is_named_by_its_position(run):
    assert_one_line_error(run("add", "--platform", "P", "--title", "T", "--fraud", BAD),
                          "第 7 个参数不是有效的 UTF-8 文本")
    assert_one_line_error(run("add", "--platform", "P", "--title", "T", "--bogus", BAD),
                          "--bogus \\xff")  # the unknown option is the error; the byte shown escaped


def _raw_run(cli_env, *args: bytes) -> subprocess.CompletedProcess[bytes]:
    env = {"PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8", **cli_env}
    return subprocess.run([sys.executable.encode(), b"-m", b"tui.cli", *args], cwd=REPO, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, timeout=60)


def test_a_real_process_with_a_non_utf8_title(cli_env):
    proc = _raw_run(cli_env, b"add", b"--platform", "汇想卡盟".encode(), b"--title", b"\xff")
    err = proc.stderr.decode("utf-8")  # what it says is UTF-8 itself
    assert proc.returncode == 2 and proc.stdout == b"", err
    assert err.startswith("tousu: ") and "--title 的值不是有效的 UTF-8 文本" in err and "Traceback" not in err
    listed = _raw_run(cli_env, b"list", b"--all", b"--json")
    assert listed.returncode == 0 and listed.stdout.strip() == b"[]"


def test_a_store_path_that_is_not_utf8_is_fine(cli_env, tmp_path):
    """File names are bytes to the system: --db takes them as they are."""
    folder = os.fsencode(tmp_path)
    proc = _raw_run(cli_env, b"--db", folder + b"/store-\xff.json", b"add", b"--platform", b"P", b"--title", b"T")
    assert (proc.returncode, proc.stdout) == (0, b"K-0001\n"), proc.stderr
    assert os.path.exists(folder + b"/store-\xff.json")
