"""A case in one small record: what lists show, filter and sort on.

The dashboard and ``tousu list`` need, per case, a dozen fields and the current
deadline; they do not need the timeline, orders or personal data. A summary is
computed whenever a case is written (its deadline included, so the working-day
arithmetic is done once per change, not once per start) and kept beside the
documents by the store. ``stamp`` (:func:`deadline_stamp`) records what the
deadline was computed with: the rules (:data:`cases.deadline_kinds.RULES_VERSION`
and the checksum of ``channels.json``) and the calendar (the holidays library's
version, the official schedule's content). A summary of another stamp is not
current: the store recomputes it (see ``storage.summaries``), unless it was made
by newer rules (:func:`stamp_order`), which an older tousu uses as it is.

``names`` are the names masked in the case's text (:func:`cases.privacy.case_names`,
the complainant's), so a list masks a title or platform it paints with
``mask_text(text, names=summary.names)`` — what :func:`cases.privacy.mask_case_text`
does for the case — without reading the case. ``format`` is :data:`FORMAT` when
written: summaries of an earlier format (written before ``names`` existed) are
recomputed like those of another calendar, once.

``follow_up`` / ``follow_up_ts`` are when the case should next be followed up on its
channel (:func:`cases.deadlines.next_follow_up`); ``next_kind`` says which of that and the
deadline comes first (``"follow_up"`` / ``"deadline"``, "" for neither) and ``next_ts`` is
that instant: what the countdown shows, and what lists sort and count on (format 4).
Summaries of format 3 or earlier have none of them: readers take the deadline for both
(:func:`next_ts_of`), and the first writer recomputes them.

``assignee`` is the volunteer the case is assigned to (format 5), so lists filter on it
and ``tousu today`` finds a volunteer's cases without reading them.

``deleted`` is when the case was deleted (``Store.delete_case``: hidden from every
list, restorable), None for a case in use; it is written only when set.
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from cases import deadline_kinds  # RULES_VERSION read when a stamp is made (tests bump it)
from cases.channels import ladder, ladder_checksum
from cases.countdown import NO_DEADLINE, countdown_text
from cases.deadline_kinds import FOLLOW_UP
from cases.instants import instant
from cases.privacy import case_names
from cases.statuses import closed_statuses
from cases.workdays import WorkCalendar, default_calendar

if TYPE_CHECKING:  # pragma: no cover
    import arrow

    from cases.deadlines import Deadline
    from cases.model import Case
    from cases.practice import PracticeRules

CLOSED_STATUSES = closed_statuses()
#: The summary format this tousu writes: 2 added ``names``, 3 ``deleted``, 4 ``follow_up``,
#: ``follow_up_ts``, ``next_kind`` and ``next_ts``, 5 ``assignee``. Summaries stored with an
#: earlier one (or none: 1) are recomputed; a later one is read as it is.
FORMAT = 5


class CaseSummary(NamedTuple):
    """What lists show of a case, with its deadline computed: stored beside the case."""

    id: str
    title: str
    platform: str
    status: str
    category: str
    channel: str  # current channel id, "" before any contact
    tier: int  # the current channel's tier, -1 before any contact
    ticket: str
    amount: str  # yuan, e.g. "128.00"
    tags: tuple[str, ...]
    names: tuple[str, ...]  # names masked in the case's text (cases.privacy.case_names)
    group_id: str
    updated: str
    rev: int
    deadline: str | None  # ISO 8601 with offset
    deadline_ts: float | None  # the same instant as a POSIX timestamp, for cheap arithmetic
    deadline_kind: str
    deadline_working_days: bool
    deadline_estimated: bool
    deadline_basis: str
    deadline_since: str | None
    stamp: str  # deadline_stamp() of the rules and calendar the deadline was computed with
    format: int  # FORMAT when written
    deleted: str | None = None  # when the case was deleted (ISO 8601); None: in use
    follow_up: str | None = None  # the next follow-up (ISO 8601 with offset); None: closed, no contact
    follow_up_ts: float | None = None
    next_kind: str = ""  # which comes first: "follow_up" or "deadline" ("" before format 4: the deadline)
    next_ts: float | None = None  # the instant of the one first (the deadline's before format 4)
    assignee: str = ""  # the volunteer the case is assigned to ("" unassigned; absent before format 5)

    @property
    def hidden(self) -> bool:
        """Deleted: listed only by ``tousu list --deleted``."""
        return self.deleted is not None

    @property
    def closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def due_ts(self) -> float | None:
        """The instant of what comes first, the follow-up or the deadline (:func:`next_ts_of`)."""
        if self.next_kind:
            return self.next_ts
        return self.deadline_ts

    def remaining(self, now_ts: float) -> int | None:
        """Seconds until what comes first, the follow-up or the deadline (negative when
        overdue), None without either."""
        due = self.due_ts
        if due is None:
            return None
        return math.floor(due - now_ts)

    def countdown(self, now_ts: float, today: date, lang: str = "zh", calendar: WorkCalendar | None = None) -> str:
        """:func:`cases.countdown.format_countdown` from the summary's numbers.

        ``today`` is the current date in Asia/Shanghai. Equal to the full
        computation (tested); several times cheaper, as no arrow object is made.
        """
        if self.next_kind == FOLLOW_UP and self.follow_up_ts is not None:
            return countdown_text(math.floor(self.follow_up_ts - now_ts), 0, estimated=False, follow_up=True,
                                  lang=lang)
        return countdown_from(self.deadline, self.deadline_ts, self.deadline_working_days,
                              self.deadline_estimated, self.deadline_kind, now_ts, today, lang, calendar)

    def to_deadline(self) -> Deadline | None:
        from cases.deadlines import Deadline  # the rules: not needed to show a summary

        if self.deadline is None:
            return None
        return Deadline(
            at=instant(self.deadline),
            kind=self.deadline_kind,
            working_days=self.deadline_working_days,
            estimated=self.deadline_estimated,
            channel=self.channel,
            basis=self.deadline_basis,
            since=instant(self.deadline_since or self.deadline),
        )

    def to_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in _NAMES}
        data["tags"] = list(self.tags)
        data["names"] = list(self.names)
        if data["deleted"] is None:
            del data["deleted"]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CaseSummary:
        values = {name: data.get(name) for name in _NAMES}
        values["tags"] = tuple(values["tags"] or ())
        values["names"] = tuple(values["names"] or ())
        values["format"] = values["format"] or 1
        values["next_kind"] = values["next_kind"] or ""
        values["assignee"] = values["assignee"] or ""
        return cls(**values)


_NAMES = CaseSummary._fields


def next_ts_of(doc: Mapping[str, Any]) -> float | None:
    """:attr:`CaseSummary.due_ts` of a stored summary dictionary: the instant of what comes
    first (follow-up or deadline); the deadline's in a summary written before format 4."""
    if doc.get("next_kind"):
        return doc.get("next_ts")
    return doc["deadline_ts"]


