"""Fixtures for the command-line tests: an isolated store, a pinned clock, helpers to run tousu.

In-process runs call ``tui.cli.main`` with the environment set by monkeypatch;
subprocess runs start ``python -m tui.cli`` with a minimal environment and no
stdin, as a script would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import NOW, REPO, Result


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.json"


@pytest.fixture
def cli_now() -> str:
    return NOW


@pytest.fixture
def run_proc(cli_env):
    """Run ``python -m tui.cli ARGS`` as a separate process (no stdin, minimal environment)."""

    def _run(*args: str, extra_env: dict[str, str] | None = None) -> Result:
        env = {"PATH": os.environ.get("PATH", ""), **cli_env, **(extra_env or {})}
        proc = subprocess.run(
            [sys.executable, "-m", "tui.cli", *args],
            cwd=REPO, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
            encoding="utf-8", timeout=60,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return _run


@pytest.fixture
def demo_store(run) -> None:
    """The hand-written demo at NOW."""
    result = run("demo")
    assert result.code == 0, result.err
