"""What the add/edit form and the log form share: show errors under their fields,
ask once before dropping what was typed, and hand over what was typed.

A subclass provides ``build() -> (value, errors by field id)`` and ``dirty()``.
The form never writes: ``ctrl+s`` dismisses it with the value once it is valid,
and the app writes in a worker (``TousuApp.run_form``). When the store refuses,
the app shows this same form again, with everything typed, and it can be saved
again; it is submitted at most once each time it is shown.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from cases.i18n import tr
from tui.commands import bindings_for
from tui.widgets.form_field import FormField


class FormScreen(Screen[Any]):
    """Dismisses with the value typed, or None when cancelled."""

    SCOPE = "form"
    BINDINGS = bindings_for("form")

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        self._confirm_cancel = False
        self._submitted = False

    def build(self) -> tuple[Any, dict[str, str]]:
        raise NotImplementedError

    def dirty(self) -> bool:
        raise NotImplementedError

    def on_screen_resume(self) -> None:
        self._submitted = False  # shown again (the store refused): it may be saved again

    def action_save(self) -> None:
        if self._submitted:
            return  # a second ctrl+s before the form is gone: saved once
        value, errors = self.build()
        for field in self.query(FormField):
            field.set_error(errors.get((field.control.id or "").removeprefix("f-")))
        if errors or value is None:
            self.query_one(f"#f-{next(iter(errors))}").focus()
            self.notify(tr("tui.form.fix_errors", n=len(errors)), severity="error")
            return
        self._submitted = True
        self._confirm_cancel = False
        self.dismiss(value)

    def action_cancel(self) -> None:
        if self._submitted:
            return
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
