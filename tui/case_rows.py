"""The dashboard's view of a case: one row built from the store's summary.

A row never needs the case document: the summary carries what the list shows,
filters and sorts on, with the deadline precomputed. What depends on the time
(countdown text, urgency) is computed at paint time for the visible rows only;
the deadline object, the masked title and platform and the search text are
built on first use.

Titles, platforms and tags are text the user typed: a row shows them masked
(:func:`cases.privacy.mask_text` with the summary's ``names``, the complainant's,
which is what ``mask_case_text`` does for the case), and the filter searches
the masked text, so typing a phone number does not find a row whose phone is
hidden. Ids, tickets and channels are shown and searched as they are.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from cases.channels import ladder
from cases.clock import china_date, local_text
from cases.countdown import Urgency, urgency_for
from cases.i18n import tr
from cases.privacy import mask_text
from cases.statuses import status_name
from cases.summary import CLOSED_STATUSES, CaseSummary, next_ts_of
from cases.urgency import summary_doc_key
from cases.workdays import WorkCalendar

if TYPE_CHECKING:  # pragma: no cover
    from cases.deadlines import Deadline



def status_label(status: str, lang: str | None = None) -> str:
    """The status word (cases.statuses: the same everywhere)."""
    return status_name(status, lang)


class CaseRow:
    """One listed case, over the store's summary dictionary (``CaseSummary.to_dict``
    form). Only the rows painted or filtered on build anything more: the
    ``CaseSummary`` object, the deadline, the masked title and platform, the
    search text."""

    __slots__ = ("doc", "lang", "_summary", "_blob", "_title", "_platform")

    def __init__(self, doc: dict, lang: str) -> None:
        self.doc = doc
        self.lang = lang
        self._summary: CaseSummary | None = None
        self._blob: str | None = None
        self._title: str | None = None
        self._platform: str | None = None

    # -- what the summary says ------------------------------------------------
    id = property(lambda self: self.doc["id"])
    status = property(lambda self: self.doc["status"])
    channel = property(lambda self: self.doc["channel"])
    ticket = property(lambda self: self.doc["ticket"])
    tier = property(lambda self: self.doc["tier"])
    assignee = property(lambda self: self.doc.get("assignee") or "")  # (absent before summary format 5)

    @property
    def title(self) -> str:
        """The title as shown: masked. A case whose stored document is damaged says so
        (its summary is :func:`storage.summary_docs.damaged_summary`)."""
        if self._title is None:
            damaged = self.doc.get("damaged")
            if damaged is not None:
                self._title = tr("tui.dashboard.damaged_row", self.lang, field=damaged)
            else:
                self._title = self._masked(self.doc["title"])
        return self._title

    @property
    def platform(self) -> str:
        """The platform as shown: masked (it is typed text too)."""
        if self._platform is None:
            self._platform = self._masked(self.doc["platform"])
        return self._platform

    def _masked(self, text: str) -> str:
        return mask_text(text, names=self.doc.get("names") or ())

    @property
    def closed(self) -> bool:
        return self.doc["status"] in CLOSED_STATUSES

    @property
    def s(self) -> CaseSummary:
        if self._summary is None:
            self._summary = CaseSummary.from_dict(self.doc)
        return self._summary

    @property
    def channel_name(self) -> str:
        chan = ladder().get(self.doc["channel"])
        return chan.short(self.lang) if chan else ""

    @property
    def deadline(self) -> Deadline | None:
        return self.s.to_deadline() if self.doc["deadline"] is not None else None

    @property
    def deadline_text(self) -> str:
        """The deadline column, from the summary's POSIX time (no deadline object is made)."""
        s = self.s
        if s.deadline is None or s.deadline_ts is None:
            return ""
        if s.deadline_estimated:  # a working-day count (so the day's end) into a year without its schedule
            return tr("cases.countdown.estimated", self.lang) + china_date(s.deadline_ts).strftime("%m-%d")
        return local_text(s.deadline_ts, "%m-%d %H:%M")

    @property
    def searchable(self) -> bool:
        """Its search text (:attr:`blob`) is built."""
        return self._blob is not None

    @property
    def blob(self) -> str:
        """Case-folded text the free-text filter searches: what is shown, masked."""
        if self._blob is None:
            d = self.doc
            # One call for the typed texts: a line break joins no digits into a number, nor names.
            typed = self._masked("\n".join((d["title"], d["platform"], *d["tags"])))
            self._blob = f"{d['id']} {typed} {d['ticket']} ".casefold() + _words(d["channel"], d["status"], self.lang)
        return self._blob

    # -- what depends on the time --------------------------------------------
    def urgency(self, now_ts: float) -> Urgency:
        """How urgent the case is at the POSIX time ``now_ts``."""
        due_ts = next_ts_of(self.doc)  # the next follow-up or the deadline, whichever first
        return urgency_for(None if due_ts is None else math.floor(due_ts - now_ts))

    def countdown(self, now_ts: float, lang: str, calendar: WorkCalendar | None) -> str:
        """The countdown column at the POSIX time ``now_ts``."""
        return self.s.countdown(now_ts, china_date(now_ts), lang, calendar)


_WORDS: dict[tuple[str, str, str], str] = {}


def _words(channel: str, status: str, lang: str) -> str:
    """The searchable words of a channel and a status, case-folded (the same for many rows)."""
    key = (channel, status, lang)
    words = _WORDS.get(key)
    if words is None:
        chan = ladder().get(channel)
        words = _WORDS[key] = " ".join((
            channel, chan.short(lang) if chan else "", chan.name(lang) if chan else "",
            status, status_label(status, lang),
        )).casefold()
    return words


class RowCache:
    """Rows by case id, made on first use and kept while the store keeps the summary."""

    def __init__(self, lang: str) -> None:
        self._lang = lang
        self._rows: dict[str, CaseRow] = {}

    def row(self, doc: dict) -> CaseRow:
        row = self._rows.get(doc["id"])
        if row is None or row.doc is not doc:
            row = self._rows[doc["id"]] = CaseRow(doc, self._lang)
        return row

    def searchable(self, docs: list[dict]) -> bool:
        """Each of ``docs`` has its row, with its search text built."""
        return all((row := self._rows.get(d["id"])) is not None and row.doc is d and row.searchable for d in docs)

    def forget_missing(self, docs: list[dict]) -> None:
        """Drop rows of cases no longer in the store (after a reload)."""
        if len(self._rows) > len(docs):
            present = {d["id"] for d in docs}
            self._rows = {k: v for k, v in self._rows.items() if k in present}


class RowList(Sequence[CaseRow]):
    """The listed cases, most urgent first, as rows made only when asked for.

    Building a row object for each of 10,000 cases before the first paint costs
    ~30 ms; the list paints ~40 of them.
    """

    def __init__(self, docs: list[dict], cache: RowCache) -> None:
        self.docs = docs
        self._cache = cache

    def __len__(self) -> int:
        return len(self.docs)

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            return [self._cache.row(d) for d in self.docs[index]]
        return self._cache.row(self.docs[index])

    def index_of(self, case_id: str) -> int | None:
        for i, doc in enumerate(self.docs):
            if doc["id"] == case_id:
                return i
        return None


def sort_docs(docs: list[dict]) -> list[dict]:
    """Summary dictionaries most urgent first (the order of cases.urgency, which
    does not change with time)."""
    return sorted(docs, key=summary_doc_key)
