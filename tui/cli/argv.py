"""Command-line arguments that are not valid UTF-8.

On POSIX, Python hands the undecodable bytes of ``sys.argv`` over as lone
surrogates (``surrogateescape``: the byte 0xFF becomes U+DCFF). Text holding one
can be neither stored (it is no Unicode text) nor printed, so such a value is
refused with exit status 2, naming its option. File paths are the exception:
``--db`` and ``--set-from`` take whatever bytes the file system allows, and the
operating system gets them back unchanged.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator, Sequence

from cases.i18n import tr
from tui.cli.errors import CliError

_SURROGATE = re.compile("[\ud800-\udfff]")
#: Options whose values are file paths (any bytes): their ``dest`` and their spellings.
PATH_DESTS = frozenset({"db"})
PATH_OPTIONS = ("--db", "--set-from")


def has_undecodable(argv: Sequence[str]) -> bool:
    return any(_SURROGATE.search(arg) for arg in argv)


def check_parsed(parser: argparse.ArgumentParser, args: argparse.Namespace, argv: Sequence[str],
                 lang: str) -> None:
    """Raise :class:`CliError` naming the first option (or argument) whose value in
    ``args`` is not valid UTF-8; file paths pass."""
    for action in _actions(parser, getattr(args, "command", None)):
        if action.dest in PATH_DESTS or not hasattr(args, action.dest):
            continue
        for option, value in _values(action, getattr(args, action.dest)):
            if option not in PATH_OPTIONS and isinstance(value, str) and _SURROGATE.search(value):
                raise CliError(tr("cli.error.not_utf8", lang, option=option or _typed(action, argv)))


def unparsed_error(parser: argparse.ArgumentParser, argv: Sequence[str], lang: str) -> CliError | None:
    """When parsing failed: the error for the first argument that is not valid UTF-8 and
    is no file path, which is then the likelier cause. None if there is none, or if it
    follows an option the parser does not know (that is the error to report)."""
    takes_value = {option: action.nargs != 0 for action in _actions(parser, None, every=True)
                   for option in action.option_strings}
    for i, arg in enumerate(argv):
        if not _SURROGATE.search(arg):
            continue
        previous = argv[i - 1] if i else ""
        if previous in PATH_OPTIONS or arg.startswith(tuple(f"{o}=" for o in PATH_OPTIONS)):
            continue
        name, sep, _ = arg.partition("=")
        option = name if arg.startswith("-") and sep else previous if previous.startswith("-") else None
        if option is None or takes_value.get(option) is False:  # a value of its own, not an option's
            return CliError(tr("cli.error.not_utf8_argument", lang, n=i + 1))
        if option in takes_value:
            return CliError(tr("cli.error.not_utf8", lang, option=option))
        return None
    return None


def _actions(parser: argparse.ArgumentParser, command: str | None, *, every: bool = False) -> Iterator[argparse.Action]:
    """The main parser's actions and those of ``command``'s parser (of every command with ``every``)."""
    for action in parser._actions:
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if every or name == command:
                    yield from sub._actions


def _values(action: argparse.Action, value: object) -> Iterator[tuple[str | None, object]]:
    """(the option it came with when known, one value) for every value of ``action``."""
    if isinstance(value, list | tuple):
        for item in value:
            if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
                yield item[0], item[1]  # --set / --set-from: (option, value)
            else:
                yield None, item
    else:
        yield None, value


def _typed(action: argparse.Action, argv: Sequence[str]) -> str:
    """The spelling of ``action`` the user typed (``--at`` for ``--submitted``), or its name."""
    for option in action.option_strings:
        if any(arg == option or arg.startswith(f"{option}=") for arg in argv):
            return option
    if action.option_strings:
        return action.option_strings[0]
    return str(action.metavar or action.dest)
