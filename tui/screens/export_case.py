"""Export the case file from the case detail (``E``): the format and where to save it.

The dialog only checks the path (its folder exists, it is no folder; empty: a new file in
the exports folder, ``storage.paths.exports_dir``) and dismisses with an
:class:`ExportRequest`; the detail screen makes the file in a worker through the same
procedure as ``tousu export CASE`` (:func:`storage.exports.case_file_bytes`), masked or
revealed as the detail shows the case, and a notification says where it went.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Select, Static

from cases.i18n import tr
from cases.model import Case
from cases.privacy import mask_case_text
from cases.sanitize import clean_text
from storage.exports import CASE_FILE_FORMATS
from themes.loader import screen_stylesheets
from tui.screens.attach import PathInput, PathSuggester
from tui.screens.form_screen import FormScreen
from tui.widgets.form_field import FormField


@dataclass(frozen=True)
class ExportRequest:
    fmt: str  # md | pdf
    path: Path | None  # None: a new file in the exports folder
    reveal: bool


class ExportScreen(FormScreen, ModalScreen):
    """Dismisses with an :class:`ExportRequest`, or None when cancelled."""

    CSS_PATH = screen_stylesheets("dialog")
    SCOPE = "form"

    def __init__(self, case: Case, *, reveal: bool) -> None:
        super().__init__(id="export-dialog")
        self.case = case
        self.reveal = reveal

    def compose(self) -> ComposeResult:
        from storage.paths import exports_dir

        title = clean_text(mask_case_text(self.case, self.case.title))
        state = tr("tui.export.state.revealed" if self.reveal else "tui.export.state.masked")
        with Vertical(classes="dialog"):
            yield Static(Text(tr("tui.export.title") + f"  {self.case.id}  {title}", style="bold"),
                         classes="dialog-title")
            yield FormField(tr("tui.export.format"), Select([(fmt.upper(), fmt) for fmt in CASE_FILE_FORMATS],
                                                            value="pdf", allow_blank=False, id="f-format",
                                                            compact=True))
            yield FormField(tr("tui.export.path"), PathInput(id="f-path", compact=True, suggester=PathSuggester(),
                                                             placeholder=tr("tui.export.path_ph",
                                                                            folder=str(exports_dir()))))
            yield Static(Text(tr("tui.export.masked_note", state=state), style="dim"))
            yield Static(Text(tr("tui.export.keys"), style="dim"),
                         classes="dialog-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#f-format", Select).focus()

    def build(self) -> tuple[ExportRequest | None, dict[str, str]]:
        fmt = self.query_one("#f-format", Select).value
        typed = self.query_one("#f-path", Input).value.strip()
        path = Path(os.path.expanduser(typed)) if typed else None
        if path is not None:
            if path.is_dir():
                return None, {"path": tr("tui.export.is_folder", path=clean_text(str(path)))}
            if not path.parent.is_dir():
                return None, {"path": tr("tui.export.folder_missing", folder=clean_text(str(path.parent)))}
        return ExportRequest(str(fmt), path, self.reveal), {}

    def dirty(self) -> bool:
        return bool(self.query_one("#f-path", Input).value.strip())
