"""``tousu list``: the open cases by urgency, as a table or as JSON (titles and platforms masked unless --reveal)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from tui.cli.arguments import _channel, _clean, _deadline
from tui.cli.case_items import _URGENCY_STYLE, _item, _items, _summary_rows
from tui.cli.cmd_closing import deleted_by
from tui.cli.constants import EXIT_OK
from tui.cli.errors import _warn
from tui.cli.output import _console, _local

if TYPE_CHECKING:  # pragma: no cover
    from tui.cli.context import Context


def cmd_list(ctx: Context) -> int:
    from cases.urgency import summary_doc_key

    args = ctx.args
    channel_filter = _channel(ctx, args.channel).id if args.channel else None
    cutoff = None
    if args.due_within:
        # A duration from now ("48h", "3个工作日"), or an instant ("2026-06-20": by the end of that day).
        cutoff = _deadline(ctx, _clean(args.due_within), ctx.now, "--due-within").at.timestamp()
    store = ctx.open_store()
    try:
        rows = _summary_rows(store, include_closed=args.all, deleted=args.deleted)
        who = deleted_by(store) if args.deleted else {}
    finally:
        store.close()
    rows, damaged = _without_damaged(rows, store.path)
    now_ts = ctx.now.timestamp()
    if channel_filter:
        rows = [s for s in rows if s["channel"] == channel_filter]
    if args.overdue or cutoff is not None:  # what comes first: the next follow-up or the deadline
        from cases.summary import next_ts_of

        dues = [(s, next_ts_of(s)) for s in rows]
        if args.overdue:
            dues = [(s, due) for s, due in dues if due is not None and due - now_ts < 0]
        if cutoff is not None:
            dues = [(s, due) for s, due in dues if due is not None and due <= cutoff]
        rows = [s for s, _ in dues]
    rows.sort(key=summary_doc_key)
    if args.json:
        from storage import dumps  # orjson when installed: 10k items in ~15 ms instead of ~100

        items = _items(ctx, rows, reveal=args.reveal)
        if args.deleted:
            for item, row in zip(items, rows):
                item.update(_deleted_fields(row, who))
        sys.stdout.flush()
        sys.stdout.buffer.write(dumps(items, bulk=True) + b"\n")
        sys.stdout.buffer.flush()
    elif args.deleted:
        _print_deleted(ctx, rows, who, reveal=args.reveal)
    else:
        _print_list(ctx, rows, reveal=args.reveal)
    for error in damaged:
        _warn(ctx.lang, error.message(ctx.lang))
    return EXIT_OK


def _without_damaged(rows: list[dict[str, Any]], path: Any) -> tuple[list[dict[str, Any]], list[Any]]:
    """The summaries to list, and the errors of the cases whose stored document is damaged
    (left out of the list, text and JSON alike, and named on stderr: the exit status stays 0)."""
    from storage import DAMAGED, damaged_error

    if not any(DAMAGED in row for row in rows):
        return rows, []
    errors = [damaged_error(row, path) for row in rows if DAMAGED in row]
    return [row for row in rows if DAMAGED not in row], errors


def _print_list(ctx: Context, pairs: list[dict[str, Any]], *, reveal: bool = False) -> None:
    """The table, laid out by hand: rich's Table takes seconds for thousands of rows.

    Every column keeps its natural width (capped); the title takes what the
    terminal has left, at least 10 cells, and is cut with an ellipsis. On a
    terminal too narrow even for that, lines are longer than the terminal
    rather than columns being squeezed away.
    """
    from rich.text import Text

    console = _console()
    if not pairs:
        console.print(Text(ctx.t("cli.list.empty")))
        return
    keys = ("id", "platform", "title", "channel", "ticket", "deadline", "countdown")
    counts = {"overdue": 0, "soon": 0}
    rows: list[tuple[tuple[str, str], ...]] = []
    from cases.summary import CaseSummary

    for doc in pairs:
        summary = CaseSummary.from_dict(doc)
        item = _item(ctx, doc, reveal=reveal)
        urgency = item["urgency"]
        if urgency in counts:
            counts[urgency] += 1
        deadline = summary.to_deadline()
        rows.append((
            (summary.id, ""),
            (item["platform"], ""),
            (item["title"], "dim" if summary.closed else ""),
            (item["channel_name"] or "—", ""),
            (item["ticket"] or "—", ""),
            (_local(deadline.at, deadline.estimated, ctx) if deadline else "—", ""),
            (item["status_name"], "dim") if summary.closed else (item["countdown"], _URGENCY_STYLE[urgency]),
        ))
    _print_table(ctx, console, keys, rows)
    console.print(Text(ctx.t("cli.list.footer", shown=len(pairs), overdue=counts["overdue"], soon=counts["soon"]),
                       style="dim"), soft_wrap=True)


def _deleted_fields(doc: dict[str, Any], who: dict[str, str]) -> dict[str, Any]:
    """When a deleted case was deleted, by whom, and until when it is surely kept."""
    from cases.clock import parse_instant, to_iso
    from storage.store import KEEP_DELETED_DAYS

    at = doc.get("deleted")
    try:
        until = to_iso(parse_instant(at).shift(days=KEEP_DELETED_DAYS)) if at else None
    except ValueError:
        until = None
    return {"deleted": at, "deleted_by": who.get(doc["id"]) or None, "kept_until": until}


def _print_deleted(ctx: Context, docs: list[dict[str, Any]], who: dict[str, str], *, reveal: bool) -> None:
    """``tousu list --deleted``: the deleted cases, when and by whom, and until when they are kept."""
    from rich.text import Text

    from cases.clock import TZ, parse_instant

    console = _console()
    if not docs:
        console.print(Text(ctx.t("cli.list.no_deleted")))
        return
    def local(value: str | None) -> str:
        return parse_instant(value).to(TZ).format("YYYY-MM-DD HH:mm") if value else "—"

    keys = ("id", "platform", "title", "status", "deleted", "deleted_by", "kept_until")
    rows: list[tuple[tuple[str, str], ...]] = []
    for doc in docs:
        item = _item(ctx, doc, countdown=False, reveal=reveal)
        extra = _deleted_fields(doc, who)
        rows.append((
            (doc["id"], ""), (item["platform"], ""), (item["title"], ""), (item["status_name"], "dim"),
            (local(extra["deleted"]), ""), (extra["deleted_by"] or "—", ""), (local(extra["kept_until"]), ""),
        ))
    _print_table(ctx, console, keys, rows)
    console.print(Text(ctx.t("cli.list.deleted_footer", shown=len(docs)), style="dim"), soft_wrap=True)


def _print_table(ctx: Context, console: Any, keys: tuple[str, ...], rows: list[tuple[tuple[str, str], ...]]) -> None:
    """Columns at their natural widths (capped); the title takes what is left, at least 10 cells."""
    from rich.cells import cell_len
    from rich.text import Text

    caps = {"platform": 12, "channel": 26, "ticket": 20, "title": 48}
    headers = tuple((ctx.t(f"cli.col.{key}"), "bold") for key in keys)
    widths = []
    for index, key in enumerate(keys):
        natural = max(cell_len(headers[index][0]), *(cell_len(row[index][0]) for row in rows))
        widths.append(min(natural, caps.get(key, 40)))
    title = keys.index("title")
    fixed = sum(widths) - widths[title] + 2 * (len(keys) - 1)
    widths[title] = max(10, min(widths[title], console.width - fixed))

    out = Text(no_wrap=True, overflow="ignore")
    for row in (headers, *rows):
        for index, (plain, style) in enumerate(row):
            cell = Text(plain, style=style)
            if index < len(keys) - 1:
                cell.truncate(widths[index], overflow="ellipsis", pad=True)
                cell.append("  ")
            elif cell_len(plain) > widths[index]:
                cell.truncate(widths[index], overflow="ellipsis")
            out.append_text(cell)
        out.append("\n")
    console.print(out, soft_wrap=True, end="")
