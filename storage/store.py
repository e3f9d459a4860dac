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

Why this meets the scale targets (10k demo cases: 38.7 MB snapshot of which
32.3 MB cases and 5.4 MB summaries, 103k timeline entries, a group of 3,000;
2-core development VM; medians from ``bench/storage_figures.py``, see
``bench/README.md``):

- the dashboard's first screen reads :meth:`summary_head`: the summaries are
  stored in dashboard order with their keys in the index, so it takes ~80 of
  them (~20 ms with the index) instead of the whole table;
- lists read :meth:`summaries`, never the case documents: open +
  ``summaries()`` in a fresh process 0.165 s (0.196 s without orjson), the
  process then at 60 MB resident (24 MB of it interpreter and imports),
  instead of ``cases()``: 1.6 s and 204 MB. At 100,000 cases: 1.43 s, 361 MB;
- after an edit (here or, after :meth:`poll`, elsewhere) ``summaries()``
  rebuilds only the summaries the journal says changed: ~0.1 ms;
- :meth:`case`, :meth:`update_case`, :meth:`save_case` read just that case's
  slice (and the journal lines naming it) in a process that has not loaded
  everything: a fresh process opens and reads a case in ~13 ms, and a whole
  ``tousu log`` / ``tousu add`` takes 0.15 / 0.14 s (was 0.65-1.0 s / 0.14 s),
  about 50 ms of it the interpreter and ~45 ms the summary's imports and
  calendar stamp;
- an edit appends one fsynced line (case + summary, ~4 KB): 1.1 ms;
- a compaction splices bytes instead of re-encoding (:mod:`storage.splice`),
  0.14 s, so no process must load everything to compact.

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
summary is a fast path, ~2-4 µs.

``cases()`` keeps the ``Case`` objects it built, keyed by document and
validated by (rev, updated, created): ``Case.from_dict`` costs ~90-150 µs per
demo case (1.5 s for 10k), so after a small change only the changed documents
are rebuilt, and with no change at all the last list is returned (0.1 ms).
The objects it returns are shared: treat them as read-only and change cases
through the methods here. ``case()`` returns a fresh object each time, safe to
edit in a form. :meth:`summaries` works the same way with ``CaseSummary``
objects (immutable).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cases.clock import Clock, to_iso
from cases.ids import case_number, format_case_id, format_group_id, group_number
from cases.model import Case, Event, Group
from cases.roster import format_participant_id
from storage import documents, migrations, schedule, snapshot, summaries
from storage.errors import (
    CaseDeleted,
    CaseNotFound,
    ConflictError,
    DamagedDocumentError,
    DuplicateIdError,
    GroupNotFound,
    InvalidIdError,
    NotDeletedError,
    StoreBusyError,
)
from storage.journal_storage import JournalStorage
from storage.rosters import PARTICIPANTS, RosterStore

if TYPE_CHECKING:  # pragma: no cover
    from cases.summary import CaseSummary
    from cases.workdays import WorkCalendar, YearSchedule

CASES = "cases"
GROUPS = "groups"
SUMMARIES = summaries.SUMMARIES
#: Request key (``tousu add --request-id``) → {"case": case id, "at": when it was added}.
REQUESTS = "requests"
#: Activity log: ``{"at", "by", "action", "case"}`` per delete, undelete and purge, and per change
#: made with a ``by`` (add, log, close, reopen, escalate, assign …), keyed 1, 2, …; roster changes
#: add ``group`` and the participants (storage.rosters), assignments ``to`` and ``from``.
ACTIVITY = "activity"
#: Credential references (cases.credentials): kind, service, user, label, who added it and when,
#: keyed by ``Credential.key``. Never a secret: those are only in the keyring (storage.vault).
CREDENTIALS = "credentials"
META = snapshot.META
META_ID = snapshot.META_ID
#: A deleted case is kept (hidden, restorable with :meth:`Store.restore_case`) at least this
#: many days; :meth:`Store.purge_expired` removes it for good after that, never before.
KEEP_DELETED_DAYS = 30

#: Fields a form may change; the store owns the others.
_STORE_FIELDS = frozenset({"id", "rev", "created", "updated", "deleted_at", "deleted_by"})
MERGE_FIELDS = tuple(f.name for f in dataclasses.fields(Case) if f.name not in _STORE_FIELDS)


#: The ``_meta`` counters of the next ids (cases, groups, activity entries, participants).
COUNTERS = ("next_case", "next_group", "next_activity", "next_participant")


@dataclasses.dataclass(frozen=True)
class MovedTables:
    """What a store moved to another holds besides its cases and groups (:meth:`Store.moved_out`)."""

    schedule: dict[str, dict[str, Any]]  # year -> document, as storage.schedule keeps them
    activity: dict[str, dict[str, Any]]  # number -> {"at", "by", "action", "case", "details"}
    requests: dict[str, dict[str, Any]]  # request key -> {"case", "at"}
    counters: dict[str, int]  # COUNTERS -> the next number
    participants: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)  # number -> document


