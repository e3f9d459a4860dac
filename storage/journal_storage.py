"""JournalStorage: a store's documents in memory or read piece by piece, every change journalled.

The files and the rules every process follows on them (snapshot, index,
journal, lock, compaction, catching up, permissions) are described in
``storage/FORMAT.md``. The parts, one job each:

- :mod:`storage.journal_session` opening, loading, catching up and compacting (the base class);
- :mod:`storage.file_set`        the store's files and who may write them;
- :mod:`storage.journal_state`   what this process holds (:class:`State`) and the open transaction;
- :mod:`storage.journal_reader`  loading, and catching up with other processes;
- :mod:`storage.journal_writer`  appending a committed transaction;
- :mod:`storage.compaction`      folding the journal into a new snapshot;
- :mod:`storage.partial`         answering reads without parsing the whole snapshot;
- :mod:`storage.lock`            the inter-process lock.

This class ties them together behind one API: every write is a
:meth:`transaction` (lock, catch up, change in memory, append one line,
maybe compact, unlock); reads answer from memory, or from the snapshot's
index and the journal when the documents are not loaded. A user who may not
write the store reads it and is refused every write
(:class:`~storage.errors.ReadOnlyStoreError`) before anything is locked or
written. Thread safety: one ``RLock`` serialises all methods.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from storage import snapshot
from storage.errors import StoreError, WriteFailedError, WriteUncertainError, detail
from storage.fsutil import UncertainWrite
from storage.journal_session import JournalSession
from storage.journal_state import Tables
from storage.partial import Moved, View

#: A transaction with more changed documents than this becomes a new snapshot, not a line.
BULK_OPS = 256

META = snapshot.META
META_ID = snapshot.META_ID


class JournalStorage(JournalSession):
    """A store's documents, read from memory or piece by piece from the files, and changed
    only inside :meth:`transaction` (one journal line each)."""

    # ------------------------------------------------------------------ transactions
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Lock, refresh from disk, and commit the changes made inside as ONE journal line.

        Nested transactions join the outer one. On an exception nothing is
        written and memory is reloaded from disk before it is next used.
        """
        txn = self._txn
        with self._mutex:
            if txn.depth == 0:
                self.require_writable()
        with self._hold():
            outer = txn.depth == 0
            if outer:
                with self._os_errors():
                    self._unreported |= self._refresh_locked()
            txn.depth += 1
            try:
                yield
            except BaseException:
                txn.depth -= 1
                if outer:
                    self._discard()
                raise
            txn.depth -= 1
            if outer:
                self._commit()

    # ------------------------------------------------------------------ reading
    def read(self) -> Tables:
        """The whole database (the live dict, not a copy); loads the documents on first use."""
        with self._mutex, self._os_errors():
            self._full_wanted = True
            return self._everything()

    def get(self, table: str, key: str) -> dict[str, Any] | None:
        """One document (the live dict: do not change it), None if absent; never parses the others."""
        return self.get_many(table, [key])[key]

    def get_many(self, table: str, keys: list[str]) -> dict[str, dict[str, Any] | None]:
        """Several documents of one table, read alone (one file open for all)."""
        return self._partial(lambda view: view.docs(table, keys, self._txn.pending, self.journal_path),
                             lambda data: {key: data.get(table, {}).get(key) for key in keys})

    def has(self, table: str, key: str) -> bool:
        """Whether a document exists, without parsing it."""
        return self._partial(lambda view: view.has(table, key, self._txn.pending, self.journal_path),
                             lambda data: key in data.get(table, {}))

    def keys(self, table: str) -> list[str]:
        """The ids in a table, in stored order, without parsing any document."""
        return self._partial(lambda view: view.keys(table, self._txn.pending), lambda data: list(data.get(table, {})))

    def table(self, name: str) -> dict[str, Any]:
        """One whole table (the live dict: do not change it) without parsing the other tables.

        Kept current by :meth:`poll` and by this process's writes (used for the summaries).
        """
        self._wanted.add(name)
        return self._partial(lambda view: view.table(name, self._txn.pending, self.journal_path),
                             lambda data: data.setdefault(name, {}))

    def head(self, name: str, count: int) -> tuple[list[dict[str, Any]], Callable[[], list[Any]]] | None:
        """The first ``count`` documents of an ordered table, and a function giving every
        document's key in its order (see :meth:`View.head`), without parsing the table;
        None when the table is not stored in its order or is already in memory (read it
        instead)."""
        order = self.orders.get(name)
        with self._mutex:
            if order is None or self._state.data is not None or name in self._state.view.part:
                return None
            return self._partial(lambda view: view.head(name, order, count, self._txn.pending, self.journal_path),
                                 lambda data: None)

    def _partial(self, alone: Callable[[View], Any], loaded: Callable[[Tables], Any]) -> Any:
        """``alone(view)`` when the documents are not loaded, else ``loaded(documents)``."""
        with self._mutex, self._os_errors():
            for _ in range(5):
                if self._state.stale:
                    self._load_keeping_pending(full=self._state.loaded)
                if self._state.data is not None:
                    return loaded(self._state.data)
                if not self._state.view.has_layout:  # an older or foreign snapshot: no index to read by
                    return loaded(self._everything())
                try:
                    return alone(self._state.view)
                except Moved:  # another process replaced the snapshot: catch up, then read again
                    with self._hold():
                        self._unreported |= self._refresh_locked()
            raise StoreError(self.path, detail=detail("snapshot_unstable"))

    def touched_since(self, seq: int) -> set[tuple[str, str]] | None:
        """(table, id) of documents changed after ``seq``; None if that is no longer known."""
        with self._mutex:
            if seq >= self._state.seq:
                return set()
            if seq < self._state.base:
                return None
            return self._state.view.touched(seq)

    def has_table(self, name: str) -> bool:
        """Whether :meth:`table` would answer from memory (no file read)."""
        return not self._state.stale and (self._state.data is not None or name in self._state.view.part)

    @property
    def reads(self) -> dict[str, int]:
        """How many index, document and table slices this view has read (tests, benchmarks)."""
        return self._state.view.reads

    # ------------------------------------------------------------------ changing
    def put(self, table: str, key: str, doc: dict[str, Any]) -> None:
        """Set one document (inside a transaction); works without loading the documents."""
        self._require_transaction()
        self._txn.pending[(table, key)] = doc
        self._set(table, key, doc)

    def delete(self, table: str, key: str) -> None:
        self._require_transaction()
        self._txn.pending[(table, key)] = None
        self._set(table, key, None)

    def replace_all(self, tables: Tables, meta: dict[str, Any]) -> None:
        """Replace the whole database (inside a transaction); committed as a new snapshot."""
        self._require_transaction()
        tables[META] = {META_ID: meta}
        self._state.data = tables
        self._state.meta = meta
        self._txn.pending.clear()
        self._txn.rewrite = True

    def _require_transaction(self) -> None:
        if self._txn.depth == 0:
            raise RuntimeError("JournalStorage.put/delete/replace_all need a transaction")

    # ------------------------------------------------------------------ committing
    def _discard(self) -> None:
        if self._txn.pending or self._txn.rewrite:
            self._state.stale = True
        self._txn.clear()

    def _commit(self) -> None:
        from storage import journal_writer  # a process that only reads never needs it

        txn = self._txn
        try:
            if txn.rewrite:
                self._compact(self._state.seq + 1)
            elif txn.pending:
                bulk = len(txn.pending) > BULK_OPS
                line, keys = (b"", []) if bulk else journal_writer.encode(txn.pending, self._state.seq + 1)
                if bulk or len(line) > self.compact_bytes:
                    # A bulk change (e.g. 10k demo cases): a new snapshot replays faster than a huge line.
                    if self._state.data is None and not self._state.view.has_layout:
                        self._load_keeping_pending(full=True)
                    self._compact(self._state.seq + 1)
                else:
                    journal_writer.append(self.files, self._state, line, keys)
                    self._maybe_compact()
        except UncertainWrite as exc:
            self._state.stale = True
            raise WriteUncertainError(self.path, detail=str(exc)) from None
        except OSError as exc:
            self._state.stale = True
            raise WriteFailedError(self.path, detail=str(exc)) from None
        except BaseException:
            self._state.stale = True
            raise
        finally:
            txn.clear()

    def _maybe_compact(self) -> None:
        mark = self._state.journal
        if mark.end <= self.compact_bytes and mark.lines <= self.compact_lines:
            return
        try:
            if self._state.data is None and not self._state.view.has_layout:
                self._load(full=True)
            self._compact(self._state.seq)
        except (OSError, StoreError):
            self._state.stale = True  # the change itself is safely in the journal

    def compact(self) -> None:
        """Fold the journal into a new snapshot now (normally automatic)."""
        with self.transaction():
            if self._state.data is None and not self._state.view.has_layout:
                self._load(full=True)
            try:
                self._compact(self._state.seq)
            except OSError as exc:
                self._state.stale = True
                raise WriteFailedError(self.path, detail=str(exc)) from None
