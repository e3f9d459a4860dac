"""Settings: config.toml read leniently with issues by line, written keeping the user's
comments, never written over when unreadable; the older settings.json carried over."""

from __future__ import annotations

import json
import os
import stat

from storage.settings import Settings


def test_missing_or_broken_file_gives_defaults(tmp_path):
    assert Settings.load(tmp_path / "none.toml").theme == ""
    broken = tmp_path / "broken.toml"
    broken.write_text('theme = "tousu-dark\n')
    loaded = Settings.load(broken)
    assert loaded.theme == "" and "line 1" in loaded.problem
    broken.write_bytes(b"\xff\xfe")
    assert Settings.load(broken).problem


def test_typed_values_and_issues_by_line(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        '# mine\n'
        'lang = "en"\n'
        'letter_lang = "fr"\n'
        'user = 7\n'
        'store = "~/s.json"\n'
        'colour = "red"\n'
        '\n'
        '[keys]\n'
        'escalate = "X"\n'
        'urge = "ctrl+shift+u"\n'
        'help = "not a key"\n'
    )
    s = Settings.load(path)
    assert (s.lang, s.letter_lang, s.user, s.store) == ("en", "", "", "~/s.json")
    assert s.keys == {"escalate": "X", "urge": "ctrl+shift+u"}
    found = {(i.line, i.key, i.reason) for i in s.issues}
    assert found == {(3, "letter_lang", "choice"), (4, "user", "type"), (6, "colour", "unknown"),
                     (11, "keys.help", "key_text")}
    messages = [i.message(path, "en") for i in s.issues]
    assert f"{path} line 3: letter_lang must be one of zh, en" in messages[0]
    assert any("第 4 行" in i.message(path, "zh") for i in s.issues)


def test_sources_flag_env_file_default(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text('\nuser = "小王"\nletter_lang = "en"\n')
    s = Settings.load(path)
    assert s.effective("user", env={}) == ("小王", "file:2")
    assert s.effective("user", env={"TOUSU_USER": "老李"}) == ("老李", "env:TOUSU_USER")
    assert s.effective("letter_lang", "zh", env={"TOUSU_LETTER_LANG": "en"}) == ("zh", "flag")
    assert s.effective("lang", env={}) == ("zh", "default")
    import getpass

    monkeypatch.setattr(getpass, "getuser", lambda: "volunteer9")
    assert Settings.load(tmp_path / "none.toml").volunteer(env={}) == "volunteer9"
    assert s.volunteer(env={}) == "小王"


def test_control_characters_are_cleaned(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('user = "ab\\u001b]0;x\\u0007c"\n')
    assert Settings.load(path).user == "ab]0;xc"


def test_save_keeps_comments_and_other_settings_private(tmp_path):
    path = tmp_path / "cfg" / "tousu" / "config.toml"
    path.parent.mkdir(parents=True)
    text = '# my settings\nuser = "小王"  # that is me\ntheme = "tousu-dark"\n\n[keys]\nescalate = "X"\n'
    path.write_text(text)
    settings = Settings.load(path)
    settings.theme = "tousu-light"
    settings.lang = "en"
    settings.save()
    written = path.read_text()
    assert written.startswith('# my settings\nuser = "小王"  # that is me\ntheme = "tousu-light"\n')
    assert 'escalate = "X"' in written and 'lang = "en"' in written
    assert Settings.load(path).theme == "tousu-light"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_save_creates_private_directories(tmp_path):
    path = tmp_path / "new" / "config.toml"
    Settings(theme="tousu-dark", path=path).save()
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert Settings.load(path).theme == "tousu-dark"


def test_a_broken_file_is_never_written_over(tmp_path):
    broken = tmp_path / "config.toml"
    broken.write_text('theme = "tousu-light",, \n')
    settings = Settings.load(broken)
    assert settings.problem
    settings.theme = "tousu-dark"
    settings.save()
    assert broken.read_text() == 'theme = "tousu-light",, \n'


def test_the_older_settings_json_is_read_and_carried_over(tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps({"theme": "tousu-light", "lang": "en"}))
    path = tmp_path / "config.toml"
    settings = Settings.load(path)
    assert (settings.theme, settings.lang) == ("tousu-light", "en")
    assert settings.effective("lang", env={}) == ("en", "legacy")
    settings.save()
    again = Settings.load(path)
    assert (again.theme, again.lang) == ("tousu-light", "en")
    assert again.effective("lang", env={})[1].startswith("file")
