"""The help screen: every key, from the command table, and the filter syntax.

Each key's text wraps under its own column (a two-column grid), so a narrow terminal
shows every word without anything running under the keys or out of the box.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from cases.i18n import tr
from themes.loader import screen_stylesheets
from tui.commands import commands_for, scopes_of

#: Cells of the key column (the widest shown key is "ctrl+q").
KEY_WIDTH = 8


def help_sections(scope: str) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """The sections of the help of ``scope``: (title, [(key, label, explanation)])."""
    sections = []
    for section in (*scopes_of(scope), "app") if scope != "app" else ("app",):
        rows = [(c.shown_key, c.label, c.help) for c in commands_for(section)]
        sections.append((tr(f"tui.help.scope.{section}"), rows))
    always = [(key, tr(label), "") for key, label in (("ctrl+q", "tui.help.quit"), ("tab", "tui.help.tab"))]
    sections.append((tr("tui.help.scope.always"), always))
    return sections


def _entry(label: str, explanation: str) -> Text:
    text = Text(label)
    if explanation:
        text.append(f" — {explanation}", style="dim")
    return text


def help_text(scope: str) -> Text:
    """The help as one text (what the screen shows, unwrapped)."""
    text = Text()
    text.append(tr("tui.help.title") + "\n", style="bold")
    for title, rows in help_sections(scope):
        text.append("\n" + title + "\n", style="bold underline")
        for key, label, explanation in rows:
            text.append(f"  {key:>{KEY_WIDTH}}  ", style="bold")
            text.append_text(_entry(label, explanation))
            text.append("\n")
    if scope == "group":
        text.append("\n" + tr("tui.help.filter_title") + "\n", style="bold underline")
        text.append(tr("tui.group.filter_help") + "\n\n" + tr("tui.group.bulk_help") + "\n")
    if scope == "dashboard":
        text.append("\n" + tr("tui.help.filter_title") + "\n", style="bold underline")
        text.append(tr("tui.help.filter_body") + "\n")
        text.append("\n" + tr("tui.help.list_keys") + "\n", style="dim")
    return text


def help_view(scope: str) -> RenderableType:
    """The help as the screen shows it: keys in a column of their own, each text
    wrapping under itself."""
    parts: list[RenderableType] = [Text(tr("tui.help.title"), style="bold")]
    for title, rows in help_sections(scope):
        parts.append(Text("\n" + title, style="bold underline"))
        grid = Table.grid(padding=(0, 2), expand=True)
        grid.add_column(width=KEY_WIDTH, justify="right", style="bold", no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for key, label, explanation in rows:
            grid.add_row(key, _entry(label, explanation))
        parts.append(grid)
    if scope == "dashboard":
        parts.append(Text("\n" + tr("tui.help.filter_title"), style="bold underline"))
        parts.append(Text(tr("tui.help.filter_body"), overflow="fold"))
        parts.append(Text("\n" + tr("tui.help.list_keys"), style="dim", overflow="fold"))
    if scope == "group":  # the roster filter (tui.roster_filter) and where a bulk contact goes
        parts.append(Text("\n" + tr("tui.help.filter_title"), style="bold underline"))
        parts.append(Text(tr("tui.group.filter_help"), overflow="fold"))
        parts.append(Text("\n" + tr("tui.group.bulk_help"), overflow="fold"))
    if scope == "stats":  # what the figures count (cases.stats)
        parts.append(Text("\n" + tr("cases.stats.definitions"), overflow="fold"))
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = screen_stylesheets("help")
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss_help", tr("tui.cmd.back"))]

    def __init__(self, scope: str) -> None:
        super().__init__(id="help")
        self.scope = scope

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(help_view(self.scope), id="help-text")

    def action_dismiss_help(self) -> None:
        self.dismiss(None)
