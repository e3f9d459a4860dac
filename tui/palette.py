"""The command palette's cases: type a case id or words of its title to jump to it.

The provider searches the summaries the dashboard already holds (no store read), a
slice at a time so a long list never holds up the keys typed meanwhile.
"""

from __future__ import annotations

import asyncio
from functools import partial

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, Hit, Hits, Provider
from textual.widgets.option_list import Option

from cases.i18n import tr

#: Rows matched between two yields to the event loop.
SLICE = 500
#: Most cases offered for one search.
MOST = 30


class CaseJump(Provider):
    """Cases of the dashboard, by id or title; choosing one highlights it in the list."""

    async def search(self, query: str) -> Hits:
        from tui.screens.dashboard import DashboardScreen

        screen = self.screen
        if not isinstance(screen, DashboardScreen) or not query.strip():
            return
        matcher = self.matcher(query)
        folded = query.strip().casefold()
        found = 0
        for start, rows in screen.palette_rows(SLICE):
            for row in rows:
                text = f"{row.id}  {row.title}"
                score = matcher.match(text)
                if folded in text.casefold():
                    score = max(score, 1.0 if row.id.casefold() == folded else 0.9)
                if score > 0:
                    found += 1
                    yield Hit(score, matcher.highlight(text), partial(screen.jump_to, row.id),
                              text=text, help=tr("tui.palette.jump"))
                    if found >= MOST:
                        return
            await asyncio.sleep(0)  # let the keys typed meanwhile through


class Palette(CommandPalette):
    """Textual's command palette with its words in the UI language: the prompt, and
    "no matches" (Textual writes it in English in this private step)."""

    def __init__(self) -> None:
        super().__init__(placeholder=tr("tui.palette.placeholder"), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(tr("tui.palette.no_match"), style="not bold")),
                           disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
