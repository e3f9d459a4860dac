"""Shell completion: the scripts for bash, zsh and fish, and the answers a TAB gets (run as the
shells run it: tousu in a process of its own with argcomplete's variables set)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from cli_helpers import REPO, assert_one_line_error


@pytest.fixture
def complete(tmp_path, cli_env):
    def _complete(line: str, **extra: str) -> list[str]:
        out = tmp_path / "completions"
        env = {**os.environ, **cli_env, "PYTHONPATH": str(REPO), "COMP_LINE": line, "COMP_POINT": str(len(line)),
               "_ARGCOMPLETE": "1", "_ARGCOMPLETE_STDOUT_FILENAME": str(out), "IFS": "\013", **extra}
        proc = subprocess.run([sys.executable, "-m", "tui"], cwd=REPO, env=env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        return [word.strip() for word in out.read_text("utf-8").split("\013") if word.strip()]

    return _complete


@pytest.mark.parametrize("shell, marker", [("bash", "complete "), ("zsh", "#compdef tousu"),
                                           ("fish", "complete --command tousu")])
def test_the_script_for_each_shell(run, shell, marker):
    result = run("completion", shell)
    assert result.code == 0 and marker in result.out and "_ARGCOMPLETE" in result.out


def test_an_unknown_shell(run):
    assert_one_line_error(run("completion", "tcsh"), "tcsh")


def test_subcommands_and_options(complete):
    assert complete("tousu st") == ["stats"]
    assert {"serve", "show", "share", "schedule", "stats"} <= set(complete("tousu s"))
    assert {"--json", "--overdue", "--due-within", "--channel"} <= set(complete("tousu list --"))
    assert set(complete("tousu evidence add K-0001 x --kind p")) == {"payment", "promise"}


def test_channel_and_outcome_ids(complete):
    assert complete("tousu log K-0001 --channel 12") == ["12315", "12315-report"]
    assert "heimao" in complete("tousu escalate K-0001 --to ")
    assert complete("tousu close K-0001 --outcome refunded_") == ["refunded_full", "refunded_part"]


def test_case_ids_from_the_store(run, complete, store_path):
    for title in ("一", "二", "三"):
        assert run("add", "--platform", "P", "--title", title).code == 0
    assert run("delete", "K-0002", "--yes").code == 0
    assert complete("tousu show ") == ["K-0001", "K-0003"]
    assert complete("tousu undelete ") == ["K-0002"]
    assert complete("tousu assign K-0001 ") == ["K-0001", "K-0003"]
    assert complete("tousu assign K-0001 --to ") == []  # a volunteer's name, not a channel
    assert run("assign", "K-0001", "--to", "小王").code == 0
    assert complete("tousu assign K-0003 --to ") == ["小王"]
    assert complete("tousu today --user ") == ["小王"]
    other = store_path.parent / "other.json"
    assert complete(f"tousu show --db {other} ") == []  # no store there: nothing, and no store made
    assert not other.exists()


def test_restore_completes_the_backups(run, complete, store_path):
    assert run("add", "--platform", "P", "--title", "一").code == 0
    assert run("backup").code == 0  # (the add made none: the store was empty when it opened)
    assert run("backup").code == 0
    assert complete("tousu restore ") == ["20260615-100000-manual-2", "20260615-100000-manual"]
