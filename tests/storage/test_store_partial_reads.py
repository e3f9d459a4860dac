"""Reading single cases and tables through the snapshot's index: same answers as a full load, or refusal."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import zlib

import arrow
import pytest
from store_helpers import journal_path, sample_case, subprocess_env

from cases.demo import build_demo
from cases.model import Event
from cases.urgency import ORDER_NAME, order_key
from storage import journal
from storage.errors import CaseNotFound, CorruptStoreError
from storage.store import Store
from tests.raw_store import on_disk

NOW = arrow.get("2026-09-29T10:00:00+08:00")


def _note(text: str) -> Event:
    return Event(kind="note", at="2026-09-29T10:00:00+08:00", said=text)


@pytest.fixture
def demo_store(store, store_path):
    cases, groups = build_demo(NOW, n_cases=40)
    handwritten, more_groups = build_demo(NOW)
    store.replace_all(cases, groups)
    store.add_cases([dataclasses.replace(c, id="") for c in handwritten])  # other shapes, in the journal
    store.add_group(dataclasses.replace(more_groups[0], id=""))
    return store


def test_partial_reads_equal_a_full_load(demo_store, store_path, clock):
    demo_store.update_case("K-0003", lambda c: c.add_event(_note("日志中的修改")))
    demo_store.delete_case("K-0005", "tester")
    for stage in ("journal", "compacted"):
        full = {c.id: c for c in Store.open(store_path, clock).cases()}
        partial = Store.open(store_path, clock)
        for case_id, case in full.items():
            assert partial.case(case_id) == case, (stage, case_id)
        assert partial.summaries() == [partial.summary(i) for i in full]
        assert [g.id for g in partial.groups()] == ["G-001", "G-002"]
        with pytest.raises(CaseNotFound):
            partial.case("K-0005")
        assert not Store.open(store_path, clock).loaded
        demo_store.compact()


def test_fresh_process_update_reads_one_case(demo_store, store_path, clock):
    cli = Store.open(store_path, clock)
    updated = cli.update_case("K-0002", lambda c: c.add_event(_note("命令行")))
    assert not cli.loaded
    assert cli.reads["docs"] == 1 and cli.reads["tables"] == 0
    assert cli.case("K-0002") == updated  # its own line, read back from the journal
    base = cli.case("K-0001")
    edited = cli.case("K-0001")
    edited.notes = "表单"
    assert cli.save_case(edited, base).notes == "表单"
    assert not cli.loaded
    assert demo_store.poll() and demo_store.case("K-0002") == updated


def test_journal_entries_for_an_id_apply_to_a_partial_read(demo_store, store_path, clock):
    for n in range(3):
        demo_store.update_case("K-0004", lambda c, n=n: c.add_event(_note(f"第{n}次")))
    demo_store.update_case("K-0006", lambda c: setattr(c, "title", "别的案件"))
    reader = Store.open(store_path, clock)
    saids = [e.said for e in reader.case("K-0004").timeline]
    assert saids[-3:] == ["第0次", "第1次", "第2次"]
    assert reader.reads["docs"] == 0  # newest version found in the journal, snapshot not read
    assert reader.case("K-0006").title == "别的案件"


def test_older_journal_lines_without_keys_are_read(store, store_path, clock):
    store.add_case(sample_case(1))
    store.compact()
    doc = on_disk(store.path, "cases", "1") | {"title": "旧格式的行"}
    rest = json.dumps({"ops": [{"op": "put", "t": "cases", "id": "1", "doc": doc}]},
                      ensure_ascii=False, separators=(",", ":")).encode()[1:]
    line = b'{"seq":%d,"crc":%d,' % (store.version + 1, zlib.crc32(rest)) + rest + b"\n"
    with open(journal_path(store_path), "ab") as f:
        f.write(line)
    reader = Store.open(store_path, clock)
    assert reader.case("K-0001").title == "旧格式的行"
    assert reader.summary("K-0001").title == sample_case(1).title  # written without its summary...
    assert reader.summaries()[0].title == sample_case(1).title  # ... which only a stamp/key check could see


def _tamper(store_path, needle: bytes, replacement: bytes, after: bytes = b"") -> None:
    data = store_path.read_bytes()
    start = data.index(after) if after else 0
    at = data.index(needle, start)
    assert len(needle) == len(replacement)
    store_path.write_bytes(data[:at] + replacement + data[at + len(needle):])


def test_tampered_case_slice_is_refused_never_returned(demo_store, store_path, clock):
    demo_store.compact()
    title = demo_store.case("K-0007").title.encode()
    # Same length, still valid JSON: only the checksums can tell.
    _tamper(store_path, title, title[:-3] + "改".encode(), after=b'"cases":')
    reader = Store.open(store_path, clock)
    assert reader.case("K-0006").id == "K-0006"  # other slices are intact
    with pytest.raises(CorruptStoreError):
        reader.case("K-0007")
    with pytest.raises(CorruptStoreError):
        reader.update_case("K-0007", lambda c: None)
    with pytest.raises(CorruptStoreError):
        Store.open(store_path, clock).cases()  # the full parse checks every table too
    with pytest.raises(CorruptStoreError):
        Store.open(store_path, clock).compact()  # never copies damaged bytes into a new snapshot


def test_tampered_summaries_slice_is_refused(demo_store, store_path, clock):
    demo_store.compact()
    _tamper(store_path, b'"K-0009"', b'"K-0008"', after=b'"summaries":')
    with pytest.raises(CorruptStoreError):
        Store.open(store_path, clock).summaries()


def test_tampered_index_is_refused(demo_store, store_path, clock):
    demo_store.compact()
    data = store_path.read_bytes()
    digit = data.index(b"1", data.index(b'"_index":') + 30)  # some offset, length or CRC digit
    store_path.write_bytes(data[:digit] + b"2" + data[digit + 1 :])
    with pytest.raises(CorruptStoreError):
        Store.open(store_path, clock).case("K-0001")
    with pytest.raises(CorruptStoreError):
        Store.open(store_path, clock).summaries()


def test_splice_compaction_without_loading(demo_store, store_path, clock):
    cli = Store.open(store_path, clock)
    cli.update_case("K-0010", lambda c: c.add_event(_note("拼接")))
    cli.purge_case("K-0011", "tester")  # removed for good: the splice drops it
    added = cli.add_case(sample_case(99))
    cli.compact()
    assert not cli.loaded
    lines = journal_path(store_path).read_bytes().splitlines()
    assert json.loads(lines[0])["base"] == cli.version  # compacted; the last entries carried over
    assert json.loads(lines[-1])["seq"] == cli.version
    full = Store.open(store_path, clock)
    cases = full.cases()  # parses and checks every table's CRC
    assert [c.id for c in cases][-1] == added.id and "K-0011" not in {c.id for c in cases}
    assert full.case("K-0010").timeline[-1].said == "拼接"
    assert Store.open(store_path, clock).summaries() == full.summaries()
    assert demo_store.poll() and demo_store.cases() == cases  # caught up from the carried entries


def test_index_records_every_document(demo_store, store_path):
    demo_store.compact()
    data = store_path.read_bytes()
    tables = json.loads(data)
    meta = tables["_meta"]["1"]
    assert meta["snapshot_bytes"] == len(data)
    index = tables["_index"]["1"]["tables"]
    body = meta["layout"]["body"]
    for name in ("summaries", "cases", "groups"):
        t0, t1, crc, flat = index[name]
        assert json.loads(data[body + t0 : body + t1]) == tables[name]
        for i in range(0, len(flat), 4):
            key, d0, size, doc_crc = flat[i : i + 4]
            piece = data[body + t0 + d0 : body + t0 + d0 + size]
            assert json.loads(piece) == tables[name][key] and zlib.crc32(piece) == doc_crc
    # The summaries are stored in dashboard order, each one's key in the index.
    assert list(tables["_index"]["1"]["orders"]) == ["summaries"]
    order = tables["_index"]["1"]["orders"]["summaries"]
    keys = [order_key(k, doc) for k, doc in tables["summaries"].items()]
    assert order["by"] == ORDER_NAME and order["keys"] == keys == sorted(keys)


def test_journal_keys_decode_without_parsing_the_documents():
    line = journal.encode_entry(3, {"next_case": 2}, [("summaries", "1", {"t": "摘要"}), ("cases", "1", {"big": "x" * 5000}), ("cases", "2", None)])
    entry = journal.parse(line, None, at_start=False, full=False).entries[0]
    assert journal.entry_keys(entry) == [("summaries", "1", True), ("cases", "1", True), ("cases", "2", False)]
    assert journal.entry_ops(entry, 0) == [{"op": "put", "t": "summaries", "id": "1", "doc": {"t": "摘要"}}]
    assert journal.entry_meta(entry) == {"next_case": 2}


def test_reader_follows_another_process_compaction(demo_store, store_path, clock):
    tui = Store.open(store_path, clock)
    before = tui.summaries()
    writer = Store.open(store_path, clock, compact_lines=3)
    for n in range(5):
        writer.update_case("K-0012", lambda c, n=n: setattr(c, "title", f"标题{n}"))
    assert json.loads(journal_path(store_path).read_bytes().splitlines()[0])["base"] > tui.version
    # Not polled yet: reading a case notices the replaced snapshot and catches up first.
    assert tui.case("K-0012").title == "标题4"
    assert tui.version == writer.version  # caught up by that read, and poll() still reports it once:
    assert tui.poll() is True and tui.poll() is False
    after = tui.summaries()
    assert after[11].title == "标题4" and after[10] is before[10]  # the summaries table was carried along
    assert not tui.loaded
    assert after == Store.open(store_path, clock).summaries()


def test_pure_json_fallback_reads_and_writes_the_same_files(demo_store, store_path, clock):
    code = (
        "import sys; from cases.clock import FixedClock; from storage import codec; from storage.store import Store\n"
        "assert codec.backend() == 'json'\n"
        "s = Store.open(sys.argv[1], FixedClock('2026-09-29T10:00:00+08:00'))\n"
        "n = len(s.summaries()); s.update_case('K-0003', lambda c: setattr(c, 'title', '标准库写的'))\n"
        "s.compact(); print(n, s.case('K-0003').title, len(s.cases()))\n"
    )
    env = subprocess_env() | {"TOUSU_JSON": "json"}
    out = subprocess.run([sys.executable, "-c", code, str(store_path)], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    count = len(demo_store.summaries())
    assert out.stdout.split() == [str(count), "标准库写的", str(count)]
    fresh = Store.open(store_path, clock)
    assert fresh.case("K-0003").title == "标准库写的" and len(fresh.cases()) == count


@pytest.mark.parametrize("meta_size", [10, 1021, 3000])
def test_journal_keys_survive_a_long_meta_and_a_cut_character(meta_size):
    meta = {"note": "维" * meta_size}  # 3 bytes a character: the 1 KB prefix cuts one, or ends inside meta
    ops = [("summaries", "12", {"t": "摘要"}), ("cases", "12", {"t": "案" * 2000})]
    entry = journal.parse(journal.encode_entry(9, meta, ops), None, at_start=False, full=False).entries[0]
    assert journal.entry_keys(entry) == [("summaries", "12", True), ("cases", "12", True)]
    assert journal.entry_ops(entry, 1)[1]["doc"] == {"t": "案" * 2000}
    assert journal.entry_meta(entry) == meta
