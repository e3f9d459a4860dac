"""JournalStorage: a TinyDB storage that keeps the database in memory and journals changes.

Files, for a store at ``P``:

- ``P``          the snapshot, a valid TinyDB JSON file (:mod:`storage.snapshot`);
- ``P.journal``  append-only JSON lines, one per committed transaction (:mod:`storage.journal`);
- ``P.lock``     the inter-process lock (:mod:`storage.lock`, ``fcntl.flock``: the kernel
                 drops it when its holder dies, so a crash never needs manual cleanup).

New files take the mode and group of the snapshot (0600 for a personal store,
0660 and the directory's group in a shared one; :func:`storage.fsutil.perms_for`),
and the path is resolved (symlinks) before the journal and lock paths are
derived, so a store reached through a link is still one store. A user who may
not write the store reads it and is refused every write
(:class:`~storage.errors.ReadOnlyStoreError`) before anything is locked or written. Why: TinyDB's ``JSONStorage`` rewrites the whole
file on every write (6,000 inserts of 2 KB took ~10 min); here an edit appends
one fsynced line of ~4 KB (the case and its summary) and ``update_case`` takes
1-3 ms at 10k cases (1.1 ms median on the development VM, ~3 ms on ext4 with
a slower fsync). The snapshot is rewritten only by compaction, once the
journal passes :data:`COMPACT_BYTES` or :data:`COMPACT_LINES`; a 10k-case
compaction (39 MB) costs ~0.15 s, so at 1,000 edits per compaction it adds
~0.15 ms per edit, and a full load replays at most ~35 ms of journal on top
of the ~0.5 s snapshot load.

Protocol (every step of a write holds the lock):
  lock → refresh (apply the lines other processes appended since our offset;
  reload if the snapshot was replaced or the journal reset) → modify in
  memory → append one line + fsync → maybe compact → unlock.

Compaction: write the snapshot to a temporary file (0600), fsync, ``os.replace``
onto ``P``, fsync the directory; then replace the journal with a fresh one:
a header line plus the last few entries (≤ 64, ≤ 256 KB). The snapshot's
``journal_seq`` says which entries it already contains, so a crash between
the two replacements is harmless and the carried entries are skipped on load.
They exist for the other processes: one that is up to ``base - k`` with the
last ``k`` entries carried over catches up from them ("adopts" the new
snapshot) instead of re-reading it (its Case objects and the summaries it
read survive either way, see :mod:`storage.store`).

Lazy and partial loading: ``open()`` validates the store and reads only the
snapshot's ``_meta`` head plus a CRC scan of the journal; the documents are
parsed on the first :meth:`read` (TinyDB's interface: everything). Without
it, :meth:`get`, :meth:`get_many`, :meth:`keys` and :meth:`table` answer from
the snapshot's index and slices plus the journal (:mod:`storage.partial`):
one case in a fresh process costs ~2 ms after an ~8 ms index read, the
summaries table ~53 ms, against ~0.5 s (orjson; 0.56 s with ``json``) to
parse and check the whole 39 MB snapshot and ~170 MB to hold it. A CLI
``add`` needs no document at all (open ≈ 1-2 ms with an empty journal,
~12 ms at the 4 MB compaction threshold).

Compaction splices (:mod:`storage.splice`): unchanged documents are copied
from the old snapshot as bytes and only the changed ones encoded, so no
process has to load the documents to compact (10k cases: ~0.17 s, most of it
reading, writing and fsyncing 39 MB, instead of ~1.1 s including the load).
That is why there is a single threshold for every process: the CLI command
that writes the 1,000th line pays ~0.17 s once, ~0.2 ms per edit on average,
and the journal a fresh process scans stays under 4 MB (~12 ms).

Change detection (``poll``): ``os.stat`` of both files plus a 512-byte read
of the journal header (~50 µs). The header carries a nonce because inode
numbers are reused at once on ext4: a deleted-and-recreated journal can have
the same inode and size as before (it happened in the tests).

Refusal: validation happens before any file is created (the lock included),
and nothing is written to a file that is not a valid tousu store.

Thread safety: one ``RLock`` serialises all methods.
"""

from __future__ import annotations

