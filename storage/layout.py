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

Writing a body (encoded afresh, or spliced from the old snapshot) is
:mod:`storage.splice`.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from storage import codec
from storage.errors import CorruptStoreError, Detail, detail

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
        raise CorruptStoreError(path, detail=detail("snapshot_index")) from None
    return Layout(body, tables, orders)


def read_index(fd: int, spec: dict[str, Any], path: Path) -> Layout:
    start, end = spec["index"]
    return parse_index(read_slice(fd, start, end, spec["crc"], path, detail("snapshot_index")), spec["body"], path)


def read_slice(fd: int, start: int, end: int, crc: int, path: Path, what: str | Detail) -> bytes:
    """Bytes ``[start, end)`` of an open snapshot, only if their CRC matches."""
    data = os.pread(fd, end - start, start) if end > start else b""
    while 0 < len(data) < end - start:  # pread may return less for large ranges
        more = os.pread(fd, end - start - len(data), start + len(data))
        if not more:
            break
        data += more
    return _checked(data, end - start, crc, path, what)


def read_slice_of(data: bytes, start: int, end: int, crc: int, path: Path, what: str | Detail) -> bytes:
    """Like :func:`read_slice`, from a snapshot already in memory."""
    return _checked(data[start:end], end - start, crc, path, what)


def _checked(data: bytes, size: int, crc: int, path: Path, what: str | Detail) -> bytes:
    if len(data) != size or zlib.crc32(data) != crc:
        raise CorruptStoreError(path, detail=detail("checksum", what=what))
    return data


def verify(data: bytes, layout: Layout, names: Iterable[str], path: Path) -> None:
    """After a full parse: every table's bytes match their CRC and the tables are the indexed ones."""
    view = memoryview(data)
    if set(names) != set(layout.names()):
        raise CorruptStoreError(path, detail=detail("tables_not_indexed"))
    for name in layout.names():
        t0, t1, crc = layout.table_span(name)  # type: ignore[misc]
        if zlib.crc32(view[t0:t1]) != crc:
            raise CorruptStoreError(path, detail=detail("table_checksum", name=name))
