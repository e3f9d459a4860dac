"""The store's working-day calendar and its own schedule: part of :class:`~storage.store.Store`.

Deadlines come from the store's calendar (:attr:`StoreScheduling.calendar`,
:mod:`storage.schedule`): the store's own schedule (``tousu schedule add``,
:meth:`StoreScheduling.add_schedule`), else for a personal store the user's schedule file
(``Store.open(..., schedule_file=)``), else the holidays library. The store's practice
rules (:mod:`cases.practice`: the follow-up cadence per channel, the platforms' own
clocks; ``tousu rules``, :meth:`StoreScheduling.set_practice`) come with it: every
deadline the store keeps is computed with both, whoever computes it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cases.ids import case_number
from storage import schedule, summaries
from storage.errors import StoreBusyError
from storage.tables import CASES, META, META_ID, SUMMARIES

if TYPE_CHECKING:  # pragma: no cover
    from cases.practice import PracticeRules
    from cases.workdays import WorkCalendar
    from cases.work_schedule import YearSchedule
    from storage.schedule_reports import PracticeInfo, PracticeSet, ScheduleAdded


class StoreScheduling:
    """The calendar (built again when the store's schedule changes) and ``add_schedule``."""

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
            practice = self._storage.meta.get(schedule.PRACTICE_KEY)
            if (cal is not None and cal.key[0] == checksum and cal.practice_doc == practice
                    and (checksum or not check_file or not cal.personal)):
                return cal
            if self._personal is None:
                self._personal = schedule.is_personal(self.path)
            key = schedule.key_of(self._storage, self._personal, self._schedule_file)
            if cal is None or key != cal.key or cal.practice_doc != practice:
                cal = self._cal = schedule.build(self._storage, self._personal, self._schedule_file)
            return cal

    def calendar_info(self) -> schedule.StoreCalendar:
        """Where the store's calendar comes from (``tousu schedule show``)."""
        return self._calendar_state(check_file=True)

    def deadlines_record(self) -> tuple[str, dict[str, Any] | None]:
        """How the stored deadlines stand for this process: (``"current"`` (computed by it),
        ``"newer"`` (by newer rules or a later format: left alone) or ``"behind"`` (to be
        recomputed by its next write), :func:`storage.summaries.record_state`; the store's
        record of the stamp and format they were computed with)."""
        with self._mutex:
            meta = self._storage.meta
            return summaries.record_state(meta, self._calendar_stamp()), meta.get(summaries.RECORD)

    @property
    def practice(self) -> PracticeRules:
        """The store's practice rules (:mod:`cases.practice`), as of the last refresh."""
        return self._calendar_state().practice

    def practice_info(self) -> PracticeInfo:
        """The store's practice rules, and who set them when (``tousu rules show``)."""
        from storage.schedule_reports import PracticeInfo

        state = self._calendar_state()
        doc = state.practice_doc if isinstance(state.practice_doc, dict) else {}
        return PracticeInfo(state.practice, str(doc.get("set_by") or ""), str(doc.get("set_at") or ""))

    def add_schedule(self, years: dict[int, YearSchedule], added_by: str) -> ScheduleAdded:
        """Put ``years`` of the official schedule into the store's own, for every process
        that uses the store (a year it already has is replaced), with who added them
        and when (from the clock); and recompute every summary with the new calendar
        in the same transaction: one write (:mod:`storage.schedule`)."""
        from cases.workdays import WorkCalendar
        from cases.work_schedule import schedule_checksum, schedule_from_docs
        from storage.schedule_reports import ScheduleAdded

        with self._mutex:
            new = schedule.year_docs(years, added_by, self._now())

            def change(before: schedule.StoreCalendar) -> tuple[schedule.StoreCalendar, Callable[[], None]]:
                docs = dict(sorted({**before.years, **new}.items()))
                calendar = WorkCalendar(years=schedule_from_docs(self.path, docs))

                def extra() -> None:
                    for year, doc in new.items():
                        self._storage.put(schedule.TABLE, year, doc)
                    self._storage.put(META, META_ID, {**self._storage.meta,
                                                      schedule.META_KEY: schedule_checksum(calendar.schedule)})

                return dataclasses.replace(before, calendar=calendar), extra

            before, recomputed, changed = self._recompute_all(change)
            replaced = {int(year): before.years[year] for year in new if year in before.years}
            return ScheduleAdded(sorted(years), replaced, recomputed, changed)

    def set_practice(self, rules: PracticeRules, set_by: str) -> PracticeSet:
        """Make ``rules`` the store's practice rules, for every process that uses the store,
        with who set them and when (from the clock); and recompute every summary with them
        in the same transaction: one write (:mod:`storage.schedule`)."""
        from storage.schedule_reports import PracticeSet

        with self._mutex:
            doc = schedule.practice_doc_of(rules, set_by, self._now())

            def change(before: schedule.StoreCalendar) -> tuple[schedule.StoreCalendar, Callable[[], None]]:
                def extra() -> None:
                    meta = {k: v for k, v in self._storage.meta.items() if k != schedule.PRACTICE_KEY}
                    self._storage.put(META, META_ID, {**meta, **({schedule.PRACTICE_KEY: doc} if doc else {})})

                return dataclasses.replace(before, practice_doc=doc), extra

            _, recomputed, changed = self._recompute_all(change)
            return PracticeSet(recomputed, changed)

    def _recompute_all(self, change: Callable[[schedule.StoreCalendar], tuple[schedule.StoreCalendar, Callable[[], None]]]
                       ) -> tuple[schedule.StoreCalendar, int, list[str]]:
        """Recompute every summary under the rules ``change`` makes of the current ones, and
        write them with what ``change``'s ``extra`` writes, in one transaction (tried again
        when another process changed the rules meanwhile). Returns (the rules before, the
        summaries recomputed, the ids of the cases whose deadline changed)."""
        from cases.summary import deadline_stamp

        for _ in range(5):
            before = self._calendar_state()
            after, extra = change(before)
            practice = schedule.practice_of(after.practice_doc)
            stamp = deadline_stamp(after.calendar, practice)
            table = self._storage.table(SUMMARIES)
            old = {k: _deadline_of(doc) for k, doc in table.items()}
            keys = self._storage.keys(CASES)
            cases = set(keys)
            orphans = [k for k in table if k not in cases]

            def still() -> bool:  # under the lock: nobody changed the schedule or the rules meanwhile
                meta = self._storage.meta
                return meta.get(schedule.META_KEY) == before.key[0] and meta.get(schedule.PRACTICE_KEY) == before.practice_doc

            if summaries.repair(self._storage, keys, orphans, after.calendar, stamp, practice=practice,
                                still=still, extra=extra):
                break
        else:  # pragma: no cover - five changes by others while this one was computed
            raise StoreBusyError(self.path, seconds=0)
        table = self._storage.table(SUMMARIES)
        changed = sorted((doc["id"] for k, doc in table.items() if _deadline_of(doc) != old.get(k)),
                         key=lambda item: case_number(item))
        return before, len(table), changed


def _deadline_of(doc: dict[str, Any]) -> tuple[Any, ...]:
    return (doc.get("deadline"), doc.get("deadline_estimated"))
