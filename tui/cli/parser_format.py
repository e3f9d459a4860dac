"""The parser's own kind (help wrapped by display width, errors raised as one line) and the
pieces its commands are built of: a family of subcommands, on/off switches, --letter-lang."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import NoReturn

from cases.i18n import tr
from tui.cli.errors import CliError


def _display_width(text: str) -> int:
    from unicodedata import east_asian_width

    return sum(2 if east_asian_width(ch) in "WF" else 1 for ch in text)


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Wraps option help by display width: a CJK character takes two columns."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        import re

        lines: list[str] = []
        line, used = "", 0
        # Latin words (with their trailing punctuation) stay whole; CJK characters break anywhere.
        for token in re.findall(r"[A-Za-z0-9_./:<>=|,%()+\-\[\]~¥$'\"]+|\s+|.", " ".join(text.split())):
            w = _display_width(token)
            if token.isspace():
                if line and used + 1 <= width:
                    line, used = line + " ", used + 1
                continue
            if used + w > width and line.strip():
                lines.append(line.rstrip())
                line, used = "", 0
            line, used = line + token, used + w
        if line.strip():
            lines.append(line.rstrip())
        return lines


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line, raised instead of printed."""

    lang = "zh"

    def error(self, message: str) -> NoReturn:
        hint = tr("cli.error.see_help", self.lang, prog=self.prog)
        raise CliError(f"{message}{hint}")


def switches(p: argparse.ArgumentParser, t: Callable[..., str], *flags: tuple[str, str]) -> None:
    """On/off options, in order: each (option, its help's text key)."""
    for flag, help_key in flags:
        p.add_argument(flag, action="store_true", help=t(help_key))



def case_argument(p: argparse.ArgumentParser, t: Callable[..., str]) -> None:
    """The case a command is about, by its id."""
    p.add_argument("case", metavar=t("cli.meta.case"), help=t("cli.help.case"))

def letter_lang(p: argparse.ArgumentParser, t: Callable[..., str]) -> None:
    """--letter-lang: the language of a letter, when not the interface's."""
    p.add_argument("--letter-lang", choices=("zh", "en"), default=None, metavar="zh|en", help=t("cli.help.letter_lang"))


def command_family(p: argparse.ArgumentParser, t: Callable[..., str], common: argparse.ArgumentParser,
                   dest: str) -> Callable[..., argparse.ArgumentParser]:
    """The subcommands under ``p`` (one of them required), and a function that adds one:
    ``add(key, name=..., description=..., epilog=...)`` names it by the key's last part
    unless told, takes its help from ``{key}.help`` and its description and epilog from the
    keys given, by default ``{key}.description`` and ``{key}.epilog``."""
    sub = p.add_subparsers(dest=dest, title=t("cli.commands"), metavar=t("cli.meta.command"),
                           parser_class=Parser, required=True)

    def add(key: str, *, name: str | None = None, description: str | None = None,
            epilog: str | None = None) -> argparse.ArgumentParser:
        return sub.add_parser(name or key.rsplit(".", 1)[1], help=t(f"{key}.help"), description=t(description or f"{key}.description"),
                              epilog=t(epilog or f"{key}.epilog"), formatter_class=HelpFormatter, parents=[common])

    return add
