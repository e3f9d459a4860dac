"""The mainland China working-day calendar (DOMAIN.md "Working days").

Working days come from the ``holidays`` package's China calendar, asked with
``is_working_day(d)`` (``d in calendar`` is False for a Golden Week Sunday that
is still a day off), completed by an official schedule for years the library
does not know yet (it is announced each November for the next year). That
schedule is given as years (a store keeps its own, see ``storage.schedule``) or
as a schedule file (:mod:`cases.work_schedule`: its format and checks); the schedule
wins over the library.

For years beyond its published data the library silently guesses (statutory
days only, no working weekends); results touching such a year are flagged
``estimated``. Each year is turned once into a table of flags and prefix sums,
so lookups and counts are cheap for thousands of cases.

"""

from __future__ import annotations

import os
import pathlib
from bisect import bisect_left
from collections.abc import Mapping
from datetime import date, timedelta
from functools import cache
from itertools import accumulate
from typing import NamedTuple

from cases.work_schedule import YearSchedule, load_schedule_file, schedule_checksum


class WorkdayResult(NamedTuple):
    """A date some working days on, and whether a year without its schedule was guessed."""

    due: date
    estimated: bool  # True if a year involved has no published schedule


# -- the library's schedule, one year at a time ------------------------------
# Building the first holidays.China instance costs ~80 ms and importing the
# package ~45 ms: too much for a dashboard that must paint in ~0.4 s. So the
# library is imported only when a year's working-day flags are first needed,
# and those flags can be saved to and seeded from a small cache (see
# export_library_cache / load_library_cache; storage keeps the file).
_LIBRARY: dict[int, bytes] = {}  # year -> one flag per day, 1 = working day
_library_dirty = False
_last_year: int | None = None


