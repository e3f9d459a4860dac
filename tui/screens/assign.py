"""Assign a case to a volunteer (``w`` on the dashboard and in the detail; as ``tousu assign``)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from cases.i18n import tr
from cases.model import Case
from cases.privacy import mask_case_text
from cases.sanitize import clean_text
from themes.loader import screen_stylesheets
from tui.screens.form_screen import FormScreen
from tui.widgets.form_field import FormField


class AssignScreen(FormScreen, ModalScreen):
    """The volunteer's name (empty: nobody). Dismisses with the name, or None when cancelled."""

    CSS_PATH = screen_stylesheets("dialog")
    SCOPE = "form"

    def __init__(self, case: Case, me: str) -> None:
        super().__init__(id="assign-dialog")
        self.case = case
        self.me = me

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(tr("tui.assign.title", id=self.case.id, title=mask_case_text(self.case, self.case.title),
                                 now=self.case.assignee or tr("tui.assign.nobody")), style="bold"),
                         classes="dialog-title")
            yield FormField(tr("tui.assign.name"), Input(self.case.assignee, id="f-name", compact=True,
                                                         placeholder=tr("tui.assign.placeholder", me=self.me)))
            yield Static(Text(tr("tui.dialog.keys"), style="dim"), classes="dialog-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#f-name", Input).focus()

    def build(self) -> tuple[str, dict[str, str]]:
        return clean_text(self.query_one("#f-name", Input).value).strip(), {}

    def dirty(self) -> bool:
        return self.query_one("#f-name", Input).value.strip() != self.case.assignee
