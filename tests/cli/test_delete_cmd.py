"""tousu delete / undelete / purge and tousu list --deleted."""

from __future__ import annotations

import io
import sys

import pytest
from cli_helpers import assert_one_line_error


class _Terminal(io.StringIO):
    """Standard input that is a terminal, with the answer already typed."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def user(monkeypatch):
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "volunteer7")
    return "volunteer7"


def _add(run, title: str = "充值未到账") -> str:
    result = run("add", "--platform", "汇想卡盟", "--title", title, "--amount", "100")
    assert result.code == 0, result.err
    return result.out.strip()


def _ids(run, *args: str) -> list[str]:
    return [item["id"] for item in run("list", "--all", "--json", *args).json()]


def test_without_a_terminal_delete_needs_yes(run):
    case_id = _add(run)
    assert_one_line_error(run("delete", case_id), "删除 K-0001 需要确认", "--yes")
    assert _ids(run) == [case_id]
    assert_one_line_error(run("delete", "K-0009", "--yes"), "找不到案件 K-0009")


@pytest.mark.parametrize("answer, code", [("y\n", 0), ("是\n", 0), ("n\n", 3), ("\n", 3)])
def test_on_a_terminal_delete_asks_first(run, monkeypatch, user, answer, code):
    case_id = _add(run, "13800138000 的充值")
    monkeypatch.setattr(sys, "stdin", _Terminal(answer))
    result = run("delete", case_id)
    assert result.code == code
    assert "删除 K-0001“138****8000 的充值”？" in result.err  # the title masked
    assert ("13800138000" in result.err) is False
    if code == 0:
        assert _ids(run) == [] and _ids(run, "--deleted") == [case_id]
    else:
        assert result.err.endswith("未删除。\n") and _ids(run) == [case_id]


def test_delete_hides_the_case_everywhere_and_undelete_brings_it_back(run, user):
    keep, gone = _add(run, "留下"), _add(run, "删掉")
    result = run("delete", gone, "--yes")
    assert result.code == 0 and result.err == ""
    assert result.out == ("K-0002：已删除；至少保留到 2026-07-15 10:00（30 天），"
                          "在此之前可用 tousu undelete K-0002 恢复\n")
    assert _ids(run) == [keep] and gone not in run("list", "--all").out
    for command in (("show", gone), ("log", gone, "--channel", "12315"), ("urge", gone), ("close", gone, "--outcome", "refused"),
                    ("delete", gone, "--yes")):
        assert_one_line_error(run(*command), "找不到案件 K-0002：已被 volunteer7 于 2026-06-15 10:00 删除",
                              "tousu undelete K-0002")
    listed = run("list", "--deleted")
    assert listed.code == 0
    row = next(line for line in listed.out.splitlines() if line.startswith(gone))
    assert all(word in row for word in ("删掉", "进行中", "2026-06-15 10:00", "volunteer7", "2026-07-15 10:00"))
    (item,) = run("list", "--deleted", "--json").json()
    assert (item["id"], item["deleted"], item["deleted_by"], item["kept_until"]) == (
        gone, "2026-06-15T10:00:00+08:00", "volunteer7", "2026-07-15T10:00:00+08:00")
    restored = run("undelete", gone)
    assert (restored.code, restored.out) == (0, "K-0002：已恢复（进行中）\n")
    assert _ids(run) == [keep, gone] and run("list", "--deleted").out == "没有已删除的案件。\n"
    assert_one_line_error(run("undelete", gone), "案件 K-0002 没有被删除")


def test_purge_removes_only_cases_deleted_30_days_ago_with_their_evidence(run, monkeypatch, cli_env, tmp_path, user):
    from pathlib import Path

    old, recent, kept = _add(run, "旧"), _add(run, "新"), _add(run, "留")
    proof = tmp_path / "账单.png"
    proof.write_bytes(b"png")
    assert run("evidence", "add", old, str(proof), "--kind", "payment").code == 0
    folder = Path(cli_env["TOUSU_DB"] + ".evidence") / old
    assert folder.is_dir()
    run("delete", old, "--yes")
    monkeypatch.setenv("TOUSU_NOW", "2026-06-20T10:00:00+08:00")
    run("delete", recent, "--yes")
    monkeypatch.setenv("TOUSU_NOW", "2026-07-15T09:59:59+08:00")  # one second short of 30 days
    result = run("purge")
    assert (result.code, result.out) == (0, "没有已删除满 30 天的案件，未删除任何内容。\n")
    monkeypatch.setenv("TOUSU_NOW", "2026-07-15T10:00:00+08:00")
    result = run("purge")
    assert (result.code, result.out, result.err) == (0, "已永久删除 1 个案件：K-0001\n", "")
    assert not folder.exists()
    assert _ids(run, "--deleted") == [recent] and _ids(run) == [kept]
    assert_one_line_error(run("undelete", old), "找不到案件 K-0001。")
    assert run("add", "--platform", "P", "--title", "T").out == "K-0004\n"


def test_english_and_help(run, user):
    case_id = _add(run)
    result = run("delete", case_id, "--yes", "--lang", "en")
    assert result.out.startswith("K-0001: deleted; kept at least until 2026-07-15 10:00 (30 days)")
    assert "No case K-0001: deleted by volunteer7" in run("show", case_id, "--lang", "en").err
    assert "kept at least until" in run("list", "--deleted", "--lang", "en").out
    for command, fragment in (("delete", "3 在提示中没有确认"), ("undelete", "退出码：0 已恢复"),
                              ("purge", "退出码：0 完成"), ("list", "--deleted")):
        assert fragment in run(command, "-h").out, command
