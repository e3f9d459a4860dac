"""The roster view of the group screen: a line-API list that paints only the visible rows.

A :class:`~tui.widgets.case_list.CaseList` (cursor, paging, scrolling: 30,000
participants cost what one screenful costs) whose rows are
:class:`~tui.roster_rows.RosterRow` and whose columns are a participant's: id, name and
phone (masked unless revealed), orders and amount, evidence (交沟异), consent, 委托书,
status, assignee and the stored mark (★). A participant selected for a bulk action has
``>`` in the first column, in any colour or none.
"""

from __future__ import annotations

from functools import cache

from rich.cells import cell_len
from textual.strip import Strip

from cases.i18n import tr
from tui.roster_rows import RosterRow
from tui.widgets.case_list import CaseList

# (column, width); width 0 is the flexible assignee column.
# "sel" holds ">" for a picked participant; on a narrow screen the stored mark (★) too.
_WIDE = (("sel", 1), ("id", 7), ("name", 10), ("phone", 13), ("amount", 18), ("evidence", 6), ("consent", 4),
         ("poa", 6), ("status", 10), ("assignee", 0), ("marked", 4))
_NARROW = (("sel", 2), ("id", 7), ("name", 6), ("phone", 11), ("amount", 13), ("evidence", 6), ("consent", 4),
           ("poa", 6), ("status", 8), ("assignee", 0))
_MIN_ASSIGNEE = 5
#: Headers shorter than the roster's column names (cases.roster.column.*), for narrow columns.
_SHORT = ("amount", "consent", "poa")


@cache
def roster_layout(width: int, lang: str = "zh") -> tuple[tuple[str, int], ...]:
    """The columns and their widths at ``width`` cells (a header label wider than its
    column widens it: English words are longer than the Chinese ones)."""
    for columns in (_WIDE, _NARROW):
        sized = [(name, max(w, cell_len(header(name, lang))) if w and name != "sel" else w) for name, w in columns]
        fixed = sum(w for _, w in sized) + len(sized)
        if width - fixed >= 16 or columns is _NARROW:
            return tuple((name, w or max(_MIN_ASSIGNEE, width - fixed)) for name, w in sized)
    raise AssertionError("unreachable")


def header(column: str, lang: str) -> str:
    if column == "sel":
        return ""
    if column in _SHORT:
        return tr(f"tui.group.col.{column}", lang)
    return tr(f"cases.roster.column.{column}", lang)


class RosterList(CaseList):
    """The participants that pass the filter, in id order."""

    def __init__(self, lang: str, *, id: str | None = None) -> None:
        super().__init__(None, lang, None, id=id)  # (no countdowns: no clock, no calendar)
        self.reveal = False
        self.selected: set[str] = set()  # participant ids picked for a bulk action

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width  # (without the scrollbar)
        if width <= 0:
            return Strip.blank(0)
        columns = roster_layout(width, self.lang)
        if y == 0:
            style = self.get_component_rich_style("case-list--header")
            return self._strip([header(n, self.lang) for n, _ in columns], list(columns), [style] * len(columns),
                               width)
        index = round(self.scroll_y) + y - 1
        blank = self._blank_line(y, index, width)
        if blank is not None:
            return blank
        row: RosterRow = self.rows[index]  # type: ignore[assignment]
        style = self.rich_style
        if index == self.cursor:
            style = style + self.get_component_rich_style("case-list--cursor")
        narrow = columns[-1][0] != "marked"
        values = [self._sel(row, narrow) if name == "sel" else row.cell(name, self.lang, self.reveal)
                  for name, _ in columns]
        return self._strip(values, list(columns), [style] * len(columns), width)

    def _sel(self, row: RosterRow, with_mark: bool) -> str:
        picked = ">" if row.id in self.selected else " "
        return picked + ("★" if row.marked else "") if with_mark else picked
