"""Folding the journal into a new snapshot (lock held).

The snapshot is written first (temporary file, fsync, ``os.replace``, fsync
of the directory), then the journal is replaced by a fresh one: its header
plus the last few entries, carried over for the other processes to catch up
from. The new snapshot is spliced from the current one when it can be (no
document needs parsing) and encoded from the loaded documents otherwise.
Why this order is crash-safe, and what the carried entries are for:
``storage/FORMAT.md``.
"""

from __future__ import annotations

import os
from collections.abc import Collection

from storage import journal, layout, snapshot, splice
from storage.errors import StoreError, detail
from storage.file_set import FileSet
from storage.fsutil import atomic_write, perms_for, remove_stale_temps
from storage.journal_state import JournalMark, Pending, State
from storage.partial import Moved, View

#: Entries carried over into a fresh journal (for other processes to catch up).
CARRY_LINES = 64
CARRY_BYTES = 256 << 10


def can_splice(state: State, rewrite: bool) -> bool:
    """Whether the next snapshot can be made from the current one's bytes."""
    return not rewrite and state.view.has_layout and state.view.fp == state.snap_fp


def compact(files: FileSet, state: State, pending: Pending, seq: int, *, rewrite: bool, orders: layout.Orders,
            keep_documents: bool, wanted: Collection[str]) -> None:
    """Write a snapshot holding everything up to ``seq`` (with ``pending`` applied) and reset the journal.

    Needs the documents loaded unless :func:`can_splice`. With
    ``keep_documents`` False, loaded documents are dropped afterwards but the
    tables in ``wanted`` (read alone before) are kept.
    """
    carried = carry_over(files, state, seq)
    remove_stale_temps(files.path)
    remove_stale_temps(files.journal)
    if can_splice(state, rewrite):
        data, found = _splice(files, state, pending, seq, orders)
    else:
        assert state.data is not None
        data, found = snapshot.encode(state.data, state.meta, seq, orders)
    st = atomic_write(files.path, data, perms=perms_for(files.path))
    del data
    fp = snapshot.fingerprint(st)
    # From here the snapshot holds everything up to ``seq``; a crash before the
    # journal is reset leaves entries <= seq, which the next load skips.
    state.seq = state.base = seq
    state.snap_fp = fp
    state.stale = True  # until the journal is reset too
    fresh = journal.encode_header(state.meta.get("store_id", ""), seq, fp) + b"".join(carried)
    jst = atomic_write(files.journal, fresh, perms=perms_for(files.journal, files.path))
    state.journal = JournalMark(jst.st_ino, fresh[: fresh.index(b"\n") + 1], len(fresh), len(fresh), len(carried))
    part = state.view.part
    state.view = View(files.path, fp, None, found)
    state.view.part = part
    if state.data is not None and not keep_documents:
        # Loaded only because the old snapshot had no index: keep just the tables read alone.
        state.view.part = {name: state.data.setdefault(name, {}) for name in wanted}
        state.data = None
    state.stale = False


def _splice(files: FileSet, state: State, pending: Pending, seq: int,
            orders: layout.Orders) -> tuple[layout.Chunks, layout.Layout]:
    try:
        old = state.view.read_all()
        found = state.view.layout()
    except Moved:
        raise StoreError(files.path, detail=detail("snapshot_replaced")) from None
    assert found is not None
    data = state.data
    current = None if data is None else (lambda t, k: data.get(t, {}).get(k))
    changes = state.view.changes(pending, current, files.journal)
    return snapshot.assemble(state.meta, seq, splice.splice_body(old, found, changes, files.path, orders))


def carry_over(files: FileSet, state: State, seq: int) -> list[bytes]:
    """The last entries of the journal, if they end exactly at ``seq`` (FORMAT.md, compaction)."""
    end = state.journal.end
    if seq != state.seq or end == 0:
        return []
    start = max(0, end - CARRY_BYTES)
    try:
        fd = os.open(files.journal, os.O_RDONLY)
    except FileNotFoundError:
        return []
    try:
        data = os.pread(fd, end - start, start)
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
