"""Settings: lenient reading, private atomic writing, unknown keys kept."""

from __future__ import annotations

import json
import os
import stat

from storage.settings import Settings


def test_missing_or_broken_file_gives_defaults(tmp_path):
    assert Settings.load(tmp_path / "none.json").theme == ""
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert Settings.load(broken).theme == ""
    broken.write_text("[1]")
    assert Settings.load(broken) == Settings()


def test_save_round_trip_private_and_keeps_unknown_keys(tmp_path):
    path = tmp_path / "cfg" / "tousu" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"theme": "tousu-dark", "future": {"x": 1}}))
    settings = Settings.load(path)
    settings.theme = "tousu-light"
    settings.save()
    assert Settings.load(path).theme == "tousu-light"
    assert json.loads(path.read_text())["future"] == {"x": 1}
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_save_creates_private_directories(tmp_path):
    path = tmp_path / "new" / "settings.json"
    Settings(theme="tousu-dark", path=path).save()
    assert stat.S_IMODE(os.stat(path.parent).st_mode) == 0o700
    assert Settings.load(path).theme == "tousu-dark"


def test_a_broken_file_is_never_written_over(tmp_path):
    broken = tmp_path / "settings.json"
    broken.write_text('{"theme": "tousu-light",, }')
    settings = Settings.load(broken)
    assert settings.problem
    settings.theme = "tousu-dark"
    settings.save()
    assert broken.read_text() == '{"theme": "tousu-light",, }'
