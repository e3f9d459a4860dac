"""A form kept while its write runs: installed on the app so that, if the store refuses,
the same form (with everything typed) can be shown again; dropped once done."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen


def keep_form(app: Any, form: Screen) -> Callable[[], None]:
    """Install ``form`` on ``app``; returns the function that drops it (uninstalled, and
    removed if it is still mounted without being on the screen stack)."""
    app.install_screen(form, f"form-{id(form)}")

    def drop() -> None:
        app.uninstall_screen(form)
        if form.is_attached and form not in app.screen_stack:
            form.remove()

    return drop
