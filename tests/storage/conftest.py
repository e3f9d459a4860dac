"""Fixtures for the storage tests: a pinned clock and a store in a fresh directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from cases.clock import FixedClock
from storage.store import Store


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock("2026-09-29T10:00:00+08:00")


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "tousu" / "tousu.json"


@pytest.fixture
def store(store_path: Path, clock: FixedClock):
    s = Store.open(store_path, clock)
    yield s
    s.close()
