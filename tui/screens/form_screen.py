"""What the add/edit form and the log form share: save through the store, show
errors under their fields, and ask once before dropping what was typed.

A subclass provides ``build() -> (value, errors by field id)`` and ``dirty()``;
``save`` writes the value and returns the saved case, or None when the store
refused (it has said why), in which case the form stays open with its text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from cases.i18n import tr
from cases.model import Case
from tui.commands import bindings_for
from tui.widgets.form_field import FormField


class FormScreen(Screen[Case | None]):
    """Dismisses with the saved case, or None when cancelled."""

    SCOPE = "form"
    BINDINGS = bindings_for("form")

    def __init__(self, save: Callable[[Any], Case | None], *, id: str) -> None:
        super().__init__(id=id)
        self.save = save
        self._confirm_cancel = False

    def build(self) -> tuple[Any, dict[str, str]]:
        raise NotImplementedError

    def dirty(self) -> bool:
        raise NotImplementedError

    def action_save(self) -> None:
        value, errors = self.build()
        for field in self.query(FormField):
            field.set_error(errors.get((field.control.id or "").removeprefix("f-")))
        if errors or value is None:
            self.query_one(f"#f-{next(iter(errors))}").focus()
            self.notify(tr("tui.form.fix_errors", n=len(errors)), severity="error")
            return
        saved = self.save(value)
        if saved is not None:  # else the store said why; the form keeps what was typed
            self.dismiss(saved)

    def action_cancel(self) -> None:
        if self.dirty() and not self._confirm_cancel:
            self._confirm_cancel = True
            self.notify(tr("tui.form.confirm_cancel"), severity="warning")
            return
        self.dismiss(None)

    # -- errors judged again as the fields change -----------------------------------
    _judged_live = False

    def on_input_changed(self) -> None:
        self.revalidate()

    def on_text_area_changed(self) -> None:
        self.revalidate()

    def on_select_changed(self) -> None:
        self.revalidate()

    def on_checkbox_changed(self) -> None:
        self.revalidate()

    def revalidate(self) -> None:
        """Once a save has shown errors, judge the whole form again as anything in it
        changes: an error goes as soon as what was typed is right, and says the new reason
        while it is not. Before that no error appears as one types (a typed time's reading
        is shown beside it instead)."""
        fields = list(self.query(FormField))
        if not self._judged_live:
            if not any(field.invalid for field in fields):
                return
            self._judged_live = True  # a save found errors: from now on, as one types
        _, errors = self.build()
        for field in fields:
            field.set_error(errors.get((field.control.id or "").removeprefix("f-")))
