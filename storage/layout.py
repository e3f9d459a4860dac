"""The snapshot's index: where each table and document lies, so single pieces can be read alone.

The body and the ``_index`` document (offsets relative to the body, a CRC-32
for every table and document, the ``orders`` of the tables kept sorted) are
described in ``storage/FORMAT.md``, "The body and the index". :class:`Layout`
is one snapshot's parsed index; :func:`read_index` and :func:`read_slice` read
through it and never return bytes whose CRC does not match
(:class:`CorruptStoreError`, never a silent fallback to other bytes). Writing
a body (encoded afresh, or spliced from the old snapshot) is
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
            check_entry(entry)
        orders = item.get("orders", {})
        if not isinstance(orders, dict):
            raise ValueError("index orders")
        for name, order in orders.items():
            if name not in tables:
                raise ValueError("index order")
            check_order(order, tables[name][3])
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        raise CorruptStoreError(path, detail=detail("snapshot_index")) from None
    return Layout(body, tables, orders)


def check_entry(entry: Any) -> None:
    """A table's ``[t0, t1, crc, flat]``, else ValueError."""
    if not (isinstance(entry, list) and len(entry) == 4 and isinstance(entry[3], list) and len(entry[3]) % 4 == 0):
        raise ValueError("index entry")
    if not all(isinstance(v, int) and v >= 0 for v in entry[:3]) or entry[0] > entry[1]:
        raise ValueError("index span")


def check_order(order: Any, flat: list[Any] | None) -> None:
    """A table's ``{"by": name, "keys": […]}``, one key per document of its (checked) flat list
    when given, else ValueError."""
    if not (isinstance(order, dict) and isinstance(order.get("by"), str) and isinstance(order.get("keys"), list)):
        raise ValueError("index order")
    if flat is not None and len(order["keys"]) * 4 != len(flat):
        raise ValueError("index order")


def read_index(fd: int, spec: dict[str, Any], path: Path) -> Layout:
    start, end = spec["index"]
    return parse_index(read_slice(fd, start, end, spec["crc"], path, detail("snapshot_index")), spec["body"], path)


def read_slice(fd: int, start: int, end: int, crc: int, path: Path, what: str | Detail) -> bytes:
    """Bytes ``[start, end)`` of an open snapshot, only if their CRC matches."""
    return checked(read_span(fd, start, end), end - start, crc, path, what)


def read_span(fd: int, start: int, end: int) -> bytes:
    """Bytes ``[start, end)`` of an open file, fewer if it ends before (unchecked: see :func:`read_slice`)."""
    data = os.pread(fd, end - start, start) if end > start else b""
    while 0 < len(data) < end - start:  # pread may return less for large ranges
        more = os.pread(fd, end - start - len(data), start + len(data))
        if not more:
            break
        data += more
    return data


def read_slice_of(data: bytes, start: int, end: int, crc: int, path: Path, what: str | Detail) -> bytes:
    """Like :func:`read_slice`, from a snapshot already in memory."""
    return checked(data[start:end], end - start, crc, path, what)


def checked(data: bytes, size: int, crc: int, path: Path, what: str | Detail) -> bytes:
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
