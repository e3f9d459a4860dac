"""Atomicity and the journal: torn lines, damage, compaction crashes, catching up."""

from __future__ import annotations

import json
import os

import pytest
import tinydb
from store_helpers import file_state, journal_path, sample_case

from cases.model import Event
from storage import compaction, journal_writer, snapshot
from storage.errors import CorruptStoreError, StoreError
from storage.store import Store


def _event(text: str) -> Event:
    return Event(kind="note", at="2026-09-29T10:00:00+08:00", said=text)


def _journal_entries(store_path):
    lines = journal_path(store_path).read_bytes().split(b"\n")
    assert lines.pop() == b""
    header = json.loads(lines[0])
    assert header["journal"] == 1
    return header, [json.loads(line) for line in lines[1:]]


def test_torn_last_line_is_ignored_then_cut_off(store, store_path, clock):
    store.add_case(sample_case(1))
    store.add_case(sample_case(2))
    store.update_case("K-0001", lambda c: c.add_event(_event("第三次")))
    jp = journal_path(store_path)
    data = jp.read_bytes()
    last_start = data.rstrip(b"\n").rfind(b"\n") + 1
    # A crash in the middle of the last append: half of the line, no newline.
    jp.write_bytes(data[: last_start + (len(data) - last_start) // 2])

    reader = Store.open(store_path, clock)
    assert reader.version == 2
    assert [e.said for e in reader.case("K-0001").timeline] == ["请耐心等待"]

    writer = Store.open(store_path, clock)
    writer.add_case(sample_case(3))
    header, entries = _journal_entries(store_path)  # every line parses: the torn bytes are gone
    assert [e["seq"] for e in entries] == [1, 2, 3]
    assert [c.id for c in Store.open(store_path, clock).cases()] == ["K-0001", "K-0002", "K-0003"]
    assert reader.poll() and reader.version == 3


def test_bad_final_complete_line_counts_as_torn(store, store_path, clock):
    store.add_case(sample_case(1))
    store.add_case(sample_case(2))
    jp = journal_path(store_path)
    data = jp.read_bytes()
    jp.write_bytes(data[:-20] + b"x" * 19 + b"\n")  # damaged but newline-terminated
    assert [c.id for c in Store.open(store_path, clock).cases()] == ["K-0001"]


@pytest.mark.parametrize("damage", ["flip_text", "garbage_line"])
def test_damaged_middle_line_refuses_store_and_writes_nothing(store, store_path, clock, damage):
    for n in range(1, 4):
        store.add_case(sample_case(n))
    jp = journal_path(store_path)
    data = jp.read_bytes()
    if damage == "flip_text":  # still valid JSON: only the CRC notices
        index = data.index("第1号".encode())
        data = data[:index] + "第7号".encode() + data[index + len("第1号".encode()) :]
    else:
        first_newline = data.index(b"\n")
        data = data[: first_newline + 1] + b"{not json\n" + data[first_newline + 1 :]
    jp.write_bytes(data)
    before = (file_state(store_path), file_state(jp))
    with pytest.raises(CorruptStoreError) as info:
        Store.open(store_path, clock)
    assert "损坏" in str(info.value) and "damaged" in info.value.message("en")
    assert (file_state(store_path), file_state(jp)) == before
    if damage == "garbage_line":
        # A process that had the store open notices the shifted lines before its
        # offset and refuses to cut or append.
        with pytest.raises(CorruptStoreError):
            store.add_case(sample_case(9))
        assert (file_state(store_path), file_state(jp)) == before


def test_compaction_crash_between_snapshot_and_journal_reset(store, store_path, clock, monkeypatch):
    for n in range(1, 4):
        store.add_case(sample_case(n))
    store.update_case("K-0002", lambda c: c.add_event(_event("压缩前")))
    real_atomic_write = compaction.atomic_write

    def crash_on_journal(path, data, **options):
        if path.name.endswith(".journal"):
            raise OSError("simulated crash before the journal reset")
        return real_atomic_write(path, data, **options)

    monkeypatch.setattr(compaction, "atomic_write", crash_on_journal)
    with pytest.raises(StoreError):
        store.compact()
    monkeypatch.setattr(compaction, "atomic_write", real_atomic_write)

    # The snapshot already holds seq 1..4, and the old journal still holds them too.
    meta = json.loads(store_path.read_bytes())["_meta"]["1"]
    assert meta["journal_seq"] == 4
    assert len(_journal_entries(store_path)[1]) == 4

    fresh = Store.open(store_path, clock)
    assert fresh.version == 4
    cases = fresh.cases()
    assert [c.id for c in cases] == ["K-0001", "K-0002", "K-0003"]
    assert [e.said for e in cases[1].timeline] == ["请耐心等待", "压缩前"]  # not applied twice

    # Both the crashed process and the new one go on writing correctly.
    store.update_case("K-0002", lambda c: c.add_event(_event("压缩后")))
    fresh.add_case(sample_case(4))
    final = Store.open(store_path, clock)
    assert final.version == 6
    assert [e.said for e in final.case("K-0002").timeline] == ["请耐心等待", "压缩前", "压缩后"]
    assert len(final.cases()) == 4


def test_automatic_compaction_and_catch_up_without_reload(store_path, clock, monkeypatch):
    options = {"compact_lines": 5}
    a = Store.open(store_path, clock, **options)
    b = Store.open(store_path, clock, **options)
    a.add_case(sample_case(1))
    assert len(b.cases()) == 1  # b has loaded the documents

    def no_reload(*args):
        raise AssertionError("b should catch up from the carried-over entries")

    for n in range(6):
        a.update_case("K-0001", lambda c, n=n: c.add_event(_event(f"a{n}")))
    header, entries = _journal_entries(store_path)
    assert header["base"] == a.version  # compacted, with the last entries carried over
    assert entries and entries[-1]["seq"] == a.version
    monkeypatch.setattr(snapshot, "parse", no_reload)  # b parses no snapshot from here on
    assert b.poll()
    assert b.version == a.version
    assert len(b.case("K-0001").timeline) == 7


def test_laggard_beyond_carried_entries_reloads(store_path, clock, monkeypatch):
    monkeypatch.setattr(compaction, "CARRY_LINES", 2)
    a = Store.open(store_path, clock, compact_lines=10)
    b = Store.open(store_path, clock)
    a.add_case(sample_case(1))
    b.cases()
    for n in range(12):
        a.update_case("K-0001", lambda c, n=n: c.add_event(_event(f"a{n}")))
    assert b.poll()
    assert b.case("K-0001") == a.case("K-0001")


def test_journal_of_another_store_is_refused(tmp_path, clock):
    one = Store.open(tmp_path / "one" / "tousu.json", clock)
    two = Store.open(tmp_path / "two" / "tousu.json", clock)
    one.add_case(sample_case(1))
    two.add_case(sample_case(2))
    journal_path(one.path).write_bytes(journal_path(two.path).read_bytes())
    with pytest.raises(CorruptStoreError):
        Store.open(one.path, clock)


def test_snapshot_restored_from_older_backup_is_refused(store, store_path, clock):
    store.add_case(sample_case(1))
    backup = store_path.read_bytes()
    store.add_case(sample_case(2))
    store.compact()
    store.add_case(sample_case(3))
    store_path.write_bytes(backup)
    with pytest.raises(CorruptStoreError) as info:
        Store.open(store_path, clock)
    assert "newer" in info.value.message("en")


def test_truncated_snapshot_is_corrupt_not_foreign(store, store_path, clock):
    store.add_case(sample_case(1))
    store.compact()
    data = store_path.read_bytes()
    store_path.write_bytes(data[: len(data) // 2])
    before = file_state(store_path), file_state(journal_path(store_path))
    with pytest.raises(CorruptStoreError):
        Store.open(store_path, clock)
    assert (file_state(store_path), file_state(journal_path(store_path))) == before


def test_snapshot_edited_with_plain_tinydb_is_read(store, store_path, clock):
    store.add_case(sample_case(1))
    store.compact()
    db = tinydb.TinyDB(store_path, encoding="utf-8")
    db.table("cases").update({"notes": "手工修改"}, doc_ids=[1])
    db.close()
    again = Store.open(store_path, clock)
    assert again.case("K-0001").notes == "手工修改"
    again.update_case("K-0001", lambda c: setattr(c, "title", "再改"))
    assert Store.open(store_path, clock).case("K-0001").notes == "手工修改"


def test_missing_journal_is_recreated(store, store_path, clock):
    store.add_case(sample_case(1))
    store.compact()
    os.unlink(journal_path(store_path))
    other = Store.open(store_path, clock)
    other.add_case(sample_case(2))
    assert store.poll()
    assert [c.id for c in store.cases()] == ["K-0001", "K-0002"]
    header, entries = _journal_entries(store_path)
    assert [e["seq"] for e in entries] == [header["base"] + 1]


def test_orphan_journal_is_set_aside_for_a_new_store(store, store_path, clock):
    store.add_case(sample_case(1))
    store.close()
    os.unlink(store_path)
    fresh = Store.open(store_path, clock)
    assert fresh.is_empty()
    assert fresh.add_case(sample_case(2)).id == "K-0001"
    orphan = store_path.with_name(store_path.name + ".journal.orphan")
    assert "第1号".encode() in orphan.read_bytes()


def test_stale_temporaries_are_removed_by_compaction(store, store_path):
    stray = store_path.with_name(f".{store_path.name}.tmp-99999")
    stray.write_bytes(b"half a snapshot")
    store.add_case(sample_case(1))
    store.compact()
    assert not stray.exists()


def test_failed_append_is_reported_and_memory_recovers(store, store_path, clock, monkeypatch):
    store.add_case(sample_case(1))
    store.cases()

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(journal_writer, "append_durably", disk_full)
    with pytest.raises(StoreError) as info:
        store.update_case("K-0001", lambda c: setattr(c, "title", "未保存"))
    assert info.value.code == "store.write_failed"
    monkeypatch.undo()
    assert store.case("K-0001").title != "未保存"  # memory was reloaded from disk
    assert store.cases()[0].title != "未保存"
    store.update_case("K-0001", lambda c: setattr(c, "title", "已保存"))
    assert Store.open(store_path, clock).case("K-0001").title == "已保存"
