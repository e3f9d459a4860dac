"""``main``: parse, run one command, turn every error into one line and an exit status."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING

from cases.i18n import set_lang, tr
from tui.cli.constants import ENV_COMPLETE, EXIT_ERROR, EXIT_OK
from tui.cli.context import Context
from tui.cli.dispatch import COMMANDS
from tui.cli.errors import CliError, _fail, _message, _warn
from tui.cli.language import _lang_from_argv
from tui.cli.output import _ensure_utf8, _silence_stdout

if TYPE_CHECKING:  # pragma: no cover
    import argparse


def no_arguments() -> SimpleNamespace:
    """What :func:`tui.cli.parser.build_parser`'s parser makes of no arguments at all
    (``tousu``: the dashboard), without building it or importing argparse: its every
    subcommand, option and help text cost ~25 ms of the dashboard's start-up.
    tests/cli/test_no_arguments.py holds the two equal."""
    return SimpleNamespace(version=None, command=None)


def _show_times_in(ctx: Context, environ: Mapping[str, str]) -> None:
    """Show and read times in the volunteer's zone (``timezone``, ``TOUSU_TZ``); a zone the
    IANA database does not know is a warning, and times stay in Asia/Shanghai."""
    from cases.clock import TZ, ZoneError, set_shown_zone

    zone = ctx.settings.effective("timezone", None, environ)[0]
    try:
        set_shown_zone(zone)
    except ZoneError as exc:
        set_shown_zone(TZ)
        _warn(ctx.lang, exc.message(ctx.lang))


def main(argv: Sequence[str] | None = None, env: dict[str, str] | None = None) -> int:
    """Run one ``tousu`` command; returns the exit status (0 ok, 2 error, 3 escalate/urge pre-flight failed)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    environ = os.environ if env is None else env
    lang = _lang_from_argv(argv, environ)
    set_lang(lang)
    _ensure_utf8(sys.stdout)
    _ensure_utf8(sys.stderr)
    from storage.errors import StoreError

    try:
        if argv or ENV_COMPLETE in environ:
            args = _parse(argv, lang, environ)
            if isinstance(args, int):  # -h / --version answered
                return args
        else:  # `tousu`: the dashboard, whose start-up is felt
            args = no_arguments()
        ctx = Context(args, lang, environ)
        _show_times_in(ctx, environ)
        try:
            return COMMANDS[args.command](ctx)
        finally:
            if ctx.store_opened:
                from storage.calendar_cache import save_calendar_cache

                save_calendar_cache()
    except BrokenPipeError:  # `tousu list | head`
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
    except (CliError, StoreError, ValueError, OSError) as exc:
        return _fail(lang, _message(exc, lang))
    except Exception as exc:  # a bug: still one line, unless TOUSU_DEBUG asks for the traceback
        if environ.get("TOUSU_DEBUG"):
            raise
        from cases.privacy import mask_text
        from cases.sanitize import clean_text

        shown = mask_text(clean_text(str(exc)))  # a message may quote case data: masked like everything shown
        return _fail(lang, tr("cli.error.internal", lang, error=f"{type(exc).__name__}: {shown}"))


def _parse(argv: list[str], lang: str, environ: Mapping[str, str]) -> argparse.Namespace | int:
    """The parsed arguments, or the exit status when parsing answered (``-h``, ``--version``).
    Its helpers are imported here: ``tousu`` alone (the dashboard) parses nothing."""
    from tui.cli.argv import check_parsed, has_undecodable, unparsed_error
    from tui.cli.language import _argparse_language
    from tui.cli.parser import build_parser
    from tui.cli.completion import complete

    with _argparse_language(lang):
        parser = build_parser(lang)
        complete(parser, environ)  # a TAB in the shell: answered, and the process exits
        undecodable = has_undecodable(argv)
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # -h / --version
            return int(exc.code or 0) if isinstance(exc.code, int | None) else EXIT_ERROR
        except CliError:
            cause = unparsed_error(parser, argv, lang) if undecodable else None
            if cause is not None:
                raise cause from None
            raise
        if undecodable:  # bytes that are not UTF-8 (as lone surrogates): refused, naming the option
            check_parsed(parser, args, argv, lang)
    return args
