"""The small dialogs of the group screen's bulk actions: one value (an assignee, a
status), and a contact logged for every picked participant (what, when, channel)."""

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
from cases.clock import parse_instant, to_iso
from cases.i18n import get_lang, tr
from cases.roster_fields import FieldValueError, read_status
from cases.sanitize import clean_text
from tui.widgets.form_field import FormField

_DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 76; max-width: 100%; height: auto; border: round $primary; padding: 0 1;
    background: $surface; }}
"""


class PromptScreen(ModalScreen[str | None]):
    """One value for the picked participants: ``kind`` "assignee" (any name, "" for
    nobody) or "status" (a status by id or by its word in either language)."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="PromptScreen")
    BINDINGS = [
        Binding("ctrl+s", "save", tr("tui.cmd.save"), priority=True),
        Binding("escape", "cancel", tr("tui.cmd.cancel")),
    ]

    def __init__(self, heading: str, label: str, value: str, kind: str, *, note: str = "") -> None:
        super().__init__(id="prompt")
        self.heading, self.label, self.value, self.kind, self.note = heading, label, value, kind, note

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.heading, style="bold"))
            yield FormField(self.label, Input(self.value, id="f-value", compact=True), note=self.note)
            yield Static(Text(tr("tui.record.keys"), style="dim"))

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        text = clean_text(self.query_one("#f-value", Input).value).strip()
        field = self.query_one("#f-value", Input).query_ancestor(FormField)
        if self.kind == "status":
            try:
                text = read_status(text, get_lang())
            except FieldValueError as exc:
                field.set_error(str(exc))
                return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class Contact:
    """One contact with the picked participants (a call, a message …)."""

    what: str
    at: arrow.Arrow
    channel: str

    @property
    def at_iso(self) -> str:
        return to_iso(self.at)

    def line(self) -> str:
        """The line each participant's notes get: ``2026-11-22 10:00 电话：通知补交委托书``."""
        return tr("tui.group.contact_line", at=self.at.format("YYYY-MM-DD HH:mm"), channel=self.channel,
                  what=self.what)


class ContactScreen(ModalScreen[Contact | None]):
    """What was said, when, and how: logged in each picked participant's notes."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="ContactScreen")
    BINDINGS = [
        Binding("ctrl+s", "save", tr("tui.cmd.save"), priority=True),
        Binding("escape", "cancel", tr("tui.cmd.cancel")),
    ]

    def __init__(self, count: int, now: arrow.Arrow) -> None:
        super().__init__(id="contact")
        self.count = count
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(tr("tui.group.contact_heading", n=self.count), style="bold"))
            yield FormField(tr("tui.group.contact_what"), Input(id="f-what", compact=True), required=True)
            yield FormField(tr("tui.field.at"), Input(local(self.now).format("YYYY-MM-DD HH:mm"), id="f-at", compact=True),
                            required=True)
            yield FormField(tr("tui.group.contact_channel"), Input(tr("tui.group.contact_phone"), id="f-channel",
                                                                   compact=True),
                            note=tr("tui.group.contact_note"))
            yield Static(Text(tr("tui.record.keys"), style="dim"))

    def on_mount(self) -> None:
        self.query_one("#f-what", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        what = clean_text(self.query_one("#f-what", Input).value).strip()
        channel = clean_text(self.query_one("#f-channel", Input).value).strip()
        errors = 0
        what_field = self.query_one("#f-what", Input).query_ancestor(FormField)
        what_field.set_error(None if what else tr("tui.group.contact_what_missing"))
        errors += not what
        at_field = self.query_one("#f-at", Input).query_ancestor(FormField)
        try:  # as typed or as people say it ("10分钟前"), against the time the dialog opened
            at = parse_instant(clean_text(self.query_one("#f-at", Input).value), get_lang(), self.now)
            if at > self.now:
                raise ValueError(tr("tui.group.contact_future"))
            at_field.set_error(None)
        except ValueError as exc:
            at_field.set_error(str(exc))
            errors += 1
        if errors:
            return
        self.dismiss(Contact(what, at, channel or tr("tui.group.contact_phone")))

    def action_cancel(self) -> None:
        self.dismiss(None)
