"""The stats screen (``S`` on the dashboard): the figures of ``tousu stats`` with bar charts.

The figures are computed in a worker (a :class:`~tui.store_work.Lane` of the screen: the
summaries and every timeline, ~2 s for 10,000 cases on the development VM); the screen
says it is counting until they arrive, and a store that cannot be read is said in the
screen and in a notification, never raised.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from cases.i18n import tr
from cases.stats import Stats
from tui.commands import bindings_for
from tui.store_work import Lane, LaneMessage, StoreFailed
from tui.widgets.footer import KeyFooter


def store_stats(store, now: datetime) -> Stats:
    """The figures of every case in use; damaged ones are left out (``Stats.left_out``)."""
    from cases.stats import compute
    from storage import DAMAGED

    docs = store.summary_docs()
    stats = compute([d for d in docs if DAMAGED not in d], store.timelines(), now)
    stats.left_out[:0] = [d["id"] for d in docs if DAMAGED in d]
    return stats


class StatsComputed(LaneMessage):
    def __init__(self, stats: Stats) -> None:
        super().__init__()
        self.stats = stats


class StatsScreen(Screen):
    SCOPE = "stats"
    BINDINGS = bindings_for("stats")
    AUTO_FOCUS = "#stats-scroll"

    def __init__(self) -> None:
        super().__init__(id="stats")
        self.stats: Stats | None = None
        self._lane = Lane(self, "stats")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="stats-scroll"):
            yield Static(Text(tr("tui.stats.loading"), style="italic"), id="stats-body")
        yield KeyFooter()

    def on_mount(self) -> None:
        store, now = self.app.store, self.app.clock.now().datetime
        self._lane.request(lambda: StatsComputed(store_stats(store, now)))

    @on(StatsComputed)
    def _computed(self, message: StatsComputed) -> None:
        if not message.wanted:
            return
        from tui.stats_view import stats_view

        stats = self.stats = message.stats
        self.query_one("#stats-body", Static).update(stats_view(stats, self.app.lang))
        if stats.left_out:
            self.notify(tr("tui.stats.left_out", n=len(stats.left_out), ids=", ".join(stats.left_out[:5])),
                        severity="warning", markup=False)

    @on(StoreFailed)
    def _failed(self, message: StoreFailed) -> None:
        text = message.said_by(self._lane, self)
        if text is not None:
            self.query_one("#stats-body", Static).update(Text(tr("tui.stats.failed", error=text)))

    def action_back(self) -> None:
        self.dismiss()
