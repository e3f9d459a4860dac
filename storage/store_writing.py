"""Writing cases and groups: the transactions of :class:`~storage.store.Store` (mixed in).

Every change runs as one storage transaction (:meth:`StoreWriting._writing`): lock, refresh
from disk, apply to the *fresh* stored document, append one journal line (a case and its
summary together), unlock. A form that edited an old copy is saved with a field-level
three-way merge (:meth:`StoreWriting.save_case`) that refuses only when both sides changed
the same field. Before the first change of a process whose deadlines differ from the
store's record, the summaries are recomputed once (:mod:`storage.summaries`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

from cases.ids import case_number
from storage import schedule, summaries
from storage.errors import ConflictError, DuplicateIdError
from storage.tables import CASES, GROUPS, META, META_ID, REQUESTS, SUMMARIES

if TYPE_CHECKING:  # pragma: no cover
    from cases.model import Case, Group

#: Fields the store owns; a form may change the others (:func:`merge_fields`).
_STORE_FIELDS = frozenset({"id", "rev", "created", "updated", "deleted_at", "deleted_by"})


@cache
def merge_fields() -> tuple[str, ...]:
    """The fields of a case a form may change (``MERGE_FIELDS``), in their order. Found when
    first asked: the case's dataclass (cases.model) is not imported by opening a store."""
    from cases.model import Case

    return tuple(f.name for f in dataclasses.fields(Case) if f.name not in _STORE_FIELDS)


def __getattr__(name: str) -> Any:
    if name == "MERGE_FIELDS":
        return merge_fields()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class StoreWriting:
    """Every change to cases and groups (the activity log: :mod:`storage.store_deleting`)."""

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

    def catch_up(self) -> bool:
        """Store the deadlines this process computes when the store's were computed with
        other rules or another calendar (its record BEHIND, :mod:`storage.summaries`), as
        the next change would first: readers then stop recomputing them. True when it wrote;
        nothing on a store this user may not write, or one already current."""
        with self._mutex:
            if not self.writable or self.deadlines_record()[0] != summaries.BEHIND:
                return False
            if self._catch_up():  # every summary usable: only the record to write
                with self._storage.transaction():
                    self._with_change(True)
            return True

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
        summaries.repair(self._storage, todo, orphans, state.calendar, state.stamp, practice=state.practice, still=still,
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
        from cases.model import Case

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
        from cases.model import Group

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
            self._storage.put(SUMMARIES, key, summaries.summary_doc(doc, self.calendar, self.practice))
        self._storage.put(name, key, doc)

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
        from cases.model import Case

        with self._writing():
            doc = self._doc(CASES, base.id or edited.id)
            stored = self._decode(CASES, str(self._number(CASES, base.id or edited.id, missing=True)), doc)
            if stored.deleted_at:
                raise self._deleted_error(stored)
            current = stored.to_dict()
            mine, theirs_base = edited.to_dict(), base.to_dict()
            changed = [f for f in merge_fields() if mine[f] != theirs_base[f]]
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
