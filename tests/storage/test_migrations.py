"""Schema migrations (storage.migrations): every earlier schema kept as a fixture store opens,
comes through intact, ends at the current schema, with a backup made first."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from storage import backup, migrations, snapshot
from storage.store import Store
from raw_store import on_disk

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TITLES = ["汇想卡盟充值未到账（第1号）", "汇想卡盟充值未到账（第2号）", "汇想卡盟充值未到账（第3号）"]


def _copy(schema: int, folder: Path) -> Path:
    target = folder / f"schema{schema}.json"
    for suffix in ("", ".journal"):
        shutil.copyfile(FIXTURES / f"schema{schema}.json{suffix}", folder / f"schema{schema}.json{suffix}")
    return target


def test_every_earlier_schema_has_a_fixture_and_a_step():
    assert sorted(migrations.STEPS) == list(range(1, snapshot.SCHEMA))
    for schema in range(1, snapshot.SCHEMA + 1):
        assert snapshot.stored_schema(FIXTURES / f"schema{schema}.json") == schema


@pytest.mark.parametrize("schema", range(1, snapshot.SCHEMA + 1))
def test_a_store_of_each_schema_opens_intact_and_current(schema, tmp_path, clock):
    path = _copy(schema, tmp_path)
    original = path.read_bytes()
    store = Store.open(path, clock)
    cases = store.cases()
    assert [c.title for c in cases] == TITLES
    assert store.case("K-0002").notes == "日志里的修改"  # the change only the journal held
    assert [g.name for g in store.groups()] == ["汇想卡盟集体维权"]
    assert sorted(s.id for s in store.summaries()) == ["K-0001", "K-0002", "K-0003"]
    store.close()
    assert snapshot.stored_schema(path) == snapshot.SCHEMA
    backups = backup.list_backups(path)
    if schema < snapshot.SCHEMA:
        (made,) = backups
        assert made.reason == "migration" and made.path.read_bytes() == original
        assert snapshot.stored_schema(made.path) == schema  # the backup is the store as it was
    else:
        assert backups == []  # a current store is not touched
        assert path.read_bytes() == original
    again = Store.open(path, clock)
    assert [c.title for c in again.cases()] == TITLES
    assert len(on_disk(path, "summaries")) == 3  # stored, not recomputed on reading
    assert backup.list_backups(path) == backups  # upgraded once
    again.close()


def test_an_upgrade_runs_the_steps_after_the_backup(tmp_path, clock, monkeypatch):
    path = _copy(1, tmp_path)
    seen = []

    def step(store, storage):
        seen.append([b.reason for b in backup.list_backups(store.path)])
        original(store, storage)

    original = migrations.STEPS[1]
    monkeypatch.setitem(migrations.STEPS, 1, step)
    Store.open(path, clock).close()
    assert seen == [["migration"]]


def test_a_failed_step_leaves_the_store_at_its_schema_and_the_next_open_upgrades(tmp_path, clock, monkeypatch):
    path = _copy(1, tmp_path)

    def broken(store, storage):
        raise OSError("disk full")

    monkeypatch.setitem(migrations.STEPS, 1, broken)
    with pytest.raises(OSError):
        Store.open(path, clock)
    assert snapshot.stored_schema(path) == 1
    monkeypatch.undo()
    store = Store.open(path, clock)
    assert [c.title for c in store.cases()] == TITLES and snapshot.stored_schema(path) == snapshot.SCHEMA
    store.close()
