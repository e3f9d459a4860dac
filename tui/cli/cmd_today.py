"""``tousu today [--user NAME|all] [--json]``: what is due or overdue for a volunteer
(default: oneself), in urgency order, and the work nobody is assigned to (:mod:`cases.today`)."""

from __future__ import annotations

from cases.clock import clock_text

import json
import sys
from typing import TYPE_CHECKING, Any

from tui.cli.arguments import _clean
from tui.cli.constants import EXIT_OK
from tui.cli.errors import CliError
from tui.cli.output import _write_line

if TYPE_CHECKING:  # pragma: no cover
    from cases.today import Due
    from tui.cli.context import Context

#: ``--user all``: every volunteer's work, grouped.
ALL = "all"


def cmd_today(ctx: Context) -> int:
    from cases.today import by_volunteer, for_volunteer
    from storage.workload import due_items

    user = _clean(ctx.args.user).strip() if ctx.args.user is not None else ctx.volunteer
    if not user:  # (the unassigned work is always listed, apart)
        raise CliError(ctx.t("cli.today.no_user"))
    store = ctx.open_store()
    try:
        items = due_items(store, ctx.now)
    finally:
        store.close()
    if user == ALL:
        sections = list(by_volunteer(items).items())
    else:
        sections = [(user, for_volunteer(items, user))]
    unassigned = for_volunteer(items, "")
    if ctx.args.json:
        doc: dict[str, Any] = {"now": ctx.now.isoformat(),
                               "volunteers": {name: [_json(ctx, d) for d in found] for name, found in sections},
                               "unassigned": [_json(ctx, d) for d in unassigned]}
        if user != ALL:
            doc["user"] = user
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    _write_line(ctx.t("cli.today.now", at=clock_text(ctx.now.timestamp())))
    if not sections:
        _write_line(ctx.t("cli.today.nobody"))
    for name, found in sections:
        _section(ctx, ctx.t("cli.today.heading", name=name, n=len(found)), found)
    _section(ctx, ctx.t("cli.today.unassigned", n=len(unassigned)), unassigned)
    return EXIT_OK


def _section(ctx: Context, heading: str, items: list[Due]) -> None:
    from cases.today import line_of

    _write_line()
    _write_line(heading)
    if not items:
        _write_line("  " + ctx.t("cli.today.none"))
        return
    for d in items:
        line = line_of(d, ctx.now_ts, ctx.today, ctx.lang, ctx.calendar)
        parts = [p for p in (line.what, line.when, line.title) if p]
        _write_line(f"  {line.mark:2} {line.ref}  " + "  ".join(parts))


def _json(ctx: Context, d: Due) -> dict[str, Any]:
    from cases.today import line_of

    line = line_of(d, ctx.now_ts, ctx.today, ctx.lang, ctx.calendar)
    out: dict[str, Any] = {"need": d.need, "case": d.case_id, "assignee": d.assignee, "what": line.what,
                           "when": line.when, "title": line.title}
    if d.is_case:
        import math

        import arrow

        from cases.clock import TZ

        assert d.at_ts is not None  # (a case is due only with an instant)
        out["due"] = arrow.get(d.at_ts).to(TZ).isoformat()
        out["next_kind"] = d.next_kind
        out["remaining_seconds"] = math.floor(d.at_ts - ctx.now_ts)
    else:
        out.update(participant=d.participant_id, group=d.group_id, missing=list(d.missing))
    return out
