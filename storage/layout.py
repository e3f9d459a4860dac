"""Where each table and document lies in the snapshot, so single pieces can be read alone.

The body of a snapshot (everything after the ``_meta`` head, see
:mod:`storage.snapshot`) is written by this module::

    ,"summaries":{"1":{…},"2":{…}},"cases":{"1":{…},…},"groups":{…},"_index":{"1":INDEX}}

``INDEX`` (a TinyDB document of the table ``_index``, so plain TinyDB still
reads the file) is::

    {"v":1,"tables":{"cases":[t0,t1,crc,["1",d0,len,crc,"2",d0,len,crc,…]],…}}

with ``[t0, t1)`` the table's value relative to the start of the body and, per
document, its value at ``[t0 + d0, t0 + d0 + len)``; every ``crc`` is the
CRC-32 of those bytes. The head records where the body starts and where
``INDEX`` is, with INDEX's own CRC. Nothing read through these offsets is
trusted before its CRC matches: a mismatch is :class:`CorruptStoreError`,
never a silent fallback to other bytes.

Why: at 10k demo cases the snapshot is 38.7 MB and parsing it takes ~0.5 s
(orjson; 0.56 s with ``json``) and ~170 MB of memory. The dashboard needs
only the 5.4 MB summaries table; ``tousu log`` needs one 3 KB case. Reading
the index (0.6 MB, ~8 ms) and one slice instead keeps a CLI edit near the
cost of the interpreter, and lists never hold the case documents.

Splicing: a compaction copies the unchanged documents' bytes from the old
snapshot (runs of neighbours in one piece, after checking each copied table's
CRC) and encodes only the documents changed since. At 10k cases a compaction
takes ~0.15 s, most of it reading, writing and fsyncing 39 MB, instead of
~0.5 s of parsing plus 0.1-0.4 s of encoding, so any process may compact
without loading the documents.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from storage import codec
from storage.errors import CorruptStoreError

INDEX = "_index"
INDEX_ID = "1"
VERSION = 1

Chunks = list[bytes | memoryview]
#: (table, key) -> new document, or None for a deletion
Changes = Mapping[str, Mapping[str, dict[str, Any] | None]]


class Layout:
    """The parsed index of one snapshot file (offsets absolute once ``body`` is added)."""

    def __init__(self, body: int, tables: dict[str, list[Any]]) -> None:
        self.body = body
        self.tables = tables  # name -> [t0, t1, crc, flat docs]; t0/t1 relative to body
        self._maps: dict[str, dict[str, int]] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.tables

    def names(self) -> list[str]:
        return list(self.tables)

    def table_span(self, name: str) -> tuple[int, int, int] | None:
        """(start, end, crc) of a table's value in the file."""
        entry = self.tables.get(name)
        if entry is None:
            return None
        return self.body + entry[0], self.body + entry[1], entry[2]

    def keys(self, name: str) -> list[str]:
        entry = self.tables.get(name)
        return [] if entry is None else entry[3][0::4]

    def key_map(self, name: str) -> dict[str, int]:
        """Key -> position of its entry in the table's flat list (built once per table)."""
        found = self._maps.get(name)
        if found is None:
            entry = self.tables.get(name)
            flat = entry[3] if entry is not None else []
            found = self._maps[name] = {flat[i]: i for i in range(0, len(flat), 4)}
        return found

    def doc_span(self, name: str, key: str) -> tuple[int, int, int] | None:
        """(start, end, crc) of one document in the file, None if the table has no such key."""
        entry = self.tables.get(name)
        if entry is None:
            return None
        i = self.key_map(name).get(key)
        if i is None:
            return None
        flat = entry[3]
        start = self.body + entry[0] + flat[i + 1]
        return start, start + flat[i + 2], flat[i + 3]


# ----------------------------------------------------------------------------- writing


class Body(NamedTuple):
    chunks: Chunks  # the bytes after the head, in pieces
    index_at: int  # where INDEX starts, relative to the body
    index: bytes
    tables: dict[str, list[Any]]  # what INDEX holds


