"""The official working-day schedule, as the State Council publishes it each November for
the next year: its years (:class:`YearSchedule`), the schedule file that holds them, and
their checks (:class:`ScheduleError`). :mod:`cases.workdays` completes the holidays
library with them. The file format (``tousu schedule add FILE`` reads it)::

    {"years": {"2027": {"holidays": ["2027-01-01", ...],
                        "workdays": ["2027-02-07", ...]}}}

For a year in the schedule, a date is a working day iff it is Monday–Friday and not in
``holidays``, or it is in ``workdays``. Keys starting with ``_`` are comments and ignored.
"""

from __future__ import annotations

import errno
import json
import os
import pathlib
from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

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


class YearSchedule(NamedTuple):
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
    return load_schedule_file(path)


def schedule_from_docs(where: object, docs: Mapping[str, Mapping[str, object]]) -> dict[int, YearSchedule]:
    """The years of a schedule kept as documents (year -> {"holidays", "workdays", and
    fields of the keeper's own}, see ``storage.schedule``), checked like a file;
    ``where`` names it in a :class:`ScheduleError`."""
    years = {key: {k: doc.get(k, []) for k in ("holidays", "workdays")} for key, doc in docs.items()}
    return _read_years(pathlib.Path(str(where)), years)


def load_schedule_file(path: pathlib.Path) -> dict[int, YearSchedule]:
    """The years of a personal schedule file; none when there is no file, :class:`ScheduleError`
    when it is not usable."""
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
