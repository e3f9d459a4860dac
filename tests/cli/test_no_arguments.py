"""``tousu`` alone opens the dashboard without building the parser: what it uses instead
must be what the parser makes of no arguments, in every language. (A TAB in the shell also
runs ``tousu`` with no arguments: that still builds the parser, tests/cli/test_completion.py.)"""

from __future__ import annotations

import pytest

from cases.i18n import LANGS
from tui.cli.entry import no_arguments
from tui.cli.language import _argparse_language
from tui.cli.parser import build_parser


@pytest.mark.parametrize("lang", LANGS)
def test_no_arguments_is_what_the_parser_makes_of_none(lang):
    with _argparse_language(lang):
        parsed = build_parser(lang).parse_args([])
    assert vars(parsed) == vars(no_arguments())
    assert parsed.command is None  # the dashboard

