"""One calendar per store: where the working days of a store's deadlines come from.

Every deadline a store keeps (its summaries, :mod:`storage.summaries`) is
computed with one calendar, the store's, whichever volunteer's process computes
it; otherwise two processes with different calendars would each take the
other's deadlines for stale. The calendar of a store is:

1. the store's own schedule, when it has one: table ``schedule``, one document
   per year, ``{"holidays": [...], "workdays": [...], "added_by": "alice",
   "added_at": ISO}`` (the schedule file format of ``cases.workdays`` plus who
   added the year and when), written by ``tousu schedule add FILE``
   (:meth:`storage.store.Store.add_schedule`). ``_meta["schedule"]`` holds its
   checksum, so a process knows without reading the table whether the store has
   a schedule and sees at its next poll that it changed;
2. else, for a **personal** store only, the user's own schedule file
   (``~/.config/tousu/schedule.json``, ``storage.paths.schedule_file_path``);
3. else the holidays library alone (years it does not know are estimates).

A store is personal when its file is owned by the user running tousu and
neither its group nor others may read or write it (mode 0600, as tousu creates
it): nobody else can use it, so nobody else's calendar can disagree. Any other
store is shared (volunteers on one server, each under their own Unix account,
reach it through its group) and ignores personal schedule files, which
``tousu schedule show`` says. A store with a schedule of its own ignores them
too, personal or not: ``tousu schedule add ~/.config/tousu/schedule.json``
moves a personal file into the store.

The store's practice rules (``cases.practice``: the follow-up cadence per channel and
the platforms' own clocks, ``tousu rules``) are the store's too, never a volunteer's:
``_meta["practice"]`` (:data:`PRACTICE_KEY`) holds them whole, :class:`StoreCalendar`
carries them beside the calendar, and the deadline stamp names both.

The mode is read when the calendar is first needed; a store made shared (or
personal) with ``chmod`` is seen as such by processes started afterwards. A
personal file is read again when it changed, before every write (so a
long-running dashboard never writes deadlines of a file the user has since
edited).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from cases.practice import PracticeRules
    from cases.workdays import WorkCalendar
    from cases.work_schedule import YearSchedule
    from storage.journal_storage import JournalStorage

#: The table of the store's schedule: one document per year, keyed by the year.
TABLE = "schedule"
#: The ``_meta`` field with the checksum of the store's schedule (absent: none).
META_KEY = "schedule"
#: The ``_meta`` field with the store's practice rules (``cases.practice``: follow-up cadence,
#: the platforms' own clocks) and who set them when: ``{"follow_up": {…}, "promise": {…},
#: "set_by": "alice", "set_at": ISO}`` (absent: none). Small, so kept whole in the head: a
#: process sees a change at its next poll without reading a table.
PRACTICE_KEY = "practice"

STORE, FILE, LIBRARY = "store", "file", "library"


def is_personal(path: Path) -> bool:
    """Owned by this user, and no access for group or others (see the module docstring).

    A store that does not exist yet is personal (tousu creates it 0600)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return True
    return st.st_uid == os.geteuid() and not st.st_mode & 0o066


def fingerprint(path: Path | None) -> tuple[int, int, int] | None:
    """What identifies one version of a schedule file (None: no file)."""
    if path is None:
        return None
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


@dataclass(frozen=True)
class StoreCalendar:
    """The calendar of a store as one process sees it, and what it was built from."""

    calendar: WorkCalendar
    stamp: str  # cases.summary.deadline_stamp(calendar)
    source: str  # STORE, FILE or LIBRARY
    personal: bool
    key: tuple[Any, ...]  # (store schedule checksum, personal file fingerprint)
    years: dict[str, dict[str, Any]] = field(default_factory=dict)  # the store's schedule documents
    practice_doc: dict[str, Any] | None = None  # _meta[PRACTICE_KEY] the practice rules were read from

    @cached_property
    def practice(self) -> PracticeRules:
        """The store's practice rules (:mod:`cases.practice`), read from :attr:`practice_doc`."""
        return practice_of(self.practice_doc)


