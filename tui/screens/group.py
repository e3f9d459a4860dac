"""The group screen (``G`` on a group case): the roster of a group complaint.

Always on screen above the roster: participants, total amount, evidence complete,
consents and 委托书 on file, and the same per volunteer (assignee). The roster is a
line-based view (:class:`~tui.widgets.roster_list.RosterList`): 30,000 participants cost
one screenful to paint. It is read in this screen's worker lane
(``Store.roster_docs``: the stored documents, no participant objects) and read again when
the store changes; the filter (:mod:`tui.roster_filter`) runs over the rows in memory.

Space picks a participant for a bulk action, ``*`` picks (or drops) every one shown;
the actions (assign, status, mark, log a contact) act on the picked ones, or on the
highlighted one when none is picked, each as one store change
(``Store.update_participants``: one activity entry) written in a worker. ``e`` edits the
highlighted participant in a form (``Store.save_participant``): a field someone else
changed meanwhile is shown under that field and what was typed stays in the form.

The read and its messages are in :mod:`tui.screens.group_reads`, the totals block in
:mod:`tui.screens.group_totals`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import arrow
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Static

from cases.clock import clock_text
from cases.i18n import tr
from cases.model import Group
from cases.roster import Participant, Totals
from themes.loader import screen_stylesheets
from tui.commands import bindings_for
from tui.roster_filter import parse_roster_query
from tui.roster_rows import RosterRow
from tui.screens.group_reads import RosterHead, RosterRead, read_roster
from tui.screens.group_totals import totals_text
from tui.store_work import Lane, StoreFailed
from tui.widgets.footer import KeyFooter
from tui.widgets.roster_list import RosterList

class GroupScreen(Screen):
    CSS_PATH = screen_stylesheets("group")
    SCOPE = "group"
    BINDINGS = bindings_for("group")
    AUTO_FOCUS = "#roster"

    def __init__(self, case_id: str) -> None:
        super().__init__(id="group")
        self.case_id = case_id
        self.group: Group | None = None
        self.rows: list[RosterRow] = []
        self.shown: list[RosterRow] = []
        self.totals = Totals()
        self._version: int | None = None
        self._lane = Lane(self, "roster")
        self._problems: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(id="title-bar")
        yield Static(Text(tr("tui.group.loading"), style="italic"), id="group-totals")
        yield Input(placeholder=tr("tui.group.filter_placeholder"), id="filter", select_on_focus=False)
        yield RosterList(self.app.lang, id="roster")
        yield Static(id="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.roster_list.empty_text = tr("tui.group.loading")
        self._update_title()
        self.reload()

    @property
    def roster_list(self) -> RosterList:
        return self.query_one(RosterList)

    @property
    def loaded(self) -> bool:
        return self._version is not None

    # -- data -----------------------------------------------------------------
    def reload(self) -> None:
        store, case_id = self.app.store, self.case_id
        head = self.post_message if self._version is None else None  # (thread-safe)
        self._lane.request(lambda: read_roster(store, case_id, head))

    @on(RosterHead)
    def _head(self, message: RosterHead) -> None:
        if self._version is not None:
            return  # everything is on screen already
        self.group = message.group
        self.rows = message.rows
        self.query_one("#group-totals", Static).update(
            Text(tr("tui.group.counting", n=f"{message.count:,}"), style="italic"))
        self.apply_filter()

    @on(RosterRead)
    def _read(self, message: RosterRead) -> None:
        if not message.wanted:
            return
        self.group = message.group
        self.rows = message.rows
        self.totals = message.totals
        self._version = message.version
        known = {r.id for r in message.rows}
        self.roster_list.selected &= known  # (someone removed a picked participant meanwhile)
        self.query_one("#group-totals", Static).update(totals_text(message.totals, self.app.lang))
        self.apply_filter()

    @on(StoreFailed)
    def _failed(self, message: StoreFailed) -> None:
        if message.said_by(self._lane, self) is None:
            return
        if self._version is None and self.is_current:
            self.app.pop_screen()  # never opened: nothing to show

    def on_tick(self, now: arrow.Arrow, changed: bool) -> None:
        if changed or (self._version is not None and self._version != self.app.store.version
                       and not self._lane.busy):
            self.reload()
        self._update_title()

    def on_screen_resume(self) -> None:
        if self._version is not None and self._version != self.app.store.version:
            self.reload()

    def apply_filter(self) -> None:
        query = parse_roster_query(self.query_one("#filter", Input).value, self.app.lang)
        self._problems = query.problems
        shown = self.rows if query.empty else [r for r in self.rows if query.matches(r)]
        self.shown = shown
        lst = self.roster_list
        current = lst.highlighted.id if lst.highlighted else None
        lst.empty_text = tr("tui.group.no_match" if self.rows else "tui.group.empty")
        lst.set_rows(shown, keep=current)
        self._update_title()
        self._update_hint()

    # -- header and hint ----------------------------------------------------
    def _update_title(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        group = self.group
        if group is not None:
            from cases.sanitize import clean_text

            text.append(tr("tui.group.title", id=group.id, case=group.case_id), style="bold")
            text.append("  ")
            text.append(tr("tui.group.shown", shown=len(self.shown), n=len(self.rows)))
            if self.roster_list.selected:
                text.append("  ")
                text.append(tr("tui.group.picked", n=len(self.roster_list.selected)), style="bold")
            if self.roster_list.reveal:
                text.append("  ")
                text.append(tr("tui.group.revealed_mark"), style="bold reverse")
            text.append("  ")
            text.append(clean_text(group.name))
        right = Text()
        if self.app.busy_shown:
            right.append(tr("tui.busy") + "  ", style="bold")
        right.append(clock_text(self.app.clock.timestamp()))
        room = self.size.width - 2  # (the bar's padding)
        text.truncate(max(1, room - right.cell_len - 1), overflow="ellipsis")
        text.append(" " * max(1, room - text.cell_len - right.cell_len))
        text.append_text(right)
        self.query_one("#title-bar", Static).update(text)

    def _update_hint(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        if self._problems:
            text.append(tr("tui.group.filter_unknown", words=", ".join(self._problems)), style="yellow")
        else:
            text.append(tr("tui.group.hint"), style="dim")
        self.query_one("#hint", Static).update(text)

    def on_resize(self) -> None:
        self._update_title()

    # -- filter ---------------------------------------------------------------
    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.apply_filter()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.roster_list.focus()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_back(self) -> None:
        """Esc clears an active filter first (from the filter or the list), then leaves."""
        filt = self.query_one("#filter", Input)
        if filt.value or filt.has_focus:
            filt.value = ""
            self.roster_list.focus()
            return
        self.app.pop_screen()

    # -- selection ------------------------------------------------------------
    def action_toggle_select(self) -> None:
        lst = self.roster_list
        row = lst.highlighted
        if row is None or not row.id:
            return
        lst.selected.symmetric_difference_update({row.id})
        lst.cursor += 1
        lst.refresh()
        self._update_title()

    def action_select_shown(self) -> None:
        """Pick every participant shown (the filter's result); if all are picked, drop them."""
        lst = self.roster_list
        ids = {r.id for r in self.shown if r.id}
        if ids and ids <= lst.selected:
            lst.selected -= ids
            self.notify(tr("tui.group.unpicked", n=len(ids)))
        else:
            lst.selected |= ids
            self.notify(tr("tui.group.picked_all", n=len(ids)))
        lst.refresh()
        self._update_title()

    def targets(self) -> list[str]:
        """The picked participants (in roster order), else the highlighted one; [] (said why)
        when there is none, or when this user may only read the store (before a dialog opens)."""
        if not self.app.may_write():
            return []
        lst = self.roster_list
        if lst.selected:
            return [r.id for r in self.rows if r.id in lst.selected]
        row = lst.highlighted
        if row is None or not row.id:
            self.notify(tr("tui.group.nobody_picked"), severity="warning")
            return []
        return [row.id]

    # -- bulk actions ---------------------------------------------------------
    def _bulk(self, ids: list[str], change: Callable[[Participant], None], action: str, done_key: str,
              said: dict[str, str] | None = None, **details: Any) -> None:
        """One store change over ``ids`` (one activity entry), in a worker; then say how many."""
        group, by = self.group, self.app.volunteer
        if group is None or not ids:
            return

        def job(store: Any) -> list[Participant]:
            return store.update_participants(group.id, ids, change, by, action=action, **details)

        def done(changed: list[Participant]) -> None:
            self.notify(tr(done_key, n=len(changed), **(said or {})), markup=False)
            if self.is_attached:
                self.reload()

        self.app.write(job, done)

    def action_assign(self) -> None:
        from tui.screens.group_dialogs import PromptScreen

        ids = self.targets()
        if not ids or self.group is None:
            return

        def answered(name: str | None) -> None:
            if name is None:
                return

            def change(p: Participant) -> None:
                p.assignee = name

            self._bulk(ids, change, "participant.assign", "tui.group.assigned",
                       {"name": name or tr("tui.group.nobody")}, to=name)

        self.app.push_screen(PromptScreen(tr("tui.group.assign_heading", n=len(ids)),
                                          tr("cases.roster.column.assignee"), self.app.volunteer, "assignee",
                                          note=tr("tui.group.assign_note")), answered)

    def action_set_status(self) -> None:
        from cases.statuses import status_name
        from tui.screens.group_dialogs import PromptScreen

        ids = self.targets()
        if not ids:
            return
        row = self.roster_list.highlighted

        def answered(status: str | None) -> None:
            if status is None:
                return

            def change(p: Participant) -> None:
                p.status = status

            self._bulk(ids, change, "participant.update", "tui.group.status_set", {"status": status_name(status)},
                       fields=["status"], status=status)

        self.app.push_screen(PromptScreen(tr("tui.group.status_heading", n=len(ids)), tr("cases.roster.column.status"),
                                          status_name(row.status) if row else "", "status",
                                          note=tr("tui.group.status_note")), answered)

    def action_toggle_marked(self) -> None:
        ids = self.targets()
        if not ids:
            return
        by_id = {r.id: r for r in self.rows}
        mark = not all(by_id[i].marked for i in ids if i in by_id)

        def change(p: Participant) -> None:
            p.marked = mark

        self._bulk(ids, change, "participant.update", "tui.group.marked" if mark else "tui.group.unmarked",
                   fields=["marked"])

    def action_log_group_contact(self) -> None:
        from tui.screens.group_dialogs import ContactScreen

        ids = self.targets()
        if not ids:
            return

        def answered(contact: Any) -> None:
            if contact is None:
                return
            line = contact.line()

            def change(p: Participant) -> None:
                p.notes = f"{p.notes}\n{line}" if p.notes else line

            self._bulk(ids, change, "participant.contact", "tui.group.contact_logged", None,
                       channel=contact.channel, what=contact.what, contacted_at=contact.at_iso)

        self.app.push_screen(ContactScreen(len(ids), self.app.clock.now()), answered)

    def action_edit_participant(self) -> None:
        from tui.screens.participant_form import edit_participant

        row = self.roster_list.highlighted
        if row is None or not row.id:
            self.notify(tr("tui.group.nobody_picked"), severity="warning")
            return
        if self.app.may_write():
            edit_participant(self.app, row.id, then=lambda _saved: self.reload() if self.is_attached else None)

    def action_toggle_reveal(self) -> None:
        lst = self.roster_list
        lst.reveal = not lst.reveal
        lst.refresh()
        self._update_title()
        self.notify(tr("tui.detail.revealed" if lst.reveal else "tui.detail.masked"))
