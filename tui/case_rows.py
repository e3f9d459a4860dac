"""The dashboard's view of a case: one row built from the store's summary.

A row never needs the case document: the summary carries what the list shows,
filters and sorts on, with the deadline precomputed. What depends on the time
(countdown text, urgency) is computed at paint time for the visible rows only;
the deadline object and the search text are built on first use.
"""

from __future__ import annotations

import arrow

from cases.channels import ladder
from cases.countdown import Urgency, format_countdown
from cases.deadlines import Deadline
from cases.i18n import tr
from cases.summary import CaseSummary
from cases.urgency import summary_key, urgency_at
from cases.workdays import WorkCalendar

_UNSET = object()


def status_label(status: str, lang: str | None = None) -> str:
    return tr(f"tui.status.{status}", lang)


class CaseRow:
    __slots__ = ("s", "lang", "_deadline", "_blob")

    def __init__(self, summary: CaseSummary, lang: str) -> None:
        self.s = summary
        self.lang = lang
        self._deadline: object = _UNSET
        self._blob: str | None = None

    # -- what the summary says ------------------------------------------------
    id = property(lambda self: self.s.id)
    title = property(lambda self: self.s.title)
    platform = property(lambda self: self.s.platform)
    status = property(lambda self: self.s.status)
    channel = property(lambda self: self.s.channel)
    ticket = property(lambda self: self.s.ticket)
    tier = property(lambda self: self.s.tier)
    closed = property(lambda self: self.s.closed)

    @property
    def channel_name(self) -> str:
        chan = ladder().get(self.s.channel)
        return chan.short(self.lang) if chan else ""

    @property
    def deadline(self) -> Deadline | None:
        if self._deadline is _UNSET:
            self._deadline = self.s.to_deadline()
        return self._deadline  # type: ignore[return-value]

    @property
    def deadline_text(self) -> str:
        deadline = self.deadline
        return deadline.at.format("MM-DD HH:mm") if deadline else ""

    @property
    def blob(self) -> str:
        """Case-folded text the free-text filter searches."""
        if self._blob is None:
            s = self.s
            chan = ladder().get(s.channel)
            self._blob = " ".join((
                s.id, s.title, s.platform, s.ticket, s.channel,
                chan.short(self.lang) if chan else "", chan.name(self.lang) if chan else "",
                s.status, status_label(s.status, self.lang), " ".join(s.tags),
            )).casefold()
        return self._blob

    # -- what depends on the time --------------------------------------------
    def urgency(self, now: arrow.Arrow) -> Urgency:
        return urgency_at(self.s, now.timestamp())

    def countdown(self, now: arrow.Arrow, lang: str, calendar: WorkCalendar | None) -> str:
        return format_countdown(self.deadline, now, lang, calendar)


class RowCache:
    """Rows by case id, rebuilt only for cases whose revision changed."""

    def __init__(self, lang: str) -> None:
        self._lang = lang
        self._rows: dict[str, CaseRow] = {}

    def rows(self, summaries: list[CaseSummary]) -> list[CaseRow]:
        fresh: dict[str, CaseRow] = {}
        old = self._rows
        for s in summaries:
            row = old.get(s.id)
            if row is None or row.s != s:
                row = CaseRow(s, self._lang)
            fresh[s.id] = row
        self._rows = fresh
        return list(fresh.values())


def sort_rows(rows: list[CaseRow]) -> list[CaseRow]:
    """Most urgent first (cases.urgency decides the order; it does not change with time)."""
    return sorted(rows, key=lambda r: summary_key(r.s))
