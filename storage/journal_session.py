"""One process's hold on a store: its files, its lock, what it has in memory, kept in step.

:class:`JournalSession` opens (or creates) a store, loads it, catches up with
other processes (:meth:`~JournalSession.poll`, and under the lock before every
write) and compacts; :class:`~storage.journal_storage.JournalStorage` builds
the read and write API on it. Formats and rules: ``storage/FORMAT.md``.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from storage import journal_reader, layout, snapshot
from storage.errors import CorruptStoreError, StoreBusyError, StoreError, detail
from storage.file_set import FileSet
from storage.fsutil import make_private_dirs
from storage.journal_reader import Race
from storage.journal_state import State, Tables, Transaction
from storage.lock import StoreLock
from storage.partial import View

#: Compact when the journal passes either limit.
COMPACT_BYTES = 4 << 20
COMPACT_LINES = 1000
LOCK_TIMEOUT = 10.0
POLL_LOCK_TIMEOUT = 0.05


class JournalSession:
    """Opens a store and keeps what this process holds of it (a :class:`State`) in step with its files."""

    def __init__(
        self,
        path: Path | str,
        *,
        lock_timeout: float = LOCK_TIMEOUT,
        compact_bytes: int = COMPACT_BYTES,
        compact_lines: int = COMPACT_LINES,
        orders: layout.Orders | None = None,
    ) -> None:
        self.files = FileSet.at(path)
        self.orders = dict(orders or {})  # tables written sorted (storage.layout.Order)
        self.compact_bytes = compact_bytes
        self.compact_lines = compact_lines
        self._lock = StoreLock(self.files.path, self.files.lock, lock_timeout)
        self._mutex = threading.RLock()  # serialises every method
        self._state = State(data=None, view=View(self.files.path, None, None), meta={})
        self._txn = Transaction()
        self._full_wanted = False  # every document was asked for: keep them after a compaction
        self._wanted: set[str] = set()  # tables read alone (to keep when the documents are dropped)
        self._unreported = False  # others' changes applied outside poll() since the last poll

    @property
    def path(self) -> Path:
        return self.files.path

    @property
    def journal_path(self) -> Path:
        return self.files.journal

    @property
    def lock_path(self) -> Path:
        return self.files.lock

    # ------------------------------------------------------------------ opening and loading
    def open(self) -> None:
        """Open the store, creating it (and 0700 parent directories) if ``path`` is missing."""
        with self._mutex, self._os_errors():
            if os.path.lexists(self.path):
                self._load(full=False)
            else:
                self._create()

    @contextmanager
    def _os_errors(self) -> Iterator[None]:
        """Report unexpected OS errors (permissions, I/O) as a StoreError the UI can show."""
        try:
            yield
        except OSError as exc:
            raise StoreError(self.path, detail=str(exc)) from None

    def _create(self) -> None:
        make_private_dirs(self.path.parent)
        with self._hold():
            if os.path.lexists(self.path):  # another process created it first
                self._load(full=False)
                return
            self.files.set_orphan_journal_aside()
            meta = snapshot.new_meta()
            self._state = State(data=snapshot.empty_tables(meta), view=View(self.path, None, None), meta=meta)
            self._compact(0)

    def _load(self, full: bool) -> None:
        """Read snapshot + journal into memory: lock-free, or under the lock after a race."""
        try:
            state = journal_reader.load(self.files, full)
        except Race:
            if self._lock.held:
                raise CorruptStoreError(self.journal_path, detail=detail("journal_gap")) from None
            with self._hold():
                state = journal_reader.load(self.files, full)
        self._state = state

    def _load_keeping_pending(self, full: bool) -> None:
        pending = dict(self._txn.pending)
        self._load(full)
        for (table, key), doc in pending.items():
            self._set(table, key, doc)

    def _everything(self) -> Tables:
        if self._state.data is None or self._state.stale:
            self._load_keeping_pending(full=True)
        assert self._state.data is not None
        return self._state.data

    def _set(self, table: str, key: str, doc: dict[str, Any] | None) -> None:
        """Apply one change to memory: the documents if loaded, else the tables read alone."""
        state = self._state
        if table == snapshot.META and key == snapshot.META_ID and doc is not None:
            state.meta = doc
        target = state.data if state.data is not None else state.view.part
        if state.data is not None or table in target:
            if doc is None:
                target.get(table, {}).pop(key, None)
            else:
                target.setdefault(table, {})[key] = doc

    # ------------------------------------------------------------------ keeping up
    @contextmanager
    def _hold(self, timeout: float | None = None) -> Iterator[None]:
        with self._mutex, self._lock.hold(timeout):
            yield

    def _refresh_locked(self) -> bool:
        """Bring memory up to date with disk (lock held). True if the content changed."""
        before = self._state.seq
        loaded = self._state.loaded
        if self._state.stale:
            self._load_keeping_pending(full=loaded)
            return True
        if not journal_reader.catch_up(self.files, self._state):
            self._load(full=loaded)
        return self._state.seq != before

    def poll(self) -> bool:
        """Refresh if another process changed the store; True if the content changed.

        Also True once for other processes' changes that a write or a read
        caught up with since the last poll (a transaction refreshes first; a
        read that finds the snapshot replaced catches up too), so a timer
        that redraws on True never misses one.

        Costs two ``os.stat`` calls when nothing changed. The refresh takes the
        lock; if another process holds it (writing, compacting) this returns
        False and a later poll catches up.
        """
        with self._mutex, self._os_errors():
            seen, self._unreported = self._unreported, False
            if self._txn.depth or (not self._state.stale and not journal_reader.disk_changed(self.files, self._state)):
                return seen
            try:
                with self._hold(timeout=POLL_LOCK_TIMEOUT), self._os_errors():
                    return self._refresh_locked() or seen
            except StoreBusyError:
                return seen

    def _compact(self, seq: int) -> None:
        """Fold everything up to ``seq`` (and the pending changes) into a new snapshot (lock held)."""
        from storage import compaction  # writing only: a process that only reads never needs it

        assert self._lock.held
        if self._state.data is None and not compaction.can_splice(self._state, self._txn.rewrite):
            self._load_keeping_pending(full=True)  # (not expected: a view without its snapshot's index)
        compaction.compact(self.files, self._state, self._txn.pending, seq, rewrite=self._txn.rewrite,
                           orders=self.orders, keep_documents=self._full_wanted, wanted=self._wanted)

    # ------------------------------------------------------------------ state
    @property
    def writable(self) -> bool:
        """Whether this user may change the store: its files and its directory are writable."""
        return self.files.not_writable() is None

    def require_writable(self) -> None:
        self.files.require_writable()

    @property
    def seq(self) -> int:
        """The last journal sequence number applied: changes whenever the content changes."""
        return self._state.seq

    @property
    def meta(self) -> dict[str, Any]:
        return self._state.meta

    @property
    def loaded(self) -> bool:
        return self._state.loaded

    def close(self) -> None:
        with self._mutex:
            self._state.data = None
            self._state.view = View(self.path, None, None)
            self._state.stale = True  # re-read head and journal if used again
            self._txn.pending.clear()
