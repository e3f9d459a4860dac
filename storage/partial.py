"""What a process knows of the store without having parsed the snapshot's documents.

A :class:`View` belongs to one snapshot file version (its fingerprint) and
holds: the layout spec from the file's head, the parsed index once needed
(:mod:`storage.layout`), the journal entries applied after that snapshot
(kept as scanned lines, with their ``keys``), and the whole tables read so far
(``part``: the summaries, in the dashboard). From these it answers:

- one document (``docs``): the newest journal op for that key, else the
  document's slice of the snapshot (the index read once, then one ``pread``
  and a CRC per document), instead of parsing the whole snapshot;
- the keys of a table (``keys``, ``has``): index plus journal, no document parsed;
- a whole table (``table``): its slice plus the journal ops on it (the
  summaries, without the case documents);
- what changed since the snapshot (``changes``), for splicing a compaction;
- the first documents of an ordered table and every key (``head``): the table's
  entry and keys from their own pieces of the index (:mod:`storage.ordered_head`,
  not the whole index), the journal's changes merged in, then one read for the
  documents wanted (the dashboard's first two screens: ~80 of the 10k summaries).

Single journal lookups scan from the newest line, skipping lines that do not
contain the id's bytes; many lookups (a repair) build a map (table, key) ->
newest entry once, so reading 10k documents does not rescan 1,000 lines each.

A view never reads a snapshot file other than its own: if the file at the
path was replaced (another process compacted), reading raises :class:`Moved`
and the storage refreshes (under the lock) before retrying. Where these
pieces lie in the files: ``storage/FORMAT.md``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from storage import codec, journal, layout, ordered_head, snapshot
from storage.errors import CorruptStoreError, detail

MISSING: Any = object()
Pending = Mapping[tuple[str, str], dict[str, Any] | None]


class Moved(Exception):
    """The snapshot file at the path is no longer the one this view describes."""


class View:
    def __init__(self, path: Path, fp: tuple[int, int, int] | None, spec: dict[str, Any] | None,
                 found: layout.Layout | None = None, log: list[journal.Entry] | None = None) -> None:
        self.path = path
        self.fp = fp
        self.spec = spec
        self._layout = found
        self.log: list[journal.Entry] = log or []
        self.part: dict[str, dict[str, Any]] = {}
        self._map: dict[tuple[str, str], tuple[journal.Entry, int]] = {}
        self._mapped = 0
        self.reads = {"index": 0, "docs": 0, "tables": 0}  # for tests and benchmarks

    @property
    def has_layout(self) -> bool:
        return self._layout is not None or self.spec is not None

    # ------------------------------------------------------------------ the snapshot file
    def _open(self) -> int:
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            raise Moved() from None
        if snapshot.fingerprint(os.fstat(fd)) != self.fp:
            os.close(fd)
            raise Moved()
        return fd

    def layout(self, fd: int | None = None) -> layout.Layout | None:
        """The parsed index (read once), None for a snapshot without one."""
        if self._layout is None and self.spec is not None:
            own = fd is None
            fd = self._open() if fd is None else fd
            try:
                self._layout = layout.read_index(fd, self.spec, self.path)
                self.reads["index"] += 1
            finally:
                if own:
                    os.close(fd)
        return self._layout

    def read_all(self) -> bytes:
        """The whole snapshot file (for splicing)."""
        fd = self._open()
        try:
            size = os.fstat(fd).st_size
            data = os.pread(fd, size, 0)
            while len(data) < size:
                more = os.pread(fd, size - len(data), len(data))
                if not more:
                    break
                data += more
            return data
        finally:
            os.close(fd)

    def snapshot_docs(self, table: str, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The snapshot's version of these documents (absent keys are left out)."""
        fd = self._open()
        try:
            found = self.layout(fd)
            assert found is not None
            out = {}
            for key in keys:
                span = found.doc_span(table, key)
                if span is None:
                    continue
                data = layout.read_slice(fd, *span, self.path, f"{table}/{key}")
                out[key] = self._decode_doc(data, f"{table}/{key}")
                self.reads["docs"] += 1
            return out
        finally:
            os.close(fd)

    def _decode_doc(self, data: bytes, what: str, bulk: bool = False) -> dict[str, Any]:
        try:
            doc = codec.loads(data, bulk)
        except (ValueError, UnicodeDecodeError):
            doc = None
        if not isinstance(doc, dict):
            raise CorruptStoreError(self.path, detail=detail("document", what=what))
        return doc

    # ------------------------------------------------------------------ the journal
    def extend(self, entries: list[journal.Entry], journal_path: Path) -> None:
        """Entries applied after ours: remember them and apply them to the tables in ``part``."""
        self.log.extend(entries)
        if self.part:
            for entry in entries:
                self._apply(entry, self.part, journal_path)

    def _apply(self, entry: journal.Entry, tables: dict[str, dict[str, Any]], journal_path: Path) -> None:
        try:
            keys = journal.entry_keys(entry)
            wanted = [i for i, key in enumerate(keys) if key[0] in tables]
            if not wanted:
                return
            ops = journal.entry_ops(entry, wanted[-1])
        except (ValueError, TypeError, KeyError, IndexError, UnicodeDecodeError):
            raise CorruptStoreError(journal_path, detail=detail("journal_seq", seq=entry.seq)) from None
        for i in wanted:
            op = ops[i]
            if op["op"] == "put":
                tables[op["t"]][op["id"]] = op["doc"]
            else:
                tables[op["t"]].pop(op["id"], None)

    def _index_log(self, journal_path: Path) -> dict[tuple[str, str], tuple[journal.Entry, int]]:
        try:
            for entry in self.log[self._mapped :]:
                for i, key in enumerate(journal.entry_keys(entry)):
                    self._map[key[0], key[1]] = (entry, i)
        except (ValueError, TypeError, KeyError, IndexError, UnicodeDecodeError):
            raise CorruptStoreError(journal_path, detail=detail("journal")) from None
        self._mapped = len(self.log)
        return self._map

    def _find(self, table: str, key: str, journal_path: Path) -> tuple[journal.Entry, int] | None:
        """The newest entry touching (table, key) and the op's position in it.

        Once the map is built (many lookups, e.g. a repair), a dict lookup; else a
        scan from the newest line that skips, with one ``in`` on the raw bytes,
        every line not containing ``"<key>"`` (such a line cannot touch it: its
        keys and ops spell the id that way), far cheaper than decoding every
        line's keys.
        """
        if self._mapped == len(self.log):
            return self._map.get((table, key))
        needle = codec.dumps(key)
        try:
            for entry in reversed(self.log):
                if entry.keys is None and needle not in entry.raw:
                    continue
                keys = journal.entry_keys(entry)
                for i in range(len(keys) - 1, -1, -1):
                    if keys[i][0] == table and keys[i][1] == key:
                        return entry, i
        except (ValueError, TypeError, KeyError, IndexError, UnicodeDecodeError):
            raise CorruptStoreError(journal_path, detail=detail("journal")) from None
        return None

    def logged(self, table: str, key: str, journal_path: Path) -> Any:
        """The newest journal version of a document: the document, None if deleted, or MISSING."""
        hit = self._find(table, key, journal_path)
        if hit is None:
            return MISSING
        entry, i = hit
        try:
            op = journal.entry_ops(entry, i)[i]
        except (ValueError, TypeError, KeyError, IndexError, UnicodeDecodeError):
            raise CorruptStoreError(journal_path, detail=detail("journal_seq", seq=entry.seq)) from None
        return op["doc"] if op["op"] == "put" else None

    def touched(self, since: int) -> set[tuple[str, str]] | None:
        """Keys changed by entries after seq ``since``; None if the view does not reach back that far."""
        if self.log and self.log[0].seq > since + 1:
            return None
        out: set[tuple[str, str]] = set()
        for entry in self.log:
            if entry.seq > since:
                out.update((k[0], k[1]) for k in journal.entry_keys(entry))
        return out

    # ------------------------------------------------------------------ answers
    def docs(self, table: str, keys: list[str], pending: Pending, journal_path: Path) -> dict[str, Any]:
        """Current documents (None when absent) without parsing anything else."""
        out: dict[str, Any] = {}
        rest = []
        part = self.part.get(table)
        if part is None and len(keys) > 16:
            self._index_log(journal_path)  # many lookups: one map instead of a scan each
        for key in keys:
            doc = pending.get((table, key), MISSING)
            if doc is MISSING and part is not None:
                doc = part.get(key)
            if doc is MISSING:
                doc = self.logged(table, key, journal_path)
            if doc is MISSING:
                rest.append(key)
            else:
                out[key] = doc
        if rest:
            found = self.snapshot_docs(table, rest)
            for key in rest:
                out[key] = found.get(key)
        return out

    def has(self, table: str, key: str, pending: Pending, journal_path: Path) -> bool:
        doc = pending.get((table, key), MISSING)
        if doc is not MISSING:
            return doc is not None
        if table in self.part:
            return key in self.part[table]
        hit = self._find(table, key, journal_path)
        if hit is not None:
            entry, i = hit
            return journal.entry_keys(entry)[i][2]
        found = self.layout()
        assert found is not None
        return key in found.key_map(table)

    def keys(self, table: str, pending: Pending) -> list[str]:
        if table in self.part:
            return list(self.part[table])
        found = self.layout()
        assert found is not None
        keys = dict.fromkeys(found.keys(table))
        changes: list[Iterable[tuple[str, str, bool]]] = [journal.entry_keys(e) for e in self.log]
        changes.append([(t, k, doc is not None) for (t, k), doc in pending.items()])
        for group in changes:
            for t, k, put in group:
                if t == table:
                    if put:
                        keys[k] = None
                    else:
                        keys.pop(k, None)
        return list(keys)

    def table(self, name: str, pending: Pending, journal_path: Path) -> dict[str, Any]:
        """A whole table, read from its slice and kept current in ``part`` from now on."""
        found = self.part.get(name)
        if found is not None:
            return found
        fd = self._open()
        try:
            index = self.layout(fd)
            assert index is not None
            span = index.table_span(name)
            data = layout.read_slice(fd, *span, self.path, name) if span is not None else b"{}"
        finally:
            os.close(fd)
        table = self._decode_doc(data, name)
        if not all(isinstance(doc, dict) for doc in table.values()):
            raise CorruptStoreError(self.path, detail=detail("table", name=name))
        self.reads["tables"] += 1
        for entry in self.log:
            self._apply(entry, {name: table}, journal_path)
        for (t, k), doc in pending.items():
            if t == name:
                if doc is None:
                    table.pop(k, None)
                else:
                    table[k] = doc
        self.part[name] = table
        return table

    def head(self, name: str, order: layout.Order, count: int, pending: Pending,
             journal_path: Path) -> tuple[list[dict[str, Any]], Callable[[], list[Any]]] | None:
        """The first ``count`` documents of table ``name`` in ``order``, and a function giving
        the key of every document in that order (the keys of a table stored as it is are
        parsed when first asked for); None if the snapshot does not keep the table in that
        order (then only reading the whole table answers)."""
        fd = self._open()
        try:
            stored = self._ordered(fd, name)
            if stored is None or stored.by != order.name:
                return None
            changed: dict[str, Any] = {}
            if self.log:
                for (t, k) in self._index_log(journal_path):
                    if t == name:
                        changed[k] = self.logged(t, k, journal_path)
            for (t, k), doc in pending.items():
                if t == name:
                    changed[k] = doc
            if not changed:  # the stored order as it is
                first = stored.first(count)
                found = self._ordered_docs(fd, stored, first, list(range(0, len(first), 4)), name)
                return [found[i] for i in range(0, len(first), 4)], lambda: stored.keys
            flat = stored.flat
            keyed: list[tuple[Any, Any]] = [
                (stored.keys[i >> 2], i) for i in range(0, len(flat), 4) if flat[i] not in changed]
            keyed += [(order.key(k, doc), doc) for k, doc in changed.items() if doc is not None]
            keyed.sort(key=lambda item: item[0])  # the stored ones are in order already: a merge
            head = [item for _, item in keyed[:count]]
            found = self._ordered_docs(fd, stored, flat, sorted(i for i in head if isinstance(i, int)), name)
            keys = [k for k, _ in keyed]
            return [found[item] if isinstance(item, int) else item for item in head], lambda: keys
        finally:
            os.close(fd)

    def _ordered(self, fd: int, name: str) -> ordered_head.OrderedTable | None:
        """An ordered table's index entry and order: from the parsed index once there is one,
        else from their own pieces of it (written by tousu since it records them), else the
        whole index parsed."""
        if self._layout is None and self.spec is not None:
            found = ordered_head.read(fd, self.spec, name, self.path)
            if found is not None:
                return found
        index = self.layout(fd)
        return None if index is None else ordered_head.from_layout(index, name, self.path)

    def _ordered_docs(self, fd: int, stored: ordered_head.OrderedTable, flat: list[Any], positions: list[int],
                      name: str) -> dict[int, dict[str, Any]]:
        """The documents at these (ascending) positions of an ordered table's ``flat`` list, one read for all."""
        found = ordered_head.read_docs(fd, stored.start, flat, positions, self.path, name)
        self.reads["docs"] += len(found)
        return {i: self._decode_doc(data, f"{name}/{flat[i]}", bulk=True) for i, data in found.items()}

    def changes(self, pending: Pending, current: Any, journal_path: Path) -> dict[str, dict[str, Any]]:
        """Every document changed since the snapshot, with its current value (None: deleted).

        ``current(table, key)`` gives the value when the documents are loaded;
        None means: take it from ``pending`` and the journal.
        """
        out: dict[str, dict[str, Any]] = {}
        keys = set(self._index_log(journal_path)) | set(pending)
        for t, k in keys:
            if t in (snapshot.META, layout.INDEX):
                continue
            if current is not None:
                doc = current(t, k)
            else:
                doc = pending.get((t, k), MISSING)
                if doc is MISSING:
                    doc = self.logged(t, k, journal_path)
            out.setdefault(t, {})[k] = doc
        # Deterministic order for new documents: by key number where possible.
        return {t: dict(sorted(docs.items(), key=lambda item: _order(item[0]))) for t, docs in out.items()}


def _order(key: str) -> tuple[int, int | str]:
    return (0, int(key)) if key.isdigit() else (1, key)
