"""Stored instants: read (:func:`instant`) and shown (:func:`shown_time`).

Every time tousu stores is ISO 8601 with its offset (cases.clock.to_iso). One without
an offset is taken as Asia/Shanghai (arrow itself would read it as UTC, an 8-hour error
for our users); an explicit offset is kept and the result converted, never relabelled.
Times people type (``明天10点``) are read by :func:`cases.clock.parse_instant`, which
reads its ISO 8601 forms here.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from cases.clock import TZ, TimeRangeError, shown_zone, year_in_range

if TYPE_CHECKING:  # pragma: no cover
    import arrow

_ZONE = ZoneInfo(TZ)


@lru_cache(maxsize=65536)
def instant(text: str, zone: str = TZ) -> arrow.Arrow:
    """An ISO 8601 time in Asia/Shanghai, cached (stored times repeat a lot); one without
    an offset is a time in ``zone`` (a typed one: the user's, cases.clock.parse_instant).

    Raises ValueError for text that is no ISO 8601 time, and
    :class:`cases.clock.TimeRangeError` (a ValueError) for one that exists nowhere in
    Asia/Shanghai (year 9999 with an offset); the allowed years are the typed times'
    business (:func:`cases.clock.parse_instant`): a stored time is read as it is.
    """
    text = text.strip()
    try:
        return _read(text, zone)
    except OverflowError:
        raise TimeRangeError(text) from None


def instant_ts(text: str) -> float:
    """The POSIX time of :func:`instant` ``(text)``, without building an Arrow (the stats
    read a hundred thousand of them)."""
    try:
        fast = datetime.fromisoformat(text.strip())
    except ValueError:
        return instant(text).timestamp()
    return (fast if fast.tzinfo is not None else fast.replace(tzinfo=_ZONE)).timestamp()


def readable_instant(text: str | None) -> arrow.Arrow | None:
    """:func:`instant`, or None for an empty or unreadable stored time."""
    if not text:
        return None
    try:
        return instant(text)
    except ValueError:
        return None


def shown_time(text: str | None, missing: str = "—", zone: str | None = None) -> str:
    """A stored time as screens, files and letters show it, in minutes of ``zone`` (default:
    the user's, cases.clock.shown_zone; case files and letters pass Asia/Shanghai):
    "2026-09-29T02:00:00Z" → "2026-09-29 10:00"; ``missing`` when there is none.
    Unreadable text, and a time outside the years a typed one may have (stored before
    times were bounded, cases.clock.MIN_YEAR), are shown as stored: a form that shows
    it reads it back as it was."""
    if not text:
        return missing
    try:
        at = instant(text)
    except ValueError:
        return text
    if not year_in_range(at.year):
        return text
    return at.to(zone or shown_zone()).format("YYYY-MM-DD HH:mm")


def _read(text: str, zone: str = TZ) -> arrow.Arrow:
    import arrow  # here, not at the top: the dashboard's first frame reads no stored time

    if not text:
        raise ValueError("empty time")
    try:  # fast path (~10x quicker than arrow's parser) for the ISO forms we store
        fast = datetime.fromisoformat(text)
    except ValueError:
        fast = None
    if fast is not None:
        if fast.tzinfo is None:
            return arrow.Arrow.fromdatetime(fast, tzinfo=zone).to(TZ)
        return arrow.Arrow.fromdatetime(fast).to(TZ)
    try:
        parsed = arrow.get(text)
    except (arrow.parser.ParserError, ValueError, TypeError) as exc:
        raise ValueError(f"not an ISO 8601 time: {text!r}") from exc
    if not _has_offset(text):
        parsed = parsed.replace(tzinfo=zone)
    return parsed.to(TZ)


def _has_offset(text: str) -> bool:
    if text.endswith(("Z", "z")):
        return True
    # An offset such as +08:00 / -0500 after the time part; a bare date has none.
    for sep in ("T", "t", " "):
        if sep in text:
            time_part = text.split(sep, 1)[1]
            return "+" in time_part or "-" in time_part
    return False
