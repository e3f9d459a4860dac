"""Injected clocks: every deadline and countdown is computed from one of these.

Nothing in tousu calls ``arrow.now()`` or ``datetime.now()`` directly outside this
module, so tests can pin time with :class:`FixedClock`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

import arrow

#: Users live in mainland China; servers usually run in UTC.
TZ = "Asia/Shanghai"

#: Years a typed time may fall in (:func:`parse_instant`, deadlines in cases.deadlines):
#: a complaint case lives within a lifetime of today, and a year such as 0001 or
#: 9999 is a typo that would otherwise send working-day counts through centuries.
MIN_YEAR = 1970
MAX_YEAR = 2100


class TimeRangeError(ValueError):
    """A readable time outside :data:`MIN_YEAR`–:data:`MAX_YEAR`.

    ``str()`` is in the language given when raised; ``message(lang)`` in any
    (catalogue key ``cases.time.out_of_range``).
    """

    def __init__(self, text: str, lang: str = "zh") -> None:
        self.text = text
        super().__init__(self.message(lang))

    def message(self, lang: str = "zh") -> str:
        from cases.i18n import tr

        return tr("cases.time.out_of_range", lang, value=self.text, min=MIN_YEAR, max=MAX_YEAR)


def year_in_range(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


class Clock(Protocol):
    def now(self) -> arrow.Arrow:
        """The current instant, in :data:`TZ`."""
        ...


class SystemClock:
    """The real wall clock, expressed in Asia/Shanghai."""

    def now(self) -> arrow.Arrow:
        return arrow.utcnow().to(TZ)


class FixedClock:
    """A clock that stands still until moved; for tests and benchmarks."""

    def __init__(self, at: str | arrow.Arrow) -> None:
        self._at = parse_instant(at) if isinstance(at, str) else at.to(TZ)

    def now(self) -> arrow.Arrow:
        return self._at

    def set(self, at: str | arrow.Arrow) -> None:
        self._at = parse_instant(at) if isinstance(at, str) else at.to(TZ)

    def advance(self, **shift: float) -> None:
        """Move the clock, e.g. ``advance(hours=2, minutes=5)``."""
        self._at = self._at.shift(**shift)


def parse_instant(text: str, lang: str = "zh") -> arrow.Arrow:
    """Read an ISO 8601 instant; one without an offset is taken as Asia/Shanghai.

    (arrow itself would read it as UTC, an 8-hour error for our users.) An
    explicit offset is kept and the result is converted, never relabelled.
    Raises ValueError with a readable message on bad input, and
    :class:`TimeRangeError` (a ValueError, message in ``lang``) for a year in
    Asia/Shanghai outside :data:`MIN_YEAR`–:data:`MAX_YEAR`.
    """
    text = text.strip()
    try:
        at = _parse_instant(text)
    except OverflowError:  # year 9999 and an offset: past datetime's range in Asia/Shanghai
        raise TimeRangeError(text, lang) from None
    if not year_in_range(at.year):
        raise TimeRangeError(text, lang)
    return at


def _parse_instant(text: str) -> arrow.Arrow:
    if not text:
        raise ValueError("empty time")
    try:  # fast path (~10x quicker than arrow's parser) for the ISO forms we store
        fast = datetime.fromisoformat(text)
    except ValueError:
        fast = None
    if fast is not None:
        if fast.tzinfo is None:
            return arrow.Arrow.fromdatetime(fast, tzinfo=TZ)
        return arrow.Arrow.fromdatetime(fast).to(TZ)
    try:
        parsed = arrow.get(text)
    except (arrow.parser.ParserError, ValueError, TypeError) as exc:
        raise ValueError(f"not an ISO 8601 time: {text!r}") from exc
    if not _has_offset(text):
        parsed = parsed.replace(tzinfo=TZ)
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


def to_iso(at: arrow.Arrow) -> str:
    """Serialise an instant as ISO 8601 with its Asia/Shanghai offset (seconds precision)."""
    return at.to(TZ).replace(microsecond=0).isoformat()
