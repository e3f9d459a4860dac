"""Each screen brings its own stylesheet (themes/screens/): the dashboard's first frame parses
only the app's (tests/tui/test_first_frame_imports.py), and every screen's is read in one parse
once that frame is out, so no screen makes Textual parse every stylesheet again when shown."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

import tui.screens
from themes.loader import every_screen_stylesheet, screen_stylesheets, stylesheet_path
from tui.screens.help import HelpScreen
from tui_helpers import settle

SCREEN_SHEETS = Path(stylesheet_path()).parent / "screens"


def _named_by_screens() -> dict[Path, list[str]]:
    """Every stylesheet a screen of tui/screens names in its CSS_PATH, with the screens naming it."""
    named: dict[Path, list[str]] = {}
    for info in pkgutil.iter_modules(tui.screens.__path__, "tui.screens."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == info.name and cls.CSS_PATH:
                for path in cls.CSS_PATH:
                    named.setdefault(Path(path), []).append(cls.__name__)
    return named


def _sources(app) -> set[Path]:
    """The stylesheet files the app has read (the widgets' own CSS is not in a file)."""
    return {Path(path) for path, class_var in app.stylesheet.source if not class_var}


def test_every_screen_stylesheet_is_named_by_a_screen_and_parses():
    named = _named_by_screens()
    files = set(SCREEN_SHEETS.glob("*.tcss"))
    assert len(files) >= 2
    assert set(named) == files, "a stylesheet no screen reads, or a screen naming a missing file"
    variables = App().get_css_variables()
    for path in sorted(files):
        sheet = Stylesheet(variables=variables)
        sheet.read(path)
        sheet.parse()  # StylesheetParseError when a rule is wrong
        assert sheet.rules, f"{path.name} holds no rules"


def test_screen_stylesheets_are_found_in_the_themes_package():
    (form, dialog) = screen_stylesheets("form", "dialog")
    assert Path(form) == SCREEN_SHEETS / "form.tcss" and Path(dialog) == SCREEN_SHEETS / "dialog.tcss"


async def test_every_screen_stylesheet_is_read_after_the_first_frame_and_none_when_a_screen_is_shown(
    filled_store, make_app
):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        everything = {Path(stylesheet_path()), *map(Path, every_screen_stylesheet())}
        assert _sources(app) == everything == {Path(stylesheet_path()), *SCREEN_SHEETS.glob("*.tcss")}
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert _sources(app) == everything  # read already: Textual has nothing to parse again for it
        assert (app.screen.styles.align_horizontal, app.screen.styles.align_vertical) == ("center", "middle")
