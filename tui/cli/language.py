"""The language of a run (``--lang`` / ``TOUSU_LANG`` / the remembered choice), and
argparse's own strings in it."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from cases.i18n import normalise_lang, tr
from tui.cli.constants import ENV_LANG


def _lang_from_argv(argv: Sequence[str], env: dict[str, str] | os._Environ[str]) -> str:
    """``--lang`` anywhere on the command line, else ``TOUSU_LANG``, else the language
    chosen in the dashboard (``settings.json``), else Chinese.

    Read before parsing, so the help and the parser's own errors are already
    in the right language.
    """
    value: str | None = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
    if value is None:
        value = env.get(ENV_LANG)
    if value is None:
        value = _remembered_lang()
    return normalise_lang(value)


def _remembered_lang() -> str | None:
    """The language saved by the dashboard's language command, if any (an unreadable
    settings file counts as none: settings never stop a command)."""
    from storage.settings import Settings  # only when neither --lang nor TOUSU_LANG says

    return Settings.load().lang or None


#: argparse's own English strings → our catalogue keys (the English catalogue holds
#: argparse's own words, so every language goes through the same lookup).
_ARGPARSE_KEYS = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positional",
    "options": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "the following arguments are required: %s": "cli.argparse.required",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.invalid_choice",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "expected one argument": "cli.argparse.expected_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "not allowed with argument %s": "cli.argparse.not_allowed_with",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "ignored explicit argument %r": "cli.argparse.ignored_explicit",
}


@contextmanager
def _argparse_language(lang: str) -> Iterator[None]:
    """Translate argparse's built-in strings while parsing (restored afterwards)."""
    import argparse  # only a command that parses: `tousu` alone (the dashboard) parses nothing

    original_gettext = argparse._  # type: ignore[attr-defined]
    original_ngettext = argparse.ngettext  # type: ignore[attr-defined]

    def gettext(message: str) -> str:
        key = _ARGPARSE_KEYS.get(message)
        return tr(key, lang) if key else original_gettext(message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        if singular == "expected %s argument":
            return tr("cli.argparse.expected_n.one" if n == 1 else "cli.argparse.expected_n", lang)
        return original_ngettext(singular, plural, n)

    argparse._ = gettext  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original_gettext  # type: ignore[attr-defined]
        argparse.ngettext = original_ngettext  # type: ignore[attr-defined]
