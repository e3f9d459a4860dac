"""Writing a snapshot's body (its format: ``storage/FORMAT.md``, "The body and the index").

:func:`encode_body` encodes every document afresh (a new store, a bulk change,
a snapshot without an index); :func:`splice_body` makes the next snapshot from
the current one: the unchanged documents' bytes are copied (runs of neighbours
in one piece, after checking each copied table's CRC) and only the documents
changed since are encoded, so no process has to parse the documents to compact
(``storage/FORMAT.md``, "Compaction").
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple, Union

from storage import codec
from storage.errors import CorruptStoreError, detail
from storage.layout import INDEX, INDEX_ID, VERSION, Changes, Chunks, Layout, Order, Orders

#: What a table's documents are written from, in order: the position of an
#: unchanged document in the old flat index (copied as bytes), or (key, doc) to encode.
Item = Union[int, tuple[str, dict[str, Any]]]


#: (start, end, CRC-32) of some bytes; start and end relative to INDEX until the head is known
Span = tuple[int, int, int]


class Body(NamedTuple):
    chunks: Chunks  # the bytes after the head, in pieces
    index_at: int  # where INDEX starts, relative to the body
    index: bytes
    tables: dict[str, list[Any]]  # what INDEX holds
    orders: dict[str, dict[str, Any]]
    #: each ordered table's entry in INDEX's ``tables`` and in its ``orders``: (table span, order span)
    ordered: dict[str, tuple[Span, Span]]


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
        """Append the index and close the file's object.

        The index is the bytes of ``{"v": …, "tables": …, "orders": …}`` encoded
        member by member (the same bytes as encoding it whole), so the span of
        each ordered table's entry in ``tables`` and in ``orders`` is known."""
        pieces = _IndexPieces(b'{"v":' + codec.dumps(VERSION))
        pieces.members(b"tables", self.tables, self.orders)
        if self.orders:
            pieces.members(b"orders", self.orders, self.orders)
        index = pieces.close()
        self.add(b',"' + INDEX.encode() + b'":{"' + INDEX_ID.encode() + b'":')
        at = self.pos
        self.add(index)
        self.add(b"}}")
        ordered = {name: (pieces.spans[b"tables", name], pieces.spans[b"orders", name]) for name in self.orders}
        return Body(self.chunks, at, index, self.tables, self.orders, ordered)


class _IndexPieces:
    """The index's bytes, built member by member, noting where chosen members' values lie."""

    def __init__(self, start: bytes) -> None:
        self.parts = [start]
        self.pos = len(start)
        self.spans: dict[tuple[bytes, str], Span] = {}

    def add(self, data: bytes) -> None:
        self.parts.append(data)
        self.pos += len(data)

    def members(self, member: bytes, values: Mapping[str, Any], noted: Iterable[str]) -> None:
        """``,"<member>":{"<name>":<value>,…}``, noting the span and CRC of the values in ``noted``."""
        self.add(b',"' + member + b'":{')
        for i, (name, value) in enumerate(values.items()):
            self.add((b',' if i else b'') + codec.dumps(name) + b":")
            data = codec.dumps(value, bulk=True)
            if name in noted:
                self.spans[member, name] = (self.pos, self.pos + len(data), zlib.crc32(data))
            self.add(data)
        self.add(b"}")

    def close(self) -> bytes:
        self.add(b"}")
        return b"".join(self.parts)


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
                raise CorruptStoreError(path, detail=detail("table_checksum", name=name))
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
        raise CorruptStoreError(path, detail=detail("tables")) from None
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
