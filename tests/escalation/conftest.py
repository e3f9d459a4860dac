"""Fixtures for the escalation tests: an isolated store and a pinned clock for the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from escalation_helpers import NOW_TEXT, Result

from tui.cli import main


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = {
        "TOUSU_NOW": NOW_TEXT,
        "TOUSU_DB": str(tmp_path / "store.json"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "HOME": str(tmp_path / "home"),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    for key in ("TOUSU_LANG", "TOUSU_DEBUG", "COLUMNS"):
        monkeypatch.delenv(key, raising=False)
    return env


@pytest.fixture
def run(cli_env, capsys):
    """Run ``tousu ARGS`` in this process; returns Result(code, out, err)."""

    def _run(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


@pytest.fixture
def demo(run) -> None:
    result = run("demo")
    assert result.code == 0, result.err
