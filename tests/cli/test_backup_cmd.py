"""``tousu backup``, ``tousu restore`` and the backups tousu makes by itself (daily, before import)."""

from __future__ import annotations

import io
import sys

from cli_helpers import assert_one_line_error

from storage.backup import folder_of, list_backups


def _names(store_path) -> list[str]:
    return [b.name for b in list_backups(store_path)]


def test_an_empty_store_gets_no_daily_backup(run, store_path):
    assert run("list").code == 0
    assert not folder_of(store_path).exists()


def test_the_first_command_of_the_day_backs_up_once(run, demo_store, store_path):
    assert run("list").code == 0
    assert _names(store_path) == ["20260615-100000-daily"]
    assert run("show", "K-0001").code == 0
    assert _names(store_path) == ["20260615-100000-daily"]  # once a day


def test_backup_now_prunes_and_lists(run, demo_store, store_path):
    for _ in range(3):
        result = run("backup", "--keep", "2")
        assert result.code == 0, result.err
    assert "20260615-100000-manual" in result.out and "2" in result.out
    assert len(_names(store_path)) == 2
    listed = run("backup", "--list")
    assert listed.code == 0
    lines = listed.out.splitlines()
    assert "2 份备份" in lines[0] and str(folder_of(store_path)) in lines[0]
    assert all("2026-06-15 10:00:00" in line and "tousu backup" in line for line in lines[1:])
    english = run("--lang", "en", "backup", "--list").out
    assert "2 backup(s)" in english and "oldest first" in english


def test_backup_list_without_backups_and_bad_keep(run, store_path):
    result = run("backup", "--list")
    assert result.code == 0 and "还没有备份" in result.out
    assert_one_line_error(run("backup", "--keep", "0"), "--keep", "0")
    assert_one_line_error(run("backup", "--keep", "3", "--list"), "--keep")


def test_restore_brings_a_backup_back_after_backing_up_the_current_state(run, demo_store, store_path):
    assert run("backup").code == 0
    assert run("add", "--platform", "新平台", "--title", "备份之后加的").code == 0
    assert "K-0016" in run("list", "--all").out
    result = run("restore", "20260615-100000-manual", "--yes")
    assert result.code == 0, result.err
    assert "20260615-100000-manual" in result.out and "restore" in result.out
    assert "K-0016" not in run("list", "--all").out
    (before,) = [b for b in list_backups(store_path) if b.reason == "restore"]
    result = run("restore", str(before.path), "--yes")  # and back again, by path
    assert result.code == 0, result.err
    assert "K-0016" in run("list", "--all").out


def test_restore_asks_and_a_no_changes_nothing(run, demo_store, store_path, monkeypatch):
    assert run("backup").code == 0
    before = store_path.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    result = run("restore", "20260615-100000-manual")
    assert result.code == 3 and "[y/N]" in result.err and "未恢复" in result.err
    assert store_path.read_bytes() == before
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    assert run("restore", "20260615-100000-manual").code == 0


def test_restore_without_a_terminal_needs_yes(run, run_proc, demo_store, store_path):
    assert run("backup").code == 0
    before = store_path.read_bytes()
    assert_one_line_error(run_proc("restore", "20260615-100000-manual"), "--yes")
    assert store_path.read_bytes() == before


def test_restore_of_an_unknown_or_damaged_backup_changes_nothing(run, demo_store, store_path):
    assert_one_line_error(run("restore", "20200101-000000-daily", "--yes"), "backup --list")
    assert run("backup").code == 0
    (made,) = [b for b in list_backups(store_path) if b.reason == "manual"]
    made.path.write_bytes(made.path.read_bytes()[:-40])  # cut short
    before = store_path.read_bytes()
    assert_one_line_error(run("restore", made.name, "--yes"))
    assert store_path.read_bytes() == before


def test_restore_never_overwrites_a_file_that_is_not_a_store(run, demo_store, store_path, tmp_path):
    assert run("backup").code == 0
    (made,) = [b for b in list_backups(store_path) if b.reason == "manual"]
    other = tmp_path / "other.json"
    other.write_text('{"_default": {}}')
    result = run("--db", str(other), "restore", str(made.path), "--yes")
    assert_one_line_error(result, "other.json")
    assert other.read_text() == '{"_default": {}}'


def test_import_replace_backs_the_store_up_first(run, demo_store, store_path, tmp_path):
    out = tmp_path / "all.json"
    assert run("export", "--all", "--format", "json", "--out", str(out)).code == 0
    result = run("import", str(out), "--replace", "--yes")
    assert result.code == 0, result.err
    (made,) = [b for b in list_backups(store_path) if b.reason == "import"]
    assert str(made.path) in result.out
