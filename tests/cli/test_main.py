"""The entry point: help, language, --db placement, errors, the lazy dashboard."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from cli_helpers import NOW, assert_one_line_error

from cases.clock import FixedClock, SystemClock
from storage.paths import schedule_file_path
from tui import cli
from tui.cli.dispatch import COMMANDS


def test_help_in_chinese_with_examples(run):
    result = run("-h")
    assert result.code == 0
    for text in ("用法：tousu", "子命令", "示例", "TOUSU_NOW", "TOUSU_DB", "TOUSU_LANG", "platform-cs", "退出码为 2"):
        assert text in result.out, text


@pytest.mark.parametrize("command", ["demo", "add", "log", "list", "show"])
def test_subcommand_help(run, command):
    result = run(command, "-h")
    assert result.code == 0
    assert "用法：tousu " + command in result.out and "示例" in result.out and "--db" in result.out


def test_help_in_english(run, monkeypatch):
    assert "usage: tousu" in run("--lang", "en", "-h").out
    monkeypatch.setenv("TOUSU_LANG", "en")
    out = run("add", "-h").out
    assert "usage: tousu add" in out and "examples:" in out


def test_version(run):
    result = run("--version")
    assert result.code == 0 and result.out.startswith("tousu")


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["lst"], ["无效的取值 'lst'", "tousu -h"]),
        (["list", "--bogus"], ["无法识别的参数：--bogus"]),
        (["show"], ["缺少必需的参数"]),
        (["--lang", "fr", "list"], ["--lang"]),
        (["list", "--due-within"], ["需要一个值"]),
    ],
)
def test_bad_arguments_give_one_line_and_status_2(run, args, fragments):
    assert_one_line_error(run(*args), *fragments)


def test_bad_arguments_in_english(run):
    assert_one_line_error(run("--lang", "en", "list", "--bogus"), "tousu: error: unrecognized arguments: --bogus")


def test_db_before_or_after_the_command(run, tmp_path):
    path = tmp_path / "a.json"
    assert run("--db", str(path), "add", "--platform", "x", "--title", "y").out == "K-0001\n"
    assert run("add", "--db", str(path), "--platform", "x", "--title", "y").out == "K-0002\n"
    assert [i["id"] for i in run("list", "--db", str(path), "--json").json()] == ["K-0001", "K-0002"]
    assert run("list", "--json").json() == []  # TOUSU_DB is another file


def test_lang_before_or_after_the_command(run):
    assert "ID" in run("list", "--lang", "en").out or "No matching" in run("list", "--lang", "en").out
    assert "No matching cases" in run("--lang", "en", "list").out


def test_language_chosen_in_the_dashboard_is_remembered(run, cli_env, monkeypatch):
    from storage.settings import Settings

    Settings(lang="en").save()  # what F3 in the dashboard writes
    assert "No matching cases" in run("list").out
    assert "没有" in run("--lang", "zh", "list").out  # the flag wins
    monkeypatch.setenv("TOUSU_LANG", "zh")
    assert "没有" in run("list").out  # so does the environment


def test_an_unreadable_settings_file_leaves_the_language_chinese(run, cli_env):
    from storage.paths import settings_path

    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text("{ broken", "utf-8")
    assert "没有" in run("list").out
    assert settings_path().read_text("utf-8") == "{ broken"  # untouched


def test_store_errors_are_one_line(run, store_path):
    store_path.write_text("这不是数据文件", encoding="utf-8")
    assert_one_line_error(run("list"), str(store_path), "不是 tousu 数据文件")
    assert_one_line_error(run("--lang", "en", "list"), "is not a tousu store")
    assert store_path.read_text(encoding="utf-8") == "这不是数据文件"  # untouched


def test_internal_errors_are_one_line(run, monkeypatch):
    def broken(ctx):
        raise RuntimeError("boom")

    monkeypatch.setitem(COMMANDS, "list", broken)
    assert_one_line_error(run("list"), "内部错误", "RuntimeError: boom", "TOUSU_DEBUG")
    monkeypatch.setenv("TOUSU_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli.main(["list"])


def test_dashboard_is_opened_lazily(run, monkeypatch, store_path, tmp_path):
    calls = []

    def run_dashboard(path, clock, lang, schedule_file=None, *, debug=False, settings=None):
        calls.append((path, clock, lang, schedule_file, debug))
        return 0

    fake = types.ModuleType("tui.app")
    fake.run_dashboard = run_dashboard  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui.app", fake)
    assert run("--lang", "en").code == 0
    ((path, clock, lang, schedule_file, debug),) = calls
    assert path == store_path and lang == "en" and debug is False
    assert schedule_file == schedule_file_path()  # for a personal store
    assert isinstance(clock, FixedClock) and clock.now().isoformat() == NOW
    monkeypatch.delenv("TOUSU_NOW")
    monkeypatch.delenv("TOUSU_DB")
    missing = Path("/tmp/tousu-不存在/x.json")
    refused = run("--db", str(missing))  # a typo must not open a new, empty store
    assert refused.code == 2 and "/tmp/tousu-不存在" in refused.err and len(calls) == 1
    other = tmp_path / "其他" / "x.json"
    other.parent.mkdir()
    assert run("--db", str(other)).code == 0
    assert calls[-1][0] == other and isinstance(calls[-1][1], SystemClock) and calls[-1][2] == "zh"
    monkeypatch.setenv("TOUSU_DEBUG", "1")
    assert run().code == 0 and calls[-1][4] is True


def test_argparse_strings_are_restored(run):
    import argparse

    run("lst")
    parser = argparse.ArgumentParser(prog="x")
    assert "usage: x" in parser.format_usage()


def test_a_chosen_store_in_a_missing_folder_is_an_error(run, monkeypatch, tmp_path):
    missing = tmp_path / "typo" / "store.json"
    for args in (("list",), ("add", "--platform", "x", "--title", "y"), ("demo",)):
        result = run(*args, "--db", str(missing))
        assert result.code == 2 and str(missing.parent) in result.err and result.out == ""
    monkeypatch.setenv("TOUSU_DB", str(missing))
    assert run("list", "--lang", "en").err.count("does not exist") == 1
    assert not missing.parent.exists()
    monkeypatch.delenv("TOUSU_DB")  # the default store's folder is made when first needed
    assert run("list").code == 0