def __getattr__(name: str) -> Any:
    """``ScheduleAdded``, ``PracticeSet``, ``PracticeInfo``: what the calendar commands report
    (:mod:`storage.schedule_reports`, imported when first asked)."""
    if name in ("ScheduleAdded", "PracticeSet", "PracticeInfo"):
        from storage import schedule_reports

        return getattr(schedule_reports, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def key_of(storage: JournalStorage, personal: bool, schedule_file: Path | None) -> tuple[Any, ...]:
    """What the calendar depends on: the store's schedule, else a personal store's file."""
    checksum = storage.meta.get(META_KEY)
    if checksum or not personal:
        return (checksum, None)
    return (None, fingerprint(schedule_file))


def practice_of(doc: Any) -> PracticeRules:
    """The practice rules of a ``_meta[PRACTICE_KEY]`` value (None: none)."""
    from cases.practice import NO_RULES, PracticeRules

    return PracticeRules.from_doc(doc) if isinstance(doc, dict) else NO_RULES


def practice_doc_of(rules: PracticeRules, set_by: str, set_at: str) -> dict[str, Any] | None:
    """The ``_meta[PRACTICE_KEY]`` value of ``rules`` (None when there are none)."""
    return {**rules.to_doc(), "set_by": set_by, "set_at": set_at} if rules else None


def build(storage: JournalStorage, personal: bool, schedule_file: Path | None) -> StoreCalendar:
    """The calendar of the store at ``storage`` (see the module docstring)."""
    key = key_of(storage, personal, schedule_file)
    docs: dict[str, dict[str, Any]] = {}
    if key[0]:
        docs = dict(storage.table(TABLE))
    return _built(storage.path, key, docs, personal, schedule_file, storage.meta.get(PRACTICE_KEY))


def for_docs(path: Path, docs: dict[str, dict[str, Any]], personal: bool, schedule_file: Path | None,
             practice_doc: dict[str, Any] | None = None) -> StoreCalendar:
    """The calendar a store at ``path`` would have with ``docs`` as its schedule (none: empty),
    for a write that replaces the schedule with everything else (``Store.replace_all``).
    Raises ``cases.workdays.ScheduleError`` if the documents are not a valid schedule."""
    from dataclasses import replace

    from cases.work_schedule import schedule_checksum

    if docs:
        state = _built(path, (None, None), docs, personal, schedule_file, practice_doc)
        return replace(state, key=(schedule_checksum(state.calendar.schedule), None))
    return _built(path, (None, fingerprint(schedule_file) if personal else None), docs, personal, schedule_file,
                  practice_doc)


def _built(path: Path, key: tuple[Any, ...], docs: dict[str, dict[str, Any]], personal: bool,
           schedule_file: Path | None, practice_doc: dict[str, Any] | None) -> StoreCalendar:
    from cases.summary import deadline_stamp
    from cases.workdays import WorkCalendar, default_calendar
    from cases.work_schedule import schedule_from_docs

    if docs:
        calendar, source = WorkCalendar(years=schedule_from_docs(path, docs)), STORE
    elif key[1] is not None:
        calendar, source = WorkCalendar(schedule_file), FILE
    else:
        calendar, source = default_calendar(), LIBRARY
    # A store without practice rules needs no cases.practice to name its deadlines' stamp.
    practice = practice_of(practice_doc) if isinstance(practice_doc, dict) else None
    return StoreCalendar(calendar, deadline_stamp(calendar, practice), source, personal, key, docs, practice_doc)


def year_docs(years: dict[int, YearSchedule], added_by: str, added_at: str) -> dict[str, dict[str, Any]]:
    """The documents of ``years`` as the store keeps them."""
    return {str(year): {**schedule.to_doc(), "added_by": added_by, "added_at": added_at}
            for year, schedule in sorted(years.items())}
