"""``tousu cred set | list | delete | test | backend``: credential references and their secrets.

The secret is read from a hidden prompt on a terminal, else from standard input
(one line; a robot: its webhook address, and 钉钉's 加签 secret on a second line),
never from an argument (``ps`` shows arguments to every user). ``list`` and the
backend's name need no passphrase; ``set``, ``delete`` and ``test`` open the keyring
(storage.keyring_choice), asking an encrypted file's passphrase once.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from tui.cli.arguments import _clean
from tui.cli.constants import EXIT_OK, EXIT_SEND_FAILED
from tui.cli.errors import CliError
from tui.cli.output import _write_line

if TYPE_CHECKING:  # pragma: no cover
    from cases.credentials import Credential
    from storage.keyring_choice import Backend
    from storage.vault import Vault
    from tui.cli.context import Context


def cmd_cred(ctx: Context) -> int:
    step = ctx.args.cred_command
    if step == "backend":
        return _backend(ctx)
    if step == "list":
        return _list(ctx)
    if step == "set":
        return _set(ctx)
    if step == "delete":
        return _delete(ctx)
    return _test(ctx)


def settings_choice() -> str:
    from storage.settings import Settings

    return Settings.load().keyring


def open_backend(ctx: Context) -> Backend:
    """The keyring (KeyringError: one line saying how to choose one)."""
    from storage.keyring_choice import open_backend as open_chosen

    return open_chosen(ctx.env, settings_choice(), _ask_passphrase(ctx) if sys.stdin.isatty() else None)


def _ask_passphrase(ctx: Context):
    def ask(new: bool) -> str:
        import getpass

        first = getpass.getpass(ctx.t("cli.cred.passphrase_new" if new else "cli.cred.passphrase"))
        if new and getpass.getpass(ctx.t("cli.cred.passphrase_again")) != first:
            raise CliError(ctx.t("cli.cred.passphrase_mismatch"))
        return first

    return ask


def open_vault(ctx: Context, *, keyring: bool = True) -> Vault:
    from storage.vault import Vault

    backend = open_backend(ctx) if keyring else None  # before the store: a refusal writes nothing
    return Vault(ctx.open_store(), backend)


def _ref(ctx: Context) -> Credential:
    from cases.credentials import reference

    args = ctx.args
    extra = {"from": args.sender} if getattr(args, "sender", None) else {}
    return reference(args.kind, args.service, args.user, ctx.lang, **extra)


def _read_secret(ctx: Context, kind: str) -> str:
    from cases.credentials import ROBOT, checked_secret

    if sys.stdin.isatty():
        import getpass

        text = getpass.getpass(ctx.t(f"cli.cred.prompt.{kind}"))
        if kind == ROBOT:
            text += "\n" + getpass.getpass(ctx.t("cli.cred.prompt.robot_sign"))
    else:
        text = sys.stdin.read()
    return checked_secret(text, kind, ctx.lang)


def _set(ctx: Context) -> int:
    from cases.clock import to_iso

    ref = _ref(ctx)
    backend = open_backend(ctx)
    secret = _read_secret(ctx, ref.kind)
    if ref.kind == "robot":
        from storage.outbound.robots import parse_robot_secret

        parse_robot_secret(ref.service, secret, ctx.lang)  # a webhook address that is not one: refused
    from storage.vault import Vault

    vault = Vault(ctx.open_store(), backend)
    try:
        replaced = vault.set(ref, secret, label=_clean(ctx.args.label), by=ctx.volunteer, at=to_iso(ctx.now))
    finally:
        vault.store.close()
    key = "cli.cred.replaced" if replaced else "cli.cred.saved"
    _write_line(ctx.t(key, kind=ref.kind, service=ref.service, user=ref.user, backend=_backend_name(backend)))
    return EXIT_OK


def _backend_name(backend: Backend) -> str:
    return f"{backend.choice}: {backend.name}"


def _list(ctx: Context) -> int:
    from storage.keyring_choice import describe

    shown = describe(ctx.env, settings_choice())
    vault = open_vault(ctx, keyring=False)
    try:
        refs, damaged = vault.references()
    finally:
        vault.store.close()
    backend = {"choice": shown.choice, "source": shown.source, "name": shown.name, "file": shown.where,
               "usable": not shown.problem}
    if ctx.args.json:
        items = [{"kind": c.kind, "service": c.service, "user": c.user, "label": c.label,
                  "added_by": c.added_by, "added_at": c.added_at} for c in refs]
        sys.stdout.write(json.dumps({"backend": backend, "credentials": items}, ensure_ascii=False) + "\n")
    else:
        from cases.instants import shown_time

        _write_line(backend_line(ctx.t, shown))
        if not refs:
            _write_line(ctx.t("cli.cred.none"))
        for c in refs:
            _write_line(ctx.t("cli.cred.item", kind=ctx.t(f"cred.kind.{c.kind}"), service=c.service, user=c.user,
                              label=c.label or "—", by=c.added_by or "?", at=shown_time(c.added_at, missing="")))
    if damaged:
        from tui.cli.errors import _warn

        _warn(ctx.lang, ctx.t("cli.cred.damaged", keys=", ".join(_clean(k.replace("\x1f", " ")) for k in damaged)))
    return EXIT_OK


def backend_line(t, shown) -> str:
    """One line naming the keyring (``tousu cred list`` and the credentials screen)."""
    if shown.problem:
        from storage.keyring_choice import CHOICES, ENV_PASSPHRASE

        problem = t(shown.problem, path=shown.where, env=ENV_PASSPHRASE, choice=shown.choice,
                    choices=" | ".join(CHOICES))
        return t("cred.backend.unusable", choice=shown.choice, problem=problem)
    where = t("cred.backend.file", path=shown.where) if shown.where else ""
    warning = t("cred.backend.plaintext_warning") if shown.choice == "plaintext" else ""
    return t("cred.backend.line", choice=shown.choice, name=shown.name, where=where,
             source=t(f"cred.backend.source.{shown.source}"), warning=warning)


def _delete(ctx: Context) -> int:
    ref = _ref(ctx)
    vault = open_vault(ctx)
    try:
        gone = vault.delete(ref, ctx.lang)
    finally:
        vault.store.close()
    _write_line(ctx.t("cli.cred.deleted", kind=gone.kind, service=gone.service, user=gone.user))
    return EXIT_OK


def _test(ctx: Context) -> int:
    from storage.outbound.checks import check_credential

    args = ctx.args
    vault = open_vault(ctx)
    try:
        refs, _ = vault.references()
        if args.kind:
            if not (args.service and args.user):
                raise CliError(ctx.t("cli.cred.test_needs_all"))
            refs = [vault.get(_ref(ctx), ctx.lang)]
        if not refs:
            raise CliError(ctx.t("cli.cred.none"))
        failed = 0
        for ref in refs:
            ok, detail = check_credential(vault, ref, ctx.lang, ctx.now)
            failed += not ok
            _write_line(ctx.t("cli.cred.test_ok" if ok else "cli.cred.test_failed", kind=ref.kind,
                              service=ref.service, user=ref.user, detail=_clean(detail)))
    finally:
        vault.store.close()
    return EXIT_SEND_FAILED if failed else EXIT_OK


def _backend(ctx: Context) -> int:
    from storage.keyring_choice import CHOICES, describe
    from storage.settings import Settings

    name = ctx.args.name
    if name:
        name = name.strip().lower()
        if name not in CHOICES:
            raise CliError(ctx.t("cred.keyring.unknown", choice=_clean(name), choices=" | ".join(CHOICES)))
        settings = Settings.load()
        if settings.problem:
            raise CliError(ctx.t("cli.cred.settings_unreadable", problem=_clean(settings.problem)))
        settings.keyring = name
        settings.save()
        _write_line(ctx.t("cli.cred.backend_set", choice=name))
    _write_line(backend_line(ctx.t, describe(ctx.env, settings_choice())))
    return EXIT_OK
