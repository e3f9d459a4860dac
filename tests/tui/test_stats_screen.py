"""The stats screen (S): figures computed in a worker, bar charts sized to the screen, esc back."""

from __future__ import annotations

import pytest
from rich.console import Console
from textual.widgets import Static
from notices import said
from tui_helpers import NOW, settle, wait_for

from cases.clock import parse_instant
from cases.demo import build_demo
from cases.stats import compute
from tui.stats_view import BLOCKS, BarChart, BarRow
from tests.raw_store import another_program

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def demo_store(store):
    cases, groups = build_demo(parse_instant(NOW))
    store.replace_all(cases, groups)
    return store


def _body(app) -> str:
    """What the screen's body shows, as plain text at 100 columns."""
    return "\n".join(_render(app.screen.query_one("#stats-body", Static).content, 100))


def _render(renderable, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text().splitlines()


async def test_s_opens_the_figures_and_esc_goes_back(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        assert await wait_for(pilot, lambda: getattr(app.screen, "stats", None) is not None, timeout=20)
        expected = compute(demo_store.summary_docs(), demo_store.timelines(), parse_instant(NOW).datetime)
        assert app.screen.stats == expected
        text = _body(app)
        total = expected.total
        assert f"案件 {total.cases} 个（进行中 {total.open}，已结束 {total.closed}）" in text
        assert "各平台案件" in text and "各渠道首次回复中位天数" in text and "口径：首次回复" in text
        assert BLOCKS[0] in text
        await pilot.press("escape")
        assert await wait_for(pilot, lambda: app.screen.id != "stats")


async def test_the_help_says_what_a_first_reply_is(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        from tui.screens.help import HelpScreen, help_view

        lines = "".join(_render(help_view("stats"), 400))
        assert "首次回复 = 在某渠道首次提交（submitted）之后" in lines
        assert isinstance(app.screen, HelpScreen)


async def test_a_store_error_is_said_on_the_screen(demo_store, make_app, monkeypatch):
    from storage.errors import StoreError

    app = make_app(demo_store)

    class Refused(StoreError):
        def message(self, lang: str = "zh") -> str:
            return "读不了"

    def fail() -> None:
        raise Refused("nope")

    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(demo_store, "timelines", fail)
        await pilot.press("S")
        assert await wait_for(pilot, lambda: "读不了" in _body(app), timeout=20)
        assert "无法统计" in _body(app)
        assert app.screen.stats is None


def test_bars_fit_the_width_and_their_parts_add_up():
    chart = BarChart("t", [BarRow("全国12315平台投诉", (30, 10), "30/10"), BarRow("黑猫", (5, 0), "5/0"),
                           BarRow("空", (0, 0), "0/0")])
    for width in (40, 80):
        lines = _render(chart, width)
        assert lines[0] == "t"
        widest, small, empty = lines[1:]
        assert all(len(line.rstrip()) <= width for line in lines)
        bar_w = widest.count(BLOCKS[0]) + widest.count(BLOCKS[1])
        assert widest.count(BLOCKS[0]) == round(bar_w * 30 / 40)
        assert small.count(BLOCKS[0]) == round(5 / 40 * bar_w) and BLOCKS[1] not in small
        assert BLOCKS[0] not in empty and empty.endswith("0/0")
        assert widest.endswith("30/10")


async def test_a_damaged_case_is_left_out_and_named(demo_store, make_app):
    import json

    with another_program(demo_store.path) as raw:  # another program writing a damaged document
        doc = json.loads(json.dumps(raw.get("cases", "3")))
        doc["orders"] = "abc"
        raw.put("cases", "3", doc)
    assert demo_store.poll()
    app = make_app(demo_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("S")
        assert await wait_for(pilot, lambda: getattr(app.screen, "stats", None) is not None, timeout=20)
        assert app.screen.stats.left_out == ["K-0003"]
        assert app.screen.stats.total.cases == 14
        said_now = "1 个案件的记录已损坏，未计入：K-0003"
        assert await wait_for(pilot, lambda: said_now in said(app))
