"""The today view (``T`` on the dashboard): what is due or overdue for the volunteer
using tousu (``app.volunteer``), in urgency order, then the work nobody is assigned to,
as ``tousu today`` prints it (:mod:`cases.today`, :func:`storage.workload.due_items`).
``a`` shows every volunteer's work instead. The items are gathered in a worker (a
:class:`~tui.store_work.Lane`; again when another process changed the store and once
a minute, so other volunteers' changes and the passing time show); a
:class:`~tui.store_work.Lane`); a store that cannot be read is said in the screen and in
a notification, never raised. Names and titles are masked (:mod:`cases.privacy`).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from cases.clock import clock_text
from cases.i18n import tr
from cases.today import OVERDUE, Due, by_volunteer, for_volunteer, line_of
from tui.commands import bindings_for
from tui.store_work import Lane, LaneMessage, StoreFailed
from tui.widgets.footer import KeyFooter


#: How often the screen gathers again when nothing changed but the time.
REGATHER_SECONDS = 60


class TodayGathered(LaneMessage):
    def __init__(self, items: list[Due]) -> None:
        super().__init__()
        self.items = items


class TodayScreen(Screen):
    SCOPE = "today"
    BINDINGS = bindings_for("today")
    AUTO_FOCUS = "#today-scroll"

    def __init__(self) -> None:
        super().__init__(id="today")
        self.items: list[Due] | None = None
        self.everyone = False
        self._gathered_at = 0.0
        self._lane = Lane(self, "today")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="today-scroll"):
            yield Static(Text(tr("tui.today.loading"), style="italic"), id="today-body")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._gather()

    def _gather(self) -> None:
        from storage.workload import due_items

        store, now = self.app.store, self.app.clock.now()
        self._gathered_at = now.timestamp()
        self._lane.request(lambda: TodayGathered(due_items(store, now)))

    def on_tick(self, now: Any, changed: bool) -> None:
        """The app's clock: gather again (in the worker) when another process changed the
        store, and once a minute as time passes (a case comes into the window or becomes
        overdue; the countdowns count minutes)."""
        if changed or now.timestamp() - self._gathered_at >= REGATHER_SECONDS:
            self._gather()

    @on(TodayGathered)
    def _gathered(self, message: TodayGathered) -> None:
        if not message.wanted:
            return
        self.items = message.items
        self._paint()

    def _paint(self) -> None:
        if self.items is None:
            return
        self.query_one("#today-body", Static).update(today_view(self.items, self.app.volunteer, self.everyone,
                                                                  self.app.clock.now(), self.app.lang,
                                                                  self.app.store.calendar))

    @on(StoreFailed)
    def _failed(self, message: StoreFailed) -> None:
        text = message.said_by(self._lane, self)
        if text is not None:
            self.query_one("#today-body", Static).update(Text(tr("tui.today.failed", error=text)))

    def action_toggle_everyone(self) -> None:
        self.everyone = not self.everyone
        self._paint()

    def action_back(self) -> None:
        self.dismiss()


def today_view(items: list[Due], me: str, everyone: bool, now: Any, lang: str, calendar: Any = None) -> Text:
    """The screen's text: ``me``'s items (every volunteer's with ``everyone``), then the unassigned."""
    now_ts, today = now.timestamp(), now.date()
    out = Text()
    out.append(tr("cli.today.now", lang, at=clock_text(now.timestamp())), style="dim")
    out.append("\n")
    sections = list(by_volunteer(items).items()) if everyone else [(me, for_volunteer(items, me))]
    if not sections:
        out.append("\n" + tr("cli.today.nobody", lang) + "\n")
    for name, found in sections:
        _section(out, tr("cli.today.heading", lang, name=name, n=len(found)), found, now_ts, today, lang, calendar)
    unassigned = for_volunteer(items, "")
    _section(out, tr("cli.today.unassigned", lang, n=len(unassigned)), unassigned, now_ts, today, lang, calendar)
    return out


def _section(out: Text, heading: str, items: list[Due], now_ts: float, today: Any, lang: str, calendar: Any) -> None:
    out.append("\n" + heading + "\n", style="bold")
    if not items:
        out.append("  " + tr("cli.today.none", lang) + "\n", style="italic")
        return
    for d in items:
        line = line_of(d, now_ts, today, lang, calendar)
        style = "bold red" if d.need == OVERDUE else ("bold" if d.is_case else "")
        out.append(f"  {line.mark:2} ", style=style)
        out.append(line.ref, style="bold")
        out.append("  " + line.what, style=style)
        if line.when:
            out.append("  " + line.when)
        if line.title:
            out.append("  " + line.title, style="dim")
        out.append("\n")
