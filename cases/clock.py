"""Injected clocks: every deadline and countdown is computed from one of these.

Nothing in tousu calls ``arrow.now()`` or ``datetime.now()`` directly outside this
module, so tests can pin time with :class:`FixedClock`.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from cases.i18n import CatalogueError

if TYPE_CHECKING:  # pragma: no cover
    import arrow  # imported where an instant is made: the dashboard's first frame needs none

#: Users live in mainland China; servers usually run in UTC. Deadlines, letters and case
#: files are in this zone whatever the user's: the platforms and the regulators count in it.
TZ = "Asia/Shanghai"
_ZONE = ZoneInfo(TZ)

#: The zone this process shows times in and reads typed times in: the volunteer's
#: ``timezone`` setting (:func:`set_shown_zone`, once per process, as the language is),
#: Asia/Shanghai unless they set another. A bare date stays a day of :data:`TZ`.
_shown = TZ


class ZoneError(CatalogueError):
    """A time zone name the IANA database does not know (``cases.time.unknown_zone``)."""


def check_zone(name: str, lang: str = "zh") -> str:
    """``name`` if it names a time zone ("Europe/Berlin", "UTC"), else :class:`ZoneError`."""
    from zoneinfo import ZoneInfoNotFoundError

    from cases.sanitize import clean_text

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ZoneError("cases.time.unknown_zone", lang, value=clean_text(name)[:60]) from None
    return name


def set_shown_zone(name: str) -> None:
    """Show times in, and read typed times in, the zone ``name`` (:class:`ZoneError` if unknown)."""
    global _shown
    _shown = check_zone(name)


def shown_zone() -> str:
    """The zone times are shown in (:data:`TZ` unless :func:`set_shown_zone` said another)."""
    return _shown


def local(at: arrow.Arrow) -> arrow.Arrow:
    """``at`` in the zone times are shown in."""
    return at.to(_shown)


def local_text(ts: float, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """The POSIX time ``ts`` in the zone times are shown in, as ``pattern`` (strftime) writes
    it: what the dashboard's list and title bar show, without making an arrow object."""
    return datetime.fromtimestamp(ts, ZoneInfo(_shown)).strftime(pattern)


def clock_text(ts: float) -> str:
    """The time a title bar shows for the POSIX time ``ts``: ``2026-12-01 10:00``, followed by
    the zone's name when times are shown in another zone than Asia/Shanghai
    (``2026-12-01 03:00 Europe/Berlin``)."""
    text = local_text(ts)
    return text if _shown == TZ else f"{text} {_shown}"


def china_date(ts: float) -> date:
    """The day in Asia/Shanghai at the POSIX time ``ts`` (working-day countdowns count those)."""
    return datetime.fromtimestamp(ts, _ZONE).date()

#: Years a typed time may fall in (:func:`parse_instant`, deadlines in cases.typed_deadline):
#: a complaint case lives within a lifetime of today, and a year such as 0001 or
#: 9999 is a typo that would otherwise send working-day counts through centuries.
MIN_YEAR = 1970
MAX_YEAR = 2100


#: How far ahead of the clock a time of something that happened may be (clocks differ a
#: little); later is refused as in the future (:func:`in_future`).
FUTURE_SLACK = timedelta(minutes=5)


def in_future(at: arrow.Arrow, now: arrow.Arrow) -> bool:
    """True when ``at``, the time of something that happened, is later than ``now`` allows."""
    return at > now + FUTURE_SLACK


class TimeRangeError(ValueError):
    """A readable time outside :data:`MIN_YEAR`–:data:`MAX_YEAR`.

    ``str()`` is in the language given when raised; ``message(lang)`` in any
    (catalogue key ``cases.time.out_of_range``).
    """

    def __init__(self, text: str, lang: str = "zh") -> None:
        from cases.sanitize import clean_text

        self.text = clean_text(text)  # quoted in messages: never a control code
        super().__init__(self.message(lang))

    def message(self, lang: str = "zh") -> str:
        from cases.i18n import tr

        return tr("cases.time.out_of_range", lang, value=self.text, min=MIN_YEAR, max=MAX_YEAR)


class TimeTextError(CatalogueError):
    """Text :func:`parse_instant` cannot read as a time, or reads as one that does not exist.

    Carries a catalogue ``key`` (``cases.time.unrecognised``, ``cases.time.needs_now``,
    ``cases.time.no_such_day`` …) and the ``values`` of its message. ``str()`` is in the
    language given when raised; ``message(lang)`` in any.
    """



