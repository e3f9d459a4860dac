"""Writing results: plain lines, the rich console, local times, UTF-8 streams, a closed pipe."""

from __future__ import annotations

import os
import sys
from contextlib import suppress
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import arrow

    from tui.cli.context import Context


def _write_line(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _ask_yes(question: str) -> bool:
    """Ask ``question`` on the terminal (stderr); True for a yes (y, yes, 是, 好)."""
    sys.stderr.write(question)
    sys.stderr.flush()
    return sys.stdin.readline().strip().casefold() in ("y", "yes", "是", "好")


def _console(width: int | None = None):
    from rich.console import Console

    if width is None and not (sys.stdout.isatty() or os.environ.get("COLUMNS")):
        width = 160  # piped or redirected: wide lines rather than wrapped ones
    console = Console(file=sys.stdout, highlight=False, markup=False, emoji=False, width=width)
    console.on_broken_pipe = _on_broken_pipe  # type: ignore[method-assign]
    return console


def _on_broken_pipe() -> None:
    """rich's default exits with status 1; `tousu list | head` is not an error."""
    _silence_stdout()
    raise BrokenPipeError


def _local(at: arrow.Arrow, estimated: bool, ctx: Context) -> str:
    from cases.clock import local

    text = local(at).format("YYYY-MM-DD HH:mm")
    return (ctx.t("cli.estimated_mark") + text) if estimated else text


def _ensure_utf8(stream: Any) -> None:
    encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
    if encoding != "utf8" and hasattr(stream, "reconfigure"):
        with suppress(ValueError, OSError):  # a stream that cannot change: leave it
            stream.reconfigure(encoding="utf-8")


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover
        pass
