"""What the stats screen shows (``S``): bar charts drawn with Rich text, then the tables of
``tousu stats`` (:func:`cases.stats.tables`).

Bars are text, not a plot: textual-plotext counts a CJK character as one column, so
channel and platform names (全国12315平台投诉) broke its axes. Here a row is its name
(cut to fit, by display width), a bar of whole cells scaled to the widest value, and
the value; a bar in two parts (open and closed, kept and broken) draws the second part
in a lighter block.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich import box
from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from cases.i18n import tr
from cases.stats import Stats, channel_label, days_text, headline, outcome_label, tables

#: The blocks of a bar's parts: the first part solid, the second light.
BLOCKS = ("█", "░")
_STYLES = ("bold", "dim")


@dataclass(frozen=True)
class BarRow:
    label: str
    parts: tuple[float, ...]  # one or two values, drawn one after the other
    shown: str  # the value as written beside the bar


class BarChart:
    """Horizontal bars sized to the width the chart is given."""

    def __init__(self, title: str, rows: Sequence[BarRow]) -> None:
        self.title = title
        self.rows = list(rows)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(self.title, style="bold underline")
        if not self.rows:
            yield Text(tr("cases.stats.none"), style="dim")
            return
        width = options.max_width
        label_w = min(max(cell_len(r.label) for r in self.rows), max(4, width // 3))
        value_w = max(cell_len(r.shown) for r in self.rows)
        bar_w = max(1, width - label_w - value_w - 2)
        top = max(sum(r.parts) for r in self.rows) or 1.0
        for row in self.rows:
            line = Text(no_wrap=True, overflow="crop")
            line.append(set_cell_size(row.label, label_w) + " ")
            used = 0
            total = 0.0
            for i, part in enumerate(row.parts):
                total += part
                end = round(total / top * bar_w)  # rounding the running total: parts add up to the whole
                line.append(BLOCKS[i % 2] * (end - used), style=_STYLES[i % 2])
                used = end
            line.append(" " * (bar_w - used + 1))
            line.append(" " * (value_w - cell_len(row.shown)) + row.shown)  # by display width: 天 takes two
            yield line


def charts(stats: Stats, lang: str = "zh") -> list[BarChart]:
    """Cases per platform (open, closed), median days to a first reply per channel,
    promises per platform (kept, broken), closed cases per outcome."""
    return [
        BarChart(tr("tui.stats.bar_cases", lang),
                 [BarRow(p.platform, (p.open, p.closed), f"{p.open}/{p.closed}") for p in stats.platforms]),
        BarChart(tr("tui.stats.bar_reply", lang),
                 [BarRow(channel_label(c.channel, lang), (c.median_reply,),
                         tr("tui.stats.days", lang, days=days_text(c.median_reply, lang)))
                  for c in stats.channels if c.median_reply is not None]),
        BarChart(tr("tui.stats.bar_promises", lang),
                 [BarRow(p.platform, (p.kept, p.broken), f"{p.kept}/{p.broken}") for p in stats.platforms]),
        BarChart(tr("tui.stats.bar_outcomes", lang),
                 [BarRow(outcome_label(o, lang), (n,), str(n)) for o, n in stats.outcomes.items()]),
    ]


def stats_view(stats: Stats, lang: str = "zh") -> RenderableType:
    """The whole screen's content: headline, charts, tables, definitions."""
    parts: list[RenderableType] = [Text(tr("tui.stats.title", lang), style="bold")]
    parts += [Text(line) for line in headline(stats, lang)]
    for chart in charts(stats, lang):
        parts += [Text(""), chart]
    for title, columns, rows in tables(stats, lang):
        grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
        for i, name in enumerate(columns):
            grid.add_column(Text(name), justify="left" if i == 0 else "right", overflow="fold")
        for row in rows:
            grid.add_row(*(Text(cell) for cell in row))
        parts += [Text(""), Text(title, style="bold underline"), grid]
    parts += [Text(""), Text(tr("cases.stats.definitions", lang), style="dim")]
    return Group(*parts)
