"""The demo's instants: relative to its ``now``, to the second, in China Standard Time.

The hand-written demo cases (``data/demo_cases.json``) write their instants as
``now-20d3h``, ``now+40m`` or ``paid+1d2h`` (``paid``: the case's own payment); the
generator of large demo stores asks for ``ago(days=…)``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import arrow

from cases.clock import TZ

#: Mainland China has had no daylight saving time since 1991: a fixed offset is exact.
_CST = timezone(timedelta(hours=8))

# A base, then an optional signed offset in days, hours and minutes, in that order.
_RELATIVE = re.compile(r"(now|paid)(?:([+-])(?=\d)(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?)?")


class DemoTime:
    """Instants relative to the demo's ``now`` (seconds precision, +08:00)."""

    def __init__(self, now: arrow.Arrow) -> None:
        self.now = now.to(TZ).datetime.astimezone(_CST).replace(microsecond=0)

    def ago(self, days: float = 0, hours: float = 0, minutes: float = 0) -> datetime:
        return self.now - timedelta(days=days, hours=hours, minutes=minutes)

    @staticmethod
    def iso(at: datetime) -> str:
        return at.isoformat()

    def relative(self, text: str, paid: datetime | None = None) -> datetime:
        """The instant ``text`` names ("now-20d3h", "paid+25m"); ValueError for anything else,
        or for ``paid`` in a case that has no payment."""
        match = _RELATIVE.fullmatch(text)
        if match is None:
            raise ValueError(f"not a demo instant: {text!r}")
        base, sign, days, hours, minutes = match.groups()
        start = self.now if base == "now" else paid
        if start is None:
            raise ValueError(f"{text!r}: this case has no payment")
        offset = timedelta(days=int(days or 0), hours=int(hours or 0), minutes=int(minutes or 0))
        return start - offset if sign == "-" else start + offset
