"""Keys from the settings file: a command's key changes everywhere it is shown (footer, help,
palette), the old key no longer does it, a key taken from another command says so, and a
setting left out is reported once."""

from __future__ import annotations

import pytest

from storage.settings import Settings
from tui.screens.escalate import EscalateScreen
from tui.screens.help import HelpScreen
from notices import said
from tui_helpers import help_lines, settle, wait_for


@pytest.fixture(autouse=True)
def _default_keys_after():
    """The keymap is the command table's (module state): back to the declared keys."""
    yield
    from tui.commands import remap

    remap({})


def _settings(tmp_path, text: str) -> Settings:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return Settings.load(path)


async def test_a_remapped_key_works_and_is_shown_everywhere(filled_store, make_app, tmp_path):
    app = make_app(filled_store, settings=_settings(tmp_path, '[keys]\nescalate = "X"\n'))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        footer = {k.action: k.key_display for k in app.screen.query("FooterKey")}
        assert footer.get("escalate") == "X"
        await pilot.press("x")  # the old key does nothing now
        await settle(pilot)
        assert not isinstance(app.screen, EscalateScreen)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert any(line.strip().startswith("X  ") for line in help_lines(app))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("X")
        await settle(pilot)
        assert isinstance(app.screen, EscalateScreen)


async def test_a_clash_and_unknown_commands_are_told(filled_store, make_app, tmp_path):
    settings = _settings(tmp_path, 'lang = "fr"\n[keys]\nescalate = "e"\nno_such = "k"\n')
    app = make_app(filled_store, settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert await wait_for(pilot, lambda: len(said(app)) >= 1)
        told = "\n".join(said(app))
        assert "第 1 行" in told and "lang" in told
        assert "第 4 行" in told and "no_such" in told
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EscalateScreen)
        told = "\n".join(said(app))
        assert "编辑" in told  # the edit command lost its key
        from tui.commands import command

        assert command("edit_case").shown_key == "—" and command("escalate").shown_key == "e"
