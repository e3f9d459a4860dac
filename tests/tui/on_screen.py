"""What the terminal shows, read through Textual's public API only: the screen's lines
(from the screenshot it exports) and the choices a drop-down lists."""

from __future__ import annotations

import html
import re

from rich.cells import cell_len

# One run of text in a screenshot: its column (x, in cells of 12.2 px: rich's export_svg
# draws a 20 px font, each cell 0.61 of that wide), its line (the clip path it is drawn
# in) and the text (escaped, spaces as &#160;). Runs of spaces are not drawn.
_RUN = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="[^"]*" textLength="[^"]*" '
                  r'clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>')
_CELL_PX = 20 * 0.61


def screen_lines(app) -> list[str]:
    """What the terminal shows, line by line, as plain text (a wide character is one
    character, as on screen)."""
    width, height = app.size
    lines: list[list[str]] = [[] for _ in range(height)]
    for x, line, text in _RUN.findall(app.export_screenshot()):
        column, parts = round(float(x) / _CELL_PX), lines[int(line)]
        if column >= width:  # the line's end (the console's line break)
            continue
        parts.append(" " * (column - cell_len("".join(parts))))
        parts.append(html.unescape(text).replace("\xa0", " "))
    texts = ["".join(parts) for parts in lines]
    return [text + " " * (width - cell_len(text)) for text in texts]


def select_labels(select) -> list[str]:
    """The choices ``select`` lists when opened, as their labels read (its prompt for no
    choice left out)."""
    from textual.widgets import OptionList

    listed = select.query_one(OptionList)
    labels = [str(option.prompt) for option in listed.options]
    return [label for label in labels if label != select.prompt]
