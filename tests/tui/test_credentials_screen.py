"""The credentials screen (K): list, add, change, test, copy and delete by keyboard, the keyring
work in workers; a refusal is a notification and stores nothing."""

from __future__ import annotations

import pytest
from keyring_helpers import MemoryKeyring, memory_keyring, no_keyring  # noqa: F401  fixtures
from notices import said
from tui_helpers import settle, wait_for

from storage.vault import Vault

SECRET = "hunter2-Secret!"



async def _type(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch if ch != " " else "space")


async def _open(pilot):
    from tui.screens.credentials import CredentialsScreen

    await settle(pilot)
    await pilot.press("K")
    assert await wait_for(pilot, lambda: isinstance(pilot.app.screen, CredentialsScreen))
    await settle(pilot)
    return pilot.app.screen


async def _add_account(pilot, service: str, user: str, secret: str) -> None:
    from tui.screens.credentials import CredentialForm

    await pilot.press("a")
    assert await wait_for(pilot, lambda: isinstance(pilot.app.screen, CredentialForm))
    await _type(pilot, service)
    await pilot.press("tab")
    await _type(pilot, user)
    await pilot.press("tab", "tab")
    await _type(pilot, secret)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_add_copy_test_and_delete_an_account(store, make_app, memory_keyring: MemoryKeyring):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot)
        assert "还没有凭据" in str(screen.query_one("#cred-list").get_option_at_index(0).prompt)
        assert "MemoryKeyring" in str(screen.query_one("#cred-backend").render())
        await _add_account(pilot, "heimao", "alice", SECRET)
        assert await wait_for(pilot, lambda: len(screen.refs) == 1)
        assert memory_keyring.items == {("tousu/account/heimao", "alice"): SECRET}
        shown = str(screen.query_one("#cred-list").get_option_at_index(0).prompt)
        assert "heimao" in shown and "alice" in shown and SECRET not in shown

        await pilot.press("u")
        assert app.clipboard == "alice"
        await pilot.press("p")
        assert await wait_for(pilot, lambda: app.clipboard == SECRET)
        assert any("剪贴板中现在有密码" in n for n in said(app))

        await pilot.press("t")
        assert await wait_for(pilot, lambda: any("钥匙串中有密码" in n for n in said(app)))

        await pilot.press("D")
        await pilot.press("y")
        assert await wait_for(pilot, lambda: not screen.refs and not memory_keyring.items)
        await settle(pilot)
    assert Vault(store, None).references() == ([], [])


async def test_bad_input_stays_in_the_form_with_its_reason(store, make_app, memory_keyring):
    from tui.screens.credentials import CredentialForm

    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot)
        await pilot.press("a")
        assert await wait_for(pilot, lambda: isinstance(app.screen, CredentialForm))
        await _type(pilot, "heimao")
        await pilot.press("ctrl+s")  # no user name, no secret
        await pilot.pause()
        assert isinstance(app.screen, CredentialForm)
        errors = [str(w.render()) for w in app.screen.query(".field-error") if w.display]
        assert errors
        assert memory_keyring.items == {}


async def test_without_a_keyring_the_refusal_is_said_and_nothing_is_stored(store, make_app, no_keyring):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot)
        assert "不可用" in str(screen.query_one("#cred-backend").render())
        await _add_account(pilot, "heimao", "alice", SECRET)
        assert await wait_for(pilot, lambda: any("tousu cred backend cryptfile" in n for n in said(app)))
    assert Vault(store, None).references() == ([], [])


async def test_an_encrypted_file_keyring_asks_its_passphrase_once(store, make_app, no_keyring, monkeypatch, tmp_path):
    from tui.screens.ask import AskScreen

    monkeypatch.setenv("TOUSU_KEYRING", "cryptfile")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot)
        await _add_account(pilot, "jutousu", "bob", SECRET)
        assert await wait_for(pilot, lambda: isinstance(app.screen, AskScreen))
        await _type(pilot, "open sesame")
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: len(screen.refs) == 1, timeout=20)
        await _add_account(pilot, "12315", "bob", "other")  # unlocked: not asked again
        assert await wait_for(pilot, lambda: len(screen.refs) == 2, timeout=20)
        assert not isinstance(app.screen, AskScreen)
    data = (tmp_path / "data" / "tousu" / "keyring.cfg").read_bytes()
    assert SECRET.encode() not in data


@pytest.mark.parametrize("key", ["K"])
async def test_the_key_is_in_the_help_and_the_palette(store, make_app, memory_keyring, key):
    from tui.commands import command

    assert command("credentials").key == key
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert any("凭据" in t for t in titles)


async def test_change_keeps_the_reference_and_replaces_the_secret(store, make_app, memory_keyring: MemoryKeyring):
    from tui.screens.credentials import CredentialForm
    from on_screen import screen_lines

    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _open(pilot)
        await _add_account(pilot, "heimao", "alice", SECRET)
        assert await wait_for(pilot, lambda: len(screen.refs) == 1)
        await pilot.press("e")
        assert await wait_for(pilot, lambda: isinstance(app.screen, CredentialForm))
        assert app.screen.query_one("#f-service").disabled  # kind, service and user name it
        app.screen.query_one("#f-label").value = "黑猫账号"
        app.screen.query_one("#f-secret").focus()
        await _type(pilot, "n3w-Secret")
        assert "n3w-Secret" not in "\n".join(screen_lines(app))  # typed hidden
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: memory_keyring.items[("tousu/account/heimao", "alice")] == "n3w-Secret")
        assert await wait_for(pilot, lambda: screen.refs and screen.refs[0].label == "黑猫账号")
        shown = "\n".join(screen_lines(app))
        assert SECRET not in shown and "n3w-Secret" not in shown
