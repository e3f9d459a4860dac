"""The whole store replaced or handed out at once: ``tousu demo --force``, ``tousu import``
and a move to another store (``tousu export --all``, :mod:`storage.store_export`).
Part of :class:`~storage.store.Store` (mixed in).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from cases.ids import format_participant_id
from storage import schedule, summaries
from storage.errors import DuplicateIdError
from storage.tables import ACTIVITY, CASES, CREDENTIALS, GROUPS, PARTICIPANTS, REQUESTS, SUMMARIES

if TYPE_CHECKING:  # pragma: no cover
    from cases.model import Case, Group
    from storage.moved_tables import MovedTables

class StoreMoving:
    """:meth:`replace_all` and :meth:`moved_out` (mixed into ``Store``)."""

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
                state = schedule.for_docs(self.path, moved.schedule, self._personal, self._schedule_file,
                                          moved.practice)
                meta.pop(schedule.META_KEY, None)
                meta.pop(schedule.PRACTICE_KEY, None)
                if moved.practice:
                    meta[schedule.PRACTICE_KEY] = moved.practice
                if state.key[0]:
                    meta[schedule.META_KEY] = state.key[0]
                tables[ACTIVITY] = dict(moved.activity)
                tables[REQUESTS] = dict(moved.requests)
            calendar, practice = state.calendar, state.practice
            tables = {SUMMARIES: {k: summaries.summary_doc(doc, calendar, practice) for k, doc in tables[CASES].items()},
                      **tables}
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
        from storage.moved_tables import COUNTERS, MovedTables

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
                practice=meta.get(schedule.PRACTICE_KEY),
            )
            return items[CASES], items[GROUPS], moved


def _stamped(item: Case | Group, item_id: str, now: str) -> dict[str, Any]:
    doc = item.to_dict()
    doc["id"] = item_id
    doc["created"] = doc.get("created") or now
    doc["updated"] = doc.get("updated") or now
    doc["rev"] = max(int(doc.get("rev") or 0), 1)
    return doc
