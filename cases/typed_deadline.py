"""A deadline as people type it: a duration from a start ("2小时", "7个工作日", "3天后")
or a time ("2026-10-14T18:00", "明天上午10点"), turned into an instant by
:func:`resolve_deadline`. Errors are :class:`cases.durations.DurationError`
(``cases.duration.*``, ``cases.deadline.*``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

import arrow

from cases.clock import MAX_YEAR, MIN_YEAR, TZ, TimeRangeError, TimeTextError, end_of_day, parse_instant, year_in_range
from cases.durations import DURATION_BOUNDS, Duration, DurationError, parse_duration, quoted
from cases.instants import instant
from cases.workdays import WorkCalendar, default_calendar

_BARE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_READABLE_YEAR = re.compile(r"^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])")
_LOOKS_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")


@dataclass(frozen=True)
class ResolvedDeadline:
    at: arrow.Arrow
    estimated: bool  # a working-day count ran into a year without a published schedule
    working_days: bool  # the deadline came from a working-day count


def resolve_deadline(
    text: str, since: arrow.Arrow, calendar: WorkCalendar | None = None, lang: str = "zh",
    *, now: arrow.Arrow | None = None,
) -> ResolvedDeadline:
    """Turn a promise into an instant.

    ``text`` is a duration measured from ``since`` ("2小时", "7个工作日", "3天后"), or a
    time read by :func:`cases.clock.parse_instant` as a deadline: ISO 8601 (no offset
    → Asia/Shanghai; a bare date means the end of that day, 23:59:59) or a time as
    people say it ("明天上午10点", "11-30", "周五"), whose days count from ``now``
    (the clock), not from ``since``; without ``now`` such text is refused.
    Working-day durations end at 23:59:59 Asia/Shanghai of the due date.
    Raises :class:`DurationError` when it is neither, when a duration is longer
    than :data:`MAX_DURATION_DAYS` / :data:`MAX_WORKING_DAYS` (before counting
    anything), when a time does not exist ("2月30日") or needs ``now``, or when the
    deadline's year is outside :data:`cases.clock.MIN_YEAR`–:data:`cases.clock.MAX_YEAR`.
    """
    stripped = unicodedata.normalize("NFKC", text).strip()
    resolved: ResolvedDeadline | None = None
    if _LOOKS_ISO.match(stripped):
        try:
            if _BARE_DATE.match(stripped):
                resolved = ResolvedDeadline(end_of_day(date.fromisoformat(stripped)), False, False)
            elif _is_iso(stripped):  # what tousu stores: the cached fast path
                resolved = ResolvedDeadline(instant(stripped), False, False)
        except (ValueError, OverflowError):  # OverflowError: year 9999 with an offset
            if _READABLE_YEAR.match(stripped) and not year_in_range(int(stripped[:4])):
                raise _out_of_range(text, lang) from None
    else:
        try:
            duration = parse_duration(stripped, lang)
        except DurationError as exc:
            if exc.key in DURATION_BOUNDS:
                raise
        else:
            resolved = apply_duration(duration, since, calendar)
    if resolved is None:
        resolved = ResolvedDeadline(_typed_time(text, stripped, lang, now), False, False)
    if not year_in_range(resolved.at.year):
        raise _out_of_range(text, lang)
    return resolved


def _is_iso(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _typed_time(text: str, stripped: str, lang: str, now: arrow.Arrow | None) -> arrow.Arrow:
    """A deadline typed as a time (:func:`cases.clock.parse_instant`), its errors as DurationError."""
    try:
        return parse_instant(stripped, lang, now, deadline=True)
    except TimeRangeError:
        raise _out_of_range(text, lang) from None
    except TimeTextError as exc:
        if exc.key == "cases.time.unrecognised":
            raise DurationError("cases.deadline.unrecognised", lang, text=quoted(text)) from None
        raise DurationError(exc.key, lang, **exc.values) from None
    except (ValueError, OverflowError):  # pragma: no cover - parse_instant raises only the two above
        raise DurationError("cases.deadline.unrecognised", lang, text=quoted(text)) from None


def _out_of_range(text: str, lang: str) -> DurationError:
    return DurationError("cases.deadline.out_of_range", lang, text=quoted(text), min=MIN_YEAR, max=MAX_YEAR)


def apply_duration(duration: Duration, since: arrow.Arrow, calendar: WorkCalendar | None) -> ResolvedDeadline:
    """The instant ``duration`` after ``since``: working days end at 23:59:59 of the due day."""
    if duration.is_working_days:
        result = (calendar or default_calendar()).add_working_days(since.to(TZ).date(), duration.working_days)
        return ResolvedDeadline(end_of_day(result.due), result.estimated, True)
    return ResolvedDeadline(since.to(TZ) + duration.delta, False, False)

