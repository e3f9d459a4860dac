"""The help screen: every key, from the command table, and the filter syntax."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from cases.i18n import tr
from tui.commands import commands_for, scopes_of


def help_text(scope: str) -> Text:
    text = Text()
    text.append(tr("tui.help.title") + "\n", style="bold")
    for section in (*scopes_of(scope), "app") if scope != "app" else ("app",):
        text.append("\n" + tr(f"tui.help.scope.{section}") + "\n", style="bold underline")
        for command in commands_for(section):
            text.append(f"  {command.shown_key:>8}  ", style="bold")
            text.append(command.label)
            text.append(f" — {command.help}\n", style="dim")
    text.append("\n" + tr("tui.help.scope.always") + "\n", style="bold underline")
    for key, label in (("ctrl+q", "tui.help.quit"), ("tab", "tui.help.tab")):
        text.append(f"  {key:>8}  ", style="bold")
        text.append(tr(label) + "\n")
    if scope == "dashboard":
        text.append("\n" + tr("tui.help.filter_title") + "\n", style="bold underline")
        text.append(tr("tui.help.filter_body") + "\n")
        text.append("\n" + tr("tui.help.list_keys") + "\n", style="dim")
    return text


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss_help", tr("tui.cmd.back"))]

    def __init__(self, scope: str) -> None:
        super().__init__(id="help")
        self.scope = scope

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(help_text(self.scope))

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