def year_in_range(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


class Clock(Protocol):
    def now(self) -> arrow.Arrow:
        """The current instant, in :data:`TZ`."""
        ...

    def timestamp(self) -> float:
        """The current instant as a POSIX time: what the dashboard's list and title bar
        need, without making an arrow object (nor importing arrow before the first frame)."""
        ...


class SystemClock:
    """The real wall clock, expressed in Asia/Shanghai."""

    def now(self) -> arrow.Arrow:
        import arrow

        return arrow.utcnow().to(TZ)

    def timestamp(self) -> float:
        return time.time()


class FixedClock:
    """A clock that stands still until moved; for tests and benchmarks."""

    def __init__(self, at: str | arrow.Arrow) -> None:
        self._at = parse_instant(at) if isinstance(at, str) else at.to(TZ)

    def now(self) -> arrow.Arrow:
        return self._at

    def timestamp(self) -> float:
        return self._at.timestamp()

    def set(self, at: str | arrow.Arrow) -> None:
        self._at = parse_instant(at) if isinstance(at, str) else at.to(TZ)

    def advance(self, **shift: float) -> None:
        """Move the clock, e.g. ``advance(hours=2, minutes=5)``."""
        self._at = self._at.shift(**shift)


def parse_instant(
    text: str, lang: str = "zh", now: arrow.Arrow | None = None, *, deadline: bool = False
) -> arrow.Arrow:
    """Read a typed time: ISO 8601, or a time as people say it (cases.spoken_time).

    ISO 8601 first: one without an offset is taken as the user's zone (Asia/Shanghai
    unless :func:`set_shown_zone` said another; arrow itself would read it as UTC, an
    8-hour error for our users); an explicit offset is kept and the result is converted,
    never relabelled. The result is in Asia/Shanghai. Otherwise the text is read as
    people write times ("11-30 10:00", "11月30日 下午3点", "昨天10点", "3小时前",
    "上周五", "yesterday 10:00", "3h ago" …) against ``now``: forms that depend on
    the day (all but those with a year) are refused without it.

    ``deadline`` says what the time is for. An event (the default: a filing, a
    contact, a payment) that happened: a bare date is 00:00 of that day, a month and
    day after today's date is last year's, a bare weekday is the latest one up to
    today. A deadline: a bare date (ISO or spoken) ends at 23:59:59 of that day, as
    :func:`cases.typed_deadline.resolve_deadline` reads one; a month and day is the one
    nearest today (less than half a year away); a bare weekday the next one from today.

    Raises :class:`TimeTextError` (a ValueError, message in ``lang``) on text that is
    no time or no time that exists, and :class:`TimeRangeError` (a ValueError) for a
    year in Asia/Shanghai outside :data:`MIN_YEAR`–:data:`MAX_YEAR`.
    """
    from cases.instants import instant

    text = text.strip()
    try:
        at = instant(text, _shown)  # no offset: the time in the zone the user reads times in
    except TimeRangeError:  # year 9999 and an offset: past datetime's range in Asia/Shanghai
        raise TimeRangeError(text, lang) from None
    except ValueError:
        from cases.spoken_time import read_spoken  # only for text that is not ISO 8601

        at = read_spoken(text, lang, now, deadline=deadline)
    else:
        if deadline and _BARE_DATE.match(text):
            at = end_of_day(at.date())
    if not year_in_range(at.year):
        raise TimeRangeError(text, lang)
    return at


def end_of_day(d: date) -> arrow.Arrow:
    """23:59:59 Asia/Shanghai on ``d``: when a deadline given as a day (a bare date,
    a working-day period, "24点") ends; letters write it as that day's 24时."""
    import arrow

    return arrow.Arrow(d.year, d.month, d.day, 23, 59, 59, tzinfo=_ZONE)


#: A date without a time, as ISO 8601 or arrow reads it ("2026-11-30", "2026-6-1", "2026/6/1").
_BARE_DATE = re.compile(r"^\d{4}[-/]\d{1,2}[-/]\d{1,2}$")


def to_iso(at: arrow.Arrow) -> str:
    """Serialise an instant as ISO 8601 with its Asia/Shanghai offset (seconds precision)."""
    return at.to(TZ).replace(microsecond=0).isoformat()