class Store(RosterStore):
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
        from cases.urgency import ORDER_NAME, order_key
        from storage.layout import Order

        options.setdefault("orders", {SUMMARIES: Order(ORDER_NAME, order_key)})
        storage = JournalStorage(Path(path).expanduser(), **options)
        storage.open()
        store = cls(storage, clock, schedule_file)
        migrations.upgrade(store, clock)  # a store of an earlier schema: backup, then upgrade
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

    @property
    def storage(self) -> JournalStorage:
        return self._storage

    @property
    def calendar(self) -> WorkCalendar:
        """The store's working-day calendar (:mod:`storage.schedule`), as of the last refresh."""
        return self._calendar_state().calendar

    def _calendar_stamp(self) -> str:
        return self._calendar_state().stamp

    def _calendar_state(self, check_file: bool = False) -> schedule.StoreCalendar:
        """The store's calendar, built again when the store's schedule changed (and, with
        ``check_file``, when a personal store's schedule file changed)."""
        with self._mutex:
            cal = self._cal
            checksum = self._storage.meta.get(schedule.META_KEY)
            if cal is not None and cal.key[0] == checksum and (checksum or not check_file or not cal.personal):
                return cal
            if self._personal is None:
                self._personal = schedule.is_personal(self.path)
            key = schedule.key_of(self._storage, self._personal, self._schedule_file)
            if cal is None or key != cal.key:
                cal = self._cal = schedule.build(self._storage, self._personal, self._schedule_file)
            return cal

    def calendar_info(self) -> schedule.StoreCalendar:
        """Where the store's calendar comes from (``tousu schedule show``)."""
        return self._calendar_state(check_file=True)

    def deadlines_record(self) -> tuple[str, dict[str, Any] | None]:
        """How the stored deadlines stand for this process: (``summaries.record_state``,
        the store's record of the stamp and format they were computed with)."""
        with self._mutex:
            meta = self._storage.meta
            return summaries.record_state(meta, self._calendar_stamp()), meta.get(summaries.RECORD)

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

    # ------------------------------------------------------------------ reading
    def cases(self) -> list[Case]:
        """All cases in id order (deleted ones left out), loading every document. Shared
        objects: read-only.

        Lists should use :meth:`summaries` (see the module docstring).
        """
        with self._mutex:
            return self._all(CASES)

    def case(self, case_id: str, *, deleted: bool = False) -> Case:
        """A fresh copy of one case (reads just its document); :class:`CaseNotFound` if none,
        :class:`CaseDeleted` if it is deleted (unless ``deleted``: then it is returned too),
        :class:`DamagedDocumentError` if its stored document is damaged."""
        with self._mutex:
            return self._decoded(CASES, case_id, deleted=deleted)

    def summaries(self, *, deleted: bool = False) -> list[CaseSummary]:
        """The summary of every case, in id order, without reading the case documents;
        deleted cases left out (with ``deleted``: those alone).

        Shared immutable objects; rebuilt only where a summary changed. Stale
        (another calendar, older rules) or missing summaries are shown recomputed
        from their cases, in memory: reading never writes (:mod:`storage.summaries`).
        """
        with self._mutex, summaries.no_gc():
            table, seq, changed, found = self._fresh_summaries()
            if found is None:
                found = self._summaries.build(table, seq, changed)
            return [s for s in found if (s.deleted is not None) is deleted]

    def summary_docs(self, *, deleted: bool = False) -> list[dict[str, Any]]:
        """The summaries as their stored dictionaries (``CaseSummary.to_dict`` form), in
        id order: for one-shot bulk output such as ``tousu list --json``, which
        saves building 10,000 objects (~60 ms). Shared: read-only. Deleted cases are
        left out (with ``deleted``: those alone, for ``tousu list --deleted``)."""
        with self._mutex, summaries.no_gc():
            table = self._fresh_summaries()[0]
            out = []
            for key in sorted(table, key=int):
                doc = table[key]
                if (doc.get("deleted") is not None) is deleted:
                    out.append(doc)
            return out

    def timelines(self) -> dict[str, list[Event]]:
        """The timeline of every case in use, by case id, without building the cases: for
        figures over all of them (``tousu stats``), at about half the cost of :meth:`cases`.

        Each document is checked as :meth:`cases` checks it; damaged ones and deleted
        cases are left out. Fresh lists of fresh events (cleaned like ``Case.from_dict``)."""
        with self._mutex, summaries.no_gc():
            raw = self._storage.read().get(CASES, {})
            out: dict[str, list[Event]] = {}
            for key, doc in raw.items():
                try:
                    documents.check_case(doc)
                except documents.Malformed:
                    continue
                if doc.get("deleted_at"):
                    continue
                out[format_case_id(int(key))] = [Event.from_dict(e) for e in doc.get("timeline") or []]
            return out

    def summary_head(self, count: int) -> tuple[list[dict[str, Any]], list[list[Any]]] | None:
        """The first ``count`` summaries in dashboard order (``cases.urgency.order_key``)
        and every case's order key, in that order, without reading the whole table:
        what the dashboard paints first. The snapshot keeps the summaries in that
        order with their keys in its index (:mod:`storage.layout`), so at 10k cases
        this reads the 1 MB index and ``count`` slices instead of 5.4 MB. None when only the
        whole table can answer: a store written before the order existed (until its
        next compaction), summaries this process cannot use as they are (another
        calendar, older rules or an earlier format: the order may be wrong), or the
        table already in memory (then :meth:`summary_docs` costs nothing).

        A preview: a case without a summary is missing until :meth:`summary_docs`
        computes it."""
        with self._mutex:
            stamp = self._calendar_stamp()
            found = self._storage.head(SUMMARIES, count)
            if found is None:
                return None
            is_usable = summaries.usable(stamp)
            if not all(is_usable(doc) for doc in found[0]):
                return None
            from bisect import bisect_left

            from cases.urgency import DELETED_GROUP

            docs, keys = found  # deleted cases sort last, and are listed nowhere
            if docs and docs[-1].get("deleted") is not None:
                docs = [d for d in docs if d.get("deleted") is None]
            return docs, keys[: bisect_left(keys, [DELETED_GROUP])]

    def _fresh_summaries(self) -> tuple[dict[str, Any], int, set[str] | None, list[CaseSummary] | None]:
        """The summaries as shown (:class:`summaries.Shown`), the storage seq they are
        as of, and the ids changed since the built list (None: any), or the built list
        when it is already current."""
        stamp = self._calendar_stamp()
        for _ in range(3):
            table = self._storage.table(SUMMARIES)
            view = self._shown.update(self._storage, table, stamp, self._summarize_cases)
            seq = self._shown.seq
            if seq == self._storage.seq and self._storage.table(SUMMARIES) is table:
                break  # (else the storage caught up with another process meanwhile: again)
        listed = self._summaries
        found = listed.current(seq, view)
        if found is not None:
            return view, seq, None, found
        since = listed.since(view)
        touched = None if since is None else self._storage.touched_since(since)
        changed = None if touched is None else {k for t, k in touched if t in (SUMMARIES, CASES)}
        return view, seq, changed, None

    def _summarize_cases(self, keys: list[str]) -> dict[str, dict[str, Any] | None]:
        """Summary documents of the cases ``keys`` computed with the store's calendar (None: no case)."""
        calendar = self.calendar
        out: dict[str, dict[str, Any] | None] = {}
        for start in range(0, len(keys), summaries.REPAIR_BATCH):
            for key, doc in self._storage.get_many(CASES, keys[start : start + summaries.REPAIR_BATCH]).items():
                out[key] = None if doc is None else summaries.repaired_doc(key, doc, calendar)
        return out

    def summary(self, case_id: str) -> CaseSummary:
        """One case's summary (without reading the case if it is usable); :class:`CaseNotFound`,
        :class:`CaseDeleted`, :class:`DamagedDocumentError` for a case whose document is damaged."""
        from cases.summary import CaseSummary

        with self._mutex:
            key = str(self._number(CASES, case_id, missing=True))
            stamp = self._calendar_stamp()
            if self._storage.has_table(SUMMARIES):  # in memory: as the list shows it
                doc = self._fresh_summaries()[0].get(key)
            else:
                doc = self._storage.get(SUMMARIES, key)
                if doc is None or not summaries.usable(stamp)(doc):
                    doc = self._summarize_cases([key])[key]
            if doc is None:
                raise CaseNotFound(case_id, self.path)
            damaged = documents.damaged_error(doc, self.path)
            if damaged is not None:
                raise damaged
            if doc.get("deleted") is not None:
                self._decoded(CASES, case_id)  # raises CaseDeleted, saying by whom and when
            hit = self._summaries.built.get(key)
            return hit[1] if hit is not None and hit[0] is doc else CaseSummary.from_dict(doc)

    def groups(self) -> list[Group]:
        """All groups in id order (damaged documents left out, like :meth:`cases`)."""
        with self._mutex:
            return self._all(GROUPS)

    def group(self, group_id: str) -> Group:
        """One group complaint; :class:`GroupNotFound`, :class:`DamagedDocumentError`."""
        with self._mutex:
            return self._decoded(GROUPS, group_id)

    def group_of(self, case: Case) -> Group | None:
        """The group complaint ``case`` belongs to, with its roster's totals; None if it has none,
        it is gone or its document is damaged (the case is still shown)."""
        if not case.group_id:
            return None
        try:
            group = self.group(case.group_id)
            group.totals = self.roster_totals(group)
            return group
        except (GroupNotFound, InvalidIdError, DamagedDocumentError):
            return None

    def is_empty(self) -> bool:
        """No cases and no groups, without reading any document."""
        with self._mutex:
            meta = self._storage.meta
            if meta.get("next_case", 1) == 1 and meta.get("next_group", 1) == 1:
                return True
            return not self._storage.keys(CASES) and not self._storage.keys(GROUPS)

    def _all(self, table: str) -> list[Any]:
        """Every item of ``table``; those whose document is damaged are left out (a list
        reports them from the summaries: :func:`storage.documents.damaged_error`)."""
        data = self._storage.read()
        raw = data.get(table, {})
        # Unchanged since the last call (same seq, same table object): no per-document work.
        key = (self._storage.seq, id(raw), len(raw))
        last = self._lists.get(table)
        if last is not None and last[0] == key:
            return list(last[1])
        epoch = self._storage.meta.get("epoch")
        if epoch != self._cache_epoch:
            self._cache = {CASES: {}, GROUPS: {}}
            self._lists = {}
            self._cache_epoch = epoch
        old = self._cache[table]
        new: dict[str, tuple[tuple[Any, ...], Any]] = {}
        items: list[tuple[int, Any]] = []
        ordered = True
        previous = -1
        for doc_key, doc in raw.items():
            stamp = (doc.get("rev"), doc.get("updated"), doc.get("created")) if isinstance(doc, dict) else None
            hit = old.get(doc_key)
            if hit is None or hit[0] != stamp or stamp is None:
                try:
                    hit = (stamp, self._decode(table, doc_key, doc))
                except DamagedDocumentError:
                    continue
            new[doc_key] = hit
            number = int(doc_key)
            ordered = ordered and number > previous
            previous = number
            if table == CASES and hit[1].deleted_at:
                continue  # deleted: hidden
            items.append((number, hit[1]))
        self._cache[table] = new
        if not ordered:
            items.sort(key=lambda item: item[0])
        result = [obj for _, obj in items]
        self._lists[table] = (key, result)
        return list(result)

    def _doc(self, name: str, item_id: str) -> dict[str, Any]:
        doc = self._storage.get(name, str(self._number(name, item_id, missing=True)))
        if doc is None:
            raise self._not_found(name, item_id)
        return doc

    def _decoded(self, name: str, item_id: str, *, deleted: bool = False) -> Any:
        """The Case or Group ``item_id``; CaseNotFound / GroupNotFound, DamagedDocumentError,
        CaseDeleted for a deleted case unless ``deleted``."""
        doc = self._doc(name, item_id)
        item = self._decode(name, str(self._number(name, item_id, missing=True)), doc)
        if name == CASES and item.deleted_at and not deleted:
            raise self._deleted_error(item)
        return item

    def _deleted_error(self, case: Case) -> CaseDeleted:
        from cases.clock import TZ, parse_instant

        try:
            at = parse_instant(case.deleted_at)
        except ValueError:
            return CaseDeleted(case.id, self.path, by=case.deleted_by, at=case.deleted_at, until="?")
        kept = at.shift(days=KEEP_DELETED_DAYS)
        return CaseDeleted(case.id, self.path, by=case.deleted_by, at=at.to(TZ).format("YYYY-MM-DD HH:mm"),
                           until=kept.to(TZ).format("YYYY-MM-DD HH:mm"))

    def _decode(self, name: str, key: str, doc: Any) -> Any:
        """``Case`` / ``Group`` of the stored document ``key`` (checked: :mod:`storage.documents`)."""
        if name == CASES:
            return documents.decode_case(doc, self._format(name, int(key)), self.path)
        return documents.decode_group(doc, self._format(name, int(key)), self.path)

    def _number(self, name: str, item_id: str, *, missing: bool) -> int:
        try:
            return case_number(item_id) if name == CASES else group_number(item_id)
        except ValueError:
            if missing:
                raise self._not_found(name, item_id) from None
            raise InvalidIdError(item_id, self.path) from None

    def _not_found(self, name: str, item_id: str) -> Exception:
        if name == CASES:
            return CaseNotFound(item_id, self.path)
        return GroupNotFound(item_id, self.path)

    # ------------------------------------------------------------------ writing
    @contextmanager
    def _writing(self, *, whole: bool = False) -> Iterator[None]:
        """Every change: first the recomputation the store's record asks for (once per
        change of the calendar or the rules, :mod:`storage.summaries`), then one
        transaction, which also writes the corrections this process showed in memory.
        ``whole``: the change rewrites every summary itself (no recomputation first).
        A change made of changes (delete = update + activity entry) is one: nested, this
        joins the outer one."""
        with self._mutex:
            if self._in_change:
                yield
                return
            record = False if whole else self._catch_up()
            with self._storage.transaction():
                self._written = set()
                self._in_change = True
                try:
                    yield
                finally:
                    self._in_change = False
                if not whole and self._written:  # (a form that changed nothing writes nothing)
                    self._with_change(record)

    def _catch_up(self) -> bool:
        """Recompute every summary that is not usable if the store's record is BEHIND this
        process's stamp (see :mod:`storage.summaries`); True when nothing needed it but
        the record is to be written with the change. With every document in memory
        anyway (a snapshot another program rewrote: its summaries were dropped, or one
        of schema 1) the summaries are checked whatever the record says, as it costs
        nothing to read them."""
        state = self._calendar_state(check_file=True)
        found = summaries.record_state(self._storage.meta, state.stamp)
        if found == summaries.NEWER or (found == summaries.CURRENT and not self._storage.loaded):
            return False
        table = self._storage.table(SUMMARIES)
        todo, orphans = summaries.problems(table, self._storage.keys(CASES), state.stamp)
        if not (todo or orphans):
            return found == summaries.BEHIND

        def still() -> bool:  # under the lock: nobody did it meanwhile, and still this calendar
            return (summaries.record_state(self._storage.meta, state.stamp) == found
                    and schedule.key_of(self._storage, bool(self._personal), self._schedule_file) == state.key)

        shown = self._shown  # what a dashboard computed for display is not computed again
        known = {k: hit[1] for k, hit in shown.fixed.items()} if shown.stamp == state.stamp else None
        summaries.repair(self._storage, todo, orphans, state.calendar, state.stamp, still=still,
                         known=known, since=shown.seq if known else None)
        return False

    def _with_change(self, record: bool) -> None:
        """Under the lock, with a change: record this process's stamp if :meth:`_catch_up`
        found nothing to recompute, and write the corrections shown in memory (of the
        cases the change did not write) when the record is this process's."""
        stamp = self._calendar_stamp()
        state = summaries.record_state(self._storage.meta, stamp)
        if record and state == summaries.BEHIND:
            self._storage.put(META, META_ID, {**self._storage.meta, summaries.RECORD: summaries.record_of(stamp)})
            state = summaries.CURRENT
        if state != summaries.CURRENT:
            return
        puts, deletes = self._shown.pending(self._storage, stamp)
        written = {key for table, key in self._written if table == CASES}
        for key, doc in puts.items():
            if key not in written:
                self._storage.put(SUMMARIES, key, doc)
        for key in deletes:
            if key not in written and self._storage.get(SUMMARIES, key) is not None:
                self._storage.delete(SUMMARIES, key)

    # ------------------------------------------------------------------ adding
    def add_case(self, case: Case, request_id: str | None = None, *, by: str | None = None) -> Case:
        """Store a new case; returns it with its id (next K-0001… unless ``case.id`` is set),
        created/updated from the clock and rev 1. Does not read the other cases.

        ``request_id`` (a caller's key for this add, checked by
        ``cases.ids.parse_request_id``) makes a retry harmless: the first add records
        key → case id in table ``requests``, in the same transaction (and journal
        line) as the case; an add with a key already recorded stores nothing and
        returns that case as stored now (:class:`CaseNotFound` if it was deleted since).
        ``by`` (a volunteer's name) records the add in the activity log, in the same change.
        """
        with self._writing():
            if request_id is not None:
                done = self._storage.get(REQUESTS, request_id)
                if done is not None:
                    return self._decoded(CASES, done["case"])
            now = self._now()
            doc = self._insert(CASES, case, now)
            if request_id is not None:
                self._storage.put(REQUESTS, request_id, {"case": doc["id"], "at": now})
            if by is not None:
                self._log("add", doc["id"], by, now)
        return Case.from_dict(doc)

    def add_cases(self, cases: Iterable[Case]) -> list[Case]:
        """Store many new cases as one transaction (one journal line, or a new snapshot
        for a large batch). Returns shallow copies with ids and stamps set."""
        out = []
        with self._writing():
            now = self._now()
            for case in cases:
                doc = self._insert(CASES, case, now)
                out.append(dataclasses.replace(case, id=doc["id"], created=now, updated=now, rev=1))
        return out

    def add_group(self, group: Group) -> Group:
        """Store a new group (next G-001… unless ``group.id`` is set)."""
        with self._writing():
            now = self._now()
            doc = self._insert(GROUPS, group, now)
            for person in group.participants:
                self._put_new(doc["id"], person, now, group.updated_by)
        return Group.from_dict(doc)

    def _insert(self, name: str, item: Case | Group, now: str) -> dict[str, Any]:
        counter = "next_case" if name == CASES else "next_group"
        meta = dict(self._storage.meta)
        if item.id:
            number = self._number(name, item.id, missing=False)
            # Ids below the counter may exist: only then is that one document looked up.
            if number < meta.get(counter, 1) and self._storage.get(name, str(number)) is not None:
                raise DuplicateIdError(self._format(name, number), self.path)
        else:
            number = meta.get(counter, 1)
        meta[counter] = max(meta.get(counter, 1), number + 1)
        doc = item.to_dict()
        doc.update(id=self._format(name, number), created=now, updated=now, rev=1)
        self._put(name, str(number), doc)
        self._storage.put(META, META_ID, meta)
        return doc

    def _put(self, name: str, key: str, doc: dict[str, Any]) -> None:
        """Write a document; a case together with its summary (same transaction, same line)."""
        self._written.add((name, key))
        if name == CASES:
            self._storage.put(SUMMARIES, key, summaries.summary_doc(doc, self.calendar))
        self._storage.put(name, key, doc)

    @staticmethod
    def _format(name: str, number: int) -> str:
        return format_case_id(number) if name == CASES else format_group_id(number)

    # ------------------------------------------------------------------ changing
    def update_case(self, case_id: str, change: Callable[[Case], None], *, by: str | None = None,
                    action: str = "update", **details: Any) -> Case:
        """Apply ``change`` to the freshly stored case under the lock; bumps rev, sets updated.

        ``change`` is called exactly once, on the current stored version (not on
        a copy the caller holds); an exception from it writes nothing. Raises
        :class:`CaseNotFound` (:class:`CaseDeleted` for a deleted case). Reads only
        this case's document. ``by`` (a volunteer's name) records the change in the
        activity log as ``action`` (with ``details``), in the same change.
        """
        if by is None:
            return self._update(CASES, case_id, change)
        with self._writing():
            case = self._update(CASES, case_id, change)
            self._log(action, case.id, by, case.updated, **details)
        return case

    def assign_cases(self, case_ids: Iterable[str], to: str, by: str) -> list[Case]:
        """Assign each case to the volunteer ``to`` ("" unassigns), in one change; each
        assignment that changes something is recorded in the activity log (``assign``, with
        ``to`` and the assignee before, ``from``). :class:`CaseNotFound` /
        :class:`CaseDeleted` for any of them, and nothing is written."""
        out: list[Case] = []
        with self._writing():
            for case_id in case_ids:
                before: list[str] = []

                def give(case: Case) -> None:
                    before.append(case.assignee)
                    case.assignee = to

                case = self._decoded(CASES, case_id)
                if case.assignee == to:
                    out.append(case)
                    continue
                case = self._update(CASES, case_id, give)
                self._log("assign", case.id, by, case.updated, to=to, **{"from": before[0]})
                out.append(case)
        return out

    def update_group(self, group_id: str, change: Callable[[Group], None]) -> Group:
        return self._update(GROUPS, group_id, change)

    def _update(self, name: str, item_id: str, change: Callable[[Any], None], *, deleted: bool = False) -> Any:
        """(:class:`DamagedDocumentError`, and nothing written, if the stored document is damaged;
        :class:`CaseDeleted` for a deleted case unless ``deleted``.)"""
        with self._writing():
            doc = self._doc(name, item_id)
            item = self._decode(name, str(self._number(name, item_id, missing=True)), doc)
            if name == CASES and item.deleted_at and not deleted:
                raise self._deleted_error(item)
            change(item)
            item.id = doc["id"]
            item.created = doc.get("created", item.created)
            item.rev = int(doc.get("rev", 0)) + 1
            item.updated = self._now()
            self._put(name, str(self._number(name, item.id, missing=True)), item.to_dict())
        return item

    def save_case(self, edited: Case, base: Case, *, by: str | None = None) -> Case:
        """Save a form: apply the fields where ``edited`` differs from ``base`` onto the stored case.

        A field that someone else also changed since ``base`` (stored value
        differs from ``base`` and from ``edited``) raises :class:`ConflictError`
        listing them, and nothing is written. Fields only others changed are
        kept. Returns the stored result (unchanged and unwritten if the form
        changed nothing). ``by`` records the save in the activity log (``edit``, with the
        fields changed; an assignment changed by the form also as ``assign``).
        """
        with self._writing():
            doc = self._doc(CASES, base.id or edited.id)
            stored = self._decode(CASES, str(self._number(CASES, base.id or edited.id, missing=True)), doc)
            if stored.deleted_at:
                raise self._deleted_error(stored)
            current = stored.to_dict()
            mine, theirs_base = edited.to_dict(), base.to_dict()
            changed = [f for f in MERGE_FIELDS if mine[f] != theirs_base[f]]
            if not changed:
                return Case.from_dict(current)
            conflicts = [f for f in changed if current[f] != theirs_base[f] and current[f] != mine[f]]
            if conflicts:
                raise ConflictError(current["id"], conflicts, self.path)
            merged = dict(current)
            for f in changed:
                merged[f] = mine[f]
            merged["rev"] = int(current.get("rev", 0)) + 1
            merged["updated"] = self._now()
            self._put(CASES, str(case_number(merged["id"])), merged)
            if by is not None:
                self._log("edit", merged["id"], by, merged["updated"], fields=changed)
                if "assignee" in changed:
                    self._log("assign", merged["id"], by, merged["updated"], to=mine["assignee"],
                              **{"from": current["assignee"]})
        return Case.from_dict(merged)

    def delete_case(self, case_id: str, by: str) -> Case:
        """Delete a case: hide it from every list and reader, keeping it restorable
        (:meth:`restore_case`) for at least :data:`KEEP_DELETED_DAYS` days. Records who
        (``by``, a user name) and when (the clock) on the case and in the activity log,
        in one change. Returns the case as stored. :class:`CaseNotFound`;
        :class:`CaseDeleted` if it is deleted already."""
        now = self._now()

        def hide(case: Case) -> None:
            case.deleted_at, case.deleted_by = now, by

        with self._writing():
            case = self._update(CASES, case_id, hide)
            self._log("delete", case.id, by, now)
        return case

    def restore_case(self, case_id: str, by: str) -> Case:
        """Undo :meth:`delete_case` (recorded in the activity log); :class:`CaseNotFound` if
        there is no such case (or it was purged), :class:`NotDeletedError` if it is not deleted."""
        now = self._now()

        def show(case: Case) -> None:
            if not case.deleted_at:
                raise NotDeletedError(case.id, self.path)
            case.deleted_at = case.deleted_by = ""

        with self._writing():
            case = self._update(CASES, case_id, show, deleted=True)
            self._log("undelete", case.id, by, now)
        return case

    def purge_case(self, case_id: str, by: str) -> None:
        """Remove a case and its summary for good, whether deleted or not (its id is not
        reused), recording it in the activity log. :class:`CaseNotFound`. ``tousu purge``
        removes only cases deleted long enough ago (:meth:`purge_expired`)."""
        with self._writing():
            self._delete(CASES, case_id)
            self._log("purge", format_case_id(self._number(CASES, case_id, missing=True)), by, self._now())

    def purge_expired(self, by: str) -> list[str]:
        """Purge every case deleted at least :data:`KEEP_DELETED_DAYS` days ago (by the
        clock), in one change; the ids purged, in id order. A case restored meanwhile by
        another process is kept."""
        from cases.clock import parse_instant

        cutoff = self._clock.now().shift(days=-KEEP_DELETED_DAYS)

        def expired(at: str | None) -> bool:
            try:
                return bool(at) and parse_instant(at) <= cutoff  # type: ignore[arg-type]
            except ValueError:
                return False

        candidates = [d["id"] for d in self.summary_docs(deleted=True) if expired(d.get("deleted"))]
        purged: list[str] = []
        if not candidates:
            return purged
        with self._writing():
            now = self._now()
            for case_id in candidates:
                doc = self._storage.get(CASES, str(case_number(case_id)))
                if isinstance(doc, dict) and expired(doc.get("deleted_at")):
                    self._delete(CASES, case_id)
                    self._log("purge", case_id, by, now)
                    purged.append(case_id)
        return purged

    def activity(self) -> list[dict[str, Any]]:
        """The activity log, oldest first: ``{"at", "by", "action", "case"}`` for every
        delete, undelete and purge, every change made with a ``by`` (add, log, close, reopen,
        escalate, assign, edit) and every roster change (text as stored by tousu; shown
        cleaned by callers)."""
        with self._mutex:
            table = self._storage.table(ACTIVITY)
            return [table[k] for k in sorted(table, key=lambda k: int(k) if k.isdigit() else 0)]

    def _log(self, action: str, case_id: str, by: str, at: str, **details: Any) -> None:
        """One activity entry, in the current transaction (``details``: the group, the participants …)."""
        meta = dict(self._storage.meta)
        number = int(meta.get("next_activity", 1))
        meta["next_activity"] = number + 1
        self._storage.put(ACTIVITY, str(number), {"at": at, "by": by, "action": action, "case": case_id, **details})
        self._storage.put(META, META_ID, meta)

    def delete_group(self, group_id: str) -> None:
        """Remove a group and its roster (its participants' documents), in one change."""
        with self._writing():
            gid = format_group_id(self._number(GROUPS, group_id, missing=True))
            self._delete(GROUPS, group_id)
            for key, doc in list(self._storage.table(PARTICIPANTS).items()):
                if isinstance(doc, dict) and doc.get("group") == gid:
                    self._storage.delete(PARTICIPANTS, key)

    def _delete(self, name: str, item_id: str) -> None:
        with self._writing():
            key = str(self._number(name, item_id, missing=True))
            if self._storage.get(name, key) is None:
                raise self._not_found(name, item_id)
            self._storage.delete(name, key)
            self._written.add((name, key))
            if name == CASES:
                self._storage.delete(SUMMARIES, key)

    def replace_all(self, cases: Iterable[Case], groups: Iterable[Group], *,
                    moved: MovedTables | None = None) -> None:
        """Replace everything atomically (``tousu demo --force``, ``tousu import``): one new snapshot.

        Items keep their ids (missing ones are numbered after the highest),
        created/updated are set from the clock where empty, rev at least 1.
        Without ``moved`` the store's schedule stays and its activity log and request keys
        go; with it (a store moved here, :mod:`storage.store_export`) the schedule, the
        activity log and the request keys are those, and the id counters at least its.
        Raises :class:`DuplicateIdError` on a repeated id, writing nothing.
        """
        with self._writing(whole=True):
            now = self._now()
            meta = dict(self._storage.meta)
            if moved is not None:
                for counter, value in moved.counters.items():
                    meta[counter] = max(int(meta.get(counter, 1)), value)
            meta["epoch"] = int(meta.get("epoch", 0)) + 1
            tables: dict[str, dict[str, Any]] = {}
            groups = list(groups)
            given: dict[int, str] = {}  # id(item) → its id in the store
            for name, items, counter in ((CASES, cases, "next_case"), (GROUPS, groups, "next_group")):
                table: dict[str, Any] = {}
                unnumbered = []
                for item in items:
                    if not item.id:
                        unnumbered.append(item)
                        continue
                    number = self._number(name, item.id, missing=False)
                    if str(number) in table:
                        raise DuplicateIdError(self._format(name, number), self.path)
                    table[str(number)] = _stamped(item, self._format(name, number), now)
                    given[id(item)] = self._format(name, number)
                top = max((int(k) for k in table), default=0)
                for item in unnumbered:
                    top += 1
                    table[str(top)] = _stamped(item, self._format(name, top), now)
                    given[id(item)] = self._format(name, top)
                if unnumbered:  # keep documents in id order
                    table = {k: table[k] for k in sorted(table, key=int)}
                tables[name] = table
                meta[counter] = max(top + 1, int(meta.get(counter, 1))) if moved is not None else top + 1
            if moved is None:
                people: dict[str, Any] = {}  # the groups' carried rosters, one document each
                for group in groups:
                    for person in group.participants:
                        number = len(people) + 1
                        doc = person.to_dict()
                        doc.update(id=format_participant_id(number), group=given[id(group)],
                                   created=doc["created"] or now, updated=doc["updated"] or now,
                                   rev=max(doc["rev"], 1))
                        people[str(number)] = doc
                tables[PARTICIPANTS] = people
                meta["next_participant"] = len(people) + 1
                state = self._calendar_state()
            else:
                tables[PARTICIPANTS] = dict(moved.participants)
                if self._personal is None:
                    self._personal = schedule.is_personal(self.path)
                state = schedule.for_docs(self.path, moved.schedule, self._personal, self._schedule_file)
                meta.pop(schedule.META_KEY, None)
                if state.key[0]:
                    meta[schedule.META_KEY] = state.key[0]
                tables[ACTIVITY] = dict(moved.activity)
                tables[REQUESTS] = dict(moved.requests)
            calendar = state.calendar
            tables = {SUMMARIES: {k: summaries.summary_doc(doc, calendar) for k, doc in tables[CASES].items()}, **tables}
            if state.years:  # the store's schedule stays (or the moved store's comes)
                tables[schedule.TABLE] = dict(state.years)
            credentials = self._storage.table(CREDENTIALS)
            if credentials:  # and so do the credential references
                tables[CREDENTIALS] = dict(credentials)
            meta[summaries.RECORD] = summaries.record_of(state.stamp)
            self._storage.replace_all(tables, meta)

    def moved_out(self) -> tuple[list[Case], list[Group], MovedTables]:
        """Everything the store holds, for a move to another store (``tousu export --all``):
        every case, deleted ones included, and every group, checked (the first damaged
        document raises :class:`DamagedDocumentError`, so nothing is left out silently),
        with the store's schedule, activity log, request keys and id counters."""
        with self._mutex:
            data = self._storage.read()
            items: dict[str, list[Any]] = {}
            for name in (CASES, GROUPS):
                raw = data.get(name, {})
                items[name] = [self._decode(name, key, raw[key]) for key in sorted(raw, key=int)]
            meta = self._storage.meta
            moved = MovedTables(
                schedule=dict(self._storage.table(schedule.TABLE)),
                activity=dict(self._storage.table(ACTIVITY)),
                requests=dict(self._storage.table(REQUESTS)),
                counters={k: int(meta.get(k, 1)) for k in COUNTERS},
                participants=dict(self._storage.table(PARTICIPANTS)),
            )
            return items[CASES], items[GROUPS], moved


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

    # ------------------------------------------------------------------ the schedule
    def add_schedule(self, years: dict[int, YearSchedule], added_by: str) -> schedule.ScheduleAdded:
        """Put ``years`` of the official schedule into the store's own, for every process
        that uses the store (a year it already has is replaced), with who added them
        and when (from the clock); and recompute every summary with the new calendar
        in the same transaction: one write (:mod:`storage.schedule`)."""
        from cases.summary import deadline_stamp
        from cases.workdays import WorkCalendar, schedule_checksum, schedule_from_docs

        with self._mutex:
            at = self._now()
            new = schedule.year_docs(years, added_by, at)
            for _ in range(5):
                before = self._calendar_state()
                base = dict(before.years)
                docs = dict(sorted({**base, **new}.items()))
                calendar = WorkCalendar(years=schedule_from_docs(self.path, docs))
                stamp = deadline_stamp(calendar)
                table = self._storage.table(SUMMARIES)
                old = {k: _deadline_of(doc) for k, doc in table.items()}
                keys = self._storage.keys(CASES)
                cases = set(keys)
                orphans = [k for k in table if k not in cases]

                def still() -> bool:  # under the lock: nobody changed the schedule meanwhile
                    return self._storage.meta.get(schedule.META_KEY) == before.key[0]

                def extra() -> None:
                    for year, doc in new.items():
                        self._storage.put(schedule.TABLE, year, doc)
                    self._storage.put(META, META_ID, {**self._storage.meta,
                                                      schedule.META_KEY: schedule_checksum(calendar.schedule)})

                if summaries.repair(self._storage, keys, orphans, calendar, stamp, still=still, extra=extra):
                    break
            else:  # pragma: no cover - five schedules added by others while this one was computed
                raise StoreBusyError(self.path, seconds=0)
            table = self._storage.table(SUMMARIES)
            changed = sorted((doc["id"] for k, doc in table.items() if _deadline_of(doc) != old.get(k)),
                             key=lambda item: case_number(item))
            replaced = {int(year): base[year] for year in new if year in base}
            return schedule.ScheduleAdded(sorted(years), replaced, len(table), changed)


def _stamped(item: Case | Group, item_id: str, now: str) -> dict[str, Any]:
    doc = item.to_dict()
    doc["id"] = item_id
    doc["created"] = doc.get("created") or now
    doc["updated"] = doc.get("updated") or now
    doc["rev"] = max(int(doc.get("rev") or 0), 1)
    return doc


def _deadline_of(doc: dict[str, Any]) -> tuple[Any, ...]:
    return (doc.get("deadline"), doc.get("deadline_estimated"))