import os
import stat as stat_mod
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from storage import journal, layout, snapshot, splice
from storage.errors import (
    CorruptStoreError,
    Detail,
    NotAStoreError,
    ReadOnlyStoreError,
    StoreBusyError,
    StoreError,
    WriteFailedError,
    WriteUncertainError,
    detail,
)
from storage.fsutil import (
    login_name,
    UncertainWrite,
    append_durably,
    atomic_write,
    group_name,
    perms_for,
    make_private_dirs,
    read_bytes_from,
    remove_stale_temps,
)
from storage.lock import FlockLock, LockTimeout, LockUnavailable
from storage.partial import MISSING, Moved, View

#: Compact when the journal passes either limit.
COMPACT_BYTES = 4 << 20
COMPACT_LINES = 1000
#: A transaction with more changed documents than this becomes a new snapshot, not a line.
BULK_OPS = 256
#: Entries carried over into a fresh journal at compaction (for other processes to catch up).
CARRY_LINES = 64
CARRY_BYTES = 256 << 10
LOCK_TIMEOUT = 10.0
POLL_LOCK_TIMEOUT = 0.05

META = snapshot.META
META_ID = snapshot.META_ID
_META_KEY = (META, META_ID)

Tables = dict[str, dict[str, Any]]


class _Race(Exception):
    """A lock-free read saw the snapshot and the journal from different moments."""


