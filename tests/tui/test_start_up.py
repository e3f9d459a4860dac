"""What the dashboard's start-up puts off or does quietly looks the same and is kept the same:
the theme chosen in the settings styles the first frame as F2 would, and a first start still
remembers its theme, once that frame is out."""

from __future__ import annotations

from storage.settings import Settings
from tui_helpers import settle


def _looks(app) -> list[tuple[str, str, str]]:
    """Every widget of the screen with its background and text colour, and the app's classes."""
    widgets = [(f"{type(w).__name__}#{w.id}", str(w.styles.background), str(w.styles.color))
               for w in app.screen.query("*")]
    return [*widgets, ("app", " ".join(sorted(app.classes)), "")]


async def test_a_theme_chosen_in_the_settings_looks_as_when_chosen_with_F2(filled_store, make_app):
    started_light = make_app(filled_store, settings=Settings(theme="tousu-light"))
    async with started_light.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert started_light.theme == "tousu-light"
        first = _looks(started_light)
    switched = make_app(filled_store)
    async with switched.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        dark = _looks(switched)
        await pilot.press("f2")
        await settle(pilot)
        assert switched.theme == "tousu-light"
        assert _looks(switched) == first != dark


async def test_a_first_start_writes_its_theme_once_the_first_frame_is_out(filled_store, make_app, tmp_path):
    path = tmp_path / "config.toml"
    app = make_app(filled_store, settings=Settings.load(path))
    assert not path.exists()  # not on the way to the first frame
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert Settings.load(path).theme == "tousu-dark"
