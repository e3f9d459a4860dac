"""The case file's layout: every demo case lays out as a PDF, a long case over several pages
numbered "第 n 页，共 m 页" on each, user text never markup (Markdown or PDF)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from cases.case_file import case_file, to_markdown
from cases.case_pdf import to_pdf
from cases.clock import parse_instant
from cases.demo import build_demo
from cases.model import Case, Event

NOW = parse_instant("2026-11-22T10:00:00+08:00")


def _pdf_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _blocks(case: Case, group=None):
    return case_file(case, now=NOW, calendar=None, group=group, group_name=group.name if group else "",
                     checked={}, masked=True)


def test_every_demo_case_lays_out_as_a_pdf():
    cases, groups = build_demo(NOW)
    by_id = {g.id: g for g in groups}
    for case in cases:
        data = to_pdf(_blocks(case, by_id.get(case.group_id)), case_id=case.id, exported_at="2026-11-22 10:00",
                      lang="zh")
        pages = _pdf_text(data)
        assert f"案件材料 {case.id}" in pages[0], case.id


def test_a_long_case_is_numbered_on_every_page():
    events = [Event(kind="contact", channel="platform-cs", at=f"2026-10-{1 + n % 28:02d}T10:00:00+08:00",
                    said="客服回复：正在核实处理中，请耐心等待。" * 3, seq=n) for n in range(120)]
    case = Case(id="K-0042", title="充值未到账", platform="汇想卡盟", timeline=events)
    pages = _pdf_text(to_pdf(_blocks(case), case_id="K-0042", exported_at="2026-11-22 10:00", lang="zh"))
    assert len(pages) >= 3
    for n, text in enumerate(pages, 1):
        assert f"第 {n} 页，共 {len(pages)} 页" in text and "2026-11-22 10:00" in text


def _unescaped(line: str, chars: str) -> list[int]:
    return [i for i, ch in enumerate(line) if ch in chars and (i == 0 or line[i - 1] != "\\")]


@pytest.mark.parametrize("typed", ["<b>粗体</b> & <font size=40>x</font>", "**星号** [链接](http://x) | 竖线 # 井号"])
def test_user_text_is_never_markup(typed):
    case = Case(id="K-0001", title=typed, platform="汇想卡盟", notes=typed,
                timeline=[Event(kind="contact", channel="platform-cs", at="2026-11-01T10:00:00+08:00", said=typed)])
    text = "".join(_pdf_text(to_pdf(_blocks(case), case_id="K-0001", exported_at="x", lang="zh")))
    assert typed.split()[0] in text.replace("\n", "")  # shown as typed, tags and all
    lines = to_markdown(_blocks(case)).splitlines()
    title = next(line for line in lines if line.startswith("# "))
    assert _unescaped(title[2:], "<>*[]|#") == []
    header = next(n for n, line in enumerate(lines) if line.startswith("| 时间"))
    assert len(_unescaped(lines[header + 2], "|")) == len(_unescaped(lines[header], "|")) == 7
    fenced = lines.index("```text")
    assert lines[fenced + 1] == typed and lines[fenced + 2] == "```"  # notes kept as typed, inside a fence
