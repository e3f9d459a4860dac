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
        from storage.codec import dumps

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

    from cases.stats import channel_label, days_text, outcome_label

    t = ctx.t
    total = stats.total
    _write_line(t("cases.stats.cases", total=total.cases, open=total.open, closed=total.closed))
    _write_line(t("cases.stats.money", claimed=f"{total.claimed:,}", recovered=f"{total.recovered:,}"))
    _write_line(t("cases.stats.promises", kept=total.kept, broken=total.broken, pending=total.pending))
    console = _console()

    def table(title: str, columns: list[str], rows: list[list[str]]) -> None:
        grid = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        for i, name in enumerate(columns):
            grid.add_column(name, justify="left" if i == 0 else "right", overflow="fold")
        for row in rows:
            grid.add_row(*row)
        _write_line()
        _write_line(title)
        console.print(grid)

    cols = ("open", "closed", "claimed", "recovered", "kept", "broken", "pending")
    table(t("cases.stats.by_platform"), [t("cases.stats.col.platform")] + [t(f"cases.stats.col.{c}") for c in cols],
          [[p.platform, str(p.open), str(p.closed), f"{p.claimed:,}", f"{p.recovered:,}", str(p.kept),
            str(p.broken), str(p.pending)] for p in stats.platforms])
    cols = ("open", "closed", "reply", "replies", "result", "results")
    table(t("cases.stats.by_channel"), [t("cases.stats.col.channel")] + [t(f"cases.stats.col.{c}") for c in cols],
          [[channel_label(c.channel, ctx.lang), str(c.open), str(c.closed), days_text(c.median_reply, ctx.lang),
            str(len(c.reply_days)), days_text(c.median_result, ctx.lang), str(len(c.result_days))]
           for c in stats.channels])
    table(t("cases.stats.outcomes"), [t("cases.stats.col.outcome"), t("cases.stats.col.count")],
          [[outcome_label(o, ctx.lang), str(n)] for o, n in stats.outcomes.items()])
    _write_line()
    _write_line(t("cases.stats.definitions"))


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
