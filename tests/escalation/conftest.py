"""Fixtures for the escalation tests: an isolated store and a pinned clock for the command line."""

from __future__ import annotations

import pytest
from escalation_helpers import NOW_TEXT



@pytest.fixture
def cli_now() -> str:
    return NOW_TEXT


@pytest.fixture
def demo(run) -> None:
    result = run("demo")
    assert result.code == 0, result.err
