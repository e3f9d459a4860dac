"""The footer: the keys of the screen, compact, the ones nobody may lose first.

Textual's footer lists the focused widget's keys, then the screen's, then the app's,
and cuts what does not fit: at 80 columns that cut help and quit. Here the commands
declared ``first`` in :mod:`tui.commands` (help, quit) come first, and the footer is
compact (one space between keys), so they stay on screen at any width the list fits.
Keys that do not fit before the palette key are hidden, from the last one back (they stay
in the help and the palette): Textual's footer would let them run under the palette key,
cutting a wide character there and the palette key's own text with it.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
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

    async def recompose(self) -> None:
        await super().recompose()
        self._fit()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _fit(self) -> None:
        """Show the keys, in order, while they fit beside the palette key; hide the rest."""
        width = self.size.width
        if not width:
            return
        keys = [w for w in self.children if isinstance(w, FooterKey)]
        palette = [k for k in keys if k.has_class("-command-palette")]
        room = width - sum(_cells(k) for k in palette)
        used = 0
        for key in keys:
            if key in palette:
                continue
            fits = room >= 0 and used + _cells(key) <= room
            key.display = fits
            if fits:
                used += _cells(key)
            else:
                room = -1  # keep the order: nothing after the first key that did not fit


def _cells(key: FooterKey) -> int:
    """Cells a compact footer key takes: its key, a space and its text, and its margin (or
    the palette key's border)."""
    text = cell_len(key.key_display) + (1 + cell_len(key.description) if key.description else 0)
    return text + 1
