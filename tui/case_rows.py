"""The dashboard's view of a case: one row, with what the list shows and filters on.

Everything here that does not depend on the current time is computed once per
case revision; the countdown is formatted at paint time from the injected clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import arrow

from cases.channels import ladder
from cases.countdown import format_countdown, remaining_seconds, urgency_of, Urgency
from cases.deadlines import Deadline, case_deadline
from cases.i18n import tr
from cases.model import Case
from cases.urgency import by_urgency
from cases.workdays import WorkCalendar


@dataclass(frozen=True)
class CaseRow:
    case: Case
    deadline: Deadline | None
    channel_name: str
    tier: int
    deadline_text: str  # local time of the deadline, e.g. "11-22 18:00"
    blob: str  # case-folded text the free-text filter searches

    @property
    def id(self) -> str:
        return self.case.id

    @property
    def amount(self) -> Decimal:
        return self.case.amount

    def countdown(self, now: arrow.Arrow, lang: str, calendar: WorkCalendar | None) -> str:
        return format_countdown(self.deadline, now, lang, calendar)

    def urgency(self, now: arrow.Arrow) -> Urgency:
        return urgency_of(self.deadline, now)

    def remaining(self, now: arrow.Arrow) -> int | None:
        return None if self.deadline is None else remaining_seconds(self.deadline, now)


def status_label(status: str, lang: str | None = None) -> str:
    return tr(f"tui.status.{status}", lang)


def build_row(case: Case, calendar: WorkCalendar | None, lang: str) -> CaseRow:
    deadline = case_deadline(case, calendar)
    chan = ladder().get(case.current_channel)
    channel_name = chan.short(lang) if chan else ""
    deadline_text = deadline.at.format("MM-DD HH:mm") if deadline else ""
    blob = " ".join(
        (
            case.id,
            case.title,
            case.platform,
            case.entity.name,
            case.current_ticket,
            case.current_channel,
            channel_name,
            chan.name(lang) if chan else "",
            case.status.value,
            status_label(case.status.value, lang),
            " ".join(case.tags),
        )
    ).casefold()
    return CaseRow(
        case=case,
        deadline=deadline,
        channel_name=channel_name,
        tier=chan.tier if chan else -1,
        deadline_text=deadline_text,
        blob=blob,
    )


class RowCache:
    """Rows by case id, rebuilt only for cases whose revision changed."""

    def __init__(self, calendar: WorkCalendar | None, lang: str) -> None:
        self._calendar = calendar
        self._lang = lang
        self._rows: dict[str, tuple[int, str, CaseRow]] = {}

    def rows(self, cases: list[Case]) -> list[CaseRow]:
        fresh: dict[str, tuple[int, str, CaseRow]] = {}
        for case in cases:
            cached = self._rows.get(case.id)
            if cached is not None and cached[0] == case.rev and cached[1] == case.updated:
                fresh[case.id] = cached
            else:
                fresh[case.id] = (case.rev, case.updated, build_row(case, self._calendar, self._lang))
        self._rows = fresh
        return [entry[2] for entry in fresh.values()]


def sort_rows(rows: list[CaseRow], now: arrow.Arrow) -> list[CaseRow]:
    """Most urgent first (cases.urgency decides the order)."""
    by_case = {id(r.case): r for r in rows}
    ordered = by_urgency(((r.case, r.deadline) for r in rows), now)
    return [by_case[id(item[0])] for item in ordered]
