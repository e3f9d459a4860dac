"""Fixtures for driving the dashboard: a real store in tmp_path and a pinned clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from cases.clock import FixedClock
from cases.i18n import set_lang
from storage.settings import Settings
from storage.store import Store
from notices import record_notices
from tui_helpers import NOW, sample_cases


@pytest.fixture(autouse=True)
def _chinese():
    set_lang("zh")
    yield
    set_lang("zh")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store.json"


@pytest.fixture
def store(store_path: Path, clock: FixedClock):
    s = Store.open(store_path, clock)
    yield s
    s.close()


@pytest.fixture
def filled_store(store: Store) -> Store:
    for case in sample_cases():
        store.add_case(case)
    return store


@pytest.fixture
def make_app(tmp_path: Path, clock: FixedClock):
    from tui.app import TousuApp

    def make(store: Store, **kw) -> TousuApp:
        kw.setdefault("tick_seconds", 0)
        kw.setdefault("settings", Settings.load(tmp_path / "settings.json"))
        kw.setdefault("user_theme_dir", tmp_path / "themes")
        return record_notices(TousuApp(store, clock, lang="zh", **kw))

    return make
