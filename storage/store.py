"""Store: the one API the TUI and the CLI use to read and change cases and groups.

Backed by :class:`~storage.journal_storage.JournalStorage` (the file is TinyDB
JSON): a case ``K-0042`` is the document with id 42 of table ``cases`` (so
finding one is a dict lookup, or one slice of the file), a group ``G-007``
document 7 of ``groups``, and the case's :class:`~cases.summary.CaseSummary`
document 42 of ``summaries`` (:mod:`storage.summaries`). Counters for the next
ids live in the ``_meta`` document and are advanced under the lock, so two
processes never hand out the same id and deleted ids are never reused.

Every change runs as one storage transaction: lock, refresh from disk, apply
to the *fresh* stored document, append one journal line (the case and its
summary together), unlock. Edits by other processes are therefore never
lost; a form that edited an old copy uses :meth:`Store.save_case`, a
field-level three-way merge that refuses (:class:`~storage.errors.ConflictError`)
only when both sides changed the same field.

Times come from the injected clock (``cases.clock.Clock``), never from an
implicit ``now()``. Deadlines come from the store's calendar (:attr:`Store.calendar`,
:mod:`storage.schedule`): the store's own schedule (``tousu schedule add``,
:meth:`Store.add_schedule`), else for a personal store the user's schedule
file (``Store.open(..., schedule_file=)``), else the holidays library. Reading
never writes; the summaries are recomputed by writes, once per change of the
calendar or the rules (:mod:`storage.summaries`).

How it meets the scale targets (figures: ``bench/README.md`` and the README):

- the dashboard's first screen reads :meth:`summary_head`: the summaries are
  stored in dashboard order with their keys in the index, so it takes the first
  screenfuls instead of the whole table;
- lists read :meth:`summaries`, never the case documents;
- after an edit (here or, after :meth:`poll`, elsewhere) ``summaries()``
  rebuilds only the summaries the journal says changed;
- :meth:`case`, :meth:`update_case`, :meth:`save_case` read just that case's
  slice (and the journal lines naming it) in a process that has not loaded
  everything, so a CLI command reads one case, not the store;
- an edit appends one fsynced journal line (the case and its summary);
- a compaction splices bytes instead of re-encoding (:mod:`storage.splice`), so
  no process must load everything to compact.

The parts, one job each, mixed into :class:`Store`: reading
(:mod:`storage.store_reading`), changing (:mod:`storage.store_writing`), deleting,
purging and the activity log (:mod:`storage.store_deleting`), the calendar and the
store's schedule (:mod:`storage.store_scheduling`), replacing or handing out
everything at once (:mod:`storage.store_moving`), group documents
(:mod:`storage.store_groups`) and their rosters (:mod:`storage.rosters`).

Reads show the store as of the last refresh: open, :meth:`poll`, or a write
by this Store (which refreshes first); a read that finds the snapshot
replaced by another process catches up before reading. :meth:`poll` reports
other processes' changes once, however they were caught up with.

Deleting a case hides it (:meth:`delete_case`): the case stays in the store with
who deleted it and when (``deleted_at`` / ``deleted_by`` on the case, ``deleted``
on its summary, so lists leave it out without reading the case), every change is
written to the activity log (table ``activity``), and every reader acts as if it
were gone (:class:`~storage.errors.CaseDeleted`, a ``CaseNotFound``) except
:meth:`summary_docs` / :meth:`summaries` with ``deleted=True`` and
:meth:`restore_case`. A deleted case is kept at least :data:`KEEP_DELETED_DAYS`
days; :meth:`purge_expired` (``tousu purge``) removes those deleted longer ago than
that for good, and nothing else removes a case (:meth:`purge_case`).

What the store hands out is checked and clean, whoever wrote the file
(:mod:`storage.documents`): case and group documents with wrong types or
impossible values raise :class:`~storage.errors.DamagedDocumentError` naming
the item (``case()``, ``update_case()`` …) or are left out (``cases()``), and
lists get a damaged summary for such a case; a summary whose text would act on
a terminal (escape sequences, C1 codes, bidi overrides) or that is malformed is
not usable as it is (:func:`storage.summaries.usable`): it is shown recomputed
from its case, in memory, like a summary of another calendar. The check of a
summary has a fast path for one as tousu writes it.

``cases()`` keeps the ``Case`` objects it built, keyed by document and
validated by (rev, updated, created): building a ``Case`` is the costly part of a
read, so after a small change only the changed documents are rebuilt, and with no
change at all the last list is returned.
The objects it returns are shared: treat them as read-only and change cases
through the methods here. ``case()`` returns a fresh object each time, safe to
edit in a form. :meth:`summaries` works the same way with ``CaseSummary``
objects (immutable).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cases.clock import Clock, to_iso
from cases.ids import format_group_id
from storage import schedule, snapshot, summaries
from storage.journal_storage import JournalStorage
from storage.rosters import RosterStore
from storage.store_groups import StoreGroups
from storage.store_deleting import KEEP_DELETED_DAYS, StoreDeleting
from storage.store_moving import StoreMoving
from storage.store_reading import StoreReading
from storage.store_scheduling import StoreScheduling
from storage.store_writing import StoreWriting, merge_fields
from storage.tables import CASES, CREDENTIALS, GROUPS, REQUESTS, SUMMARIES

if TYPE_CHECKING:  # pragma: no cover
    from datetime import datetime

    from storage.backup import Backup
    from storage.restore import Restored

__all__ = ["COUNTERS", "KEEP_DELETED_DAYS", "MERGE_FIELDS", "REQUESTS", "MovedTables", "Store"]


def __getattr__(name: str) -> Any:
    """``MERGE_FIELDS``: the fields of a case a form may change (found when first asked,
    :func:`storage.store_writing.merge_fields`); ``COUNTERS`` and ``MovedTables``: what a
    store moved to another carries (:mod:`storage.moved_tables`, imported when first asked)."""
    if name == "MERGE_FIELDS":
        return merge_fields()
    if name in ("COUNTERS", "MovedTables"):
        from storage import moved_tables

        return getattr(moved_tables, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class Store(StoreReading, StoreWriting, StoreDeleting, StoreScheduling, StoreMoving, StoreGroups, RosterStore):
    """Cases and groups in one store file. Create with :meth:`Store.open`. Rosters: :mod:`storage.rosters`."""

    def __init__(self, storage: JournalStorage, clock: Clock, schedule_file: Path | None = None) -> None:
        self._storage = storage
        self._clock = clock
        self._schedule_file = None if schedule_file is None else Path(schedule_file)
        self._personal: bool | None = None  # decided when the calendar is first needed
        self._cal: schedule.StoreCalendar | None = None
        self._shown = summaries.Shown()
        self._written: set[tuple[str, str]] = set()  # documents the current change wrote
        self._in_change = False  # inside _writing (a nested one joins it)
        self._mutex = threading.RLock()
        self._cache: dict[str, dict[str, tuple[tuple[Any, ...], Any]]] = {CASES: {}, GROUPS: {}}
        self._cache_epoch: Any = None
        self._lists: dict[str, tuple[Any, list[Any]]] = {}
        self._summaries = summaries.SummaryList()

    @classmethod
    def open(cls, path: Path | str, clock: Clock, *, schedule_file: Path | None = None, **options: Any) -> Store:
        """Open the store at ``path``, creating it if missing.

        Raises :class:`~storage.errors.NotAStoreError`, ``CorruptStoreError``,
        ``SchemaTooNewError`` (never writing anything) or ``StoreBusyError``.
        Cheap: reads the snapshot's ``_meta`` head and the journal only; the
        documents are read on first use, one by one where possible.
        ``schedule_file`` is the user's own schedule file, used for the deadlines
        of a personal store without a schedule of its own (:mod:`storage.schedule`).
        ``options`` go to JournalStorage (thresholds, lock timeout; for tests).
        A store of an earlier schema that this user may write is upgraded first, after a
        backup (:mod:`storage.migrations`).
        """
        storage = JournalStorage(Path(path).expanduser(), **{**journal_options(), **options})
        storage.open()
        store = cls(storage, clock, schedule_file)
        if snapshot.stored_schema(storage.path) < snapshot.SCHEMA:  # an earlier schema: backup, then upgrade
            from storage import migrations  # (not imported by every open)

            migrations.upgrade(store, storage, clock)
        return store

    # ------------------------------------------------------------------ lifecycle
    @property
    def path(self) -> Path:
        return self._storage.path

    @property
    def writable(self) -> bool:
        """Whether this user may change the store (see ``JournalStorage.writable``); a few
        ``access`` calls, asked afresh each time (an administrator may change the group)."""
        return self._storage.writable

    def require_writable(self) -> None:
        """Raise :class:`~storage.errors.ReadOnlyStoreError` (saying why) if :attr:`writable` is False."""
        self._storage.require_writable()

    # ------------------------------------------------------------------ backups
    def backup(self, now: datetime, reason: str) -> Backup:
        """A backup of the store now, beside it (:mod:`storage.backup`)."""
        from storage.backup import make_backup

        return make_backup(self._storage, now, reason)

    def daily_backup(self, now: datetime) -> Backup | None:
        """Today's backup, if the store has none yet (:func:`storage.backup.daily_backup`)."""
        from storage.backup import daily_backup

        return daily_backup(self._storage, now)

    def restore_backup(self, found: Backup, now: datetime,
                       read: tuple[dict[str, dict[str, Any]], dict[str, Any]] | None = None) -> Restored:
        """Replace the store's content with ``found``'s, after backing the store up
        (:func:`storage.restore.restore`)."""
        from storage.restore import restore

        return restore(self._storage, found, now, read)

    def close(self) -> None:
        with self._mutex:
            self._storage.close()
            self._cache = {CASES: {}, GROUPS: {}}
            self._lists = {}
            self._summaries = summaries.SummaryList()
            self._shown = summaries.Shown()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def poll(self) -> bool:
        """True if another process changed the store since the last look (memory is then refreshed).

        Two ``os.stat`` calls when nothing changed; call it from a timer.
        """
        with self._mutex:
            return self._storage.poll()

    @property
    def version(self) -> int:
        """Changes whenever the content changes, here or in another process (the journal seq)."""
        return self._storage.seq

    def _now(self) -> str:
        return to_iso(self._clock.now())

    # ------------------------------------------------------------------ upkeep and figures
    def compact(self) -> None:
        """Write a new snapshot holding the journal's changes and start an empty journal (under
        the lock; spliced, not re-encoded: :mod:`storage.splice`). Done by itself when the
        journal grows; asked for by a caller that wants the file in one piece now."""
        with self._mutex:
            self._storage.compact()

    @property
    def loaded(self) -> bool:
        """Whether this process has read every document (a list of all cases, say), rather than
        only the documents and tables it was asked for."""
        return self._storage.loaded

    @property
    def reads(self) -> dict[str, int]:
        """How much of the snapshot this process has read so far: ``{"index", "docs",
        "tables"}``, counts of index reads, single documents and whole tables (for figures)."""
        return dict(self._storage.reads)

    def group_ids(self) -> list[str]:
        """The id of every stored group, in id order, without reading their documents (a key
        that is no number, left by a hand edit, names no group and is left out)."""
        with self._mutex:
            numbers = sorted(int(key) for key in self._storage.keys(GROUPS) if key.isascii() and key.isdigit())
            return [format_group_id(number) for number in numbers]

    # ------------------------------------------------------------------ credential references
    def credential_docs(self) -> dict[str, Any]:
        """The credential references as stored, by key (decoded by storage.vault)."""
        with self._mutex:
            return dict(self._storage.table(CREDENTIALS))

    def put_credential(self, key: str, doc: dict[str, Any]) -> dict[str, Any] | None:
        """Write the reference ``key`` (one journal line); returns the one it replaced, if any."""
        with self._writing():
            previous = self._storage.get(CREDENTIALS, key)
            self._storage.put(CREDENTIALS, key, dict(doc))
        return previous

    def delete_credential(self, key: str) -> dict[str, Any] | None:
        """Remove the reference ``key``; returns it (None: there was none, nothing written)."""
        with self._writing():
            previous = self._storage.get(CREDENTIALS, key)
            if previous is not None:
                self._storage.delete(CREDENTIALS, key)
        return previous


def journal_options() -> dict[str, Any]:
    """What a Store gives its JournalStorage: the summaries kept in urgency order
    (storage/FORMAT.md says why the order lives in the file)."""
    from cases.urgency import ORDER_NAME, order_key
    from storage.layout import Order

    return {"orders": {SUMMARIES: Order(ORDER_NAME, order_key)}}
