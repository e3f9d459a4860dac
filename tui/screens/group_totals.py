"""The totals block above the roster: everyone, then each volunteer."""

from __future__ import annotations

from rich.text import Text

from cases.i18n import tr
from cases.roster import Tally, Totals

#: Volunteers listed one a line under the totals; the others are counted on one more line.
VOLUNTEER_LINES = 4



def tally_text(label: str, tally: Tally, lang: str) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(label, style="bold")
    text.append("  ")
    text.append(tr("tui.group.tally", lang, n=tally.participants, amount=f"{tally.amount:,.2f}",
                   evidence=tally.evidence_complete, consent=tally.consent, poa=tally.poa))
    return text


def totals_text(found: Totals, lang: str) -> Text:
    """The totals block: everyone, then each volunteer (most participants first, nobody last)."""
    out = tally_text(tr("tui.group.all", lang), found.all, lang)
    people = sorted(found.by_assignee.items(), key=lambda item: (item[0] == "", -item[1].participants, item[0]))
    for name, tally in people[:VOLUNTEER_LINES]:
        out.append("\n")
        out.append_text(tally_text("  " + (name or tr("tui.group.nobody", lang)), tally, lang))
    if len(people) > VOLUNTEER_LINES:
        out.append("\n")
        out.append(tr("tui.group.more_volunteers", lang, n=len(people) - VOLUNTEER_LINES), style="dim")
    return out
