"""The command palette's cases: type a case id or words of its title to jump to it.

The provider searches the summaries the dashboard already holds (no store read), a
slice at a time so a long list never holds up the keys typed meanwhile.
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import Hit, Hits, Provider

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
