"""One question in a dialog: a passphrase, an e-mail address. ``⏎`` or ``ctrl+s`` answers
(after ``check``, whose message shows under the field), ``esc`` cancels (None)."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from cases.i18n import tr
from cases.sanitize import clean_text
from themes.loader import screen_stylesheets
from tui.widgets.form_field import FormField


class AskScreen(ModalScreen[str | None]):
    CSS_PATH = screen_stylesheets("dialog")
    BINDINGS = [
        Binding("ctrl+s", "save", tr("tui.cmd.save"), priority=True),
        Binding("escape", "cancel", tr("tui.cmd.cancel")),
    ]

    def __init__(self, heading: str, label: str, *, password: bool = False, value: str = "",
                 check: Callable[[str], str | None] | None = None) -> None:
        super().__init__(id="ask-dialog")
        self.heading = heading
        self.label = label
        self.password = password
        self.value = value
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.heading), classes="dialog-title")
            yield FormField(self.label, Input(self.value, id="f-answer", password=self.password, compact=True),
                            required=True)
            yield Static(Text(tr("tui.ask.keys"), style="dim"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#f-answer", Input).focus()

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        control = self.query_one("#f-answer", Input)
        value = control.value if self.password else clean_text(control.value).strip()  # a passphrase as typed
        problem = tr("tui.ask.empty") if not value.strip() else (self.check(value) if self.check else None)
        control.query_ancestor(FormField).set_error(problem)
        if problem is None:
            self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
