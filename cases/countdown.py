"""Countdowns: how long until a deadline, as a word and as short text.

Text rules (``format_countdown``), Chinese / English:

- no deadline: "—";
- overdue (``remaining < 0``): "逾期 1天" / "overdue 1d" when 24 h or more
  (whole days), else "逾期 3小时" / "overdue 3h", else "逾期 20分" /
  "overdue 20m" ("不到1分" / "<1m" under a minute);
- working-day clocks: "剩 N个工作日" / "N working days left" while N >= 2,
  where N counts the working days from today through the due date, today
  included only if it is a working day. When N <= 1 (the due date is the only
  working day left) it falls back to hours and minutes below;
- otherwise: "剩 2天3小时" / "2d 3h left" at 24 h or more, "剩 3小时12分" /
  "3h 12m left" at an hour or more, "剩 45分" / "45m left" below (zero parts
  are left out: "剩 2天", "剩 3小时"). Time left is rounded down;
- an estimated deadline (a year without a published schedule) puts "约" / "~"
  before the number: "剩 约12个工作日", "~12 working days left";
- a follow-up deadline is prefixed "跟进 " / "follow up ".

A deadline is met up to and including its instant: overdue starts one second
later (a working-day deadline at 23:59:59 is overdue from 00:00:00).

The words are in the message catalogues (``cases.countdown.*``, ``cases.unit.*``);
each language's templates are looked up once and kept, since the dashboard
formats every visible row each second and ``tousu list`` ten thousand rows.
"""

from __future__ import annotations

import math
from enum import StrEnum
from functools import cache
from typing import NamedTuple, TYPE_CHECKING

from cases.clock import TZ
from cases.i18n import tr
from cases.workdays import WorkCalendar, default_calendar

if TYPE_CHECKING:  # pragma: no cover
    import arrow

    from cases.deadlines import Deadline

DAY = 86400
HOUR = 3600
MINUTE = 60
NO_DEADLINE = "—"


class Urgency(StrEnum):
    OVERDUE = "overdue"
    SOON = "soon"  # less than 24 h left
    LATER = "later"
    NONE = "none"  # no deadline


def remaining_seconds(deadline: Deadline, now: arrow.Arrow) -> int:
    """Whole seconds left until ``deadline`` (rounded down); negative when overdue."""
    return math.floor((deadline.at - now).total_seconds())


def urgency_of(deadline: Deadline | None, now: arrow.Arrow) -> Urgency:
    return urgency_for(None if deadline is None else remaining_seconds(deadline, now))


def urgency_for(left: int | None) -> Urgency:
    """Urgency from the seconds left (negative when overdue; None: no deadline)."""
    if left is None:
        return Urgency.NONE
    if left < 0:
        return Urgency.OVERDUE
    if left < DAY:
        return Urgency.SOON
    return Urgency.LATER


def working_days_left(deadline: Deadline, now: arrow.Arrow, calendar: WorkCalendar | None = None) -> int:
    """Working days from today (if it is one) through the deadline's date, in Asia/Shanghai."""
    cal = calendar or default_calendar()
    return cal.working_days_in(now.to(TZ).date(), deadline.at.to(TZ).date())


class _Words(NamedTuple):
    """One language's countdown words and templates, from the catalogue."""

    units: dict[str, str]  # "d", "h", "m" → the unit after the number
    under_a_minute: str
    sep: str  # between the parts of a span
    estimated: str  # the mark before an estimated number
    overdue: str  # templates: {mark}{span} / {mark}{n} / {text}
    working_days_left: str
    left: str
    follow_up: str


@cache
def _words(lang: str) -> _Words:
    def t(key: str) -> str:
        return tr(key, lang)

    return _Words(
        units={"d": t("cases.unit.day"), "h": t("cases.unit.hour"), "m": t("cases.unit.minute")},
        under_a_minute=t("cases.countdown.under_a_minute"),
        sep=t("cases.unit.sep"),
        estimated=t("cases.countdown.estimated"),
        overdue=t("cases.countdown.overdue"),
        working_days_left=t("cases.countdown.working_days_left"),
        left=t("cases.countdown.left"),
        follow_up=t("cases.countdown.follow_up"),
    )


def _span(seconds: int, words: _Words, *, coarse: bool) -> str:
    """"2天3小时" / "3小时12分" / "45分"; ``coarse`` (overdue) keeps only the largest unit."""
    days, rest = divmod(seconds, DAY)
    hours, rest = divmod(rest, HOUR)
    minutes = rest // MINUTE
    if days:
        parts = [(days, "d"), (hours, "h")]
    elif hours:
        parts = [(hours, "h"), (minutes, "m")]
    elif minutes:
        parts = [(minutes, "m")]
    else:
        return words.under_a_minute
    if coarse:
        parts = parts[:1]
    units = words.units
    return words.sep.join(f"{v}{units[u]}" for v, u in parts if v)


def format_countdown(
    deadline: Deadline | None,
    now: arrow.Arrow,
    lang: str = "zh",
    calendar: WorkCalendar | None = None,
) -> str:
    """Short countdown text for a table cell; see the module docstring for the rules."""
    if deadline is None:
        return NO_DEADLINE
    left = remaining_seconds(deadline, now)
    n = working_days_left(deadline, now, calendar) if deadline.working_days and left >= 0 else 0
    return countdown_text(left, n, estimated=deadline.estimated, follow_up=deadline.is_follow_up, lang=lang)


def countdown_text(left: int, working_days: int, *, estimated: bool, follow_up: bool, lang: str = "zh") -> str:
    """The countdown from its parts: seconds left (negative when overdue) and, for a
    working-day clock, the working days left (0 otherwise). No arrow, no calendar:
    this is what ``tousu list`` runs ten thousand times."""
    words = _words(lang)
    mark = words.estimated if estimated else ""
    if left < 0:
        text = words.overdue.format(mark=mark, span=_span(-left, words, coarse=True))
    elif working_days >= 2:
        text = words.working_days_left.format(mark=mark, n=working_days)
    else:
        text = words.left.format(mark=mark, span=_span(left, words, coarse=False))
    if follow_up:
        text = words.follow_up.format(text=text)
    return text
