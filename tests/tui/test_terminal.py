"""Every terminal: 80×24 keeps help and quit in the footer and the help inside its box,
a wide screen shows whole ticket numbers, urgency reads without colour, Esc clears the
filter from the list, the palette jumps to a case, toasts and conflicts say words."""

from __future__ import annotations

from textual.widgets import Input

from cases.model import Case, Event
from storage.store import Store
from tui.screens.help import HelpScreen
from tui.widgets.case_list import MARKS, CaseList, layout_for, wanted_widths
from notices import said
from on_screen import screen_lines
from tui_helpers import at, help_lines, palette_options, palette_run, settle, wait_for


def listed(app) -> list[str]:
    return [r.title for r in app.screen.query_one(CaseList).rows]


def footer_shown(app) -> list[str]:
    """The footer keys that are on screen (inside the terminal's width, not covered by
    the palette key docked on the right)."""
    width = app.size.width
    keys = list(app.screen.query("FooterKey"))
    palette = next((k for k in keys if k.has_class("-command-palette")), None)
    right = palette.region.x if palette is not None else width
    return [k.key_display for k in keys if k is not palette and k.region.right <= right]


async def test_help_and_quit_stay_in_the_footer_at_80x24(filled_store, make_app):
    for lang in ("zh", "en"):
        from cases.i18n import set_lang

        set_lang(lang)
        app = make_app(filled_store)
        app.lang = lang
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert await wait_for(pilot, lambda: bool(app.screen.query("FooterKey")))
            shown = footer_shown(app)
            assert "?" in shown and "q" in shown, (lang, shown)
    set_lang("zh")


async def test_footer_keys_that_do_not_fit_leave_the_palette_key_whole_at_80x24(filled_store, make_app):
    """The escalate screen has more keys than 80 columns hold: the ones that do not fit are
    hidden, none runs under the palette key, whose text stays whole."""
    from tui.screens.escalate import EscalateScreen

    app = make_app(filled_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, EscalateScreen)
        await pilot.press("escape")  # from the first question to the text: every text key
        assert await wait_for(pilot, lambda: any(k.key_display == "e" for k in app.screen.query("FooterKey")))
        await pilot.pause()
        keys = list(app.screen.query("FooterKey"))
        palette = next(k for k in keys if k.has_class("-command-palette"))
        shown = [k for k in keys if k is not palette and k.display]
        assert [k.key_display for k in shown][:1] == ["?"]
        assert any(not k.display for k in keys if k is not palette)  # some did not fit
        assert all(k.region.right <= palette.region.x for k in shown)
        assert screen_lines(app)[-1].rstrip().endswith(palette.description)


