"""Backups beside the store (storage.backup): consistent copies, permissions, rotation, once a day."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import arrow
import pytest
from store_helpers import journal_path, sample_case

from storage import backup
from storage.errors import StoreBusyError
from storage.fsutil import SHARED_DIR_MODE
from storage.journal_storage import JournalStorage
from storage.store import Store
from raw_store import another_program

DAY = arrow.get("2026-09-29T10:00:00+08:00")


def _cases_of(path: Path, clock) -> list[str]:
    copy = Store.open(path, clock)
    try:
        return [case.title for case in copy.cases()]
    finally:
        copy.close()


def test_a_backup_is_a_store_with_the_journal_written_since_the_snapshot(store, store_path, clock):
    store.add_cases([sample_case(1), sample_case(2)])
    store.compact()
    store.update_case("K-0002", lambda c: setattr(c, "title", "只在日志里"))  # not yet in the snapshot
    made = store.backup(DAY, "manual")
    assert made.path == store_path.with_name("tousu.json.backups") / "20260929-100000-manual.json"
    assert made.journal_path.read_bytes() == journal_path(store_path).read_bytes()
    assert made.path.read_bytes() == store_path.read_bytes()
    assert _cases_of(made.path, clock) == ["汇想卡盟充值未到账（第1号）", "只在日志里"]
    assert [b.name for b in backup.list_backups(store_path)] == ["20260929-100000-manual"]
    assert made.when == "2026-09-29 10:00:00" and made.reason == "manual" and made.size > 0


def test_a_backup_waits_for_the_lock(store, store_path):
    store.add_case(sample_case(1))
    other = JournalStorage(store_path, lock_timeout=0.05)
    other.open()
    with another_program(store_path):  # another holder of the lock: the copy must wait for it
        with pytest.raises(StoreBusyError):
            backup.make_backup(other, DAY, "manual")
    assert backup.list_backups(store_path) == []
    assert backup.make_backup(other, DAY, "manual").path.exists()


def test_backups_have_the_store_s_mode_and_group_and_a_private_folder(store, store_path):
    store.add_case(sample_case(1))
    made = store.backup(DAY, "manual")
    for path in (made.path, made.journal_path):
        st = os.stat(path)
        assert stat.S_IMODE(st.st_mode) == 0o600 and st.st_gid == os.stat(store_path).st_gid
    assert stat.S_IMODE(os.stat(backup.folder_of(store_path)).st_mode) == 0o700


def test_a_group_store_gets_a_group_folder(tmp_path, clock):
    path = tmp_path / "shared" / "tousu.json"
    store = Store.open(path, clock)
    store.add_case(sample_case(1))
    for name in ("tousu.json", "tousu.json.journal", "tousu.json.lock"):
        os.chmod(path.with_name(name), 0o660)
    made = store.backup(DAY, "manual")
    assert stat.S_IMODE(os.stat(made.path).st_mode) == 0o660
    assert stat.S_IMODE(os.stat(backup.folder_of(path)).st_mode) == SHARED_DIR_MODE


def test_prune_keeps_the_newest(store, store_path):
    store.add_case(sample_case(1))
    made = [store.backup(DAY.shift(days=n), "manual") for n in range(4)]
    gone = backup.prune(store_path, 2)
    assert [b.name for b in gone] == [made[0].name, made[1].name]
    assert [b.name for b in backup.list_backups(store_path)] == [made[2].name, made[3].name]
    assert not made[0].path.exists() and not made[0].journal_path.exists()


def test_two_backups_in_one_second_both_stay_in_order(store, store_path):
    store.add_case(sample_case(1))
    first = store.backup(DAY, "manual")
    second = store.backup(DAY, "manual")
    assert second.name == "20260929-100000-manual-2"
    assert backup.list_backups(store_path) == [first, second]


def test_daily_backup_once_a_day_and_never_of_an_empty_store(store, store_path):
    assert store.daily_backup(DAY) is None  # nothing to keep yet
    store.add_case(sample_case(1))
    assert store.daily_backup(DAY).reason == "daily"
    assert store.daily_backup(DAY.shift(hours=5)) is None  # same day
    assert store.daily_backup(DAY.shift(days=1)) is not None
    assert len(backup.list_backups(store_path)) == 2


def test_daily_backup_rotates(store, store_path):
    store.add_case(sample_case(1))
    for n in range(backup.KEEP + 3):
        store.daily_backup(DAY.shift(days=n))
    kept = backup.list_backups(store_path)
    assert len(kept) == backup.KEEP and kept[-1].day == DAY.shift(days=backup.KEEP + 2).strftime("%Y%m%d")


def test_find_backup_by_name_or_path(store, store_path, tmp_path):
    store.add_case(sample_case(1))
    made = store.backup(DAY, "manual")
    assert backup.find_backup(store_path, made.name) == made
    assert backup.find_backup(store_path, made.name + ".json") == made
    assert backup.find_backup(store_path, str(made.path)).path == made.path
    assert backup.find_backup(store_path, "20200101-000000-manual") is None
    assert backup.find_backup(store_path, str(tmp_path / "other.json")) is None
