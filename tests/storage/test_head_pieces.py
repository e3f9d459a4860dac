"""The head of an ordered table read from its own pieces of the index (``ordered`` in the
snapshot's layout, storage/FORMAT.md): the same answer as parsing the whole index, on files
written with and without the pieces, and nothing read through a piece whose CRC fails."""

from __future__ import annotations

import os
import re
import zlib
from pathlib import Path

import arrow
import pytest
from store_helpers import sample_case

from cases.demo import build_demo
from cases.model import Event, Status
from cases.urgency import ORDER_NAME, order_key
from storage import doctor, layout, ordered_head, snapshot
from storage.errors import CorruptStoreError
from storage.journal_storage import JournalStorage
from storage.layout import Order
from storage.partial import View
from storage.splice import Body
from storage.store import Store

NOW = arrow.get("2026-09-29T10:00:00+08:00")
ORDER = Order(ORDER_NAME, order_key)


def _head_of(path: Path) -> tuple[dict, int, dict]:
    """(meta, journal_seq, layout spec) from the snapshot's head."""
    fd = os.open(path, os.O_RDONLY)
    try:
        found = snapshot.read_head(fd, os.fstat(fd).st_size, path)
    finally:
        os.close(fd)
    assert found is not None and found[2] is not None
    return found


def _write_as_before_the_pieces(path: Path) -> None:
    """Rewrite the snapshot as tousu wrote it before ``ordered``: the same body and index,
    a head without the pieces (so shorter, every offset in it moved)."""
    meta, seq, spec = _head_of(path)
    data = path.read_bytes()
    start, end = spec["index"]
    body = Body([data[spec["body"]:]], start - spec["body"], data[start:end], {}, {}, {})
    chunks, _ = snapshot.assemble(meta, seq, body)
    tmp = path.with_name(path.name + ".rewritten")
    tmp.write_bytes(b"".join(chunks))
    os.replace(tmp, path)
    assert "ordered" not in _head_of(path)[2]


def _fresh_head(path: Path, clock, count: int) -> tuple[tuple[list[dict], list[list]], dict[str, int]]:
    fresh = Store.open(path, clock)
    try:
        found = fresh.summary_head(count)
        assert found is not None and not fresh.loaded
        return (found[0], found[1]()), fresh.reads
    finally:
        fresh.close()


@pytest.fixture
def changed(store, store_path):
    """A demo store compacted, then changed in the journal only: the head must merge those changes."""
    cases, groups = build_demo(NOW, n_cases=60)
    store.replace_all(cases, groups)
    store.compact()
    first = store.summary_docs()[0]["id"]
    store.add_case(sample_case(1))
    store.update_case(first, lambda c: c.add_event(Event(kind="contact", channel="platform_cs",
                                                         at="2026-09-29T09:00:00+08:00", promised="2小时内回复")))
    store.update_case("K-0002", lambda c: setattr(c, "status", Status.RESOLVED))
    store.delete_case("K-0003", "tester")
    return store


def _sorted_whole(path: Path, clock, count: int) -> tuple[list[dict], list[list]]:
    """What reading and sorting every summary gives."""
    docs = Store.open(path, clock).summary_docs()
    ordered = sorted(docs, key=lambda d: order_key(str(d["id"]), d))
    return ordered[:count], [order_key("", d) for d in ordered]


def test_the_head_is_the_same_from_the_pieces_and_from_the_whole_index(changed, store_path, clock, tmp_path):
    expected = _sorted_whole(store_path, clock, 30)
    with_pieces, reads = _fresh_head(store_path, clock, 30)
    assert with_pieces == expected
    assert reads["index"] == 0  # only the summaries' pieces of it were parsed

    _write_as_before_the_pieces(store_path)
    without, reads = _fresh_head(store_path, clock, 30)
    assert without == expected
    assert reads["index"] == 1  # a file without the pieces: the whole index, as before


def test_the_first_documents_alone_when_the_journal_changed_none_of_them(store, store_path, clock):
    cases, groups = build_demo(NOW, n_cases=40)
    store.replace_all(cases, groups)
    (docs, keys), reads = _fresh_head(store_path, clock, 12)
    assert (docs, keys) == _sorted_whole(store_path, clock, 12)
    assert reads == {"index": 0, "docs": 12, "tables": 0}


def test_a_reader_that_ignores_the_pieces_reads_the_new_file_the_same(changed, store_path):
    """What a tousu from before ``ordered`` does with a file written now: it knows only
    ``body``, ``index`` and ``crc`` of the layout and parses the whole index."""
    changed.compact()  # every change in the snapshot: the views below have no journal to merge
    _, _, spec = _head_of(store_path)
    fp = snapshot.fingerprint(os.stat(store_path))
    journal_path = store_path.with_name(store_path.name + ".journal")
    old_spec = {key: spec[key] for key in ("body", "index", "crc")}
    old, new = View(store_path, fp, old_spec), View(store_path, fp, spec)
    (old_docs, old_keys), (new_docs, new_keys) = (view.head("summaries", ORDER, 20, {}, journal_path) for view in (old, new))
    assert (old_docs, old_keys()) == (new_docs, new_keys())
    assert (old.reads["index"], new.reads["index"]) == (1, 0)
    whole = snapshot.parse(store_path.read_bytes(), store_path)[0]["summaries"]  # the whole file, parsed
    assert [order_key(k, d) for k, d in whole.items()] == new.head("summaries", ORDER, 0, {}, journal_path)[1]()


