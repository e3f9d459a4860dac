"""Schema migrations: a store written by an earlier tousu is upgraded when it is opened.

Every snapshot records the schema it was written with (``_meta.schema``,
:data:`storage.snapshot.SCHEMA`). :func:`upgrade` runs from ``Store.open``:
when the file's schema is older than this tousu's and this user may write the
store, it makes a backup (reason ``migration``, :mod:`storage.backup`) and then
runs the steps of :data:`STEPS` one version at a time. A store this user may
only read is read as it is (every earlier schema can be read) and left alone.

Each step takes the store from version ``n`` to ``n + 1`` and ends with the
file at the new layout. Steps are written against the storage's public API
(transactions, ``put``, ``compact``), so a crash in the middle leaves either
the old file or the new one, and the next open runs what is left.

The check costs one small read of the snapshot's head per open when the store is
current.

Schema 1 → 2 (tousu before the case summaries): schema 2 adds the stored
summaries, the index and the layout (:mod:`storage.snapshot`). The step
computes every case's summary with the store's calendar, records the deadline
stamp, sets ``schema`` in the meta, and compacts: the new snapshot is written
with its index.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storage import snapshot, summaries

if TYPE_CHECKING:  # pragma: no cover
    from cases.clock import Clock
    from storage.backup import Backup
    from storage.journal_storage import JournalStorage
    from storage.store import Store

Step = Callable[["Store", "JournalStorage"], None]


def _schema_1_to_2(store: Store, storage: JournalStorage) -> None:
    rules = store.calendar_info()
    cases = storage.keys(summaries.CASES)
    orphans = [key for key in storage.keys(summaries.SUMMARIES) if not storage.has(summaries.CASES, key)]
    summaries.repair(storage, cases, orphans, rules.calendar, rules.stamp, practice=rules.practice, still=lambda: True,
                     extra=lambda: storage.put(snapshot.META, snapshot.META_ID, {**storage.meta, "schema": 2}))
    storage.compact()


#: version n -> the step that takes a store from n to n + 1.
STEPS: dict[int, Step] = {1: _schema_1_to_2}


@dataclass(frozen=True)
class Upgraded:
    """What :func:`upgrade` did: the schema found, the one reached, and the backup made first."""

    found: int
    reached: int
    backup: Backup


def upgrade(store: Store, storage: JournalStorage, clock: Clock) -> Upgraded | None:
    """Bring the file of ``store`` (whose storage is ``storage``) to :data:`storage.snapshot.SCHEMA`
    (see the module docstring); None if it was current or may not be written."""
    found = snapshot.stored_schema(storage.path)
    if found >= snapshot.SCHEMA or not storage.writable:
        return None
    from storage.backup import make_backup  # only a store to upgrade needs it, not every open

    made = make_backup(storage, clock.now(), "migration")
    run_steps(store, storage, found)
    return Upgraded(found, snapshot.SCHEMA, made)


def run_steps(store: Store, storage: JournalStorage, found: int) -> None:
    """Run the steps from schema ``found`` to the current one (no backup: the caller made one)."""
    for version in range(found, snapshot.SCHEMA):
        if snapshot.stored_schema(store.path) > version:
            continue  # another process ran this step meanwhile
        STEPS[version](store, storage)
