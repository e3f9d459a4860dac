"""A labelled form control on one line, with an inline error line under it.

Controls are compact (one line high, no border) so a whole form fits 80×24.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static


class FormField(Vertical):
    DEFAULT_CSS = """
    FormField { height: auto; margin: 0 0 1 0; }
    FormField > Horizontal { height: auto; }
    FormField > Horizontal > Label { width: 18; color: $text-muted; padding: 0 1 0 0; text-align: right; }
    FormField > Horizontal > .field-control { width: 1fr; }
    FormField > .field-error { color: $error; padding: 0 0 0 18; display: none; }
    FormField.-invalid > .field-error { display: block; }
    FormField.-invalid > Horizontal > Label { color: $error; }
    FormField > .field-note { color: $text-muted; padding: 0 0 0 18; }
    """

    def __init__(self, label: str, control: Widget, *, required: bool = False, note: str = "") -> None:
        super().__init__()
        self._label = label + (" *" if required else "")
        self.control = control
        control.add_class("field-control")
        self._note = note

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(Text(self._label))
            yield self.control
        if self._note:
            yield Static(Text(self._note), classes="field-note")
        yield Static(classes="field-error")

    def set_error(self, message: str | None) -> None:
        self.set_class(bool(message), "-invalid")
        self.query_one(".field-error", Static).update(Text(message or ""))
