"""Dashboard order: the case that needs attention first comes first.

Overdue cases first (most overdue first), then by time left (least first), then
cases without a deadline. Ties: higher channel tier first, larger amount first,
then case number (K-0042 before K-10000), then id text.
"""

from __future__ import annotations

from collections.abc import Iterable

import arrow

from cases.channels import UnknownChannel, channel
from cases.countdown import remaining_seconds
from cases.deadlines import Deadline
from cases.ids import case_number
from cases.model import Case


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