@cache
def library_version() -> str:
    """The installed holidays version, without importing holidays or importlib.metadata.

    Both cost 25-45 ms, a fifth of a command's budget. The version is read from
    the name of the package's ``holidays-<version>.dist-info`` folder beside it
    (~1 ms); anything unusual falls back to importlib.metadata.
    """
    from importlib.util import find_spec

    spec = find_spec("holidays")
    if spec is not None and spec.origin:
        site = pathlib.Path(spec.origin).parent.parent
        try:
            found = [e.name for e in os.scandir(site)
                     if e.name.startswith("holidays-") and e.name.endswith(".dist-info")]
        except OSError:
            found = []
        if len(found) == 1:
            return found[0][len("holidays-"):-len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:  # pragma: no cover - holidays is a dependency
        return "unknown"


def library_last_year() -> int:
    """The last year whose official schedule (调休 included) the library publishes."""
    global _last_year
    if _last_year is None:
        from holidays.countries.china import ChinaStaticHolidays

        _last_year = max(ChinaStaticHolidays.special_public_holidays)
    return _last_year


def _library_flags(year: int) -> bytes:
    global _library_dirty
    flags = _LIBRARY.get(year)
    if flags is None:
        import holidays

        china = holidays.China(years=year)
        first = date(year, 1, 1)
        days = (date(year + 1, 1, 1) - first).days
        flags = _LIBRARY[year] = bytes(1 if china.is_working_day(first + timedelta(i)) else 0 for i in range(days))
        _library_dirty = True
    return flags


def export_library_cache() -> dict | None:
    """The library's flags computed so far, or None if nothing new since the last load/export."""
    global _library_dirty
    if not _library_dirty:
        return None
    _library_dirty = False
    return {
        "holidays": library_version(),
        "last_year": library_last_year(),
        "years": {str(y): "".join("1" if f else "0" for f in flags) for y, flags in sorted(_LIBRARY.items())},
    }


def load_library_cache(data: object) -> bool:
    """Seed the library's flags from ``export_library_cache`` output.

    Ignored (returns False) unless it was made by the installed holidays version
    and every year is well formed, so a stale or damaged cache costs only time.
    """
    global _last_year
    if not isinstance(data, dict) or data.get("holidays") != library_version():
        return False
    years = data.get("years")
    last = data.get("last_year")
    if not isinstance(years, dict) or not isinstance(last, int):
        return False
    loaded: dict[int, bytes] = {}
    for key, text in years.items():
        try:
            year = int(key)
        except ValueError:
            return False
        days = (date(year + 1, 1, 1) - date(year, 1, 1)).days
        if not isinstance(text, str) or len(text) != days or set(text) - {"0", "1"}:
            return False
        loaded[year] = bytes(1 if ch == "1" else 0 for ch in text)
    for year, flags in loaded.items():
        _LIBRARY.setdefault(year, flags)
    if _last_year is None:
        _last_year = last
    return True


class WorkCalendar:
    """Working days of mainland China, optionally completed by an official schedule:
    ``years`` (a store's) or a schedule file (``schedule_file``), not both."""

    def __init__(self, schedule_file: pathlib.Path | None = None, *,
                 years: Mapping[int, YearSchedule] | None = None) -> None:
        if schedule_file is not None and years is not None:
            raise ValueError("a calendar takes years or a schedule file, not both")
        self.schedule_file = schedule_file
        self._user: dict[int, YearSchedule] = (
            load_schedule_file(pathlib.Path(schedule_file)) if schedule_file is not None else dict(years or {})
        )
        self._stamp: str | None = None
        # year -> (first day, working flags per day, prefix sums: prefix[i] = working days before day i)
        self._tables: dict[int, tuple[date, bytes, list[int]]] = {}
        self._add_cache: dict[tuple[date, int], WorkdayResult] = {}

    # -- published data ------------------------------------------------------
    @property
    def stamp(self) -> str:
        """Changes whenever the calendar could answer differently: the library's
        version and reach, and the schedule's content. Part of the stamp of
        precomputed deadlines (``cases.summary.deadline_stamp``)."""
        if self._stamp is None:
            self._stamp = f"{library_version()}/{schedule_checksum(self._user)}"
        return self._stamp

    @property
    def user_years(self) -> frozenset[int]:
        """Years defined by the schedule (the store's or the file's)."""
        return frozenset(self._user)

    @property
    def schedule(self) -> dict[int, YearSchedule]:
        """The schedule's years (a copy)."""
        return dict(self._user)

    def is_published(self, year: int) -> bool:
        """True if the official schedule of ``year`` is known (library or schedule)."""
        return year in self._user or year <= library_last_year()

    # -- lookups ------------------------------------------------------------
    def _table(self, year: int) -> tuple[date, bytes, list[int]]:
        table = self._tables.get(year)
        if table is None:
            first = date(year, 1, 1)
            days = (date(year + 1, 1, 1) - first).days
            user = self._user.get(year)
            if user is not None:
                flags = bytes(1 if user.is_working_day(first + timedelta(i)) else 0 for i in range(days))
            else:
                flags = _library_flags(year)
            prefix = [0, *accumulate(flags)]
            table = self._tables[year] = (first, flags, prefix)
        return table

    def is_working_day(self, d: date) -> bool:
        first, flags, _ = self._table(d.year)
        return bool(flags[(d - first).days])

    def _count_through(self, d: date) -> int:
        """Working days from 1 January of ``d``'s year through ``d``."""
        first, _, prefix = self._table(d.year)
        return prefix[(d - first).days + 1]

    def working_days_in(self, a: date, b: date) -> int:
        """The number of working days d with a <= d <= b (0 if b < a)."""
        if b < a:
            return 0
        total = 0
        for year in range(a.year, b.year + 1):
            lo = a if year == a.year else date(year, 1, 1)
            hi = b if year == b.year else date(year, 12, 31)
            first, _, prefix = self._table(year)
            total += prefix[(hi - first).days + 1] - prefix[(lo - first).days]
        return total

    def add_working_days(self, start: date, n: int) -> WorkdayResult:
        """The ``n``-th working day after ``start`` (periods start the day after receipt).

        ``n == 0`` gives ``start`` itself. ``estimated`` is True iff a year from
        ``start + 1 day`` through the due date has no published schedule.
        """
        if n < 0:
            raise ValueError(f"n must be >= 0, not {n}")
        key = (start, n)
        result = self._add_cache.get(key)
        if result is None:
            result = self._add_cache[key] = self._add(start, n)
        return result

    def _add(self, start: date, n: int) -> WorkdayResult:
        if n == 0:
            return WorkdayResult(start, False)
        target = n
        year = start.year
        first, _, prefix = self._table(year)
        offset = (start - first).days + 1  # index of start + 1 day in this year's table
        while True:
            # prefix[i] counts working days before index i; find the index where the count reaches target.
            base = prefix[offset] if offset < len(prefix) else prefix[-1]
            if prefix[-1] - base >= target:
                i = bisect_left(prefix, base + target, offset + 1) - 1
                due = first + timedelta(i)
                break
            target -= prefix[-1] - base
            year += 1
            first, _, prefix = self._table(year)
            offset = 0
        begin = (start + timedelta(1)).year
        estimated = any(not self.is_published(y) for y in range(begin, due.year + 1))
        return WorkdayResult(due, estimated)


@cache
def default_calendar() -> WorkCalendar:
    """The shared calendar without a schedule (the library alone)."""
    return WorkCalendar()