async def test_the_case_detail_keeps_help_and_quit_at_80x24(filled_store, make_app):
    from tui.screens.case_detail import CaseDetailScreen

    app = make_app(filled_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert await wait_for(pilot, lambda: bool(app.screen.query("FooterKey")))
        shown = footer_shown(app)
        assert shown[:2] == ["?", "q"], shown
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_help_wraps_under_its_own_column_at_80x24(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help-body").region
        assert box.right <= 80
        lines = help_lines(app)
        width = app.screen.query_one("#help-text").content_region.width
        assert all(len(line) <= width for line in lines)  # nothing beyond the box
        # A text too long for one line goes on under the text, not under the keys.
        wrapped = [line for line in lines if line.startswith(" " * 10) and line.strip()]
        assert wrapped, lines
        keyed = [line for line in lines if line[:8].strip() and line[8:10] == "  "]
        assert keyed


def test_wide_screens_give_the_ticket_its_whole_number():
    docs_wanted = {"ticket": 24, "platform": 16}
    cols = dict(layout_for(200, "zh", docs_wanted))
    assert cols["ticket"] >= 24 and cols["platform"] >= 16 and cols["title"] >= 40
    narrow = dict(layout_for(80, "zh", docs_wanted))
    assert "ticket" not in narrow and narrow["title"] >= 10
    assert dict(layout_for(120, "zh", docs_wanted))["title"] >= 40


async def test_a_long_ticket_is_not_cut_at_200x50(filled_store, make_app):
    long_ticket = "12315-3301062026112200012345"
    filled_store.add_case(Case(title="长工单号", platform="某某非常长名字的卡盟平台",
                               timeline=[Event(kind="submitted", channel="12315", at=at(-1), ticket=long_ticket,
                                               seq=1)]))
    app = make_app(filled_store)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        text = "\n".join(screen_lines(app))
        assert long_ticket in text
        assert "某某非常长名字的卡盟平台" in text
        assert app.screen.query_one(CaseList).wanted["ticket"] == len(long_ticket)
        # The widths are those of every case: they stay while the filter narrows the list.
        await pilot.press("slash", *"旺旺")
        assert app.screen.query_one(CaseList).wanted == wanted_widths(filled_store.summary_docs())


async def test_urgency_has_a_mark_without_colour(filled_store, make_app, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(filled_store)
    assert app.no_color
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(CaseList)
        lines = screen_lines(app)
        by_title = {r.title: next(line for line in lines if r.id in line) for r in lst.rows}
        assert by_title["卡密无效 [bold]红[/bold] [TODO]"].startswith(MARKS[__import__("cases.countdown").countdown.Urgency.OVERDUE])
        soon = by_title["点卡充值未到账"]
        assert soon.startswith("! ") and not soon.startswith("!!")
        assert by_title["会员权益未开通"].startswith("  ")
        # The highlighted row keeps its mark, and a due-soon row is bold, as bold as any.
        lst.cursor = [r.title for r in lst.rows].index("点卡充值未到账")
        await pilot.pause()
        row_y = lst.cursor + 1
        strip = lst.render_line(row_y)
        assert strip.text.startswith("! ")
        soon_style = lst.get_component_rich_style("case-list--soon")
        later_style = lst.get_component_rich_style("case-list--later")
        assert soon_style.bold and not soon_style.dim and not later_style.bold


async def test_escape_in_the_list_clears_the_filter(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"汇想", "enter")  # ⏎: back in the list, the filter kept
        assert app.screen.query_one(CaseList).has_focus
        assert listed(app) == ["点卡充值未到账"]
        await pilot.press("escape")
        assert app.screen.query_one("#filter", Input).value == ""
        assert len(listed(app)) == 3


async def test_palette_jumps_to_a_case_by_id_or_title(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(CaseList)
        target = next(r for r in lst.rows if r.title == "会员权益未开通")
        await palette_run(pilot, target.id, target.id)
        assert lst.highlighted.id == target.id
        await palette_run(pilot, "卡密无效", "卡密无效")
        assert lst.highlighted.title.startswith("卡密无效")
        # A case the filter hides: the filter goes, the case is highlighted.
        await pilot.press("slash", *"汇想", "enter")
        await palette_run(pilot, "会员权益", "会员权益未开通")
        assert app.screen.query_one("#filter", Input).value == ""
        assert lst.highlighted.title == "会员权益未开通"
        # A closed case: the closed cases are shown.
        await palette_run(pilot, "已退款", "已退款的旧案")
        assert lst.highlighted.title == "已退款的旧案"


async def test_palette_speaks_english_in_the_english_ui(filled_store, make_app):
    from textual.command import CommandPalette

    from cases.i18n import set_lang

    set_lang("en")
    try:
        app = make_app(filled_store)
        app.lang = "en"
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            assert await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
            assert "case id" in app.screen.query_one("#--input Input", Input).placeholder
            await pilot.press("escape")
            assert await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette))
            await pilot.press("ctrl+p", *"zzzzqqq")  # nothing matches: said in English
            assert await wait_for(pilot, lambda: any("No command or case" in o for o in palette_options(app)))
            await pilot.press("escape")
            assert await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette))
            await palette_run(pilot, "add", "Add")
            from tui.screens.case_form import CaseFormScreen

            assert isinstance(app.screen, CaseFormScreen)
    finally:
        set_lang("zh")


async def test_theme_toast_names_the_theme(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert app.theme == "tousu-light"
        messages = said(app)
        assert any("浅色" in m for m in messages), messages
        assert not any("tousu-light" in m for m in messages)


async def test_a_conflict_names_the_fields_in_words(filled_store, make_app, store_path, clock):
    from tui.screens.case_form import CaseFormScreen

    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(CaseList)
        lst.cursor = listed(app).index("会员权益未开通")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        other = Store.open(store_path, clock)
        try:
            other.update_case(form.base.id, lambda c: setattr(c, "title", "他人改的标题"))
        finally:
            other.close()
        form.query_one("#f-title", Input).value = "我改的标题"
        await pilot.press("ctrl+s")
        await settle(pilot)
        message = next(n for n in said(app) if "他人修改" in n)
        assert "标题" in message and "title" not in message


def test_theme_titles_come_from_the_theme_files():
    import pytest

    from themes.loader import load_themes, parse_theme, theme_title

    themes = {t["name"]: t for t in load_themes().themes}
    assert theme_title(themes["tousu-dark"], "zh") == "深色" and theme_title(themes["tousu-dark"], "en") == "Dark"
    plain = parse_theme({"name": "mine", "primary": "#123456"}, "mine.json")
    assert theme_title(plain, "en") == "mine"  # no title: its id
    assert theme_title(parse_theme({"name": "x", "primary": "#123456", "title": "Sea"}, "x.json"), "zh") == "Sea"
    with pytest.raises(ValueError, match="title"):
        parse_theme({"name": "x", "primary": "#123456", "title": 3}, "x.json")


def test_every_mergeable_field_has_words():
    from cases.field_names import FIELD_LABELS, field_name
    from storage.store import MERGE_FIELDS

    assert set(MERGE_FIELDS) <= set(FIELD_LABELS)
    for field in MERGE_FIELDS:
        for lang in ("zh", "en"):
            assert field_name(field, lang) != FIELD_LABELS[field], (field, lang)  # in the catalogue
