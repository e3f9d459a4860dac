"""Ask for the ticket number and time when a text is recorded as submitted."""

from __future__ import annotations

from dataclasses import dataclass

import arrow
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from cases.clock import local
from cases.clock import parse_instant
from cases.i18n import get_lang, tr
from cases.sanitize import clean_text
from themes.loader import screen_stylesheets
from tui.widgets.form_field import FormField


@dataclass(frozen=True)
class Recorded:
    ticket: str
    at: arrow.Arrow


class RecordScreen(ModalScreen[Recorded | None]):
    CSS_PATH = screen_stylesheets("record")
    BINDINGS = [
        Binding("ctrl+s", "save", tr("tui.cmd.save"), priority=True),
        Binding("escape", "cancel", tr("tui.cmd.cancel")),
    ]

    def __init__(self, heading: str, now: arrow.Arrow) -> None:
        super().__init__(id="record")
        self.heading = heading
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(id="record-box"):
            yield Static(Text(self.heading, style="bold"))
            yield FormField(tr("tui.field.ticket"), Input(id="f-ticket", compact=True),
                            note=tr("tui.record.ticket_note"))
            yield FormField(tr("tui.field.at"), Input(local(self.now).format("YYYY-MM-DD HH:mm"), id="f-at", compact=True),
                            required=True)
            yield Static(Text(tr("tui.record.keys"), style="dim"))

    def on_mount(self) -> None:
        self.query_one("#f-ticket", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        field = self.query_one("#f-at", Input).query_ancestor(FormField)
        try:  # as typed or as people say it ("10分钟前"), against the time the screen opened
            at = parse_instant(clean_text(self.query_one("#f-at", Input).value), get_lang(), self.now)
        except ValueError as exc:
            field.set_error(str(exc))
            return
        field.set_error(None)
        ticket = clean_text(self.query_one("#f-ticket", Input).value).strip()
        self.dismiss(Recorded(ticket, at))

    def action_cancel(self) -> None:
        self.dismiss(None)
