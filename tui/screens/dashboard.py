"""The dashboard: every open case, most urgent first, with live countdowns.

Start-up paints the most urgent cases from the store's ordered summaries
(``Store.summary_head``: two screenfuls, one small read each) and reads them all once
that first frame is on the terminal (``on_first_frame``, from the app's Ready).

Every later store read runs in a worker lane (:mod:`tui.store_work`): the
summaries after a change, the case an action opens, the next tier named in the
hint. The list, the cursor and the filter work on what is in memory meanwhile,
and the title bar shows the busy mark while store work lasts.

In parts: the reads and their messages (:mod:`tui.screens.dashboard_reads`), the title
bar and hint texts (:mod:`tui.screens.dashboard_text`) and the key actions on a case
(:mod:`tui.screens.dashboard_actions`).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from cases.countdown import DAY, Urgency
from cases.i18n import tr
from cases.summary import CLOSED_STATUSES
from cases.urgency import follow_up_counts, open_counts
from storage import StoreError
from tui.case_rows import CaseRow, RowCache, RowList
from tui.commands import bindings_for
from tui.screens.dashboard_actions import DashboardActions
from tui.screens.dashboard_reads import SummariesRead, TierRead, read_summaries, read_tier
from tui.screens.dashboard_text import due_counts, hint_text, title_text
from tui.store_work import Lane, StoreFailed
from tui.widgets.case_list import CaseList, wanted_widths
from tui.widgets.footer import KeyFooter

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    import arrow

    from tui.palette import CaseJump

__all__ = ["DashboardScreen", "hint_text"]


#: Time left to Textual's writer thread to put the first frame on the terminal.
FRAME_OUT_SECONDS = 0.03
#: Search texts built per step after start-up (~8 ms), and the pause between steps.
WARM_BATCH = 2000
WARM_PAUSE_SECONDS = 0.05


def case_jump() -> type[CaseJump]:
    """The palette's case provider, imported when the palette first opens (Textual takes a
    callable that returns a provider)."""
    from tui.palette import CaseJump

    return CaseJump


class DashboardScreen(DashboardActions, Screen):
    class Loaded(Message):
        """Every summary has been read once: store work that waited for the list can run."""

    BINDINGS = bindings_for("dashboard")
    COMMANDS = {case_jump}  # the palette jumps to a case too

    def __init__(self) -> None:
        super().__init__(id="dashboard")
        self.show_closed = False
        self._all_docs: list[dict] = []  # summaries, most urgent first
        self._open_docs: list[dict] = []
        #: Open, overdue and due-soon cases (None: not counted yet, the first frame's title)
        self._counts: tuple[int, int, int] | None = (0, 0, 0)
        self._follow_ups = (0, 0)  # of the overdue and due-soon counts, follow-ups
        self._shown = 0
        self._version: int | None = None
        self._all_read = asyncio.Event()  # set by the first full read (:meth:`wait_loaded`)
        self._minute: int | None = None  # the minute (POSIX time // 60) the list shows
        self._rows: RowCache | None = None
        self._damaged_told: set[str] = set()  # damaged cases already named in a notification
        self._summaries = Lane(self, "summaries")
        self._keep: tuple[str, int] | None = None  # (case to highlight, from the read with this token)
        self._tiers_lane = Lane(self, "tier")
        self._tiers: dict[tuple[str, int], str] = {}  # (case id, store version) -> next tier

    # -- layout -------------------------------------------------------------
    def compose(self) -> ComposeResult:
        app = self.app
        yield Static(id="title-bar")
        yield Input(placeholder=tr("tui.filter.placeholder"), id="filter", select_on_focus=False)
        yield CaseList(app.clock.timestamp(), app.lang, app.calendar, id="cases")
        yield Static(id="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._rows = RowCache(self.app.lang)
        if not self._show_head():
            self.reload()
        self.query_one(CaseList).focus()
        self.watch(self.app, "busy_shown", lambda _shown: self._update_title(), init=False)

    @property
    def case_list(self) -> CaseList:
        return self.query_one(CaseList)

    @property
    def loaded(self) -> bool:
        """Every summary has been read once (before that, the list shows the most
        urgent cases only, :meth:`_show_head`)."""
        return self._version is not None

    @property
    def version(self) -> int | None:
        """The store version the listed summaries were read at; None until every
        summary has been read once."""
        return self._version

    @property
    def search_ready(self) -> bool:
        """Every case's search text is built (:meth:`_warm_search`): the filter's first
        key builds none."""
        return self._rows is not None and self._rows.searchable(self._all_docs)

    async def wait_loaded(self) -> None:
        """Return once every summary has been read (the first screenful may come from the
        head alone, and the full read waits for the first frame to be out)."""
        await self._all_read.wait()

    # -- data -----------------------------------------------------------------
    def reload(self, keep: str | None = None) -> None:
        """Read the store again in a worker; repaint when it is read (only changed rows
        are rebuilt). ``keep``: the case to highlight then."""
        store = self.app.store
        token = self._summaries.request(lambda: read_summaries(store))
        if keep is not None:  # highlighted once this read (or a later one) is shown
            self._keep = (keep, token)

    @on(SummariesRead)
    def _summaries_read(self, message: SummariesRead) -> None:
        # Not dropped when a newer read was asked for: one thread reads them in order,
        # so each result is newer than what is on screen (a steady stream of changes
        # must not starve the list).
        assert self._rows is not None
        now_ts = self.app.clock.timestamp()
        self._rows.forget_missing(message.docs)
        self._all_docs = message.docs
        self._open_docs = message.open_docs
        self._version = message.version
        if not self._all_read.is_set():
            self.post_message(self.Loaded())
        self._all_read.set()
        self._minute = int(now_ts // 60)
        self.case_list.now_ts = now_ts
        self.case_list.calendar = self.app.calendar  # the store's schedule may have changed
        self.case_list.wanted = message.widths
        self._count(now_ts)
        self._tell_damaged(message.docs)
        keep = None
        if self._keep is not None and message.token >= self._keep[1]:  # not a read from before the save
            keep, self._keep = self._keep[0], None
        self.apply_filter(keep=keep)

    def _show_head(self) -> bool:
        """Paint the most urgent cases before reading them all: the store keeps the
        summaries in this order, so two screenfuls cost one small read instead of the
        whole table (10k cases: ~0.1 s sooner on screen). The title's counts follow
        right after that frame (:meth:`_count_head`), everything once it is on the
        terminal (:meth:`on_first_frame`). False if the store cannot answer so."""
        head = self.app.store.summary_head(max(2 * self.app.size.height, 50))
        if head is None:
            return False
        docs, keys = head
        now_ts = self.app.clock.timestamp()  # no arrow object (nor arrow imported) before the first frame
        self._all_docs = docs
        self._open_docs = [d for d in docs if d["status"] not in CLOSED_STATUSES]
        self._version = None  # not everything yet (and if the first frame never came, the next tick reads all)
        self._minute = int(now_ts // 60)
        self.case_list.now_ts = now_ts
        self.case_list.wanted = wanted_widths(docs)
        self._counts = None
        self.apply_filter()
        self.call_after_refresh(self._count_head, keys)
        return True

    def _count_head(self, keys: Callable[[], list[list]]) -> None:
        """The title's counts from every case's order key, once the rows are painted:
        parsing 10,000 keys (~4 ms) is what the rows do not need."""
        if self._counts is not None:  # every summary was read meanwhile, and counted
            return
        try:
            every = keys()
        except StoreError:
            return  # a damaged index: the full read that follows says so
        self._counts = open_counts(every, self.case_list.now_ts, DAY)
        self._follow_ups = follow_up_counts(every, self._counts[1], self._counts[2])
        self.apply_filter()

    def _count(self, now_ts: float) -> None:
        """The title bar's counts at the POSIX time ``now_ts`` (once per change or minute)."""
        self._counts, self._follow_ups = due_counts(self._open_docs, now_ts)

    def apply_filter(self, keep: str | None = None) -> None:
        text = self.query_one("#filter", Input).value
        filtered = False  # nothing typed (the first frame): the query's parser is not even imported
        show_closed = self.show_closed
        if text.split():
            from tui.filter_query import parse_query

            query = parse_query(text, self.app.lang, self.app.volunteer)
            show_closed = show_closed or query.wants_closed()
            filtered = not query.empty
        pool = self._all_docs if show_closed else self._open_docs
        if filtered:
            row = self._rows.row
            pool = [d for d in pool if query.matches(row(d))]
        rows = RowList(pool, self._rows)
        lst = self.case_list
        current = keep or (lst.highlighted.id if lst.highlighted else None)
        if not self._all_docs:
            lst.empty_text = tr("tui.dashboard.no_cases")
        else:
            lst.empty_text = tr("tui.dashboard.no_match")
        lst.set_rows(rows, keep=current)
        # Unfiltered, the open cases are shown: their count is known before all are read.
        self._shown = self._counts[0] if self._counts and not filtered and not show_closed else len(rows)
        self._update_title()
        # After the paint: an overdue case's hint reads the case (and the escalation rules).
        self.call_after_refresh(lambda: self._update_hint(lst.highlighted))

    def on_tick(self, now: arrow.Arrow, changed: bool) -> None:
        """Called by the app every second with the injected clock's time."""
        if changed or (self._version != self.app.store.version and not self._summaries.busy):
            self.reload()
            return
        now_ts = now.timestamp()
        minute = int(now_ts // 60)
        if minute != self._minute:
            self._minute = minute
            self._count(now_ts)
            self.case_list.set_now(now_ts)
            self._update_title()
            self._update_hint(self.case_list.highlighted)

    def on_screen_resume(self) -> None:
        # (None: the head is on screen and everything is read after its paint, see _painted)
        if self._version is not None and self._version != self.app.store.version:
            self.reload()

    def _tell_damaged(self, docs: list[dict]) -> None:
        """Name the cases whose stored document is damaged (listed as such, they cannot be
        opened) in one notification, once each (10k summaries: ~0.3 ms to look)."""
        from storage import DAMAGED, damaged_error

        new = [d for d in docs if DAMAGED in d and d["id"] not in self._damaged_told]
        if not new:
            return
        self._damaged_told.update(d["id"] for d in new)
        store, lang = self.app.store, self.app.lang
        if len(new) == 1:
            message = damaged_error(new[0], store.path).message(lang)
        else:
            ids = tr("cli.sep.list", lang).join(d["id"] for d in new[:10]) + ("…" if len(new) > 10 else "")
            message = tr("tui.dashboard.damaged_many", lang, n=len(new), ids=ids, path=store.path)
        self.notify(message, title=tr("tui.store.damaged", lang), severity="warning", timeout=15, markup=False)

    # -- header and hint ----------------------------------------------------
    def _update_title(self) -> None:
        app = self.app
        text = title_text(self.case_list.now_ts, self._shown, self._counts, self._follow_ups,
                          show_closed=self.show_closed, read_only=not app.store.writable,
                          busy=app.busy_shown, width=self.size.width)
        self.query_one("#title-bar", Static).update(text)

    def _update_hint(self, row: CaseRow | None) -> None:
        """The hint line; an overdue case's next tier is read in a worker (the hint says
        "urge" until it is known, then names the tier too)."""
        next_tier = ""
        now_ts = self.case_list.now_ts
        if row is not None and not row.closed and row.urgency(now_ts) is Urgency.OVERDUE:
            found = self._tiers.get((row.id, self.app.store.version))
            if found is None:
                app, case_id = self.app, row.id
                self._tiers_lane.request(lambda: read_tier(app.store, case_id, app.clock.now(), app.lang, app.calendar))
            next_tier = found or ""
        self.query_one("#hint", Static).update(hint_text(row, now_ts, self.app.lang, next_tier))

    @on(TierRead)
    def _tier_read(self, message: TierRead) -> None:
        if len(self._tiers) > 1000:
            self._tiers.clear()
        self._tiers[(message.case_id, message.version)] = message.tier
        row = self.case_list.highlighted
        if message.wanted and row is not None and row.id == message.case_id:
            self._update_hint(row)

    @on(StoreFailed)
    def _store_failed(self, message: StoreFailed) -> None:
        if message.lane is self._tiers_lane:
            message.stop()  # the hint goes without the tier (a case gone meanwhile: the list says so)

    # -- events -------------------------------------------------------------
    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.apply_filter()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.case_list.focus()

    def on_first_frame(self) -> None:
        """Called by the app once its first frame is on the terminal."""
        # Not at once: Textual's writer thread sends the frame to the terminal, and the
        # read holds the GIL for ~50 ms in one C call (the JSON parse) that would hold it back.
        self.set_timer(FRAME_OUT_SECONDS, self._read_all)

    def _read_all(self) -> None:
        if self._version is None:  # the first screenful came from the head: now read everything
            self.reload()
        self.set_timer(WARM_PAUSE_SECONDS, self._warm_search)

    def _warm_search(self, start: int = 0, docs: list[dict] | None = None) -> None:
        """Build the filter's search text of every case while the user reads the list, a
        slice at a time, so the first key typed in the filter does not build all of them
        (10k cases: ~45 ms on that key, 0.4 s at 100k). Rows survive reloads when their
        summary did not change; after a reload the walk restarts, cheaply, on the new list."""
        if docs is not self._all_docs:
            docs, start = self._all_docs, 0
        row = self._rows.row if self._rows is not None else None
        if row is None:
            return
        for doc in docs[start : start + WARM_BATCH]:
            row(doc).blob
        if start + WARM_BATCH < len(docs):
            self.set_timer(WARM_PAUSE_SECONDS, lambda: self._warm_search(start + WARM_BATCH, docs))

    @on(CaseList.Highlighted)
    def _highlighted(self, message: CaseList.Highlighted) -> None:
        self._update_hint(message.row)

    def palette_rows(self, size: int):
        """Every case held (open ones first, as listed), ``size`` rows at a time: what the
        command palette searches (:class:`tui.palette.CaseJump`)."""
        if self._rows is None:
            return
        docs = self._open_docs + [d for d in self._all_docs if d["status"] in CLOSED_STATUSES]
        row = self._rows.row
        for start in range(0, len(docs), size):
            yield start, [row(d) for d in docs[start : start + size]]

    def jump_to(self, case_id: str) -> None:
        """Highlight case ``case_id`` (from the palette): if the filter or the hidden
        closed cases keep it out of the list, they no longer do."""
        lst = self.case_list
        index = lst.rows.index_of(case_id) if isinstance(lst.rows, RowList) else None
        if index is None:
            doc = next((d for d in self._all_docs if d["id"] == case_id), None)
            if doc is None:
                return
            if doc["status"] in CLOSED_STATUSES:
                self.show_closed = True
            filt = self.query_one("#filter", Input)
            with filt.prevent(Input.Changed):
                filt.value = ""
            self.apply_filter(keep=case_id)
        else:
            lst.cursor = index
        lst.focus()

    def key_escape(self) -> None:
        """Esc clears an active filter, from the filter or the list, and goes to the list."""
        filt = self.query_one("#filter", Input)
        if filt.value:
            filt.value = ""  # Input.Changed: the list is filtered again (by nothing)
        self.case_list.focus()

    def on_resize(self) -> None:
        if self._rows is not None:
            self._update_title()

    # -- actions --------------------------------------------------------------
    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_toggle_closed(self) -> None:
        self.show_closed = not self.show_closed
        self.apply_filter()
        self.notify(tr("tui.dashboard.closed_on" if self.show_closed else "tui.dashboard.closed_off"))
