"""The mainland China working-day calendar (DOMAIN.md "Working days").

Working days come from the ``holidays`` package's China calendar, asked with
``is_working_day(d)`` (``d in calendar`` is False for a Golden Week Sunday that
is still a day off), completed by an official schedule for years the library
does not know yet (it is announced each November for the next year). That
schedule is given as years (a store keeps its own, see ``storage.schedule``) or
as a schedule file, in this format (``tousu schedule add FILE`` reads it too)::

    {"years": {"2027": {"holidays": ["2027-01-01", ...],
                        "workdays": ["2027-02-07", ...]}}}

For a year in the schedule, a date is a working day iff it is Monday–Friday and
not in ``holidays``, or it is in ``workdays``; the schedule wins over the library.
Keys starting with ``_`` are comments and ignored.

For years beyond its published data the library silently guesses (statutory
days only, no working weekends); results touching such a year are flagged
``estimated``. Each year is turned once into a table of flags and prefix sums,
so lookups and counts are cheap for thousands of cases.

One file of ~400 lines on purpose: the library's years, the schedule's years and the
calendar that joins them are one concept (which days are working days), and
:class:`WorkCalendar` reads the schedule file itself, so a split would only cross-import.
"""

from __future__ import annotations

import errno
import json
import os
import pathlib
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import accumulate

from cases.i18n import tr




class ScheduleError(ValueError):
    """A user schedule file that cannot be used.

    ``str(error)`` is the Chinese message; ``error.message("en")`` the English one.
    Both name the file and the problem: ``problem`` is a catalogue key
    (``cases.schedule.*``) and ``values`` its values.
    """

    def __init__(self, path: pathlib.Path, problem: str, **values: object) -> None:
        self.path = path
        self.problem = problem
        self.values = values
        super().__init__(self.message("zh"))

    def message(self, lang: str = "zh") -> str:
        problem = tr(self.problem, lang, **self.values)
        return tr("cases.schedule.error", lang, path=self.path, problem=problem)


@dataclass(frozen=True)
class WorkdayResult:
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


@dataclass(frozen=True)
class YearSchedule:
    """One year's official schedule: the days off and the weekend days worked."""

    holidays: frozenset[date]
    workdays: frozenset[date]

    def is_working_day(self, d: date) -> bool:
        return d in self.workdays or (d.weekday() < 5 and d not in self.holidays)

    def to_doc(self) -> dict[str, list[str]]:
        """The year as it is written in a schedule file (sorted ISO dates)."""
        return {"holidays": [d.isoformat() for d in sorted(self.holidays)],
                "workdays": [d.isoformat() for d in sorted(self.workdays)]}


def schedule_checksum(years: Mapping[int, YearSchedule]) -> str:
    """A short checksum of a schedule's content ("-" for none): what its stamp records."""
    user = sorted((y, sorted(s.holidays), sorted(s.workdays)) for y, s in years.items())
    if not user:
        return "-"
    import hashlib  # only with a schedule: not at every start (~1.5 ms)

    return hashlib.sha1(repr(user).encode()).hexdigest()[:10]


class WorkCalendar:
    """Working days of mainland China, optionally completed by an official schedule:
    ``years`` (a store's) or a schedule file (``schedule_file``), not both."""

    def __init__(self, schedule_file: pathlib.Path | None = None, *,
                 years: Mapping[int, YearSchedule] | None = None) -> None:
        if schedule_file is not None and years is not None:
            raise ValueError("a calendar takes years or a schedule file, not both")
        self.schedule_file = schedule_file
        self._user: dict[int, YearSchedule] = (
            _load_schedule(pathlib.Path(schedule_file)) if schedule_file is not None else dict(years or {})
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


# -- the user schedule file ----------------------------------------------------
def schedule_template(year: int) -> str:
    """A JSON skeleton of a user schedule file for ``year``, to be filled in by hand."""
    doc = {
        "_comment": (
            f"{year}年国务院办公厅公布的放假安排：holidays 填放假的日期，workdays 填调休上班的周末日期。"
            f" Official schedule for {year}: holidays = days off, workdays = weekend days worked."
        ),
        "years": {str(year): {"holidays": [], "workdays": []}},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def load_schedule(path: pathlib.Path) -> dict[int, YearSchedule]:
    """The years of a schedule file; :class:`ScheduleError` if it is missing or not usable."""
    if not path.exists():  # (a missing personal file is no schedule; here it is an error)
        raise ScheduleError(path, "cases.schedule.unreadable", reason=os.strerror(errno.ENOENT))
    return _load_schedule(path)


def schedule_from_docs(where: object, docs: Mapping[str, Mapping[str, object]]) -> dict[int, YearSchedule]:
    """The years of a schedule kept as documents (year -> {"holidays", "workdays", and
    fields of the keeper's own}, see ``storage.schedule``), checked like a file;
    ``where`` names it in a :class:`ScheduleError`."""
    years = {key: {k: doc.get(k, []) for k in ("holidays", "workdays")} for key, doc in docs.items()}
    return _read_years(pathlib.Path(str(where)), years)


def _load_schedule(path: pathlib.Path) -> dict[int, YearSchedule]:
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise ScheduleError(path, "cases.schedule.not_utf8") from None
    except OSError as exc:
        raise ScheduleError(path, "cases.schedule.unreadable", reason=exc.strerror or exc) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScheduleError(
            path, "cases.schedule.bad_json", line=exc.lineno, column=exc.colno, reason=exc.msg
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("years"), dict):
        raise ScheduleError(
            path, "cases.schedule.bad_top", example='{"years": {"2027": {"holidays": [...], "workdays": [...]}}}'
        )
    return _read_years(path, doc["years"])


def _read_years(path: pathlib.Path, entries: Mapping[str, object]) -> dict[int, YearSchedule]:
    years: dict[int, YearSchedule] = {}
    for key, entry in entries.items():
        if key.startswith("_"):
            continue
        if not (len(key) == 4 and key.isascii() and key.isdigit()):
            raise ScheduleError(path, "cases.schedule.not_a_year", key=key)
        year = int(key)
        if not isinstance(entry, dict):
            raise ScheduleError(path, "cases.schedule.year_not_object", year=year)
        unknown = [k for k in entry if k not in ("holidays", "workdays") and not k.startswith("_")]
        if unknown:
            raise ScheduleError(path, "cases.schedule.unknown_field", year=year, field=unknown[0])
        off = _read_dates(path, year, "holidays", entry.get("holidays", []))
        on = _read_dates(path, year, "workdays", entry.get("workdays", []))
        both = sorted(off & on)
        if both:
            raise ScheduleError(path, "cases.schedule.in_both", day=both[0].isoformat(), year=year)
        years[year] = YearSchedule(off, on)
    return years


def _read_dates(path: pathlib.Path, year: int, field: str, values: object) -> frozenset[date]:
    if not isinstance(values, list):
        raise ScheduleError(path, "cases.schedule.not_a_list", year=year, field=field)
    out: set[date] = set()
    for value in values:
        try:
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            d = date.fromisoformat(value)
        except ValueError:
            raise ScheduleError(path, "cases.schedule.not_a_date", year=year, field=field, value=value) from None
        if d.year != year:
            raise ScheduleError(path, "cases.schedule.wrong_year", year=year, field=field, value=value)
        out.add(d)
    return frozenset(out)
