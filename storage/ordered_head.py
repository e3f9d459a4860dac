"""The first documents of an ordered table and every key, read without the whole index.

Where the pieces lie and why: ``storage/FORMAT.md``, "Reading an ordered table's head".
:func:`read` checks the CRC of the table's two pieces of the index (its entry in
``tables`` and its ``orders`` value) and reads the order's name off the start of the
second; its keys are parsed when first asked for (:attr:`OrderedTable.keys`: the
dashboard's title counts them once its first frame is out); the entry's flat list
``[key, d0, len, crc, …]`` is parsed whole only when asked for (:attr:`OrderedTable.flat`:
a journal changed the table, so every stored key is needed), and otherwise only as far as
the documents wanted (:meth:`OrderedTable.first`, read off the start of the CRC-checked
bytes, which tousu writes as compact JSON). :func:`read_docs` then reads those
documents with one ``pread``, each checked against its CRC.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from storage import codec, layout
from storage.errors import CorruptStoreError, detail

#: The start of a table's order as tousu writes it: ``{"by":"<name>","keys":[``.
_ORDER_START = re.compile(rb'\{"by":"((?:[^"\\]|\\.)*)","keys":\[')
#: The start of a table's entry as tousu writes it: ``[t0,t1,crc,[``.
_ENTRY_START = re.compile(rb"\[(\d+),(\d+),(\d+),\[")
#: One document's flat entry ``"<key>",d0,len,crc`` and what follows it (``,`` or the list's ``]``).
_FLAT_ENTRY = re.compile(rb'"((?:[^"\\]|\\.)*)",(\d+),(\d+),(\d+)([,\]])')


class OrderedTable:
    """An ordered table as its head is read: where its value starts in the file, the name
    of its order, each document's key in that order and its flat index list.
    (A plain class: defining a ``NamedTuple`` costs more than this module.)"""

    __slots__ = ("start", "by", "_keys", "_order", "_flat", "_entry", "_path")

    def __init__(self, start: int, by: str, keys: list[Any] | None, flat: list[Any] | None, entry: bytes,
                 path: Path, order: bytes = b"") -> None:
        self.start = start
        self.by = by
        self._keys = keys  # None until parsed from ``order``
        self._order = order
        self._flat = flat  # None until parsed from ``entry``
        self._entry = entry
        self._path = path

    @property
    def keys(self) -> list[Any]:
        """Each document's key, in the stored order (parsed from the CRC-checked bytes when
        first asked for)."""
        if self._keys is None:
            order = _parsed_order(self._order, self._path)
            if order["by"] != self.by:
                raise CorruptStoreError(self._path, detail=detail("snapshot_index"))
            self._keys = order["keys"]
        return self._keys

    @property
    def flat(self) -> list[Any]:
        """The whole flat list ``[key, d0, len, crc, …]``."""
        if self._flat is None:
            self._flat = _parsed_entry(self._entry, self.keys, self._path)[3]
        return self._flat

    def first(self, count: int) -> list[Any]:
        """The flat entries of the first ``count`` documents, without parsing the others'."""
        if self._flat is None:
            found = _first_entries(self._entry, count)
            if found is not None:
                return found
        return self.flat[: 4 * count]


def from_layout(found: layout.Layout, name: str, path: Path) -> OrderedTable | None:
    """Table ``name`` of a parsed index as an :class:`OrderedTable`; None if it is not ordered."""
    stored = found.order(name)
    span = found.table_span(name)
    if stored is None or span is None:
        return None
    return OrderedTable(span[0], stored[0], stored[1], found.flat(name), b"", path)


def read(fd: int, spec: dict[str, Any], name: str, path: Path) -> OrderedTable | None:
    """Table ``name``'s :class:`OrderedTable` from the two pieces of the index the head's
    ``ordered`` locates, each CRC-checked; None when it locates none for that table
    (a snapshot written before tousu recorded them: read the whole index)."""
    spans = spec.get("ordered", {}).get(name)
    if spans is None:
        return None
    what = detail("snapshot_index")
    entry = layout.read_slice(fd, *spans[0], path, what)
    order_bytes = layout.read_slice(fd, *spans[1], path, what)
    named = _ORDER_START.match(order_bytes)
    if named is not None and b"\\" not in named[1]:
        by, keys = named[1].decode("utf-8", "replace"), None  # the keys when first asked for
    else:  # not as tousu writes it: parse it now
        order = _parsed_order(order_bytes, path)
        by, keys = order["by"], order["keys"]
    start = _ENTRY_START.match(entry)
    if start is None:  # not as tousu writes it: parse it whole
        table = OrderedTable(0, by, keys, None, entry, path, order_bytes)
        parsed = _parsed_entry(entry, table.keys, path)
        return OrderedTable(spec["body"] + parsed[0], by, table.keys, parsed[3], entry, path)
    return OrderedTable(spec["body"] + int(start[1]), by, keys, None, entry, path, order_bytes)


def _parsed_order(data: bytes, path: Path) -> dict[str, Any]:
    """A table's order ``{"by": name, "keys": […]}``, checked."""
    try:
        order = codec.loads(data, bulk=True)
        layout.check_order(order, None)
    except (ValueError, TypeError, KeyError, UnicodeDecodeError):
        raise CorruptStoreError(path, detail=detail("snapshot_index")) from None
    return order


def _parsed_entry(entry: bytes, keys: list[Any], path: Path) -> list[Any]:
    """A table's whole entry ``[t0, t1, crc, flat]``, checked, with one flat entry per key."""
    try:
        parsed = codec.loads(entry, bulk=True)
        layout.check_entry(parsed)
        if len(keys) * 4 != len(parsed[3]):
            raise ValueError("index order")
    except (ValueError, TypeError, KeyError):
        raise CorruptStoreError(path, detail=detail("snapshot_index")) from None
    return parsed


def read_docs(fd: int, start: int, flat: list[Any], positions: list[int], path: Path,
              name: str) -> dict[int, bytes]:
    """The bytes of the documents at these positions of ``flat`` (ascending) of a table whose
    value starts at ``start``, each CRC-checked, read with one ``pread`` from the first to the last."""
    if not positions:
        return {}
    first = start + flat[positions[0] + 1]
    last = positions[-1]
    data = layout.read_span(fd, first, start + flat[last + 1] + flat[last + 2])
    out = {}
    for i in positions:
        at = start + flat[i + 1] - first
        out[i] = layout.checked(data[at : at + flat[i + 2]], flat[i + 2], flat[i + 3], path, f"{name}/{flat[i]}")
    return out


def _first_entries(entry: bytes, count: int) -> list[Any] | None:
    """The flat entries of the first ``count`` documents read off the start of a table's
    entry written by tousu (compact JSON); None if it is not in that form."""
    start = _ENTRY_START.match(entry)
    if start is None:
        return None
    at = start.end()
    flat: list[Any] = []
    if entry.startswith(b"]", at):  # an empty table
        return flat
    while len(flat) < 4 * count:
        item = _FLAT_ENTRY.match(entry, at)
        if item is None:
            return None
        raw = item[1]
        try:
            key = codec.loads(b'"' + raw + b'"') if b"\\" in raw else raw.decode("utf-8")
        except ValueError:
            return None
        flat += (key, int(item[2]), int(item[3]), int(item[4]))
        if item[5] == b"]":
            break
        at = item.end()
    return flat