class JournalStorage(Storage):
    def __init__(
        self,
        path: Path | str,
        *,
        lock_timeout: float = LOCK_TIMEOUT,
        compact_bytes: int = COMPACT_BYTES,
        compact_lines: int = COMPACT_LINES,
        orders: layout.Orders | None = None,
    ) -> None:
        self.path = Path(path).expanduser().resolve()
        self.orders = dict(orders or {})  # tables written sorted (storage.layout.Order)
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.lock_timeout = lock_timeout
        self.compact_bytes = compact_bytes
        self.compact_lines = compact_lines
        self._lock = FlockLock(self.lock_path, like=self.path)
        self._mutex = threading.RLock()
        self._lock_depth = 0
        self._depth = 0  # transaction nesting
        # In-memory state.
        self._data: Tables | None = None  # None until the documents are loaded
        self._view = View(self.path, None, None)  # index, journal entries, tables read alone
        self._full_wanted = False  # read() was called: keep the documents after a compaction
        self._wanted: set[str] = set()  # tables read alone (to keep when the documents are dropped)
        self._meta: dict[str, Any] = {}
        self._seq = 0  # last journal entry applied
        self._base = 0  # journal_seq of the snapshot we read
        self._snap_fp: tuple[int, int, int] | None = None
        self._j_ino: int | None = None
        self._j_head: bytes | None = None  # the journal's header line (identifies the file)
        self._j_end = 0  # offset after the last complete line consumed
        self._j_seen = 0  # journal size at the last look
        self._j_lines = 0
        self._stale = False  # memory may differ from disk: reload before trusting it
        self._unreported = False  # others' changes applied outside poll() since the last poll
        # Changes of the current transaction: (table, id) -> document, or None for a deletion.
        self._pending: dict[tuple[str, str], dict[str, Any] | None] = {}
        self._rewrite = False
        self._noted = False

    # ------------------------------------------------------------------ opening
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
            self._set_orphan_journal_aside()
            meta = snapshot.new_meta()
            self._data = snapshot.empty_tables(meta)
            self._meta = meta
            self._seq = self._base = 0
            self._view = View(self.path, None, None)
            self._compact(0)

    def _set_orphan_journal_aside(self) -> None:
        """A journal without its snapshot cannot be replayed; keep it, renamed, for a human."""
        try:
            if os.stat(self.journal_path).st_size == 0:
                os.unlink(self.journal_path)
                return
        except FileNotFoundError:
            return
        n = 1
        while True:
            aside = self.journal_path.with_name(self.journal_path.name + (".orphan" if n == 1 else f".orphan{n}"))
            if not os.path.lexists(aside):
                os.rename(self.journal_path, aside)
                return
            n += 1

    # ------------------------------------------------------------------ loading
    def _load(self, full: bool) -> None:
        """Read snapshot + journal into memory: lock-free, or under the lock after a race."""
        try:
            state = self._read_state(full)
        except _Race:
            if self._lock_depth:
                raise CorruptStoreError(self.journal_path, detail=detail("journal_gap")) from None
            with self._hold():
                state = self._read_state(full)
        self.__dict__.update(state)
        self._stale = False

    def _read_state(self, full: bool) -> dict[str, Any]:
        path = self.path
        try:
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            raise CorruptStoreError(path, detail=detail("file_gone")) from None
        except OSError as exc:
            raise StoreError(path, detail=str(exc)) from None
        try:
            st = os.fstat(fd)
            if not stat_mod.S_ISREG(st.st_mode):
                raise NotAStoreError(path, detail=detail("not_regular_file"))
            tables = None
            found = spec = None
            head = None if full else snapshot.read_head(fd, st.st_size, path)
            if head is None:
                tables, meta, base, found = snapshot.parse(_read_fd(fd, st.st_size), path)
            else:
                meta, base, spec = head
        finally:
            os.close(fd)
        snap_fp = snapshot.fingerprint(st)

        read = read_bytes_from(self.journal_path, 0)
        if read is None:
            chunk, j_ino, j_seen, j_head = journal.Chunk(), None, 0, None
        else:
            data, jst = read
            chunk = journal.parse(data, self.journal_path, at_start=True, full=tables is not None)
            j_ino, j_seen = jst.st_ino, len(data)
            j_head = data[: chunk.header_len] if chunk.header is not None else None

        def inconsistent(what: Detail) -> Exception:
            try:
                moved = snapshot.fingerprint(os.stat(path)) != snap_fp
            except FileNotFoundError:
                moved = True
            return _Race() if moved else CorruptStoreError(self.journal_path, detail=what)

        header = chunk.header
        if header is not None:
            if header.store != meta.get("store_id", header.store):
                raise inconsistent(detail("journal_foreign"))
            if header.base > base:
                raise inconsistent(detail("journal_newer"))
        seq = base
        todo = []
        for entry in chunk.entries:
            if entry.seq <= base and seq == base:
                continue  # already in the snapshot (carried over, or a crash before the journal reset)
            if entry.seq != seq + 1:
                raise inconsistent(detail("journal_out_of_order", seq=entry.seq, previous=seq))
            todo.append(entry)
            seq = entry.seq
        meta = self._apply(tables, meta, todo)
        if tables is not None:
            for entry in todo:
                journal.forget_body(entry)
        return {
            "_data": tables,
            "_view": View(path, snap_fp, spec, found, todo),
            "_meta": meta,
            "_seq": seq,
            "_base": base,
            "_snap_fp": snap_fp,
            "_j_ino": j_ino,
            "_j_head": j_head,
            "_j_end": chunk.consumed,
            "_j_seen": j_seen,
            "_j_lines": len(chunk.entries),
        }

    def _apply(self, tables: Tables | None, meta: dict[str, Any], entries: list[journal.Entry]) -> dict[str, Any]:
        """Apply journal entries to ``tables`` (None: documents not loaded); returns the new meta."""
        if tables is None:  # only the latest meta matters
            for entry in reversed(entries):
                if entry.has_meta:
                    try:
                        found = journal.entry_meta(entry)
                    except ValueError:
                        raise CorruptStoreError(self.journal_path, detail=detail("journal_seq", seq=entry.seq)) from None
                    return found if found is not None else meta
            return meta
        for entry in entries:
            if entry.meta is not None:
                meta = entry.meta
                tables.setdefault(META, {})[META_ID] = meta
            for op in entry.ops or ():
                table = tables.get(op["t"])
                if op["op"] == "put":
                    if table is None:
                        table = tables[op["t"]] = {}
                    table[op["id"]] = op["doc"]
                elif table is not None:
                    table.pop(op["id"], None)
        return meta

    def _apply_entries(self, entries: list[journal.Entry]) -> None:
        """Apply newly read entries to memory: all documents if loaded, else meta and the tables read alone."""
        if self._data is not None:
            self._meta = self._apply(self._data, self._meta, entries)
            for entry in entries:
                journal.forget_body(entry)
        else:
            self._meta = self._apply(None, self._meta, entries)

    def _head_spec(self, fp: tuple[int, int, int]) -> Any:
        """The layout spec in the head of the snapshot with fingerprint ``fp``; MISSING if unusable."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return MISSING
        try:
            st = os.fstat(fd)
            if snapshot.fingerprint(st) != fp:
                return MISSING
            head = snapshot.read_head(fd, st.st_size, self.path)
        except StoreError:
            return MISSING
        finally:
            os.close(fd)
        return MISSING if head is None else head[2]

    def _load_keeping_pending(self, full: bool) -> None:
        pending = dict(self._pending)
        self._load(full)
        for (table, key), doc in pending.items():
            self._set(table, key, doc)

    # ------------------------------------------------------------------ refreshing
    def _disk_changed(self) -> bool:
        try:
            if snapshot.fingerprint(os.stat(self.path)) != self._snap_fp:
                return True
        except FileNotFoundError:
            return True
        try:
            jst = os.stat(self.journal_path)
        except FileNotFoundError:
            return self._j_ino is not None
        if (jst.st_ino, jst.st_size) != (self._j_ino, self._j_seen):
            return True
        return journal.read_header_line(self.journal_path) != self._j_head

    def _refresh_locked(self) -> bool:
        """Bring memory up to date with disk (lock held). True if the content changed."""
        before = self._seq
        loaded = self._data is not None
        if self._stale:
            self._load_keeping_pending(full=loaded)
            return True
        try:
            st_p = os.stat(self.path)
        except FileNotFoundError:
            raise CorruptStoreError(self.path, detail=detail("file_gone")) from None
        if snapshot.fingerprint(st_p) != self._snap_fp:
            if not self._adopt(st_p):
                self._load(full=loaded)
            return self._seq != before
        try:
            jst = os.stat(self.journal_path)
        except FileNotFoundError:
            if self._j_ino is not None or self._seq != self._base:
                self._load(full=loaded)
            return self._seq != before
        if (
            jst.st_ino != self._j_ino
            or jst.st_size < self._j_end
            or journal.read_header_line(self.journal_path) != self._j_head
        ):
            self._load(full=loaded)
            return self._seq != before
        if jst.st_size == self._j_end:
            self._j_seen = jst.st_size
            return False
        read = read_bytes_from(self.journal_path, self._j_end)
        if read is None:
            self._load(full=loaded)
            return self._seq != before
        data, _ = read
        chunk = journal.parse(data, self.journal_path, at_start=self._j_end == 0, full=loaded)
        if chunk.header is not None and chunk.header.store != self._meta.get("store_id", chunk.header.store):
            raise CorruptStoreError(self.journal_path, detail=detail("journal_foreign"))
        expected = self._seq + 1
        for entry in chunk.entries:
            if entry.seq != expected:
                raise CorruptStoreError(self.journal_path, detail=detail("journal_seq_expected", seq=entry.seq, expected=expected))
            expected += 1
        self._apply_entries(chunk.entries)
        self._view.extend(chunk.entries, self.journal_path)
        self._seq = expected - 1
        self._j_lines += len(chunk.entries)
        self._j_end += chunk.consumed
        self._j_seen = self._j_end + (len(data) - chunk.consumed)
        return self._seq != before

    def _adopt(self, st_p: os.stat_result) -> bool:
        """Take over a snapshot another process compacted, catching up from the carried entries.

        Possible when the journal's header names this very snapshot file and
        the entries between our seq and its base were carried over.
        """
        read = read_bytes_from(self.journal_path, 0)
        if read is None:
            return False
        data, jst = read
        try:
            chunk = journal.parse(data, self.journal_path, at_start=True, full=self._data is not None)
        except CorruptStoreError:
            return False  # the full reload reports it
        header = chunk.header
        fp = snapshot.fingerprint(st_p)
        if header is None or header.store != self._meta.get("store_id") or header.snap != fp:
            return False
        if header.base < self._seq:
            return False
        todo = [entry for entry in chunk.entries if entry.seq > self._seq]
        for offset, entry in enumerate(todo):
            if entry.seq != self._seq + 1 + offset:
                return False
        if self._seq + len(todo) < header.base:
            return False  # the entries up to the snapshot were not carried over
        spec = self._head_spec(fp)
        if spec is MISSING:
            return False
        self._apply_entries(todo)
        self._view.extend(todo, self.journal_path)  # brings the tables read alone up to date
        part = self._view.part
        self._view = View(self.path, fp, spec, None, [e for e in chunk.entries if e.seq > header.base])
        self._view.part = part
        self._seq += len(todo)
        self._base = header.base
        self._snap_fp = fp
        self._j_ino = jst.st_ino
        self._j_head = data[: chunk.header_len]
        self._j_end = chunk.consumed
        self._j_seen = len(data)
        self._j_lines = len(chunk.entries)
        return True

    # ------------------------------------------------------------------ locking
    @contextmanager
    def _hold(self, timeout: float | None = None) -> Iterator[None]:
        with self._mutex:
            if self._lock_depth == 0:
                wait = self.lock_timeout if timeout is None else timeout
                try:
                    self._lock.acquire(wait)
                except LockTimeout:
                    raise StoreBusyError(self.path, seconds=wait) from None
                except LockUnavailable:
                    pass  # a reader of a store whose lock it may not create: reads retry on a race
                except OSError as exc:
                    raise StoreError(self.lock_path, detail=str(exc)) from None
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
                if self._lock_depth == 0:
                    self._lock.release()

    @property
    def writable(self) -> bool:
        """Whether this user may change the store: its files and its directory are writable."""
        return self._not_writable() is None

    def _not_writable(self) -> Path | None:
        """The first of the store's directory, snapshot and journal this user may not write."""
        for path, mode in ((self.path.parent, os.W_OK | os.X_OK), (self.path, os.W_OK), (self.journal_path, os.W_OK)):
            if os.path.lexists(path) and not os.access(path, mode):
                return path
        return None

    def require_writable(self) -> None:
        denied = self._not_writable()
        if denied is None:
            return
        user = login_name()
        try:
            group = group_name(os.stat(self.path).st_gid)
        except OSError:
            group = "?"
        raise ReadOnlyStoreError(self.path, user=user, group=group)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Lock, refresh from disk, and commit the changes made inside as ONE journal line.

        Nested transactions join the outer one. On an exception nothing is
        written and memory is reloaded from disk before it is next used.
        """
        with self._mutex:
            if self._depth == 0:
                self.require_writable()
        with self._mutex, self._hold():
            outer = self._depth == 0
            if outer:
                with self._os_errors():
                    self._unreported |= self._refresh_locked()
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if outer:
                    self._discard()
                raise
            self._depth -= 1
            if outer:
                self._commit()

    def poll(self) -> bool:
        """Refresh if another process changed the store; True if the content changed.

        Also True once for other processes' changes that a write or a read
        caught up with since the last poll (a transaction refreshes first; a
        read that finds the snapshot replaced catches up too), so a timer
        that redraws on True never misses one.

        Costs two ``os.stat`` calls (~25 µs) when nothing changed. The refresh
        takes the lock; if another process holds it (writing, compacting) this
        returns False and a later poll catches up.
        """
        with self._mutex, self._os_errors():
            seen, self._unreported = self._unreported, False
            if self._depth or (not self._stale and not self._disk_changed()):
                return seen
            try:
                with self._hold(timeout=POLL_LOCK_TIMEOUT), self._os_errors():
                    return self._refresh_locked() or seen
            except StoreBusyError:
                return seen

    # ------------------------------------------------------------------ TinyDB interface
    def read(self) -> Tables:
        """The whole database (the live dict, not a copy); loads the documents on first use."""
        with self._mutex, self._os_errors():
            self._full_wanted = True
            return self._everything()

    def _everything(self) -> Tables:
        if self._data is None or self._stale:
            self._load_keeping_pending(full=True)
        assert self._data is not None
        return self._data

    # ------------------------------------------------------------------ partial reads
    def get(self, table: str, key: str) -> dict[str, Any] | None:
        """One document (the live dict: do not change it), None if absent; never parses the others."""
        return self.get_many(table, [key])[key]

    def get_many(self, table: str, keys: list[str]) -> dict[str, dict[str, Any] | None]:
        """Several documents of one table, read alone (one file open for all)."""
        return self._partial(lambda: self._view.docs(table, keys, self._pending, self.journal_path),
                             lambda data: {key: data.get(table, {}).get(key) for key in keys})

    def has(self, table: str, key: str) -> bool:
        """Whether a document exists, without parsing it."""
        return self._partial(lambda: self._view.has(table, key, self._pending, self.journal_path),
                             lambda data: key in data.get(table, {}))

    def keys(self, table: str) -> list[str]:
        """The ids in a table, in stored order, without parsing any document."""
        return self._partial(lambda: self._view.keys(table, self._pending), lambda data: list(data.get(table, {})))

    def table(self, name: str) -> dict[str, Any]:
        """One whole table (the live dict: do not change it) without parsing the other tables.

        Kept current by :meth:`poll` and by this process's writes. Used for the
        summaries: 5.4 MB of the 32 MB snapshot at 10k cases.
        """
        self._wanted.add(name)
        return self._partial(lambda: self._view.table(name, self._pending, self.journal_path),
                             lambda data: data.setdefault(name, {}))

    def head(self, name: str, count: int) -> tuple[list[dict[str, Any]], list[Any]] | None:
        """The first ``count`` documents of an ordered table and every document's key, in
        its order (see :meth:`View.head`), without parsing the table; None when the
        table is not stored in its order or is already in memory (read it instead)."""
        order = self.orders.get(name)
        with self._mutex:
            if order is None or self._data is not None or name in self._view.part:
                return None
            return self._partial(lambda: self._view.head(name, order, count, self._pending, self.journal_path),
                                 lambda data: None)

    def _partial(self, alone: Any, loaded: Any) -> Any:
        with self._mutex, self._os_errors():
            for _ in range(5):
                if self._stale:
                    self._load_keeping_pending(full=self._data is not None)
                if self._data is not None:
                    return loaded(self._data)
                if not self._view.has_layout:  # an older or foreign snapshot: no index to read by
                    return loaded(self._everything())
                try:
                    return alone()
                except Moved:  # another process replaced the snapshot: catch up, then read again
                    with self._hold():
                        self._unreported |= self._refresh_locked()
            raise StoreError(self.path, detail=detail("snapshot_unstable"))

    def touched_since(self, seq: int) -> set[tuple[str, str]] | None:
        """(table, id) of documents changed after ``seq``; None if that is no longer known."""
        with self._mutex:
            if seq >= self._seq:
                return set()
            if seq < self._base:
                return None
            return self._view.touched(seq)

    def has_table(self, name: str) -> bool:
        """Whether :meth:`table` would answer from memory (no file read)."""
        return not self._stale and (self._data is not None or name in self._view.part)

    @property
    def reads(self) -> dict[str, int]:
        """How many index, document and table slices this view has read (tests, benchmarks)."""
        return self._view.reads

    def note_changes(self, table: str, keys: list[str] | None) -> None:
        """Called by TrackingTable right before :meth:`write`: which documents changed (None: any)."""
        with self._mutex:
            self._noted = True
            if keys is None:
                self._rewrite = True
                return
            current = (self._data or {}).get(table, {})
            for key in keys:
                self._pending[(table, key)] = current.get(key)

    def write(self, data: Tables) -> None:
        """Record a TinyDB write; journalled when the transaction ends.

        Without a preceding :meth:`note_changes` (a plain Table, ``drop_tables``)
        the whole database is taken as changed and written as a new snapshot.
        Outside a transaction the write is optimistic: refused if another
        process changed the store since our last look (a Store always writes
        inside a transaction).
        """
        with self._mutex:
            if not self._noted or self._rewrite:
                self._rewrite = True
                data.setdefault(META, {})[META_ID] = self._meta
                self._data = data
            self._noted = False
            if self._depth == 0:
                self.require_writable()
                with self._hold():
                    if self._disk_changed():
                        self._discard()
                        raise StoreError(self.path, detail=detail("changed_outside_transaction"))
                    self._commit()

    def close(self) -> None:
        with self._mutex:
            self._data = None
            self._view = View(self.path, None, None)
            self._stale = True  # re-read head and journal if used again
            self._pending.clear()

    # ------------------------------------------------------------------ direct changes
    def put(self, table: str, key: str, doc: dict[str, Any]) -> None:
        """Set one document (inside a transaction); works without loading the documents."""
        self._require_transaction()
        self._pending[(table, key)] = doc
        self._set(table, key, doc)

    def delete(self, table: str, key: str) -> None:
        self._require_transaction()
        self._pending[(table, key)] = None
        self._set(table, key, None)

    def replace_all(self, tables: Tables, meta: dict[str, Any]) -> None:
        """Replace the whole database (inside a transaction); committed as a new snapshot."""
        self._require_transaction()
        tables[META] = {META_ID: meta}
        self._data = tables
        self._meta = meta
        self._pending.clear()
        self._rewrite = True

    def _set(self, table: str, key: str, doc: dict[str, Any] | None) -> None:
        if (table, key) == _META_KEY and doc is not None:
            self._meta = doc
        target = self._data if self._data is not None else self._view.part
        if self._data is not None or table in target:
            if doc is None:
                target.get(table, {}).pop(key, None)
            else:
                target.setdefault(table, {})[key] = doc

    def _require_transaction(self) -> None:
        if self._depth == 0:
            raise RuntimeError("JournalStorage.put/delete/replace_all need a transaction")

    # ------------------------------------------------------------------ committing
    def _discard(self) -> None:
        if self._pending or self._rewrite:
            self._stale = True
        self._pending.clear()
        self._rewrite = False
        self._noted = False

    def _commit(self) -> None:
        try:
            if self._rewrite:
                self._compact(self._seq + 1)
            elif self._pending:
                bulk = len(self._pending) > BULK_OPS
                line, keys = (b"", []) if bulk else self._encode_pending()
                if bulk or len(line) > self.compact_bytes:
                    # A bulk change (e.g. 10k demo cases): a new snapshot replays faster than a huge line.
                    if self._data is None and not self._view.has_layout:
                        self._load_keeping_pending(full=True)
                    self._compact(self._seq + 1)
                else:
                    self._append(line, keys)
                    self._maybe_compact()
        except UncertainWrite as exc:
            self._stale = True
            raise WriteUncertainError(self.path, detail=str(exc)) from None
        except OSError as exc:
            self._stale = True
            raise WriteFailedError(self.path, detail=str(exc)) from None
        except BaseException:
            self._stale = True
            raise
        finally:
            self._pending.clear()
            self._rewrite = False
            self._noted = False

    def _encode_pending(self) -> tuple[bytes, list[tuple[str, str, bool]]]:
        meta = self._pending.get(_META_KEY)
        ops = [(t, k, doc) for (t, k), doc in self._pending.items() if (t, k) != _META_KEY]
        # Derived (small) documents first: a reader of the summaries decodes only those (journal docstring).
        ops.sort(key=lambda op: op[0] not in snapshot.DERIVED_TABLES)
        return journal.encode_entry(self._seq + 1, meta, ops), [(t, k, doc is not None) for t, k, doc in ops]

    def _append(self, line: bytes, keys: list[tuple[str, str, bool]]) -> None:
        try:
            jst = os.stat(self.journal_path)
        except FileNotFoundError:
            jst = None
        head = None
        if jst is None or self._j_end == 0:  # removed by hand, or only a torn header: start anew
            assert self._snap_fp is not None
            head = journal.encode_header(self._meta.get("store_id", ""), self._base, self._snap_fp)
            data, start = head + line, 0
            truncate_to = 0 if jst is not None and jst.st_size else None
        else:
            data, start = line, self._j_end
            truncate_to = None
            if jst.st_size > self._j_end:  # a torn tail: cut it off, once sure that is all it is
                self._check_boundary()
                truncate_to = self._j_end
        inode, _ = append_durably(self.journal_path, data, truncate_to=truncate_to,
                                  perms=perms_for(self.journal_path, self.path))
        if head is not None:
            self._j_head = head
        self._seq += 1
        self._j_ino = inode
        self._j_end = self._j_seen = start + len(data)
        self._j_lines += 1
        # Remember the line for partial reads (its documents are already in memory if loaded).
        raw = line[:-1] if self._data is None else b""
        self._view.log.append(journal.Entry(seq=self._seq, ops=None, raw=raw, keys=keys))

    def _check_boundary(self) -> None:
        """Before truncating at our offset: the line ending there must be our last entry
        (or the header), i.e. the bytes before it are the ones we read. Otherwise the
        file was edited in the middle and cutting it would destroy data."""
        line = journal.line_ending_at(self.journal_path, self._j_end)
        if line is not None and (line == self._j_head or journal.is_entry(line, self._seq)):
            return
        raise CorruptStoreError(self.journal_path, detail=detail("journal_rewritten"))

    def _maybe_compact(self) -> None:
        if self._j_end <= self.compact_bytes and self._j_lines <= self.compact_lines:
            return
        try:
            if self._data is None and not self._view.has_layout:
                self._load(full=True)
            self._compact(self._seq)
        except (OSError, StoreError):
            self._stale = True  # the change itself is safely in the journal

    def compact(self) -> None:
        """Fold the journal into a new snapshot now (normally automatic)."""
        with self.transaction():
            if self._data is None and not self._view.has_layout:
                self._load(full=True)
            try:
                self._compact(self._seq)
            except OSError as exc:
                self._stale = True
                raise WriteFailedError(self.path, detail=str(exc)) from None

    def _compact(self, seq: int) -> None:
        """Write a snapshot holding everything up to ``seq`` (lock held): spliced from the
        current one when it has an index and nothing was rewritten wholesale, else encoded
        from the loaded documents."""
        assert self._lock_depth
        carried = self._carry_over(seq)
        remove_stale_temps(self.path)
        remove_stale_temps(self.journal_path)
        if not self._rewrite and self._view.has_layout and self._view.fp == self._snap_fp:
            data, found = self._splice(seq)
        else:
            if self._data is None:  # (not expected: a view without its snapshot's index)
                self._load_keeping_pending(full=True)
            assert self._data is not None
            data, found = snapshot.encode(self._data, self._meta, seq, self.orders)
        st = atomic_write(self.path, data, perms=perms_for(self.path))
        del data
        fp = snapshot.fingerprint(st)
        # From here the snapshot holds everything up to ``seq``; a crash before the
        # journal is reset leaves entries <= seq, which the next load skips.
        self._seq = self._base = seq
        self._snap_fp = fp
        self._stale = True  # until the journal is reset too
        fresh = journal.encode_header(self._meta.get("store_id", ""), seq, fp) + b"".join(carried)
        jst = atomic_write(self.journal_path, fresh, perms=perms_for(self.journal_path, self.path))
        self._j_ino = jst.st_ino
        self._j_head = fresh[: fresh.index(b"\n") + 1]
        self._j_end = self._j_seen = len(fresh)
        self._j_lines = len(carried)
        part = self._view.part
        self._view = View(self.path, fp, None, found)
        self._view.part = part
        if self._data is not None and not self._full_wanted:
            # Loaded only because the old snapshot had no index: keep just the tables read alone.
            self._view.part = {name: self._data.setdefault(name, {}) for name in self._wanted}
            self._data = None
        self._stale = False

    def _splice(self, seq: int) -> tuple[layout.Chunks, layout.Layout]:
        try:
            old = self._view.read_all()
            found = self._view.layout()
        except Moved:
            raise StoreError(self.path, detail=detail("snapshot_replaced")) from None
        assert found is not None
        data = self._data
        current = None if data is None else (lambda t, k: data.get(t, {}).get(k))
        changes = self._view.changes(self._pending, current, self.journal_path)
        return snapshot.assemble(self._meta, seq, splice.splice_body(old, found, changes, self.path, self.orders))

    def _carry_over(self, seq: int) -> list[bytes]:
        """The last entries of the journal, if they end exactly at ``seq`` (see module docstring)."""
        if seq != self._seq or self._j_end == 0:
            return []
        start = max(0, self._j_end - CARRY_BYTES)
        try:
            fd = os.open(self.journal_path, os.O_RDONLY)
        except FileNotFoundError:
            return []
        try:
            data = os.pread(fd, self._j_end - start, start)
        finally:
            os.close(fd)
        lines = journal.tail_lines(data, at_start=start == 0, limit=CARRY_LINES)
        seqs = [int(journal.entry_seq(line)) for line in lines]
        # Keep the longest run of consecutive entries ending at seq.
        keep = 0
        for offset, value in enumerate(reversed(seqs)):
            if value != seq - offset:
                break
            keep += 1
        return lines[len(lines) - keep :] if keep else []

    # ------------------------------------------------------------------ state
    @property
    def seq(self) -> int:
        """The last journal sequence number applied: changes whenever the content changes."""
        return self._seq

    @property
    def meta(self) -> dict[str, Any]:
        return self._meta

    @property
    def loaded(self) -> bool:
        return self._data is not None

    @property
    def journal_size(self) -> int:
        return self._j_end


def _read_fd(fd: int, size: int) -> bytes:
    chunks = []
    offset = 0
    while True:
        chunk = os.pread(fd, max(size - offset, 1 << 16), offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)