class _Body:
    """Accumulates the body's chunks and the index entries, tracking offsets."""

    def __init__(self) -> None:
        self.chunks: Chunks = []
        self.pos = 0
        self.tables: dict[str, list[Any]] = {}

    def add(self, chunk: bytes | memoryview) -> None:
        self.chunks.append(chunk)
        self.pos += len(chunk)

    def open_table(self, name: str) -> int:
        self.add(b"," + codec.dumps(name) + b":")
        return self.pos

    def close_table(self, name: str, start: int, first_chunk: int, flat: list[Any], crc: int | None) -> None:
        if crc is None:
            crc = 0
            for chunk in self.chunks[first_chunk:]:
                crc = zlib.crc32(chunk, crc)
        self.tables[name] = [start, self.pos, crc, flat]

    def finish(self) -> Body:
        """Append the index and close the file's object."""
        index = codec.dumps({"v": VERSION, "tables": self.tables}, bulk=True)
        self.add(b',"' + INDEX.encode() + b'":{"' + INDEX_ID.encode() + b'":')
        at = self.pos
        self.add(index)
        self.add(b"}}")
        return Body(self.chunks, at, index, self.tables)


def _write_docs(body: _Body, docs: Iterable[tuple[str, dict[str, Any]]], table_start: int, flat: list[Any],
                first: bool) -> bool:
    for key, doc in docs:
        if not first:
            body.add(b",")
        first = False
        body.add(codec.dumps(key, bulk=True) + b":")
        data = codec.dumps(doc, bulk=True)
        flat += (key, body.pos - table_start, len(data), zlib.crc32(data))
        body.add(data)
    return first


def encode_body(tables: Mapping[str, Mapping[str, dict[str, Any]]], skip: Iterable[str]) -> Body:
    """Every table but ``skip``, each document encoded afresh (see :func:`finish`)."""
    body = _Body()
    skipped = set(skip) | {INDEX}
    for name, table in tables.items():
        if name in skipped:
            continue
        start = body.open_table(name)
        first_chunk = len(body.chunks)
        body.add(b"{")
        flat: list[Any] = []
        _write_docs(body, table.items(), start, flat, True)
        body.add(b"}")
        body.close_table(name, start, first_chunk, flat, None)
    return body.finish()


def splice_body(old: bytes, layout: Layout, changes: Changes, path: Path) -> Body:
    """The body of a new snapshot: ``old``'s documents with ``changes`` applied.

    Unchanged tables and runs of unchanged documents are copied (as views of
    ``old``) after checking the CRC of each table copied from; changed and new
    documents are encoded. New tables come after the old ones.
    """
    view = memoryview(old)
    body = _Body()
    names = layout.names() + [name for name in changes if name not in layout and name != INDEX]
    for name in names:
        table_changes = changes.get(name) or {}
        start = body.open_table(name)
        first_chunk = len(body.chunks)
        span = layout.table_span(name)
        if span is not None:
            t0, t1, crc = span
            if zlib.crc32(view[t0:t1]) != crc:
                raise CorruptStoreError(path, detail=f"table {name!r} checksum / 表 {name!r} 校验和不符")
            if not table_changes:  # the whole table as it was: same relative offsets
                body.add(view[t0:t1])
                body.close_table(name, start, first_chunk, list(layout.tables[name][3]), crc)
                continue
        body.add(b"{")
        flat: list[Any] = []
        first = True
        if span is not None:
            first = _splice_docs(body, view, span[0], layout.tables[name][3], table_changes, start, flat)
        old_keys = layout.key_map(name)
        new = [(key, doc) for key, doc in table_changes.items() if doc is not None and key not in old_keys]
        _write_docs(body, new, start, flat, first)
        body.add(b"}")
        body.close_table(name, start, first_chunk, flat, None)
    return body.finish()


