"""Dashboard order: the case that needs attention first comes first.

Overdue cases first (most overdue first), then by time left (least first), then
cases without a deadline. The time left is to whichever comes first, the next
follow-up or the deadline (cases.deadlines.case_next), so a follow-up overdue
sorts among the overdue deadlines. Ties: higher channel tier first, larger amount first,
then case number (K-0042 before K-10000), then id text.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from cases.channels import UnknownChannel, channel
from cases.countdown import Urgency, remaining_seconds, urgency_for
from cases.ids import case_number
from cases.deadline_kinds import FOLLOW_UP
from cases.summary import CLOSED_STATUSES, CaseSummary

if TYPE_CHECKING:  # pragma: no cover
    import arrow

    from cases.deadlines import Deadline
    from cases.model import Case


def _tier(channel_id: str) -> int:
    if not channel_id:
        return -1
    try:
        return channel(channel_id).tier
    except UnknownChannel:
        return -1


def _number(case_id: str) -> int:
    if case_id[:2] == "K-" and case_id[2:].isdigit():  # the usual form, without the parser
        return int(case_id[2:])
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
    return _instant_key(summary.due_ts, summary.tier, summary.amount, summary.id)


def summary_doc_key(doc: Mapping) -> tuple:
    """:func:`summary_key` for a stored summary dictionary (``CaseSummary.to_dict`` form)."""
    due = doc["next_ts"] if doc.get("next_kind") else doc["deadline_ts"]  # (next_ts_of, inlined)
    return _instant_key(due, doc["tier"], doc["amount"], doc["id"])


def _instant_key(deadline_ts: float | None, tier: int, amount: str, case_id: str) -> tuple:
    head = (1, 0.0) if deadline_ts is None else (0, deadline_ts)
    return (*head, -tier, -float(amount), _number(case_id), case_id)  # float: exact enough to order yuan amounts


#: Name of :func:`order_key`'s order, recorded with a stored order: change it
#: whenever the key changes, so stores written with the old key are sorted again.
ORDER_NAME = "urgency-3"  # 3: the earlier of follow-up and deadline; the follow-up flag last
#: The first element of :func:`order_key` for a deleted case: after every listed one.
DELETED_GROUP = 3


def order_key(doc_id: str, doc: Mapping) -> list:
    """The dashboard order of a stored summary as a JSON list: open cases first, then
    :func:`summary_doc_key`'s order. The store keeps the summaries sorted by it, so
    the first screenful and the title's counts need no parse of the whole table.

    A malformed summary (edited by hand: a deadline that is text, a tier that is not a
    number) sorts after the closed ones, so one bad document cannot stop a compaction;
    deleted cases (listed nowhere) come last of all (:data:`DELETED_GROUP`).

    The last element is 1 when what comes first is a follow-up (:func:`follow_up_counts`);
    ids are unique, so it never changes the order."""
    if doc.get("deleted") is not None:
        return [DELETED_GROUP, 0, 0.0, 0, 0.0, _number(str(doc.get("id", doc_id))), str(doc.get("id", doc_id)), 0]
    deadline_ts = doc.get("next_ts") if doc.get("next_kind") else doc.get("deadline_ts")
    try:
        amount = float(doc["amount"])
    except (TypeError, ValueError, KeyError):
        amount = 0.0
    if not math.isfinite(amount):
        amount = 0.0
    try:
        return [
            1 if doc["status"] in CLOSED_STATUSES else 0,
            1 if deadline_ts is None else 0,
            0.0 if deadline_ts is None else float(deadline_ts),
            -int(doc["tier"]),
            -amount,
            _number(doc["id"]),
            str(doc["id"]),
            1 if doc.get("next_kind") == FOLLOW_UP else 0,
        ]
    except (TypeError, ValueError, KeyError, OverflowError):
        return [2, 1, 0.0, 0, 0.0, 1 << 62, doc_id, 0]


def open_counts(keys: list[list], now_ts: float, window: float) -> tuple[int, int, int]:
    """(open cases, open ones past their deadline, open ones due within ``window`` seconds)
    from :func:`order_key` keys in order."""
    open_n = bisect_left(keys, [1])
    overdue = bisect_left(keys, [0, 0, now_ts], hi=open_n)
    soon = bisect_left(keys, [0, 0, now_ts + window], lo=overdue, hi=open_n) - overdue
    return open_n, overdue, soon


def follow_up_counts(keys: list[list], overdue: int, soon: int) -> tuple[int, int]:
    """How many of :func:`open_counts`' ``overdue`` and ``soon`` cases are so for a
    follow-up rather than a deadline (the keys' last element)."""
    def flagged(part: list[list]) -> int:
        return sum(1 for key in part if len(key) > 7 and key[7] == 1)

    return flagged(keys[:overdue]), flagged(keys[overdue:overdue + soon])


def urgency_at(summary: CaseSummary, now_ts: float) -> Urgency:
    """:func:`cases.countdown.urgency_of` for a summary and a POSIX time."""
    return urgency_for(summary.remaining(now_ts))
