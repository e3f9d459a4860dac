"""Where each table and document lies in the snapshot, so single pieces can be read alone.

The body of a snapshot (everything after the ``_meta`` head, see
:mod:`storage.snapshot`) is written by this module::

    ,"summaries":{"1":{…},"2":{…}},"cases":{"1":{…},…},"groups":{…},"_index":{"1":INDEX}}

``INDEX`` (a TinyDB document of the table ``_index``, so plain TinyDB still
reads the file) is::

    {"v":1,"tables":{"cases":[t0,t1,crc,["1",d0,len,crc,"2",d0,len,crc,…]],…},
     "orders":{"summaries":{"by":NAME,"keys":[K0,K1,…]}}}

with ``[t0, t1)`` the table's value relative to the start of the body and, per
document, its value at ``[t0 + d0, t0 + d0 + len)``; every ``crc`` is the
CRC-32 of those bytes. A table kept in an :class:`Order` is listed under
``orders``: its documents are written sorted by that order's key and ``Ki``
is the key of its i-th document, so the first documents in that order (and
every key) are known from the index alone. (A separate member, not a fifth
item of the table's entry: tousu versions before it read such a file
unchanged, and their compactions leave the order out, which only means the
next compaction here sorts the table again.) The head records where the body
starts and where ``INDEX`` is, with INDEX's own CRC. Nothing read through these offsets is
trusted before its CRC matches: a mismatch is :class:`CorruptStoreError`,
never a silent fallback to other bytes.

Why: at 10k demo cases the snapshot is 38.7 MB and parsing it takes ~0.5 s
(orjson; 0.56 s with ``json``) and ~170 MB of memory. The dashboard needs
only the 5.4 MB summaries table; ``tousu log`` needs one 3 KB case. Reading
the index (1.0 MB with the summaries' order keys, ~6 ms to parse) and one
slice instead keeps a CLI edit near the cost of the interpreter, and lists
never hold the case documents.

Ordered tables: the dashboard paints the ~40 most urgent cases first. With the
summaries table in urgency order and each one's key in the index (10k cases:
+0.43 MB of index, ~+2.5 ms to parse it), it reads ~80 summaries (one ``pread``
each, ~2 ms) instead of parsing the 5.4 MB table (~50 ms) and sorting it
(~25 ms) before the first paint: the first frame came ~0.1 s sooner (0.48 s ->
0.37 s, development VM). A compaction keeps the order by merging the changed
documents into the stored keys (a sort of already-sorted keys, ~3 ms at 10k).

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
from collections.abc import Callable, Iterable, Mapping
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple, Union

from storage import codec
from storage.errors import CorruptStoreError

INDEX = "_index"
INDEX_ID = "1"
VERSION = 1

Chunks = list[bytes | memoryview]
#: (table, key) -> new document, or None for a deletion
Changes = Mapping[str, Mapping[str, dict[str, Any] | None]]


class Order(NamedTuple):
    """A table whose documents are stored sorted by ``key(doc_id, doc)`` (a JSON list;
    every key distinct). ``name`` is recorded in the index: a table written under
    another name (or none) is sorted again at the next compaction."""

    name: str
    key: Callable[[str, dict[str, Any]], list[Any]]


Orders = Mapping[str, Order]
#: What a table's documents are written from, in order: the position of an
#: unchanged document in the old flat index (copied as bytes), or (key, doc) to encode.
Item = Union[int, tuple[str, dict[str, Any]]]


class Layout:
    """The parsed index of one snapshot file (offsets absolute once ``body`` is added)."""

    def __init__(self, body: int, tables: dict[str, list[Any]], orders: dict[str, dict[str, Any]] | None = None) -> None:
        self.body = body
        self.tables = tables  # name -> [t0, t1, crc, flat docs]; t0/t1 relative to body
        self.orders = orders or {}  # name -> {"by": order name, "keys": [key of each document]}
        self._maps: dict[str, dict[str, int]] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.tables

    def names(self) -> list[str]:
        return list(self.tables)

    def order(self, name: str) -> tuple[str, list[Any]] | None:
        """(order name, each document's key in stored order) of an ordered table, else None."""
        order = self.orders.get(name)
        return None if order is None else (order["by"], order["keys"])

    def flat(self, name: str) -> list[Any]:
        """The table's flat index list ``[key, d0, len, crc, …]`` (empty if no such table)."""
        entry = self.tables.get(name)
        return [] if entry is None else entry[3]

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
    orders: dict[str, dict[str, Any]]


class _Body:
    """Accumulates the body's chunks and the index entries, tracking offsets."""

    def __init__(self) -> None:
        self.chunks: Chunks = []
        self.pos = 0
        self.tables: dict[str, list[Any]] = {}
        self.orders: dict[str, dict[str, Any]] = {}

    def add(self, chunk: bytes | memoryview) -> None:
        self.chunks.append(chunk)
        self.pos += len(chunk)

    def open_table(self, name: str) -> int:
        self.add(b"," + codec.dumps(name) + b":")
        return self.pos

    def close_table(self, name: str, start: int, first_chunk: int, flat: list[Any], crc: int | None,
                    order: dict[str, Any] | None = None) -> None:
        if crc is None:
            crc = 0
            for chunk in self.chunks[first_chunk:]:
                crc = zlib.crc32(chunk, crc)
        self.tables[name] = [start, self.pos, crc, flat]
        if order is not None:
            self.orders[name] = order

    def finish(self) -> Body:
        """Append the index and close the file's object."""
        item: dict[str, Any] = {"v": VERSION, "tables": self.tables}
        if self.orders:
            item["orders"] = self.orders
        index = codec.dumps(item, bulk=True)
        self.add(b',"' + INDEX.encode() + b'":{"' + INDEX_ID.encode() + b'":')
        at = self.pos
        self.add(index)
        self.add(b"}}")
        return Body(self.chunks, at, index, self.tables, self.orders)


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


def encode_body(tables: Mapping[str, Mapping[str, dict[str, Any]]], skip: Iterable[str],
                orders: Orders | None = None) -> Body:
    """Every table but ``skip``, each document encoded afresh (see :func:`finish`);
    the tables in ``orders`` sorted by their order's key."""
    body = _Body()
    skipped = set(skip) | {INDEX}
    for name, table in tables.items():
        if name in skipped:
            continue
        start = body.open_table(name)
        first_chunk = len(body.chunks)
        body.add(b"{")
        flat: list[Any] = []
        order = (orders or {}).get(name)
        if order is None:
            _write_docs(body, table.items(), start, flat, True)
            body.add(b"}")
            body.close_table(name, start, first_chunk, flat, None)
            continue
        keyed = sorted(((order.key(k, doc), (k, doc)) for k, doc in table.items()), key=itemgetter(0))
        _write_docs(body, [item for _, item in keyed], start, flat, True)
        body.add(b"}")
        body.close_table(name, start, first_chunk, flat, None, {"by": order.name, "keys": [k for k, _ in keyed]})
    return body.finish()


def splice_body(old: bytes, layout: Layout, changes: Changes, path: Path, orders: Orders | None = None) -> Body:
    """The body of a new snapshot: ``old``'s documents with ``changes`` applied.

    Unchanged tables and runs of unchanged documents are copied (as views of
    ``old``) after checking the CRC of each table copied from; changed and new
    documents are encoded. New tables come after the old ones. A table in
    ``orders`` is written in its order: unchanged documents keep their place
    among themselves (their keys are in the index) and changed ones are merged
    in; a table not yet in that order has its documents parsed once to sort it.
    """
    view = memoryview(old)
    body = _Body()
    names = layout.names() + [name for name in changes if name not in layout and name != INDEX]
    for name in names:
        table_changes = changes.get(name) or {}
        order = (orders or {}).get(name)
        stored = layout.order(name)
        in_order = order is None or (stored is not None and stored[0] == order.name)
        start = body.open_table(name)
        first_chunk = len(body.chunks)
        span = layout.table_span(name)
        old_flat = layout.flat(name)
        if span is not None:
            t0, t1, crc = span
            if zlib.crc32(view[t0:t1]) != crc:
                raise CorruptStoreError(path, detail=f"table {name!r} checksum / 表 {name!r} 校验和不符")
            if not table_changes and in_order:  # the whole table as it was: same relative offsets
                body.add(view[t0:t1])
                body.close_table(name, start, first_chunk, list(old_flat), crc,
                                 None if order is None else {"by": order.name, "keys": list(stored[1])})  # type: ignore[index]
                continue
        body.add(b"{")
        flat: list[Any] = []
        t0 = span[0] if span is not None else 0
        if order is None:
            _emit(body, view, t0, old_flat, _items_in_place(old_flat, table_changes), start, flat)
            body.close_table(name, start, first_chunk, flat, None)
        else:
            old_keys = stored[1] if in_order and stored is not None else _keys_of(view, span, old_flat, order, path)
            keys, items = _items_in_order(old_flat, old_keys, table_changes, order)
            _emit(body, view, t0, old_flat, items, start, flat)
            body.close_table(name, start, first_chunk, flat, None, {"by": order.name, "keys": keys})
    return body.finish()


def _items_in_place(old_flat: list[Any], changes: Mapping[str, Any]) -> list[Item]:
    """Old documents where they were (changed ones replaced, deleted ones left out), then the new ones."""
    items: list[Item] = []
    for i in range(0, len(old_flat), 4):
        key = old_flat[i]
        if key not in changes:
            items.append(i)
        elif changes[key] is not None:
            items.append((key, changes[key]))
    old = set(old_flat[0::4])
    items += [(key, doc) for key, doc in changes.items() if doc is not None and key not in old]
    return items


def _items_in_order(old_flat: list[Any], old_keys: list[Any], changes: Mapping[str, Any],
                    order: Order) -> tuple[list[Any], list[Item]]:
    """Every current document in ``order``, with its key."""
    keyed: list[tuple[Any, Item]] = [
        (old_keys[i >> 2], i) for i in range(0, len(old_flat), 4) if old_flat[i] not in changes]
    keyed += [(order.key(key, doc), (key, doc)) for key, doc in changes.items() if doc is not None]
    keyed.sort(key=itemgetter(0))  # the old ones are in order already: a merge
    return [k for k, _ in keyed], [item for _, item in keyed]


def _keys_of(view: memoryview, span: tuple[int, int, int] | None, old_flat: list[Any], order: Order,
             path: Path) -> list[Any]:
    """The order keys of a table written in another order (or none): parsed once."""
    if span is None:
        return []
    try:
        docs = codec.loads(bytes(view[span[0] : span[1]]))
    except (ValueError, UnicodeDecodeError):
        raise CorruptStoreError(path, detail="table / 表") from None
    return [order.key(old_flat[i], docs[old_flat[i]]) for i in range(0, len(old_flat), 4)]


def _emit(body: _Body, view: memoryview, t0: int, old_flat: list[Any], items: list[Item], start: int,
          flat: list[Any]) -> None:
    """Write a table's documents in ``items`` order and close its object. Neighbouring old
    documents (positions i, i+4, …) are copied in one piece with the commas between them."""
    first = True
    run_from = run_to = -1  # flat positions of the first and last document of the current run

    def flush() -> None:
        nonlocal first, run_from
        if run_from < 0:
            return
        # The run spans from its first key (just after "{" or ",") to the end of its last document.
        key_start = 1 if run_from == 0 else old_flat[run_from - 3] + old_flat[run_from - 2] + 1
        end = old_flat[run_to + 1] + old_flat[run_to + 2]
        if not first:
            body.add(b",")
        first = False
        shift = body.pos - start - key_start
        body.add(view[t0 + key_start : t0 + end])
        for i in range(run_from, run_to + 4, 4):
            flat.extend((old_flat[i], old_flat[i + 1] + shift, old_flat[i + 2], old_flat[i + 3]))
        run_from = -1

    for item in items:
        if isinstance(item, int):
            if run_from >= 0 and item == run_to + 4:
                run_to = item
                continue
            flush()
            run_from = run_to = item
        else:
            flush()
            first = _write_docs(body, [item], start, flat, first)
    flush()
    body.add(b"}")


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
        orders = item.get("orders", {})
        if not isinstance(orders, dict):
            raise ValueError("index orders")
        for name, order in orders.items():
            if not (name in tables and isinstance(order, dict) and isinstance(order.get("by"), str)
                    and isinstance(order.get("keys"), list) and len(order["keys"]) * 4 == len(tables[name][3])):
                raise ValueError("index order")
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        raise CorruptStoreError(path, detail="snapshot index / 快照索引") from None
    return Layout(body, tables, orders)


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
