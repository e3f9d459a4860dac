"""Dashboard order: the case that needs attention first comes first.

Overdue cases first (most overdue first), then by time left (least first), then
cases without a deadline. Ties: higher channel tier first, larger amount first,
then case number (K-0042 before K-10000), then id text.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import arrow

from cases.channels import UnknownChannel, channel
from cases.countdown import DAY, Urgency, remaining_seconds
from cases.deadlines import Deadline
from cases.ids import case_number
from cases.model import Case
from cases.summary import CaseSummary


def _tier(channel_id: str) -> int:
    if not channel_id:
        return -1
    try:
        return channel(channel_id).tier
    except UnknownChannel:
        return -1


def _number(case_id: str) -> int:
    try:
        return case_number(case_id)
    except ValueError:
        return 1 << 62  # ids that are not K-numbers sort after numbered ones


def sort_key(case: Case, deadline: Deadline | None, now: arrow.Arrow) -> tuple:
    """Ascending key: see the module docstring."""
    if deadline is None:
        head: tuple = (1, 0)
        tier = _tier(case.current_channel)
    else:
        head = (0, remaining_seconds(deadline, now))
        tier = _tier(deadline.channel)
    return (*head, -tier, -case.amount, _number(case.id), case.id)


def by_urgency(items: Iterable[tuple[Case, Deadline | None]], now: arrow.Arrow) -> list[tuple[Case, Deadline | None]]:
    """``(case, deadline)`` pairs, most urgent first."""
    return sorted(items, key=lambda item: sort_key(item[0], item[1], now))


def summary_key(summary: CaseSummary) -> tuple:
    """The same order as :func:`sort_key`, from a summary and without a clock.

    Remaining time differs from the deadline instant by the same ``now`` for
    every case, so ordering by the instant itself is ordering by time left: the
    list is sorted once per change, not once per tick.
    """
    if summary.deadline_ts is None:
        head: tuple = (1, 0.0)
    else:
        head = (0, summary.deadline_ts)
    return (*head, -summary.tier, -Decimal(summary.amount), _number(summary.id), summary.id)


def urgency_at(summary: CaseSummary, now_ts: float) -> Urgency:
    """:func:`cases.countdown.urgency_of` for a summary and a POSIX time."""
    left = summary.remaining(now_ts)
    if left is None:
        return Urgency.NONE
    if left < 0:
        return Urgency.OVERDUE
    if left < DAY:
        return Urgency.SOON
    return Urgency.LATER