def _splice_docs(body: _Body, view: memoryview, t0: int, old_flat: list[Any], changes: Mapping[str, Any],
                 start: int, flat: list[Any]) -> bool:
    """Copy runs of unchanged documents, encode changed ones; returns whether none was written."""
    first = True
    run_from = -1  # index (in old_flat) of the first document of the current run
    count = len(old_flat)

    def flush(until: int) -> None:
        nonlocal first, run_from
        if run_from < 0:
            return
        # The run spans from its first key (just after "{" or ",") to the end of its last document.
        key_start = 1 if run_from == 0 else old_flat[run_from - 3] + old_flat[run_from - 2] + 1
        last = until - 4
        end = old_flat[last + 1] + old_flat[last + 2]
        if not first:
            body.add(b",")
        first = False
        shift = body.pos - start - key_start
        body.add(view[t0 + key_start : t0 + end])
        for i in range(run_from, until, 4):
            flat.extend((old_flat[i], old_flat[i + 1] + shift, old_flat[i + 2], old_flat[i + 3]))
        run_from = -1

    for i in range(0, count, 4):
        key = old_flat[i]
        if key in changes:
            flush(i)
            doc = changes[key]
            if doc is not None:
                first = _write_docs(body, [(key, doc)], start, flat, first)
        elif run_from < 0:
            run_from = i
    flush(count)
    return first


# ----------------------------------------------------------------------------- reading


def parse_index(data: bytes, body: int, path: Path) -> Layout:
    """The :class:`Layout` from INDEX bytes whose CRC was already checked."""
    try:
        item = codec.loads(data)
        tables = item["tables"]
        if item.get("v") != VERSION or not isinstance(tables, dict):
            raise ValueError("index version")
        for entry in tables.values():
            if not (isinstance(entry, list) and len(entry) == 4 and isinstance(entry[3], list) and len(entry[3]) % 4 == 0):
                raise ValueError("index entry")
            if not all(isinstance(v, int) and v >= 0 for v in entry[:3]) or entry[0] > entry[1]:
                raise ValueError("index span")
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        raise CorruptStoreError(path, detail="snapshot index / 快照索引") from None
    return Layout(body, tables)


def read_index(fd: int, spec: dict[str, Any], path: Path) -> Layout:
    start, end = spec["index"]
    return parse_index(read_slice(fd, start, end, spec["crc"], path, "snapshot index / 快照索引"), spec["body"], path)


def read_slice(fd: int, start: int, end: int, crc: int, path: Path, what: str) -> bytes:
    """Bytes ``[start, end)`` of an open snapshot, only if their CRC matches."""
    data = os.pread(fd, end - start, start) if end > start else b""
    while 0 < len(data) < end - start:  # pread may return less for large ranges
        more = os.pread(fd, end - start - len(data), start + len(data))
        if not more:
            break
        data += more
    return _checked(data, end - start, crc, path, what)


def read_slice_of(data: bytes, start: int, end: int, crc: int, path: Path, what: str) -> bytes:
    """Like :func:`read_slice`, from a snapshot already in memory."""
    return _checked(data[start:end], end - start, crc, path, what)


def _checked(data: bytes, size: int, crc: int, path: Path, what: str) -> bytes:
    if len(data) != size or zlib.crc32(data) != crc:
        raise CorruptStoreError(path, detail=f"{what}: checksum / 校验和不符")
    return data


def verify(data: bytes, layout: Layout, names: Iterable[str], path: Path) -> None:
    """After a full parse: every table's bytes match their CRC and the tables are the indexed ones."""
    view = memoryview(data)
    if set(names) != set(layout.names()):
        raise CorruptStoreError(path, detail="tables differ from the index / 表与索引不符")
    for name in layout.names():
        t0, t1, crc = layout.table_span(name)  # type: ignore[misc]
        if zlib.crc32(view[t0:t1]) != crc:
            raise CorruptStoreError(path, detail=f"table {name!r} checksum / 表 {name!r} 校验和不符")
