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


async def test_the_title_counts_every_case_from_the_head_before_the_full_read(filled_store, make_app, clock,
                                                                              monkeypatch):
    """The first frame paints the most urgent rows from the store's ordered head; the title's
    counts follow from every case's order key (parsed after that frame), not from the full
    read, which is held back here until they are on screen."""
    import threading

    from storage.store import Store
    from tui.screens import dashboard
    from tui_helpers import wait_for

    filled_store.compact()  # the summaries stored in dashboard order, as a real store has them
    filled_store.close()
    reopened = Store.open(filled_store.path, clock)
    release = threading.Event()
    full_read = dashboard.read_summaries

    def held(store):
        release.wait(10)
        return full_read(store)

    monkeypatch.setattr(dashboard, "read_summaries", held)
    app = make_app(reopened)
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            def title() -> str:
                return str(app.screen.query_one("#title-bar").render())

            assert await wait_for(pilot, lambda: "进行中" in title())
            assert not app.screen.loaded  # the rows and counts came from the head alone
            assert "进行中 3 件" in title() and "逾期 1" in title() and "24小时内到期 1" in title()
            release.set()
            await settle(pilot)
            assert app.screen.loaded and "进行中 3 件" in title() and "逾期 1" in title()
    finally:
        release.set()
        reopened.close()
