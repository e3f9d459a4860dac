"""Bringing a backup back (``tousu restore``): the store becomes what the backup holds.

The backup is read first, whole, as tousu reads any store (its snapshot's CRCs
and every journal line checked), so a damaged or foreign backup is refused
before anything changes. Then the current state is backed up (reason
``restore``, :mod:`storage.backup`), and the backup's documents replace the
store's in one transaction, written as a new snapshot (``replace_all``): other
processes see the store change as after ``tousu import``, and a crash leaves
either the old store or the restored one. The backup keeps its ``store_id``
and id counters, so ids handed out after it was made are handed out again;
``epoch`` moves forward so no process keeps objects of the replaced state.

A store file that is not a tousu store is never overwritten: opening it is
refused before the restore starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from storage import backup as backups
from storage.journal_storage import JournalStorage

if TYPE_CHECKING:  # pragma: no cover
    from datetime import datetime


@dataclass(frozen=True)
class Restored:
    cases: int
    groups: int
    before: backups.Backup  # the state the restore replaced


def read_backup(backup: backups.Backup) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """(tables, meta) of a backup, read whole and checked; raises the store errors."""
    source = JournalStorage(backup.path)
    source.open()
    try:
        tables = {name: dict(table) for name, table in source.read().items()}
        return tables, dict(source.meta)
    finally:
        source.close()


def restore(storage: JournalStorage, backup: backups.Backup, now: datetime,
            read: tuple[dict[str, dict[str, Any]], dict[str, Any]] | None = None) -> Restored:
    """Replace the content of the store at ``storage`` with the backup's, after backing the
    store up (``Store.restore_backup``). ``read``: the backup as :func:`read_backup` returned
    it (read again if None)."""
    tables, meta = read if read is not None else read_backup(backup)
    storage.require_writable()
    before = backups.make_backup(storage, now, "restore")
    with storage.transaction():
        meta["epoch"] = max(int(meta.get("epoch", 0)), int(storage.meta.get("epoch", 0))) + 1
        storage.replace_all(tables, meta)
    return Restored(len(tables.get("cases", {})), len(tables.get("groups", {})), before)
