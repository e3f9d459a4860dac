"""Attach an evidence file from the case detail: a path (completed from the file system,
``tab`` takes the completion), what it shows (the kinds of ``tousu evidence add --kind``)
and a note.

The dialog only checks the file (:func:`storage.attach.check_source`: there, a regular
file, readable, not empty) and dismisses with an :class:`AttachRequest`; the app
copies it in a worker through the same procedure as the command line
(:func:`storage.attach.attach`), posting :class:`AttachProgress` to the detail screen,
which shows a progress bar (a 200 MB video takes a moment; the UI goes on).
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Footer, Input, Select, Static

from cases.evidence import SUBJECTS
from cases.i18n import tr
from cases.model import Case
from cases.privacy import mask_case_text
from cases.sanitize import clean_text
from themes.loader import screen_stylesheets
from tui.screens.form_screen import FormScreen
from tui.widgets.form_field import FormField

#: Entries of one folder looked at for a completion (a huge folder costs no more).
MAX_ENTRIES = 5000


def complete_path(typed: str) -> str | None:
    """``typed`` completed with the first file or folder (sorted by name) whose name starts
    with what follows the last "/"; a folder ends with "/". Hidden entries only when the
    typed name starts with ".". None when nothing fits or nothing is to add."""
    if not typed:
        return None
    folder_text, _, prefix = typed.rpartition("/")
    folder = Path(os.path.expanduser(folder_text + "/" if folder_text or typed.startswith("/") else "."))
    try:
        with os.scandir(folder) as entries:
            names = []
            for n, entry in enumerate(entries):
                if n >= MAX_ENTRIES:
                    break
                if entry.name.startswith(prefix) and (prefix.startswith(".") or not entry.name.startswith(".")):
                    names.append((entry.name, entry.is_dir()))
    except OSError:
        return None
    for name, is_dir in sorted(names):
        completed = typed + name[len(prefix):] + ("/" if is_dir else "")
        if completed != typed:
            return completed
    return None


class PathSuggester(Suggester):
    """File-system completions for an :class:`Input` (read in a thread: a slow disk does not stall)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return await asyncio.to_thread(complete_path, value)


class PathInput(Input):
    """An Input whose ``tab`` takes the completion shown (else moves on as usual)."""

    @property
    def suggestion(self) -> str:
        """The completion of what was typed, shown dimmed after it ("" for none)."""
        return self._suggestion

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "tab" and self.suggestion and self.suggestion != self.value:
            event.stop()
            event.prevent_default()
            self.value = self.suggestion
            self.cursor_position = len(self.value)
            return
        await super()._on_key(event)


@dataclass(frozen=True)
class AttachRequest:
    path: str  # as it is opened (``~`` expanded)
    name: str  # the file's own name, as recorded
    subject: str  # payment | promise | communication | defect | other
    note: str


class AttachProgress(Message):
    """Bytes copied so far of ``total`` (posted from the copying worker)."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class AttachScreen(FormScreen, ModalScreen):
    """Dismisses with an :class:`AttachRequest`, or None when cancelled."""

    CSS_PATH = screen_stylesheets("dialog")
    SCOPE = "form"

    def __init__(self, case: Case) -> None:
        super().__init__(id="attach-dialog")
        self.case = case

    def compose(self) -> ComposeResult:
        title = clean_text(mask_case_text(self.case, self.case.title))
        with Vertical(classes="dialog"):
            yield Static(Text(tr("tui.attach.title", id=self.case.id, title=title), style="bold"),
                         classes="dialog-title")
            yield FormField(tr("tui.attach.path"), PathInput(id="f-path", compact=True, suggester=PathSuggester(),
                                                             placeholder=tr("tui.attach.path_ph")), required=True)
            yield FormField(tr("tui.attach.kind"), Select(
                [(tr(f"cli.evidence.kind.{subject}"), subject) for subject in SUBJECTS],
                prompt=tr("tui.form.choose"), id="f-kind", compact=True))
            yield FormField(tr("tui.attach.note"), Input(id="f-note", compact=True))
            yield Static(Text(tr("tui.attach.keys"), style="dim"), classes="dialog-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#f-path", Input).focus()

    def build(self) -> tuple[AttachRequest | None, dict[str, str]]:
        from storage.attach import AttachError, check_source
        from tui.cli.cmd_evidence import attach_message

        errors: dict[str, str] = {}
        typed = self.query_one("#f-path", Input).value.strip()
        path = ""
        if not typed:
            errors["path"] = tr("tui.form.required")
        else:
            path = os.path.expanduser(typed)
            try:
                check_source(path, "")
            except AttachError as exc:
                errors["path"] = attach_message(self.app.lang, exc)
        subject = self.query_one("#f-kind", Select).value
        if not isinstance(subject, str):
            errors["kind"] = tr("tui.form.required")
        if errors:
            return None, errors
        name = clean_text(Path(path).name) or clean_text(typed)
        return AttachRequest(path, name, str(subject), clean_text(self.query_one("#f-note", Input).value).strip()), {}

    def dirty(self) -> bool:
        return bool(self.query_one("#f-path", Input).value.strip() or self.query_one("#f-note", Input).value.strip())
