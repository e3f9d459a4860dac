"""Appending one committed transaction to the journal (lock held).

One line per transaction, written with one ``write`` and fsynced; a torn tail
left by a crashed writer is cut off first, once it is certain that is all it
is. The line format is in ``storage/FORMAT.md``.
"""

from __future__ import annotations

import os

from storage import journal, snapshot
from storage.errors import CorruptStoreError, detail
from storage.file_set import FileSet
from storage.fsutil import append_durably, perms_for
from storage.journal_state import Pending, State

META_KEY = (snapshot.META, snapshot.META_ID)

Keys = list[tuple[str, str, bool]]


def encode(pending: Pending, seq: int) -> tuple[bytes, Keys]:
    """The journal line for entry ``seq`` holding ``pending``, and its (table, id, put?) keys."""
    meta = pending.get(META_KEY)
    ops = [(t, k, doc) for (t, k), doc in pending.items() if (t, k) != META_KEY]
    # Derived (small) documents first: a reader of the summaries decodes only those (FORMAT.md).
    ops.sort(key=lambda op: op[0] not in snapshot.DERIVED_TABLES)
    return journal.encode_entry(seq, meta, ops), [(t, k, doc is not None) for t, k, doc in ops]


def append(files: FileSet, state: State, line: bytes, keys: Keys) -> None:
    """Append entry ``state.seq + 1`` and advance ``state`` past it."""
    try:
        jst = os.stat(files.journal)
    except FileNotFoundError:
        jst = None
    mark = state.journal
    head = None
    if jst is None or mark.end == 0:  # removed by hand, or only a torn header: start anew
        assert state.snap_fp is not None
        head = journal.encode_header(state.meta.get("store_id", ""), state.base, state.snap_fp)
        data, start = head + line, 0
        truncate_to = 0 if jst is not None and jst.st_size else None
    else:
        data, start = line, mark.end
        truncate_to = None
        if jst.st_size > mark.end:  # a torn tail: cut it off, once sure that is all it is
            _check_boundary(files, state)
            truncate_to = mark.end
    inode, _ = append_durably(files.journal, data, truncate_to=truncate_to, perms=perms_for(files.journal, files.path))
    if head is not None:
        mark.head = head
    state.seq += 1
    mark.ino = inode
    mark.end = mark.seen = start + len(data)
    mark.lines += 1
    # Remember the line for partial reads (its documents are already in memory if loaded).
    raw = line[:-1] if state.data is None else b""
    state.view.log.append(journal.Entry(seq=state.seq, ops=None, raw=raw, keys=keys))


def _check_boundary(files: FileSet, state: State) -> None:
    """Before truncating at our offset: the line ending there must be our last entry
    (or the header), i.e. the bytes before it are the ones we read. Otherwise the
    file was edited in the middle and cutting it would destroy data."""
    line = journal.line_ending_at(files.journal, state.journal.end)
    if line is not None and (line == state.journal.head or journal.is_entry(line, state.seq)):
        return
    raise CorruptStoreError(files.journal, detail=detail("journal_rewritten"))
