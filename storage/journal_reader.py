"""Reading a store into memory and keeping up with other processes.

:func:`load` reads the snapshot (its head only, or whole) and the journal and
checks that they belong together; :func:`catch_up` applies what other
processes appended since, or takes over a snapshot one of them compacted
(:func:`adopt`). The rules they follow (``journal_seq``, carried entries, the
journal header) are in ``storage/FORMAT.md``.
"""

from __future__ import annotations

import os
import stat as stat_mod
from typing import Any

from storage import journal, snapshot
from storage.errors import CorruptStoreError, Detail, NotAStoreError, StoreError, detail
from storage.file_set import FileSet, read_fd
from storage.fsutil import read_bytes_from
from storage.journal_state import JournalMark, State, Tables
from storage.partial import MISSING, View


class Race(Exception):
    """A lock-free read saw the snapshot and the journal from different moments."""


def load(files: FileSet, full: bool) -> State:
    """Snapshot + journal as they are now (``full``: parse every document, else the head only).

    Lock-free: raises :class:`Race` when the snapshot was replaced meanwhile
    (read again under the lock), :class:`CorruptStoreError` when the files
    disagree for good.
    """
    path = files.path
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
            tables, meta, base, found = snapshot.parse(read_fd(fd, st.st_size), path)
        else:
            meta, base, spec = head
    finally:
        os.close(fd)
    snap_fp = snapshot.fingerprint(st)

    read = read_bytes_from(files.journal, 0)
    if read is None:
        chunk, mark = journal.Chunk(), JournalMark()
    else:
        data, jst = read
        chunk = journal.parse(data, files.journal, at_start=True, full=tables is not None)
        head_line = data[: chunk.header_len] if chunk.header is not None else None
        mark = JournalMark(jst.st_ino, head_line, chunk.consumed, len(data), len(chunk.entries))

    def inconsistent(what: Detail) -> Exception:
        try:
            moved = snapshot.fingerprint(os.stat(path)) != snap_fp
        except FileNotFoundError:
            moved = True
        return Race() if moved else CorruptStoreError(files.journal, detail=what)

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
    meta = apply(tables, meta, todo, files)
    if tables is not None:
        for entry in todo:
            journal.forget_body(entry)
    return State(data=tables, view=View(path, snap_fp, spec, found, todo), meta=meta, seq=seq, base=base,
                 snap_fp=snap_fp, journal=mark)


def apply(tables: Tables | None, meta: dict[str, Any], entries: list[journal.Entry], files: FileSet) -> dict[str, Any]:
    """Apply journal entries to ``tables`` (None: documents not loaded); returns the new meta."""
    if tables is None:  # only the latest meta matters
        for entry in reversed(entries):
            if entry.has_meta:
                try:
                    found = journal.entry_meta(entry)
                except ValueError:
                    raise CorruptStoreError(files.journal, detail=detail("journal_seq", seq=entry.seq)) from None
                return found if found is not None else meta
        return meta
    for entry in entries:
        if entry.meta is not None:
            meta = entry.meta
            tables.setdefault(snapshot.META, {})[snapshot.META_ID] = meta
        for op in entry.ops or ():
            table = tables.get(op["t"])
            if op["op"] == "put":
                if table is None:
                    table = tables[op["t"]] = {}
                table[op["id"]] = op["doc"]
            elif table is not None:
                table.pop(op["id"], None)
    return meta


def apply_entries(state: State, entries: list[journal.Entry], files: FileSet) -> None:
    """Apply newly read entries to memory: every document if loaded, else the meta and
    (through the view) the tables read alone."""
    state.meta = apply(state.data, state.meta, entries, files)
    if state.data is not None:
        for entry in entries:
            journal.forget_body(entry)
    state.view.extend(entries, files.journal)


def disk_changed(files: FileSet, state: State) -> bool:
    """Whether the files differ from what ``state`` was read from (two stats, one header read)."""
    try:
        if snapshot.fingerprint(os.stat(files.path)) != state.snap_fp:
            return True
    except FileNotFoundError:
        return True
    mark = state.journal
    try:
        jst = os.stat(files.journal)
    except FileNotFoundError:
        return mark.ino is not None
    if (jst.st_ino, jst.st_size) != (mark.ino, mark.seen):
        return True
    return journal.read_header_line(files.journal) != mark.head


def catch_up(files: FileSet, state: State) -> bool:
    """Bring ``state`` up to date with the files (lock held): apply the journal lines
    appended since, or adopt a compacted snapshot. False when that is not possible
    and the store must be loaded again."""
    try:
        st_p = os.stat(files.path)
    except FileNotFoundError:
        raise CorruptStoreError(files.path, detail=detail("file_gone")) from None
    if snapshot.fingerprint(st_p) != state.snap_fp:
        return adopt(files, state, st_p)
    mark = state.journal
    try:
        jst = os.stat(files.journal)
    except FileNotFoundError:
        return mark.ino is None and state.seq == state.base
    if jst.st_ino != mark.ino or jst.st_size < mark.end or journal.read_header_line(files.journal) != mark.head:
        return False
    if jst.st_size == mark.end:
        mark.seen = jst.st_size
        return True
    read = read_bytes_from(files.journal, mark.end)
    if read is None:
        return False
    data, _ = read
    chunk = journal.parse(data, files.journal, at_start=mark.end == 0, full=state.loaded)
    if chunk.header is not None and chunk.header.store != state.meta.get("store_id", chunk.header.store):
        raise CorruptStoreError(files.journal, detail=detail("journal_foreign"))
    expected = state.seq + 1
    for entry in chunk.entries:
        if entry.seq != expected:
            raise CorruptStoreError(files.journal, detail=detail("journal_seq_expected", seq=entry.seq, expected=expected))
        expected += 1
    apply_entries(state, chunk.entries, files)
    state.seq = expected - 1
    mark.lines += len(chunk.entries)
    mark.end += chunk.consumed
    mark.seen = mark.end + (len(data) - chunk.consumed)
    return True


def adopt(files: FileSet, state: State, st_p: os.stat_result) -> bool:
    """Take over a snapshot another process compacted, catching up from the carried entries.

    Possible when the journal's header names this very snapshot file and
    the entries between our seq and its base were carried over.
    """
    read = read_bytes_from(files.journal, 0)
    if read is None:
        return False
    data, jst = read
    try:
        chunk = journal.parse(data, files.journal, at_start=True, full=state.loaded)
    except CorruptStoreError:
        return False  # the full reload reports it
    header = chunk.header
    fp = snapshot.fingerprint(st_p)
    if header is None or header.store != state.meta.get("store_id") or header.snap != fp:
        return False
    if header.base < state.seq:
        return False
    todo = [entry for entry in chunk.entries if entry.seq > state.seq]
    for offset, entry in enumerate(todo):
        if entry.seq != state.seq + 1 + offset:
            return False
    if state.seq + len(todo) < header.base:
        return False  # the entries up to the snapshot were not carried over
    spec = files.head_spec(fp)
    if spec is MISSING:
        return False
    apply_entries(state, todo, files)  # brings the tables read alone up to date too
    part = state.view.part
    state.view = View(files.path, fp, spec, None, [e for e in chunk.entries if e.seq > header.base])
    state.view.part = part
    state.seq += len(todo)
    state.base = header.base
    state.snap_fp = fp
    state.journal = JournalMark(jst.st_ino, data[: chunk.header_len], chunk.consumed, len(data), len(chunk.entries))
    return True
