"""``tousu stats [--json]``: figures over every case in use (:mod:`cases.stats`), as tables or JSON."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from tui.cli.cmd_list import _without_damaged
from tui.cli.constants import EXIT_OK
from tui.cli.errors import _warn
from tui.cli.output import _console, _write_line

if TYPE_CHECKING:  # pragma: no cover
    from cases.stats import Stats
    from storage.errors import DamagedDocumentError
    from storage.store import Store
    from tui.cli.context import Context


def cmd_stats(ctx: Context) -> int:
    from cases.stats import compute

    store = ctx.open_store()
    try:
        docs, damaged = _without_damaged(store.summary_docs(), store.path)
        stats = compute(docs, store.timelines(), ctx.now.datetime)
        damaged += [e for e in (_damaged(store, case_id) for case_id in stats.left_out) if e is not None]
    finally:
        store.close()
    if ctx.args.json:
        from storage import dumps

        sys.stdout.flush()
        sys.stdout.buffer.write(dumps(stats.to_dict()) + b"\n")
        sys.stdout.buffer.flush()
    else:
        _print(ctx, stats)
    for error in damaged:
        _warn(ctx.lang, error.message(ctx.lang))
    return EXIT_OK


def _print(ctx: Context, stats: Stats) -> None:
    from rich import box
    from rich.table import Table

    from cases.stats import headline, tables

    for line in headline(stats, ctx.lang):
        _write_line(line)
    console = _console()
    for title, columns, rows in tables(stats, ctx.lang):
        grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for i, name in enumerate(columns):
            grid.add_column(name, justify="left" if i == 0 else "right", overflow="fold")
        for row in rows:
            grid.add_row(*row)
        _write_line()
        _write_line(title)
        console.print(grid)
    _write_line()
    _write_line(ctx.t("cases.stats.definitions"))


def _damaged(store: Store, case_id: str) -> DamagedDocumentError | None:
    """The error reading ``case_id`` gives when its document is damaged (left out of the
    figures); None if it was deleted meanwhile by another process."""
    from storage.errors import CaseNotFound, DamagedDocumentError

    try:
        store.case(case_id)
    except DamagedDocumentError as exc:
        return exc
    except CaseNotFound:
        return None
    return None
