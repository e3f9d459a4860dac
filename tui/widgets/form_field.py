"""A labelled form control on one line, with an inline error line under it.

Controls are compact (one line high, no border) so a whole form fits 80×24. A field
made with ``echo=True`` shows beside its control what the form understood from it
(a typed time: "→ 2026-11-29 10:00 周日"), set with :meth:`FormField.set_echo`.
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
    FormField > Horizontal > .field-echo { width: auto; max-width: 50%; color: $text-muted; padding: 0 0 0 1; }
    """

    def __init__(self, label: str, control: Widget, *, required: bool = False, note: str = "",
                 echo: bool = False) -> None:
        super().__init__()
        self._label = label + (" *" if required else "")
        self.control = control
        control.add_class("field-control")
        self._note = note
        self._echo = echo

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Label(Text(self._label))
            yield self.control
            if self._echo:
                yield Static(classes="field-echo")
        if self._note:
            yield Static(Text(self._note), classes="field-note")
        yield Static(classes="field-error")

    def set_error(self, message: str | None) -> None:
        self.set_class(bool(message), "-invalid")
        self.query_one(".field-error", Static).update(Text(message or ""))

    @property
    def invalid(self) -> bool:
        return self.has_class("-invalid")

    def set_echo(self, text: str) -> None:
        """What the form understood from the control ("" for nothing), shown beside it as plain text."""
        self.query_one(".field-echo", Static).update(Text(text))
