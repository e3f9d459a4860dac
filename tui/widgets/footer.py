"""The footer: the keys of the screen, compact, the ones nobody may lose first.

Textual's footer lists the focused widget's keys, then the screen's, then the app's,
and cuts what does not fit: at 80 columns that cut help and quit. Here the commands
declared ``first`` in :mod:`tui.commands` (help, quit) come first, and the footer is
compact (one space between keys), so they stay on screen at any width the list fits.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.commands import COMMANDS


def _first_actions() -> dict[str, int]:
    """The footer actions shown first, with their place (their order in the table)."""
    firsts = [c for c in COMMANDS if c.first]
    return {a: i for i, c in enumerate(firsts) for a in (c.action, f"app.{c.action}")}


class KeyFooter(Footer):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("compact", True)
        super().__init__(**kwargs)

    def compose(self) -> ComposeResult:
        first = _first_actions()
        keys = list(super().compose())
        # Stable: the declared order within each part; the palette key stays docked right.
        keys.sort(key=lambda w: first.get(w.action, len(first)) if isinstance(w, FooterKey) else len(first))
        yield from keys
