"""``storage.doctor``: what a check finds in a store, and what a repair fixes (after a backup)."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import arrow
import pytest
from store_helpers import journal_path, lock_path, sample_case, sample_group

from storage import backup, doctor, snapshot
from raw_store import another_program

NOW = arrow.get("2026-09-29T10:00:00+08:00")
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _keys(report: doctor.Report) -> list[str]:
    return [f.key for f in report.findings]


@pytest.fixture
def filled(store):
    store.add_cases([sample_case(n) for n in (1, 2, 3)])
    store.add_group(sample_group())
    return store


def test_a_store_tousu_wrote_is_healthy(filled, store_path, clock):
    report = doctor.check(store_path, clock)
    assert report.healthy and report.findings == []
    assert report.counts == {"cases": 3, "groups": 1, "participants": 1}


def test_nothing_there_is_a_finding_and_nothing_is_created(tmp_path, clock):
    report = doctor.check(tmp_path / "none.json", clock)
    assert _keys(report) == ["missing"] and report.fatal
    assert os.listdir(tmp_path) == []


def test_a_foreign_json_file_is_named_and_left_alone(tmp_path, clock):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"_default": {"1": {"a": 1}}}))
    before = path.read_bytes()
    report = doctor.check(path, clock)
    assert _keys(report) == ["not_a_store"] and report.findings[0].error is not None
    repaired = doctor.repair(path, clock, NOW)
    assert repaired.backup is None and repaired.done == []
    assert path.read_bytes() == before and sorted(os.listdir(tmp_path)) == ["other.json"]


def test_a_damaged_byte_is_corrupt(filled, store_path, clock):
    filled.compact()
    data = bytearray(store_path.read_bytes())
    at = data.index("第2号".encode()) + len("第".encode())
    data[at] = ord("9")  # one digit changed: the JSON still parses, the table's CRC does not match
    store_path.write_bytes(bytes(data))
    assert _keys(doctor.check(store_path, clock)) == ["corrupt"]


def test_a_newer_schema_is_named(filled, store_path, clock):
    filled.compact()
    text = store_path.read_text(encoding="utf-8").replace('"schema":2', '"schema":9', 1)
    store_path.write_text(text, encoding="utf-8")
    assert _keys(doctor.check(store_path, clock)) == ["too_new"]


def test_an_old_schema_is_found_and_upgraded_by_the_repair(tmp_path, clock):
    for suffix in ("", ".journal"):
        shutil.copyfile(FIXTURES / f"schema1.json{suffix}", tmp_path / f"s.json{suffix}")
    path = tmp_path / "s.json"
    report = doctor.check(path, clock)
    assert "old_schema" in _keys(report) and snapshot.stored_schema(path) == 1  # checking writes nothing
    repaired = doctor.repair(path, clock, NOW)
    assert repaired.after.healthy, repaired.after.findings
    assert snapshot.stored_schema(path) == snapshot.SCHEMA
    assert {b.reason for b in backup.list_backups(path)} == {"repair", "migration"}


def test_documents_references_summaries_and_requests(filled, store_path, clock):
    with another_program(filled.path) as storage:
        storage.delete("summaries", "1")
        storage.put("summaries", "2", {**storage.get("summaries", "2"), "stamp": "0:old"})
        storage.put("summaries", "3", {**storage.get("summaries", "3"), "title": "别的标题"})
        storage.put("summaries", "8", dict(storage.get("summaries", "3")))
        storage.put("requests", "r1", {"case": "K-0042", "at": "2026-09-29T10:00:00+08:00"})
        storage.put("cases", "3", {**storage.get("cases", "3"), "group_id": "G-077"})
        storage.put("groups", "1", {**storage.get("groups", "1"), "name": 7})
    report = doctor.check(store_path, clock)
    found = {f.key: f for f in report.findings}
    assert sorted(found) == ["broken_reference", "damaged", "request_orphan", "summary_missing",
                             "summary_orphan", "summary_stale", "summary_wrong"]
    assert found["damaged"].values["items"] == "G-001 (name)"
    assert found["broken_reference"].values["items"] == "K-0003 → G-077"
    assert found["summary_missing"].values["items"] == "K-0001"
    assert found["summary_stale"].values["items"] == "K-0002"
    assert found["summary_wrong"].values["items"] == "K-0003"
    assert found["summary_orphan"].values["items"] == "K-0008"
    assert found["request_orphan"].values["items"] == "r1"
    assert found["damaged"].repair is None and found["broken_reference"].repair is None

    repaired = doctor.repair(store_path, clock, NOW)
    assert repaired.backup is not None and repaired.backup.reason == "repair"
    assert sorted(f.key for f in repaired.done) == ["request_orphan", "summary_missing", "summary_orphan",
                                                   "summary_stale", "summary_wrong"]
    assert sorted(_keys(repaired.after)) == ["broken_reference", "damaged"]  # left for a person
    assert doctor.check(repaired.backup.path, clock).findings[0].key in found  # the backup is the state before


def test_many_items_are_named_a_few_at_a_time(store, store_path, clock):
    store.add_cases([sample_case(n) for n in range(1, 9)])
    with another_program(store_path) as storage:
        for key in storage.keys("summaries"):
            storage.delete("summaries", key)
    (finding,) = doctor.check(store_path, clock).findings
    assert finding.values == {"count": 8, "items": "K-0001, K-0002, K-0003, K-0004, K-0005 …"}


def test_permissions_found_and_repaired(filled, store_path, clock):
    os.chmod(journal_path(store_path), 0o644)
    os.chmod(lock_path(store_path), 0o666)
    report = doctor.check(store_path, clock)
    assert [(f.key, f.values["file"], f.values["wanted"]) for f in report.findings] == [
        ("mode", "tousu.json.journal", "0600"), ("mode", "tousu.json.lock", "0600")]
    repaired = doctor.repair(store_path, clock, NOW)
    assert repaired.after.healthy and repaired.failed == []
    assert stat.S_IMODE(os.stat(journal_path(store_path)).st_mode) == 0o600


def test_a_world_readable_store_is_found(filled, store_path, clock):
    for path in (store_path, journal_path(store_path), lock_path(store_path)):
        os.chmod(path, 0o644)
    assert [(f.values["file"], f.values["found"]) for f in doctor.check(store_path, clock).findings] == [
        ("tousu.json", "0644"), ("tousu.json.journal", "0644"), ("tousu.json.lock", "0644")]


def test_a_snapshot_without_index_is_compacted_by_the_repair(filled, store_path, clock):
    filled.compact()
    tables = json.loads(store_path.read_bytes())
    store_path.write_text(json.dumps(tables))  # another program: another length, the index no longer trusted
    assert "no_index" in _keys(doctor.check(store_path, clock))
    assert doctor.repair(store_path, clock, NOW).after.healthy
