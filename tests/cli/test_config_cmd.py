"""tousu config: each setting's value and source (flag, environment, file line, default);
the settings file's store, user and letter language used by the commands."""

from __future__ import annotations

import json
from pathlib import Path


def _write_config(cli_env, text: str) -> Path:
    path = Path(cli_env["XDG_CONFIG_HOME"]) / "tousu" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_config_says_where_each_value_comes_from(run, cli_env, monkeypatch):
    path = _write_config(cli_env, '# mine\nuser = "小王"\nletter_lang = "fr"\n\n[keys]\nescalate = "X"\nnope = "y"\n')
    monkeypatch.setenv("TOUSU_LETTER_LANG", "en")
    result = run("config", "--json", "--lang", "en")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    rows = {r["name"]: (r["value"], r["source"]) for r in data["settings"]}
    assert rows["user"] == ("小王", "file:2")
    assert rows["letter_lang"] == ("en", "env:TOUSU_LETTER_LANG")
    assert rows["lang"] == ("en", "flag")
    assert rows["store"] == (cli_env["TOUSU_DB"], "env:TOUSU_DB")
    assert data["file"] == str(path) and data["exists"]
    assert any("line 3" in m and "letter_lang" in m for m in data["issues"])
    assert any("line 7" in m and "nope" in m for m in data["issues"])
    escalate = next(k for k in data["keys"] if k["id"] == "escalate")
    assert escalate["keys"] == "X" and escalate["remapped"]

    text = run("config", "--keys")
    assert "  user         小王  (设置文件第 2 行)" in text.out
    assert "escalate" in text.out and "（设置文件）" in text.out


def test_an_unreadable_settings_file_is_reported_and_left_alone(run, cli_env):
    path = _write_config(cli_env, 'user = "小王\n')
    result = run("config")
    assert result.code == 0
    assert "无法读取设置文件" in result.out and "line 1" in result.out
    assert path.read_text(encoding="utf-8") == 'user = "小王\n'


def test_the_settings_store_is_used_when_no_flag_or_environment_says(run, cli_env, monkeypatch, tmp_path):
    target = tmp_path / "configured.json"
    _write_config(cli_env, f'store = "{target}"\n')
    monkeypatch.delenv("TOUSU_DB")
    assert run("demo").code == 0
    assert target.exists()
    listed = run("list", "--json")
    assert listed.code == 0 and json.loads(listed.out)


def test_the_volunteer_name_from_the_settings_is_recorded(run, cli_env, demo_store):
    _write_config(cli_env, 'user = "小王"\n')
    assert run("delete", "K-0003", "--yes").code == 0
    from storage.store import Store
    from cases.clock import FixedClock
    from cli_helpers import NOW

    store = Store.open(Path(cli_env["TOUSU_DB"]), FixedClock(NOW))
    try:
        assert store.activity()[-1]["by"] == "小王"
    finally:
        store.close()


def test_the_letter_language_from_the_settings(run, cli_env, demo_store):
    chinese = run("urge", "K-0001")
    english = run("urge", "K-0001", "--letter-lang", "en")
    assert chinese.out != english.out
    _write_config(cli_env, 'letter_lang = "en"\n')
    result = run("urge", "K-0001")
    assert result.code == 0, result.err
    assert result.out == english.out
    assert run("urge", "K-0001", "--letter-lang", "zh").out == chinese.out  # the flag wins
