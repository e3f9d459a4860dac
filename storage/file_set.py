"""The files of one store (snapshot, journal, lock) and who may write them.

See ``storage/FORMAT.md`` for what each file holds. The path is resolved
(symlinks) before the journal and lock paths are derived from it, so a store
reached through a link is still one store.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NamedTuple

from storage import snapshot
from storage.errors import ReadOnlyStoreError, StoreError
from storage.fsutil import group_name, login_name
from storage.journal_state import Fingerprint
from storage.partial import MISSING


class FileSet(NamedTuple):
    path: Path  # the snapshot
    journal: Path
    lock: Path

    @classmethod
    def at(cls, path: Path | str) -> FileSet:
        resolved = Path(path).expanduser().resolve()
        return cls(resolved, resolved.with_name(resolved.name + ".journal"),
                   resolved.with_name(resolved.name + ".lock"))

    # ------------------------------------------------------------------ writing rights
    def not_writable(self) -> Path | None:
        """The first of the store's directory, snapshot and journal this user may not write."""
        for path, mode in ((self.path.parent, os.W_OK | os.X_OK), (self.path, os.W_OK), (self.journal, os.W_OK)):
            if os.path.lexists(path) and not os.access(path, mode):
                return path
        return None

    def require_writable(self) -> None:
        """Raise :class:`ReadOnlyStoreError` (naming the user and the store's group) if not writable."""
        if self.not_writable() is None:
            return
        user = login_name()
        try:
            group = group_name(os.stat(self.path).st_gid)
        except OSError:
            group = "?"
        raise ReadOnlyStoreError(self.path, user=user, group=group)

    # ------------------------------------------------------------------ creating
    def set_orphan_journal_aside(self) -> None:
        """A journal without its snapshot cannot be replayed; keep it, renamed, for a human."""
        try:
            if os.stat(self.journal).st_size == 0:
                os.unlink(self.journal)
                return
        except FileNotFoundError:
            return
        n = 1
        while True:
            aside = self.journal.with_name(self.journal.name + (".orphan" if n == 1 else f".orphan{n}"))
            if not os.path.lexists(aside):
                os.rename(self.journal, aside)
                return
            n += 1

    # ------------------------------------------------------------------ reading the snapshot
    def head_spec(self, fp: Fingerprint) -> Any:
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


def read_fd(fd: int, size: int) -> bytes:
    """Everything in an open file (``size`` is a hint: a file that grew is read to its end)."""
    chunks = []
    offset = 0
    while True:
        chunk = os.pread(fd, max(size - offset, 1 << 16), offset)
        if not chunk:
            break
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)
