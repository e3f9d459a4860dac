"""Case detail: fields, timeline, evidence checklist, masking; help and palette."""

from __future__ import annotations

from textual.widgets import Static

from tui.app import TousuApp
from tui.screens.case_detail import CaseDetailScreen
from tui.screens.help import HelpScreen
from tui.widgets.case_list import CaseList

from notices import said
from tui_helpers import detail_text, help_lines, palette_run, settle


def body(app) -> str:
    return detail_text(app)


async def open_case(pilot, app, title: str) -> None:
    lst = app.screen.query_one(CaseList)
    lst.cursor = [r.title for r in lst.rows].index(title)
    await pilot.press("enter")
    await settle(pilot)


async def test_detail_shows_everything_masked_until_revealed(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await open_case(pilot, app, "点卡充值未到账")
        assert isinstance(app.screen, CaseDetailScreen)
        text = body(app)
        for expected in ("点卡充值未到账", "杭州汇想网络科技有限公司", "HX20261120001", "CS-8812",
                         "平台在线客服", "时间线", "证据清单", "138****5678", "张**"):
            assert expected in text, expected
        assert "13812345678" not in text
        assert "11010519491231002X" not in text
        await pilot.press("r")
        await settle(pilot)
        text = body(app)
        assert "13812345678" in text and "张三" in text
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, CaseDetailScreen)


async def test_detail_lists_missing_evidence(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await open_case(pilot, app, "会员权益未开通")
        assert "✗" in body(app)


async def test_help_lists_every_dashboard_key(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(help_lines(app))
        for label in ("新建", "打开", "记录联系", "编辑", "筛选", "已结案", "帮助", "退出", "渠道:12315"):
            assert label in text, label
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, HelpScreen)


async def test_palette_offers_the_screen_commands(filled_store, make_app):
    app: TousuApp = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert any(t.startswith("新建") for t in titles)
        assert any(t.startswith("记录联系") for t in titles)
        # running one from the palette opens the form
        await palette_run(pilot, "新建", "新建")
        from tui.screens.case_form import CaseFormScreen

        assert isinstance(app.screen, CaseFormScreen)


async def test_theme_choice_is_remembered(filled_store, make_app, tmp_path):
    from storage.settings import Settings

    app = make_app(filled_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "tousu-dark"
        await pilot.press("f2")
        await settle(pilot)
        assert app.theme == "tousu-light"
    assert Settings.load(tmp_path / "settings.json").theme == "tousu-light"


async def test_language_for_the_next_start_is_remembered(filled_store, make_app, tmp_path):
    from storage.settings import Settings

    app = make_app(filled_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        assert Settings.load(tmp_path / "settings.json").lang == "en"
        assert any("English" in n for n in said(app))
        assert app.lang == "zh"  # this run keeps its language
        await pilot.press("f3")
        await settle(pilot)
    assert Settings.load(tmp_path / "settings.json").lang == "zh"


async def test_bad_user_theme_is_reported_not_fatal(filled_store, make_app, tmp_path):
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "broken.json").write_text("{ not json", "utf-8")
    app = make_app(filled_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert any("broken.json" in n for n in said(app))


async def test_unreadable_settings_are_reported_and_kept(filled_store, make_app, tmp_path):
    from storage.settings import Settings

    path = tmp_path / "settings.json"
    path.write_text("{oops", "utf-8")
    app = make_app(filled_store, settings=Settings.load(path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert any("settings.json" in n for n in said(app))
    assert path.read_text("utf-8") == "{oops"
