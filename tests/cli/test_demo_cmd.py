"""tousu demo: fills an empty store, refuses a non-empty one without --force."""

from __future__ import annotations

from cli_helpers import assert_one_line_error


def test_demo_fills_an_empty_store(run, store_path):
    result = run("demo")
    assert result.code == 0, result.err
    assert str(store_path) in result.out and "15 个示例案件" in result.out and "40 名参与者" in result.out
    assert len(run("list", "--all", "--json").json()) == 15


def test_demo_refuses_a_non_empty_store(run, store_path):
    run("add", "--platform", "汇想卡盟", "--title", "我的真实案件")
    result = run("demo")
    assert_one_line_error(result, str(store_path), "1 个案件", "--force")
    assert [i["title"] for i in run("list", "--all", "--json").json()] == ["我的真实案件"]


def test_demo_force_replaces_everything(run):
    run("add", "--platform", "汇想卡盟", "--title", "旧案件")
    assert run("demo", "--force").code == 0
    titles = [i["title"] for i in run("list", "--all", "--json").json()]
    assert len(titles) == 15 and "旧案件" not in titles
    assert run("add", "--platform", "x", "--title", "y").out == "K-0016\n"  # numbering continues


def test_demo_cases_n(run):
    result = run("demo", "--cases", "200")
    assert result.code == 0 and "200 个示例案件" in result.out and "3000 名参与者" in result.out
    assert len(run("list", "--all", "--json").json()) == 200


def test_demo_bad_count(run):
    assert_one_line_error(run("demo", "--cases", "many"), "案件数无效")
    assert_one_line_error(run("demo", "--cases", "0"), "案件数无效")


def test_demo_db_option_after_the_command(run, tmp_path):
    other = tmp_path / "其他.json"
    assert run("demo", "--db", str(other)).code == 0
    assert len(run("--db", str(other), "list", "--all", "--json").json()) == 15
    assert run("list", "--all", "--json").json() == []  # TOUSU_DB's store untouched


def test_demo_in_english(run):
    result = run("demo", "--lang", "en")
    assert result.out.startswith("Wrote 15 sample cases")
    assert_one_line_error(run("--lang", "en", "demo"), "already holds 15 cases", "--force")
