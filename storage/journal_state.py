"""What one process holds of a store: the mutable state behind a ``JournalStorage``.

:class:`State` is what a load yields and what refreshing, writing and
compacting keep current; a reload replaces it whole. :class:`Transaction` is
the change being built between ``transaction()`` and its commit. The file
format these describe is in ``storage/FORMAT.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storage.partial import View

Tables = dict[str, dict[str, Any]]
Fingerprint = tuple[int, int, int]
#: (table, id) -> the document, or None for a deletion
Pending = dict[tuple[str, str], dict[str, Any] | None]


@dataclass
class JournalMark:
    """Which journal file this process read, and how far."""

    ino: int | None = None
    head: bytes | None = None  # the header line (identifies the file: inode numbers are reused)
    end: int = 0  # offset after the last complete line consumed
    seen: int = 0  # the file's size at the last look
    lines: int = 0  # entries in the file up to ``end``


@dataclass
class State:
    """The store as this process last read it."""

    data: Tables | None  # every document, or None until they are loaded
    view: View  # the snapshot's index, the journal entries applied, the tables read alone
    meta: dict[str, Any]
    seq: int = 0  # the last journal entry applied
    base: int = 0  # ``journal_seq`` of the snapshot read
    snap_fp: Fingerprint | None = None  # which snapshot file version that was
    journal: JournalMark = field(default_factory=JournalMark)
    stale: bool = False  # memory may differ from disk: reload before trusting it

    @property
    def loaded(self) -> bool:
        return self.data is not None


@dataclass
class Transaction:
    """The changes of the current transaction, committed as one journal line (or a snapshot)."""

    depth: int = 0  # nesting: inner transactions join the outer one
    pending: Pending = field(default_factory=dict)
    rewrite: bool = False  # the whole database was replaced: commit as a new snapshot

    def clear(self) -> None:
        self.pending.clear()
        self.rewrite = False
