"""``tousu cred``: references in the store, secrets only in the keyring; the keyring chosen,
the headless refusal and the plaintext refusal; an encrypted file keyring on a temp file."""

from __future__ import annotations

import base64
import io
import json
import os
import sys
from pathlib import Path

import pytest
from cli_helpers import assert_one_line_error
from keyring_helpers import MemoryKeyring, memory_keyring, no_keyring  # noqa: F401  fixtures

SECRET = "pA55-w0rd-Zq7!"


def _stdin(monkeypatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def _files_under(*roots: Path) -> list[Path]:
    return [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]


def _assert_secret_nowhere(secret: str, *roots: Path) -> int:
    """No file under ``roots`` holds the secret, as it is or base64-encoded; how many were searched."""
    encoded = base64.b64encode(secret.encode()).decode()
    files = _files_under(*roots)
    for path in files:
        data = path.read_bytes()
        assert secret.encode() not in data, path
        assert encoded.encode() not in data, path
    return len(files)


def test_without_a_system_keyring_set_is_refused_and_says_how_to_choose(run, monkeypatch, no_keyring, cli_env):
    _stdin(monkeypatch, SECRET + "\n")
    result = run("cred", "set", "smtp", "smtp.example.com", "alice@example.com")
    assert_one_line_error(result, "tousu cred backend cryptfile")
    assert not Path(cli_env["TOUSU_DB"]).exists()  # refused before the store was touched
    listed = run("cred", "list")
    assert listed.code == 0
    assert "system 不可用" in listed.out


def test_a_plaintext_fallback_is_refused_unless_chosen(run, monkeypatch, no_keyring, cli_env, tmp_path):
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    fallback = PlaintextKeyring()
    fallback.file_path = str(tmp_path / "fallback.cfg")
    keyring.set_keyring(fallback)  # what keyring picks by itself on a headless server with keyrings.alt
    _stdin(monkeypatch, SECRET + "\n")
    result = run("--lang", "en", "cred", "set", "account", "heimao", "alice")
    assert_one_line_error(result, "plaintext", "tousu cred backend plaintext")
    assert not (tmp_path / "fallback.cfg").exists()

    monkeypatch.setenv("TOUSU_KEYRING", "plaintext")  # chosen explicitly: used, and said so
    _stdin(monkeypatch, SECRET + "\n")
    assert run("cred", "set", "account", "heimao", "alice").code == 0
    listed = run("--lang", "en", "cred", "list")
    assert "plaintext (PlaintextKeyring" in listed.out and "unencrypted" in listed.out
    plain = Path(cli_env["XDG_DATA_HOME"]) / "tousu" / "keyring-plaintext.cfg"
    assert plain.stat().st_mode & 0o777 == 0o600


def test_set_list_delete_with_a_system_keyring(run, monkeypatch, memory_keyring: MemoryKeyring, cli_env):
    _stdin(monkeypatch, SECRET + "\n")
    result = run("cred", "set", "smtp", "SMTP.Example.com", "alice@example.com", "--label", "投诉专用")
    assert result.code == 0, result.err
    assert "smtp.example.com:587" in result.out
    assert memory_keyring.items == {("tousu/smtp/smtp.example.com:587", "alice@example.com"): SECRET}
    _stdin(monkeypatch, "robot-pass\n")
    assert run("cred", "set", "account", "heimao", "alice").code == 0

    listed = run("cred", "list", "--json").json()
    assert listed["backend"]["choice"] == "system" and "MemoryKeyring" in listed["backend"]["name"]
    items = {(c["kind"], c["service"], c["user"]): c for c in listed["credentials"]}
    assert set(items) == {("smtp", "smtp.example.com:587", "alice@example.com"), ("account", "heimao", "alice")}
    mail = items[("smtp", "smtp.example.com:587", "alice@example.com")]
    assert mail["label"] == "投诉专用" and mail["added_at"].startswith("2026-06-15T10:00")
    assert mail["added_by"]
    assert SECRET not in run("cred", "list").out

    _stdin(monkeypatch, "new-secret\n")  # set again: replaced, one reference
    assert "已替换" in run("cred", "set", "account", "heimao", "alice").out
    assert memory_keyring.items[("tousu/account/heimao", "alice")] == "new-secret"
    assert len(run("cred", "list", "--json").json()["credentials"]) == 2

    tested = run("cred", "test", "account", "heimao", "alice")
    assert tested.code == 0 and "✓" in tested.out

    assert run("cred", "delete", "account", "heimao", "alice").code == 0
    assert ("tousu/account/heimao", "alice") not in memory_keyring.items
    assert [c["kind"] for c in run("cred", "list", "--json").json()["credentials"]] == ["smtp"]
    assert_one_line_error(run("cred", "delete", "account", "heimao", "alice"), "没有这个凭据")
    n = _assert_secret_nowhere(SECRET, Path(cli_env["TOUSU_DB"]).parent)
    assert n >= 2  # the store and its journal at least


def test_a_reference_whose_secret_is_gone_fails_its_test(run, monkeypatch, memory_keyring: MemoryKeyring):
    _stdin(monkeypatch, SECRET + "\n")
    assert run("cred", "set", "account", "12315", "alice").code == 0
    memory_keyring.items.clear()  # saved on another machine: the store is shared, the keyring is not
    result = run("cred", "test")
    assert result.code == 4
    assert "✗" in result.out and "tousu cred set account 12315 alice" in result.out


@pytest.mark.parametrize("stdin, args, fragment", [
    ("", ("account", "heimao", "alice"), "未读到密码"),
    ("a\nb\n", ("account", "heimao", "alice"), "只能是一行"),
    ("x\x1b]52;c;Zm9v\x07y\n", ("account", "heimao", "alice"), "控制字符"),
    (SECRET, ("mail", "heimao", "alice"), "未知的凭据类型"),
    (SECRET, ("smtp", "smtp example com", "alice"), "主机[:端口]"),
    (SECRET, ("robot", "slack", "ops"), "wecom"),
    ("https://example.com/hook\n", ("robot", "wecom", "ops"), "webhook"),
    ("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1\nSECabc\n", ("robot", "wecom", "ops"), "钉钉"),
])
def test_bad_input_is_one_line_and_stores_nothing(run, monkeypatch, memory_keyring, stdin, args, fragment):
    _stdin(monkeypatch, stdin)
    assert_one_line_error(run("cred", "set", *args), fragment)
    assert memory_keyring.items == {}
    assert run("cred", "list", "--json").json()["credentials"] == []


def test_the_secret_is_never_an_argument(run):
    result = run("cred", "set", "account", "heimao", "alice", SECRET)
    assert result.code == 2 and "unrecognized arguments" in result.err or "无法识别" in result.err


def test_encrypted_file_keyring_asks_its_passphrase_and_keeps_only_ciphertext(run, monkeypatch, no_keyring, cli_env):
    from storage.keyring_choice import forget_unlocked

    assert run("cred", "backend", "cryptfile").code == 0  # remembered in the settings
    import tomllib

    settings = tomllib.loads((Path(cli_env["XDG_CONFIG_HOME"]) / "tousu" / "config.toml").read_text())
    assert settings["keyring"] == "cryptfile"

    _stdin(monkeypatch, SECRET + "\n")  # no terminal to ask on, no passphrase given: refused
    assert_one_line_error(run("cred", "set", "account", "jutousu", "bob"), "TOUSU_KEYRING_PASSPHRASE")

    monkeypatch.setenv("TOUSU_KEYRING_PASSPHRASE", "correct horse")
    _stdin(monkeypatch, SECRET + "\n")
    assert run("cred", "set", "account", "jutousu", "bob").code == 0
    listed = run("--lang", "en", "cred", "list")
    assert "cryptfile (CryptFileKeyring, file " in listed.out and "chosen with tousu cred backend" in listed.out
    keyfile = Path(cli_env["XDG_DATA_HOME"]) / "tousu" / "keyring.cfg"
    assert keyfile.stat().st_mode & 0o777 == 0o600
    _assert_secret_nowhere(SECRET, Path(cli_env["TOUSU_DB"]).parent, Path(cli_env["XDG_DATA_HOME"]),
                           Path(cli_env["XDG_CONFIG_HOME"]))

    forget_unlocked()  # a new process: asked again
    assert run("cred", "test").code == 0
    forget_unlocked()
    monkeypatch.setenv("TOUSU_KEYRING_PASSPHRASE", "wrong")
    assert_one_line_error(run("cred", "test"), "口令不对")


def test_the_environment_wins_over_the_settings_and_unknown_names_are_refused(run, monkeypatch, no_keyring):
    assert run("cred", "backend", "plaintext").code == 0
    monkeypatch.setenv("TOUSU_KEYRING", "system")
    shown = run("--lang", "en", "cred", "backend")
    assert "system not usable" in shown.out
    assert_one_line_error(run("cred", "backend", "vault"), "vault")
    monkeypatch.setenv("TOUSU_KEYRING", "vault")
    _stdin(monkeypatch, SECRET + "\n")
    assert_one_line_error(run("cred", "set", "account", "heimao", "alice"), "vault")


def test_a_read_only_store_is_refused_before_the_keyring_is_written(run, monkeypatch, memory_keyring):
    from storage import file_set

    _stdin(monkeypatch, SECRET + "\n")
    assert run("cred", "set", "account", "heimao", "alice").code == 0
    monkeypatch.setattr(file_set.os, "access", lambda path, mode: False)  # as for a reader-only member
    _stdin(monkeypatch, "other\n")
    result = run("cred", "set", "account", "jutousu", "alice")
    assert_one_line_error(result, "只读")
    assert ("tousu/account/jutousu", "alice") not in memory_keyring.items


def test_pass_without_keyrings_passwordstore_says_what_to_install(run, monkeypatch, no_keyring):
    import importlib.util

    if importlib.util.find_spec("keyrings.passwordstore") is not None:
        pytest.skip("keyrings.passwordstore is installed here")
    monkeypatch.setenv("TOUSU_KEYRING", "pass")
    _stdin(monkeypatch, SECRET + "\n")
    assert_one_line_error(run("cred", "set", "account", "heimao", "alice"), "pip install keyrings.passwordstore")
    assert "pass 不可用" in run("cred", "list").out
