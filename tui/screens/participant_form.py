"""The participant form (``e`` on the group screen): edit one person on the roster.

Saved with ``Store.save_participant``: only the fields typed differently from what
the form showed are applied, to the participant as stored then. When another
volunteer changed one of those fields meanwhile, nothing is written; the form comes
back with everything typed, and under each such field who changed it and to what.
Saving again then keeps what was typed (the form now starts from the stored values,
so the fields not typed keep the other volunteer's changes).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Input, Static, TextArea

from cases.i18n import get_lang, tr
from cases.roster import EVIDENCE_KINDS, Participant
from cases.roster_fields import FieldValueError, set_field
from cases.statuses import status_name
from storage.errors import ParticipantConflict
from themes.loader import screen_stylesheets
from tui.screens.form_screen import FormScreen
from tui.widgets.form_field import FormField

#: The fields the form shows, in order (``notes`` in a text area).
FORM_FIELDS = ("name", "phone", "id_number", "address", "evidence", "consent", "poa", "poa_until", "status",
               "assignee", "case_id", "notes")


def field_text(p: Participant, name: str, lang: str) -> str:
    """A participant's field as the form shows it (and :func:`cases.roster_fields.set_field` reads it)."""
    if name == "evidence":
        return "、".join(tr(f"cases.roster.evidence.{k}", lang) for k in EVIDENCE_KINDS if k in p.evidence)
    if name in ("consent", "poa"):
        return tr("cli.group.yes" if getattr(p, name) else "cli.group.no", lang)
    if name == "status":
        return status_name(p.status, lang)
    return getattr(p, name)


class ParticipantFormScreen(FormScreen):
    CSS_PATH = screen_stylesheets("form")
    def __init__(self, base: Participant) -> None:
        super().__init__(id="participant-form")
        self.base = base
        self.lang = get_lang()
        self.shown = {name: field_text(base, name, self.lang) for name in FORM_FIELDS}

    def compose(self) -> ComposeResult:
        yield Static(Text(tr("tui.group.edit_title", id=self.base.id), style="bold"), id="form-title")
        with VerticalScroll(id="form-body"):
            for name in FORM_FIELDS:
                label = tr(f"cases.roster.column.{name}")
                if name == "notes":
                    yield FormField(label, TextArea(self.shown[name], id="f-notes", compact=True))
                else:
                    note = tr(f"tui.group.form_note.{name}") if name in ("evidence", "consent", "poa", "status") else ""
                    yield FormField(label, Input(self.shown[name], id=f"f-{name}", compact=True), note=note)
        yield Footer()

    def typed(self) -> dict[str, str]:
        out = {}
        for name in FORM_FIELDS:
            if name == "notes":
                out[name] = self.query_one("#f-notes", TextArea).text
            else:
                out[name] = self.query_one(f"#f-{name}", Input).value
        return out

    def build(self) -> tuple[Participant | None, dict[str, str]]:
        """The participant as typed (the fields typed differently from what was shown, set on
        a copy of ``base``), or the errors by field."""
        edited = copy.deepcopy(self.base)
        errors: dict[str, str] = {}
        for name, text in self.typed().items():
            if text == self.shown[name]:
                continue
            try:
                set_field(edited, name, text, self.lang)
            except FieldValueError as exc:
                errors[name] = str(exc)
        return (None if errors else edited), errors

    def dirty(self) -> bool:
        return self.typed() != self.shown

    def conflict(self, error: ParticipantConflict, stored: Participant) -> None:
        """Someone else changed ``error.fields`` since the form was read: say so under each, keep
        what was typed, and start from ``stored`` (saving again keeps what was typed)."""
        self.base = stored
        typed = self.typed()
        for name in FORM_FIELDS:  # a field not typed shows the stored value as what it started from
            if typed[name] == self.shown[name]:
                self.shown[name] = field_text(stored, name, self.lang)
                self._set(name, self.shown[name])
            else:
                self.shown[name] = field_text(stored, name, self.lang)
        for field in self.query(FormField):
            name = (field.control.id or "").removeprefix("f-")
            if name in error.fields or (name == "orders" and "orders" in error.fields):
                field.set_error(tr("tui.group.conflict_field", by=stored.updated_by or "?",
                                   value=field_text(stored, name, self.lang) or tr("tui.group.empty_value")))
            else:
                field.set_error(None)

    def _set(self, name: str, value: str) -> None:
        """Show ``value`` in a field without judging the form again (that would clear the conflicts)."""
        if name == "notes":
            area = self.query_one("#f-notes", TextArea)
            with area.prevent(TextArea.Changed):
                area.text = value
        else:
            control = self.query_one(f"#f-{name}", Input)
            with control.prevent(Input.Changed):
                control.value = value


def edit_participant(app: Any, participant_id: str, then: Callable[[Participant], Any] | None = None) -> None:
    """Read the participant (in a worker), show the form; save with ``Store.save_participant``
    in a worker. A conflict shows the form again with the conflicting fields named."""
    def opened(base: Participant) -> None:
        from tui.kept_form import keep_form

        form = ParticipantFormScreen(base)
        drop = keep_form(app, form)

        def submitted(edited: Participant | None) -> None:
            if edited is None:
                drop()
                return
            base_now, by = form.base, app.volunteer

            def job(store: Any) -> Participant | tuple[ParticipantConflict, Participant]:
                try:
                    return store.save_participant(edited, base_now, by)
                except ParticipantConflict as exc:
                    return exc, store.participant(base_now.id)

            def done(result: Any) -> None:
                if isinstance(result, tuple):
                    error, stored = result
                    app.report(error)
                    app.push_screen(form, submitted)
                    form.call_after_refresh(form.conflict, error, stored)
                    return
                drop()
                app.notify(tr("tui.group.saved", id=result.id))
                if then is not None:
                    then(result)

            app.write(job, done, lambda _error: app.push_screen(form, submitted))

        app.push_screen(form, submitted)

    app.read(lambda store: store.participant(participant_id), opened)