def countdown_from(deadline: str | None, deadline_ts: float | None, working_days: bool, estimated: bool,
                   kind: str, now_ts: float, today: date, lang: str = "zh",
                   calendar: WorkCalendar | None = None) -> str:
    """The countdown text from a summary's deadline fields (object or stored dictionary)."""
    if deadline is None or deadline_ts is None:
        return NO_DEADLINE
    left = math.floor(deadline_ts - now_ts)
    n = 0
    if working_days and left >= 0:
        due = date.fromisoformat(deadline[:10])  # stored in Asia/Shanghai
        n = (calendar or default_calendar()).working_days_in(today, due)
    return countdown_text(left, n, estimated=estimated, follow_up=kind == FOLLOW_UP, lang=lang)


def summarize(case: Case, calendar: WorkCalendar | None = None, practice: PracticeRules | None = None) -> CaseSummary:
    """The summary of ``case`` with its deadline under ``calendar`` and the store's ``practice``."""
    from cases.deadlines import case_next  # the rules: not needed to show a summary

    calendar = calendar or default_calendar()
    due = case_next(case, calendar, practice=practice)
    deadline, follow_up, first = due.deadline, due.follow_up, due.first
    chan = ladder().get(case.current_channel)
    return CaseSummary(
        id=case.id,
        title=case.title,
        platform=case.platform,
        status=case.status.value,
        category=case.category,
        channel=case.current_channel,
        tier=chan.tier if chan else -1,
        ticket=case.current_ticket,
        amount=str(case.amount),
        tags=tuple(case.tags),
        names=case_names(case),
        group_id=case.group_id,
        updated=case.updated,
        rev=case.rev,
        deadline=_iso(deadline.at) if deadline else None,
        deadline_ts=deadline.at.timestamp() if deadline else None,
        deadline_kind=deadline.kind if deadline else "",
        deadline_working_days=deadline.working_days if deadline else False,
        deadline_estimated=deadline.estimated if deadline else False,
        deadline_basis=deadline.basis if deadline else "",
        deadline_since=_iso(deadline.since) if deadline else None,
        stamp=deadline_stamp(calendar, practice),
        format=FORMAT,
        deleted=case.deleted_at or None,
        follow_up=_iso(follow_up.at) if follow_up else None,
        follow_up_ts=follow_up.at.timestamp() if follow_up else None,
        next_kind=due.kind,
        next_ts=first.at.timestamp() if first else None,
        assignee=case.assignee,
    )


def deadline_stamp(calendar: WorkCalendar, practice: PracticeRules | None = None) -> str:
    """What deadlines computed by this tousu with ``calendar`` and a store's ``practice``
    rules depend on, as one string: ``"<rules version>:<calendar stamp>:<channels.json
    checksum>"``, e.g. ``"3:0.109/-:5f0c2a9e"``, plus ``":<practice checksum>"`` for a store
    with practice rules (:mod:`cases.practice`).

    Stamps written before the rules version existed are ``"<calendar stamp>"`` alone."""
    stamp = f"{deadline_kinds.RULES_VERSION}:{calendar.stamp}:{ladder_checksum()}"
    return f"{stamp}:{practice.checksum}" if practice else stamp


@lru_cache(maxsize=64)
def stamp_order(stamp: str) -> tuple[int, tuple[int, ...]]:
    """The orderable part of a deadline stamp: (rules version, holidays library version).

    Greater means newer rules or newer published data; an older tousu reads
    summaries of a greater order as they are and never rewrites them (they
    would be rewritten back). Stamps without a rules version are version 0."""
    rules, sep, rest = stamp.partition(":")
    if not sep or not rules.isdigit():
        rules, rest = "0", stamp
    library = rest.split("/", 1)[0]
    return int(rules), tuple(int(n) for n in re.findall(r"\d+", library))


def _iso(at: arrow.Arrow) -> str:
    return at.isoformat()