def test_the_pieces_are_exactly_the_index_entries(changed, store_path):
    changed.compact()
    _, _, spec = _head_of(store_path)
    fd = os.open(store_path, os.O_RDONLY)
    try:
        whole = ordered_head.from_layout(layout.read_index(fd, spec, store_path), "summaries", store_path)
        pieces = ordered_head.read(fd, spec, "summaries", store_path)
        assert ordered_head.read(fd, spec, "cases", store_path) is None  # not an ordered table
    finally:
        os.close(fd)
    assert whole is not None and pieces is not None
    for count in (0, 1, 7, len(whole.keys) + 5):  # the first entries read off the bytes alone
        assert pieces.first(count) == whole.flat[: 4 * count]
    assert (pieces.start, pieces.by, pieces.keys, pieces.flat) == (whole.start, whole.by, whole.keys, whole.flat)


def test_keys_that_json_escapes_are_read_off_the_pieces_too(tmp_path):
    keys = ['say "hi"', "back\\slash", "a,b", "中文", "tab\t"]
    storage = JournalStorage(tmp_path / "tousu.json", orders={"notes": Order("by-n", lambda key, doc: [doc["n"]])})
    storage.open()
    with storage.transaction():
        for n, key in enumerate(keys):
            storage.put("notes", key, {"n": n, "key": key})
    storage.compact()
    reader = JournalStorage(tmp_path / "tousu.json", orders=storage.orders)
    reader.open()
    docs, order_keys = reader.head("notes", 3)
    assert docs == [{"n": n, "key": key} for n, key in enumerate(keys[:3])]
    assert order_keys() == [[n] for n in range(len(keys))]
    assert reader.reads == {"index": 0, "docs": 3, "tables": 0}


def _flip_digit(data: bytes, at: int) -> bytes:
    """``data`` with the digit at ``at`` changed (the file keeps its length)."""
    digit = data[at : at + 1]
    assert digit.isdigit()
    return data[:at] + (b"7" if digit != b"7" else b"3") + data[at + 1 :]


def _inside_each_piece(path: Path) -> list[int]:
    """A digit in the middle of each piece: the summaries' entry and their order keys."""
    _, _, spec = _head_of(path)
    data = path.read_bytes()
    spots = []
    for s0, s1, _ in spec["ordered"]["summaries"]:
        spots.append(next(i for i in range((s0 + s1) // 2, s1) if data[i : i + 1].isdigit()))
    return spots


def _in_the_head_crcs(path: Path) -> list[int]:
    """The last digit of each piece's CRC as the head records it."""
    data = path.read_bytes()
    head = re.search(rb'"ordered":\{"summaries":\[\[(\d+),(\d+),(\d+)\],\[(\d+),(\d+),(\d+)\]\]\}', data[:4096])
    assert head is not None
    return [head.end(3) - 1, head.end(6) - 1]


@pytest.mark.parametrize("where", ["piece 0", "piece 1", "crc 0", "crc 1"])
def test_a_flipped_byte_in_a_piece_or_its_crc_is_refused(changed, store_path, clock, where):
    changed.compact()
    kind, n = where.split()
    at = (_inside_each_piece if kind == "piece" else _in_the_head_crcs)(store_path)[int(n)]
    damaged = _flip_digit(store_path.read_bytes(), at)
    store_path.write_bytes(damaged)
    reader = Store.open(store_path, clock)
    try:
        with pytest.raises(CorruptStoreError):
            reader.summary_head(20)
    finally:
        reader.close()
    report = doctor.check(store_path, clock)  # the whole file parsed checks the pieces too
    assert [finding.key for finding in report.findings] == ["corrupt"]
    assert store_path.read_bytes() == damaged  # never rewritten


def test_a_head_locating_a_piece_outside_the_index_is_refused(changed, store_path, clock):
    changed.compact()
    _, _, spec = _head_of(store_path)
    data = store_path.read_bytes()
    first = str(spec["ordered"]["summaries"][0][0]).encode()
    beyond = b"9" * len(first)  # the same length: the file's size is unchanged
    assert int(beyond) > spec["index"][1] and data.count(b"[[" + first + b",") == 1
    store_path.write_bytes(data.replace(b"[[" + first + b",", b"[[" + beyond + b","))
    with pytest.raises(CorruptStoreError):
        Store.open(store_path, clock).summary_head(20)


def test_the_keys_are_parsed_only_when_asked_for(changed, store_path, clock):
    """The first summaries come without the order keys being parsed (the dashboard counts
    them once its first frame is out): keys whose piece passes its CRC but is not JSON give
    the documents, and a CorruptStoreError only when asked for; the file is left as it is."""
    changed.compact()
    first = [d["id"] for d in _sorted_whole(store_path, clock, 20)[0]]
    data = store_path.read_bytes()
    head = re.search(rb'"ordered":\{"summaries":\[\[\d+,\d+,\d+\],\[(\d+),(\d+),(\d+)\]\]\}', data[:4096])
    assert head is not None
    o0, o1, crc = int(head[1]), int(head[2]), head[3]
    commas = [at for at in range((o0 + o1) // 2, o1) if data[at : at + 1] == b","]
    for at in commas:  # a comma made a semicolon, its CRC recorded anew (at the same length)
        new_crc = str(zlib.crc32(data[o0:at] + b";" + data[at + 1 : o1])).encode()
        if len(new_crc) == len(crc):
            break
    else:
        pytest.fail("no comma whose new CRC keeps the head's length")
    damaged = data[: head.start(3)] + new_crc + data[head.end(3) : at] + b";" + data[at + 1 :]
    store_path.write_bytes(damaged)
    reader = Store.open(store_path, clock)
    try:
        docs, keys = reader.summary_head(20)
        assert [d["id"] for d in docs] == first
        with pytest.raises(CorruptStoreError):
            keys()
    finally:
        reader.close()
    assert store_path.read_bytes() == damaged  # never rewritten
