"""``--set FIELD=VALUE`` and ``--set-from FILE``: facts for a case (``tousu add``, ``tousu escalate``).

Other users of the machine can read every process's arguments (``ps``), so personal
data (the complainant's name, phone, ID number, a payee) never has to be typed
there: ``--set-from FILE`` reads the same ``FIELD=VALUE`` pairs from a file, one a
line (UTF-8; blank lines and lines starting with ``#`` are skipped), and
``--set-from -`` from standard input. Fields are those of
:data:`cases.answers.ANSWERABLE`; each value is checked by its parser there. Pairs
apply in the order given on the command line, a file's in its line order; every
error names the option or the file and line it came from.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from tui.cli.errors import CliError

if TYPE_CHECKING:  # pragma: no cover
    from cases.model import Case
    from tui.cli.context import Context

#: The largest --set-from input read (bytes): a few hundred answers fit in a fraction of it,
#: and a wrong path such as /dev/zero is refused instead of read for ever.
MAX_SET_FROM_BYTES = 1 << 20
STDIN = "-"


class Answer(NamedTuple):
    field: str
    value: str
    where: str  # where it was given, for error messages: "--set FIELD" or "FILE line N"


def read_answers(ctx: Context, raw: Sequence[tuple[str, str]] | None) -> list[Answer]:
    """The (option, value) pairs of ``--set`` / ``--set-from`` as answers, fields checked,
    files read. Raises :class:`CliError` naming the option, or the file and line."""
    from cases.answers import ANSWERABLE

    answers: list[Answer] = []
    stdin_read = False
    for option, value in raw or ():
        if option == "--set":
            field, sep, text = value.partition("=")
            field = field.strip()
            if not sep or field not in ANSWERABLE:
                raise CliError(ctx.t("cli.escalate.bad_set", fields=", ".join(ANSWERABLE)))
            answers.append(Answer(field, text, ctx.t("cli.answer.where_set", field=field)))
            continue
        if value == STDIN:
            if stdin_read:
                raise CliError(ctx.t("cli.set_from.stdin_twice"))
            stdin_read = True
            name, data = ctx.t("cli.set_from.stdin"), _read_stdin(ctx)
        else:
            name, data = _path(value), _read_file(ctx, value)
        answers.extend(_parse_lines(ctx, name, data, ANSWERABLE))
    return answers


def _parse_lines(ctx: Context, name: str, data: bytes, fields: Sequence[str]) -> list[Answer]:
    out = []
    if data.startswith(b"\xef\xbb\xbf"):  # a byte order mark from a Windows editor
        data = data[3:]
    for number, raw_line in enumerate(data.split(b"\n"), start=1):
        try:
            line = raw_line.decode("utf-8").removesuffix("\r")
        except UnicodeDecodeError:
            raise CliError(ctx.t("cli.set_from.not_utf8", file=name, line=number)) from None
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        field, sep, value = line.partition("=")
        field = field.strip()
        if not sep or field not in fields:
            raise CliError(ctx.t("cli.set_from.bad_line", file=name, line=number, fields=", ".join(fields)))
        out.append(Answer(field, value, ctx.t("cli.answer.where_line", file=name, line=number, field=field)))
    return out


def _path(path: str) -> str:
    """A file name as messages show it: whole (a cut path is no help), without control characters."""
    from cases.sanitize import clean_text

    return clean_text(path)


def _read_file(ctx: Context, path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_SET_FROM_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise CliError(ctx.t("cli.set_from.unreadable", file=_path(path), reason=reason)) from None
    return _bounded(ctx, _path(path), data)


def _read_stdin(ctx: Context) -> bytes:
    name = ctx.t("cli.set_from.stdin")
    stream = getattr(sys.stdin, "buffer", None)
    try:
        if stream is not None:
            data = stream.read(MAX_SET_FROM_BYTES + 1)
        elif sys.stdin is not None:
            data = sys.stdin.read(MAX_SET_FROM_BYTES + 1).encode("utf-8", "surrogateescape")
        else:
            raise OSError("no standard input")
    except (OSError, ValueError) as exc:  # closed, or not readable (pytest's capture)
        raise CliError(ctx.t("cli.set_from.unreadable", file=name, reason=str(exc))) from None
    return _bounded(ctx, name, data)


def _bounded(ctx: Context, name: str, data: bytes) -> bytes:
    if len(data) > MAX_SET_FROM_BYTES:
        raise CliError(ctx.t("cli.set_from.too_large", file=name, max=MAX_SET_FROM_BYTES // 1024))
    return data


def apply_answers(ctx: Context, case: Case, answers: Sequence[Answer]) -> Case:
    """A new case with every answer written in (cases.answers.apply_answer), or a
    :class:`CliError` naming where the first bad value was given; ``case`` is not touched."""
    from cases.answers import apply_answer

    for answer in answers:
        try:
            case = apply_answer(case, answer.field, answer.value, ctx.lang, now=ctx.now)
        except ValueError as exc:
            raise CliError(ctx.t("cli.answer.invalid", where=answer.where, message=str(exc))) from None
    return case
