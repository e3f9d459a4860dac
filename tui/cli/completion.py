"""Shell completion (argcomplete) for bash, zsh and fish: subcommands, options, case ids and
channel ids.

``tousu completion bash|zsh|fish`` prints the script to load (``eval "$(tousu completion bash)"``,
``tousu completion fish | source``). On each TAB the shell runs ``tousu`` with argcomplete's
environment variables set; :func:`complete` then answers from the parser and exits before any
command runs. Case ids come from the store's summaries (no case document is read), for the
store ``--db`` or ``TOUSU_DB`` names; ``tousu undelete`` completes the deleted ones, ``tousu
restore`` the store's backups (storage.backup). Only ids are offered, never titles: nothing
personal reaches the shell.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator, Mapping
from typing import Any

from tui.cli.constants import ENV_COMPLETE, PROG

SHELLS = ("bash", "zsh", "fish")
_CHANNEL_OPTIONS = frozenset({"--channel", "--to"})


def shell_script(shell: str) -> str:
    """The script that makes ``shell`` complete ``tousu``."""
    import argcomplete

    return argcomplete.shellcode([PROG], shell=shell)


def cmd_completion(ctx: Any) -> int:
    """``tousu completion SHELL``: print the script."""
    from tui.cli.output import _write_line

    _write_line(shell_script(ctx.args.shell).rstrip("\n"))
    return 0


def complete(parser: argparse.ArgumentParser, env: Mapping[str, str]) -> None:
    """Answer the completion the shell asked for and exit (argcomplete's way); nothing when
    no completion is asked for."""
    if ENV_COMPLETE not in env:
        return
    import argcomplete

    for name, action in _actions(parser):
        if action.dest == "case" or (name == "assign" and action.dest == "cases"):
            action.completer = _case_ids(deleted=name == "undelete")  # type: ignore[attr-defined]
        elif (name, action.dest) in (("assign", "to"), ("today", "user")):  # a volunteer's name
            action.completer = _volunteers  # type: ignore[attr-defined]
        elif (name, action.dest) == ("restore", "backup"):
            action.completer = _backup_names  # type: ignore[attr-defined]
        elif _CHANNEL_OPTIONS & set(action.option_strings) or (name, action.dest) in (("follow-up", "channel"),
                                                                                          ("clock", "channel")):
            action.completer = _channel_ids  # type: ignore[attr-defined]
        elif "--outcome" in action.option_strings:
            action.completer = _outcome_ids  # type: ignore[attr-defined]
    argcomplete.autocomplete(parser, always_complete_options=False)  # options once "-" is typed


def _actions(parser: argparse.ArgumentParser, name: str = "") -> Iterator[tuple[str, argparse.Action]]:
    """Every action of ``parser`` and its subcommands', with the subcommand's name."""
    for action in parser._actions:  # noqa: SLF001 - argparse has no public walk
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for sub_name, sub in action.choices.items():
                yield from _actions(sub, sub_name)
        else:
            yield name, action


def _channel_ids(**_: Any) -> list[str]:
    from cases.channels import ladder

    return list(ladder())


def _outcome_ids(**_: Any) -> list[str]:
    from cases.statuses import outcomes

    return list(outcomes())


def _case_ids(*, deleted: bool):
    def ids(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
        return case_ids(getattr(parsed_args, "db", None), os.environ, deleted=deleted)

    return ids


def _volunteers(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    docs = _summaries(getattr(parsed_args, "db", None), os.environ)
    return sorted({doc.get("assignee") or "" for doc in docs} - {""})


def _backup_names(prefix: str, parsed_args: argparse.Namespace, **_: Any) -> list[str]:
    """The store's backups, by name (``tousu restore``), newest first; a listing, no store opened."""
    from storage.backup import list_backups
    from storage.paths import resolve_store_path

    path = resolve_store_path(getattr(parsed_args, "db", None), os.environ)
    return [backup.name for backup in reversed(list_backups(path.expanduser().resolve()))]


def case_ids(db: str | None, env: Mapping[str, str], *, deleted: bool = False) -> list[str]:
    """The ids of the cases in use (or the deleted ones) of the store ``db`` / ``TOUSU_DB`` /
    the default names, read from its summaries; none when there is no store there or it
    cannot be read (a completion never fails loudly)."""
    return [doc["id"] for doc in _summaries(db, env, deleted=deleted)]


def _summaries(db: str | None, env: Mapping[str, str], *, deleted: bool = False) -> list[dict[str, Any]]:
    """The summaries of :func:`case_ids` (none when the store cannot be read)."""
    from storage.errors import StoreError
    from storage.paths import resolve_store_path
    from storage.store import Store
    from tui.cli.context import _make_clock

    path = resolve_store_path(db, env)
    if not path.is_file():
        return []
    try:
        store = Store.open(path, _make_clock(env, "zh"))  # reading never writes
    except (StoreError, OSError, ValueError):  # CliError (a bad TOUSU_NOW) is a ValueError
        return []
    try:
        return store.summary_docs(deleted=deleted)
    except (StoreError, OSError, ValueError):
        return []
    finally:
        store.close()
