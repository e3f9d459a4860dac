"""The dashboard's store reads, run in its worker lanes, and the messages that bring them back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cases.channels import ladder
from cases.summary import CLOSED_STATUSES
from cases.workdays import WorkCalendar
from storage import no_gc
from storage.store import Store
from tui.case_rows import sort_docs
from tui.store_work import LaneMessage
from tui.widgets.case_list import wanted_widths

if TYPE_CHECKING:  # pragma: no cover
    import arrow


class SummariesRead(LaneMessage):
    """Every summary, most urgent first, as of ``version``."""

    def __init__(self, docs: list[dict], version: int) -> None:
        super().__init__()
        self.docs = docs
        self.open_docs = [d for d in docs if d["status"] not in CLOSED_STATUSES]
        self.version = version
        self.widths = wanted_widths(docs)  # made in the worker: ~20 ms at 10k cases


class TierRead(LaneMessage):
    """The channel suggested next for an overdue case ("" if none), as of ``version``."""

    def __init__(self, case_id: str, version: int, tier: str) -> None:
        super().__init__()
        self.case_id = case_id
        self.version = version
        self.tier = tier


def read_summaries(store: Store) -> SummariesRead:
    """Worker: every summary, sorted (10k cases: ~50 ms, more when another process compacted)."""
    version = store.version  # before the read: a change meanwhile makes the next tick read again
    with no_gc():  # 10,000 dicts and sort keys: collections here only cost time
        docs = sort_docs(store.summary_docs())
    return SummariesRead(docs, version)


def read_tier(store: Store, case_id: str, now: arrow.Arrow, lang: str, calendar: WorkCalendar | None) -> TierRead:
    """Worker: read the case and name its suggested next tier."""
    from cases.escalation import suggest_targets  # ~10 ms: not before the first paint

    version = store.version
    targets = suggest_targets(store.case(case_id), now, calendar)
    return TierRead(case_id, version, ladder()[targets[0]].name(lang) if targets else "")
