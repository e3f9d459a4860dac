"""The case file (:mod:`cases.case_file`) as a PDF that renders Chinese anywhere.

Text is set in WenQuanYi Micro Hei (文泉驿微米黑), shipped as a package dependency
(``paperang-p2-fonts-cjk``: the font file, nothing else), and the glyphs used are
embedded as a subset (reportlab ``TTFont``): the PDF shows Chinese on a machine with
no CJK font installed, the one that writes it and the one that reads it (checked with
poppler's ``pdftoppm`` on such a machine). The PDF standard CJK fonts (``STSong-Light``)
were not enough: they leave the glyphs to the reader, and poppler without a CJK font
draws empty boxes. Latin text, digits and hashes use the same font, so a line never
mixes fonts. Each page carries the case id, the export time and "page n of m" in its footer
(:func:`_numbered_canvas`: the pages are kept until the count is known).

User text is escaped before it reaches reportlab's paragraph markup (``<``, ``>``, ``&``),
so it is shown as typed, never interpreted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from cases.i18n import tr

if TYPE_CHECKING:  # pragma: no cover
    from cases.case_file import Block

FONT = "WenQuanYiMicroHei"
FONT_PACKAGE = "paperang_p2_fonts_cjk"
FONT_FILE = "fonts/wqy-microhei.ttc"


def _register() -> None:
    from importlib import resources

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        with resources.as_file(resources.files(FONT_PACKAGE).joinpath(FONT_FILE)) as path:
            pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))


def _para_text(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def to_pdf(blocks: list[Block], *, case_id: str, exported_at: str, lang: str) -> bytes:
    """The PDF bytes of the case file ``blocks``."""
    from io import BytesIO

    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    _register()
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, alignment=TA_LEFT, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=16, leading=22, spaceAfter=6)
    heading = ParagraphStyle("heading", parent=body, fontSize=12.5, leading=18, spaceBefore=10, spaceAfter=4)
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11)
    head_cell = ParagraphStyle("head_cell", parent=cell, textColor=colors.white)
    pre = ParagraphStyle("pre", parent=body, fontSize=9, leading=12.5, backColor=colors.HexColor("#f3f3f3"),
                         borderPadding=4, leftIndent=4, rightIndent=4, spaceBefore=2, spaceAfter=6,
                         wordWrap="CJK")
    width = A4[0] - 36 * mm - 12  # the frame inside the margins, less its 6 pt padding on each side

    story: list = []
    for block in blocks:
        if block.kind == "title":
            story.append(Paragraph(_para_text(block.text), title))
        elif block.kind == "heading":
            story.append(Paragraph(_para_text(block.text), heading))
        elif block.kind == "para":
            story.append(Paragraph(_para_text(block.text), body))
            story.append(Spacer(1, 2))
        elif block.kind == "pre":
            story.append(Paragraph(_para_text(block.text), pre))
        elif block.kind in ("fields", "table"):
            story.append(_table(block, cell, head_cell, width, colors, Table, TableStyle, Paragraph))
            story.append(Spacer(1, 6))

    footer = tr("casefile.pdf.footer", lang, id=case_id, at=exported_at)
    out = BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=18 * mm, title=tr("casefile.pdf.title", lang, id=case_id), author="tousu",
                            creator="tousu", subject=tr("casefile.pdf.title", lang, id=case_id))
    doc.build(story, canvasmaker=_numbered_canvas(footer, lang))
    return out.getvalue()


def _numbered_canvas(footer: str, lang: str):  # noqa: ANN202 - a reportlab Canvas class
    """A canvas that keeps each page until the end, then draws every footer with the page
    count ("第 n 页，共 m 页"): one layout pass, the count known when it is drawn."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
            super().__init__(*args, **kwargs)
            self._kept: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._kept.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._kept)
            for state in self._kept:
                self.__dict__.update(state)
                self.saveState()
                self.setFont(FONT, 8)
                self.setFillColor(colors.HexColor("#555555"))
                self.drawString(18 * mm, 10 * mm, footer)
                self.drawRightString(A4[0] - 18 * mm, 10 * mm,
                                     tr("casefile.pdf.page", lang, page=self._pageNumber, pages=total))
                self.restoreState()
                super().showPage()
            super().save()

    return NumberedCanvas


def _table(block: Block, cell, head_cell, width: float, colors, Table, TableStyle, Paragraph):  # noqa: ANN001, N803
    rows = [[Paragraph(_para_text(c), cell) for c in row] for row in block.rows]
    style = [("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
             ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    if block.kind == "fields":
        widths = [width * 0.25, width * 0.75]
        style.append(("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eeeeee")))
    else:
        rows.insert(0, [Paragraph(_para_text(h), head_cell) for h in block.header])
        widths = _column_widths(block, width)
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#44546a")))
    table = Table(rows, colWidths=widths, repeatRows=0 if block.kind == "fields" else 1)
    table.setStyle(TableStyle(style))
    return table


def _column_widths(block: Block, width: float) -> list[float]:
    """Each column's share of the width by its longest text (a CJK character counts two),
    each at least 9 % and at most 45 %, scaled to the page."""
    from unicodedata import east_asian_width

    def cells(text: str) -> int:
        return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)

    columns = len(block.header)
    need = [max([cells(block.header[i])] + [min(cells(row[i]), 60) for row in block.rows]) for i in range(columns)]
    total = sum(need) or 1
    shares = [min(max(n / total, 0.09), 0.45) for n in need]
    scale = sum(shares)
    return [width * s / scale for s in shares]
