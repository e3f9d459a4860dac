"""Choosing in a dialog: one of several (a mailbox, a robot) or any of several (evidence
files to attach). ``⏎`` chooses (ticks with ``space`` first), ``esc`` cancels (None)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from cases.i18n import tr
from themes.loader import screen_stylesheets


class ChoiceScreen(ModalScreen[Any]):
    CSS_PATH = screen_stylesheets("dialog", "pick")
    BINDINGS = [Binding("escape", "cancel", tr("tui.cmd.cancel"))]

    def __init__(self, heading: str, options: list[tuple[str, Any]]) -> None:
        super().__init__(id="choice-dialog")
        self.heading = heading
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.heading), classes="dialog-title")
            yield OptionList(*[Option(Text(label), id=str(n)) for n, (label, _) in enumerate(self.options)],
                             id="choice-list")
            yield Static(Text(tr("tui.pick.keys_one"), style="dim"), classes="dialog-keys")

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.options[int(event.option.id or 0)][1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class TickScreen(ModalScreen[list[Any] | None]):
    CSS_PATH = screen_stylesheets("dialog", "pick")
    BINDINGS = [
        Binding("enter", "done", tr("tui.pick.done"), priority=True),
        Binding("escape", "cancel", tr("tui.cmd.cancel")),
    ]

    def __init__(self, heading: str, options: list[tuple[str, Any]]) -> None:
        super().__init__(id="tick-dialog")
        self.heading = heading
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.heading), classes="dialog-title")
            yield SelectionList(*[(Text(label), n) for n, (label, _) in enumerate(self.options)], id="tick-list")
            yield Static(Text(tr("tui.pick.keys_many"), style="dim"), classes="dialog-keys")

    def action_done(self) -> None:
        chosen = sorted(self.query_one("#tick-list", SelectionList).selected)
        self.dismiss([self.options[n][1] for n in chosen])

    def action_cancel(self) -> None:
        self.dismiss(None)
