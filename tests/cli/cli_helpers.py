"""Shared by the command-line tests (a unique module name, so it cannot clash with another folder's)."""

from __future__ import annotations

from pathlib import Path

from cli_run import Result  # noqa: F401  re-exported: the tests here import it from this module

#: A Monday; Fri 2026-06-19 (端午节) is a day off, so working-day clocks skip it.
NOW = "2026-06-15T10:00:00+08:00"
REPO = Path(__file__).resolve().parents[2]



def assert_one_line_error(result: Result, *fragments: str) -> None:
    """Exit status 2, exactly one line on stderr starting "tousu: ", no traceback."""
    assert result.code == 2, (result.code, result.out, result.err)
    lines = result.err.strip("\n").split("\n")
    assert len(lines) == 1, result.err
    assert "Traceback" not in result.err
    assert lines[0].startswith("tousu: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
