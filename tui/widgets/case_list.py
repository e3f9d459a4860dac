"""The case list: a line-API ScrollView that paints only the visible rows.

Rows are never mounted as widgets, so 10,000 or 100,000 cases cost what one
screenful costs. Line 0 is a fixed header; line ``y`` (y ≥ 1) shows row
``scroll_y + y - 1``. The countdown column is formatted at paint time from
``now_ts`` (a POSIX time: no arrow object per row), which the screen moves forward
("attributes go down").
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cases.countdown import Urgency
from cases.i18n import tr
from cases.workdays import WorkCalendar
from tui.case_rows import CaseRow, status_label

# (field, width); width 0 is the flexible title column.
# "mark" is the urgency mark (MARKS): urgency never told by colour alone.
# The assignee (a volunteer's name) only where the title keeps 40 cells beside it (_ROOMY_TITLE);
# on a narrower screen the hint line under the list names it (tui.screens.dashboard_text.hint_text).
_WIDEST = (("mark", 2), ("id", 7), ("platform", 10), ("title", 0), ("channel", 10), ("ticket", 14),
           ("assignee", 8), ("deadline", 11), ("countdown", 18))
_WIDE = (("mark", 2), ("id", 7), ("platform", 10), ("title", 0), ("channel", 10), ("ticket", 14), ("deadline", 11),
         ("countdown", 18))
_MEDIUM = (("mark", 2), ("id", 7), ("platform", 10), ("title", 0), ("channel", 10), ("deadline", 11), ("countdown", 18))
_NARROW = (("mark", 2), ("id", 7), ("platform", 8), ("title", 0), ("channel", 9), ("countdown", 18))

#: The mark before an overdue and a due-soon case (within 24 hours), in any colour or none
#: (NO_COLOR, a monochrome terminal), on the highlighted row too.
MARKS = {Urgency.OVERDUE: "!!", Urgency.SOON: "!"}
_MIN_TITLE = 10


# The widths above suit Chinese. The cells of these columns are words in the UI
# language (channel names, countdowns); in a language whose header label is wider
# than the Chinese one (English words are longer than the Chinese they replace),
# the column grows by as many cells.
_WORD_COLUMNS = ("channel", "countdown")


@cache
def _extra_width(lang: str) -> dict[str, int]:
    return {
        name: max(0, cell_len(tr(f"tui.col.{name}", lang)) - cell_len(tr(f"tui.col.{name}", "zh")))
        for name in _WORD_COLUMNS
    }


#: Above this many cells, the title gives its spare width to the columns that want it.
_ROOMY_TITLE = 40
#: The columns that grow on a wide screen, in the order they get the room, and their
#: largest width (a ticket number is never cut when the screen has room).
_GROWING = (("ticket", 32), ("platform", 24))


def layout_for(width: int, lang: str = "zh", wanted: dict[str, int] | None = None) -> list[tuple[str, int]]:
    """The columns and their widths at ``width`` cells. ``wanted``: the widest value of a
    growing column among the listed rows (``ticket``, ``platform``); on a wide screen
    those columns grow towards it, ticket first, while the title keeps 40 cells."""
    extra = _extra_width(lang)
    for columns in (_WIDEST, _WIDE, _MEDIUM, _NARROW):
        sized = [(name, w + extra.get(name, 0) if w else 0) for name, w in columns]
        fixed = sum(w for _, w in sized) + len(sized)  # one space after each column
        if width - fixed >= (_ROOMY_TITLE if columns is _WIDEST else 24) or columns is _NARROW:
            title = max(_MIN_TITLE, width - fixed)
            if wanted and title > _ROOMY_TITLE:
                grown = dict(sized)
                for name, cap in _GROWING:
                    if name in grown:
                        more = min(max(0, min(wanted.get(name, 0), cap) - grown[name]), title - _ROOMY_TITLE)
                        grown[name] += more
                        title -= more
                sized = [(name, grown[name]) for name, _ in sized]
            return [(name, w or title) for name, w in sized]
    raise AssertionError("unreachable")


def wanted_widths(docs: Sequence[dict]) -> dict[str, int]:
    """The widest ticket and platform among the summaries ``docs`` (the stored text: a
    masked platform is as wide or narrower). 10k cases: ~20 ms, so the dashboard measures
    in the worker that reads them, all cases at once: the columns keep their widths
    while the filter narrows the list."""
    ticket = max((cell_len(d["ticket"] or "") for d in docs), default=0)
    platform = max((cell_len(d["platform"] or "") for d in docs), default=0)
    return {"ticket": ticket, "platform": platform}


class CaseList(ScrollView, can_focus=True):
    """Every case that passes the filter, most urgent first."""

    COMPONENT_CLASSES = {
        "case-list--header",
        "case-list--cursor",
        "case-list--overdue",
        "case-list--soon",
        "case-list--later",
        "case-list--closed",
        "case-list--empty",
    }

    DEFAULT_CSS = """
    CaseList { height: 1fr; }
    CaseList > .case-list--header { text-style: bold; color: $text-muted; }
    CaseList > .case-list--cursor { background: $boost; text-style: bold; }
    CaseList:focus > .case-list--cursor { background: $primary 40%; }
    CaseList:nocolor > .case-list--cursor { text-style: bold reverse; }
    CaseList > .case-list--overdue { color: $error; text-style: bold; }
    CaseList > .case-list--soon { color: $warning; text-style: bold; }
    CaseList > .case-list--later { color: $success; }
    CaseList > .case-list--closed { color: $text-disabled; }
    CaseList > .case-list--empty { color: $text-muted; text-style: italic; }
    """

    BINDINGS = [
        Binding("up,k", "cursor(-1)", show=False),
        Binding("down,j", "cursor(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
        Binding("pagedown", "page(1)", show=False),
        Binding("home,g", "jump(0)", show=False),
        Binding("end", "jump(-1)", show=False),  # ("G" opens the group screen)
    ]

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Highlighted(Message):
        def __init__(self, row: CaseRow | None) -> None:
            super().__init__()
            self.row = row

    def __init__(
        self,
        now_ts: float,
        lang: str,
        calendar: WorkCalendar | None,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.now_ts = now_ts
        self.lang = lang
        self.calendar = calendar
        self.rows: Sequence[CaseRow] = []
        #: The widest ticket and platform of the cases (:func:`wanted_widths`), set by the screen.
        self.wanted: dict[str, int] = {}
        self.empty_text = ""
        self._base: Style | None = None  # the widget's style while a paint lasts (render_lines)

    # -- data going down ----------------------------------------------------
    def set_rows(self, rows: Sequence[CaseRow], *, keep: str | None = None) -> None:
        """Show ``rows``; keep the cursor on case ``keep`` if it is still listed."""
        self.rows = rows
        index = 0
        if keep is not None:
            index_of = getattr(rows, "index_of", None)
            if index_of is not None:
                index = index_of(keep) or 0
            else:
                index = next((i for i, row in enumerate(rows) if row.id == keep), 0)
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        self.cursor = min(index, max(len(rows) - 1, 0))
        self.refresh()

    def set_now(self, now_ts: float) -> None:
        self.now_ts = now_ts
        self.refresh()

    @property
    def highlighted(self) -> CaseRow | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    # -- cursor -------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()
        self.post_message(self.Highlighted(self.highlighted))

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def _rows_visible(self) -> int:
        return max(self.size.height - 1, 1)

    def _scroll_cursor_into_view(self) -> None:
        top = round(self.scroll_y)
        visible = self._rows_visible()
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * self._rows_visible()

    def action_jump(self, where: int) -> None:
        self.cursor = 0 if where == 0 else len(self.rows) - 1

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self.cursor = round(self.scroll_y) + event.y - 1

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.rows) + 1)
        self._scroll_cursor_into_view()

    # -- painting -----------------------------------------------------------
    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines of ``crop``: the widget's own style is worked out once for them (from
        its ancestors' backgrounds: a tenth of a row's paint), not once per row."""
        self._base = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._base = None

    @property
    def _style(self) -> Style:
        return self._base if self._base is not None else self.rich_style

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if width <= 0:
            return Strip.blank(0)
        columns = layout_for(width, self.lang, self.wanted)
        if y == 0:
            header = self.get_component_rich_style("case-list--header")
            labels = ["" if name == "mark" else tr(f"tui.col.{name}") for name, _ in columns]
            return self._strip(labels, columns, [header] * len(columns), width)
        index = round(self.scroll_y) + y - 1
        blank = self._blank_line(y, index, width)
        if blank is not None:
            return blank
        return self._row_strip(self.rows[index], index == self.cursor, columns, width)

    def _blank_line(self, y: int, index: int, width: int) -> Strip | None:
        """Line ``y`` (row ``index``) when there is no row to paint there: the empty list's
        text on the first line, blank below it or below the last row; None for a row."""
        if not self.rows:
            if y == 1 and self.empty_text:
                style = self.get_component_rich_style("case-list--empty")
                return Strip([Segment(set_cell_size(" " + self.empty_text, width), style)], width)
            return Strip.blank(width, self._style)
        if index >= len(self.rows):
            return Strip.blank(width, self._style)
        return None

    def _row_strip(self, row: CaseRow, is_cursor: bool, columns: list[tuple[str, int]], width: int) -> Strip:
        base = self._style
        mark = ""
        if row.closed:
            accent = self.get_component_rich_style("case-list--closed")
            base = base + accent
        else:
            urgency = row.urgency(self.now_ts)
            accent = self.get_component_rich_style(_URGENCY_CLASS[urgency])
            mark = MARKS.get(urgency, "")
        if is_cursor:
            base = base + self.get_component_rich_style("case-list--cursor")
            accent = accent + self.get_component_rich_style("case-list--cursor")
        values = []
        styles = []
        for name, _ in columns:
            values.append(mark if name == "mark" else self.cell(row, name))
            styles.append(accent if name in ("mark", "countdown", "deadline") else base)
        return self._strip(values, columns, styles, width)

    def cell(self, row: CaseRow, name: str) -> str:
        """What the column ``name`` shows for ``row``, before it is cut to the column's width."""
        if name == "countdown":
            if row.closed:
                return status_label(row.status, self.lang)
            return row.countdown(self.now_ts, self.lang, self.calendar)
        if name == "channel":
            return row.channel_name
        if name == "deadline":
            return row.deadline_text
        return getattr(row, name)

    @staticmethod
    def _strip(values: list[str], columns: list[tuple[str, int]], styles: list[Style], width: int) -> Strip:
        segments = []
        used = 0
        for value, (_, col_width), style in zip(values, columns, styles):
            text = value if cell_len(value) <= col_width else _ellipsis(value, col_width)
            segments.append(Segment(set_cell_size(text, col_width) + " ", style))
            used += col_width + 1
        strip = Strip(segments, used)
        return strip.crop_extend(0, width, styles[0] if styles else None)


def _ellipsis(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` cells ending in "…", never leaving half a CJK character."""
    if width <= 1:
        return set_cell_size(text, width)
    cut = set_cell_size(text, width - 1)
    if cell_len(text[: len(cut)]) != width - 1:  # the cut fell inside a wide character
        cut = cut.rstrip(" ")
    return cut + "…"


_URGENCY_CLASS = {
    Urgency.OVERDUE: "case-list--overdue",
    Urgency.SOON: "case-list--soon",
    Urgency.LATER: "case-list--later",
    Urgency.NONE: "case-list--later",
}
