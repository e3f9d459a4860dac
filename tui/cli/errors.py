"""User-facing errors, and the one line each of them becomes on stderr."""

from __future__ import annotations

import sys
from contextlib import suppress

from cases.i18n import tr
from tui.cli.constants import EXIT_ERROR, PROG


class CliError(Exception):
    """A user-facing error: its message is printed as one line, exit status 2."""


def _error_line(lang: str, message: str) -> str:
    one_line = " ".join(_printable(str(message)).split())
    return tr("cli.error.line", lang, prog=PROG, message=one_line)


def _printable(text: str) -> str:
    """``text`` with the bytes of a non-UTF-8 argument or path (lone surrogates, see
    tui.cli.argv) written as ``\\xff``, so the line can be written in UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate no byte maps to
            return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _message(exc: BaseException, lang: str) -> str:
    """The message of an expected error, in ``lang`` when the error knows both languages."""
    message = getattr(exc, "message", None)
    if callable(message):
        try:
            return str(message(lang))
        except TypeError:
            pass
    return str(exc)


def _fail(lang: str, message: str) -> int:
    with suppress(OSError):
        sys.stdout.flush()
    sys.stderr.write(_error_line(lang, message) + "\n")
    sys.stderr.flush()
    return EXIT_ERROR


def _warn(lang: str, message: str) -> None:
    """One warning line on stderr (after what stdout already has); the command goes on."""
    with suppress(OSError):
        sys.stdout.flush()
    one_line = " ".join(str(message).split())
    sys.stderr.write(tr("cli.warning.line", lang, prog=PROG, message=one_line) + "\n")
    sys.stderr.flush()
