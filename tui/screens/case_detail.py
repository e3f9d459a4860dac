"""One case in full: fields, timeline, evidence checklist."""

from __future__ import annotations

import arrow
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from cases.deadlines import case_deadline
from cases.i18n import tr
from cases.model import Case, Group
from storage.errors import StoreError
from tui.case_view import render_case
from tui.commands import bindings_for


class CaseDetailScreen(Screen):
    SCOPE = "detail"
    BINDINGS = bindings_for("detail")

    def __init__(self, case_id: str) -> None:
        super().__init__(id="detail")
        self.case_id = case_id
        self.reveal = False
        self.case: Case | None = None
        self.group: Group | None = None
        self._version: int | None = None
        self._minute: arrow.Arrow | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-scroll"):
            yield Static(id="detail-body")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#detail-scroll").focus()

    def reload(self) -> None:
        try:
            self.case = self.app.store.case(self.case_id)
        except StoreError as exc:
            self.notify(exc.message(self.app.lang), severity="error", markup=False)
            self.app.pop_screen()
            return
        self.group = self.app.store.group_of(self.case)
        self._version = self.app.store.version
        self.repaint()

    def repaint(self) -> None:
        if self.case is None:
            return
        now = self.app.clock.now()
        self._minute = now.floor("minute")
        body = render_case(
            self.case, case_deadline(self.case, self.app.calendar), now, self.app.lang,
            self.app.calendar, reveal=self.reveal, group=self.group,
        )
        self.query_one("#detail-body", Static).update(body)

    def on_tick(self, now: arrow.Arrow, changed: bool) -> None:
        if changed or self._version != self.app.store.version:
            self.reload()
        elif now.floor("minute") != self._minute:
            self.repaint()

    def on_screen_resume(self) -> None:
        if self._version != self.app.store.version:
            self.reload()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_toggle_reveal(self) -> None:
        self.reveal = not self.reveal
        self.repaint()
        self.notify(tr("tui.detail.revealed" if self.reveal else "tui.detail.masked"))

    def action_edit_case(self) -> None:
        if self.case is not None:
            self.app.edit_case(self.case, then=lambda _saved: self.reload())

    def action_escalate(self) -> None:
        if self.case is not None:
            self.app.escalate(self.case, "escalate", then=self.reload)

    def action_urge(self) -> None:
        if self.case is not None:
            self.app.escalate(self.case, "urge", then=self.reload)

    def action_log_contact(self) -> None:
        if self.case is not None:
            self.app.log_contact(self.case, then=lambda _saved: self.reload())
