"""``tousu demo``: fill the store with sample cases."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.cli.arguments import _clean, _shown
from tui.cli.constants import EXIT_OK
from tui.cli.errors import CliError
from tui.cli.output import _write_line

if TYPE_CHECKING:  # pragma: no cover
    from tui.cli.context import Context


def cmd_demo(ctx: Context) -> int:
    from cases.demo import build_demo

    args = ctx.args
    n_cases: int | None = None
    if args.cases is not None:
        try:
            n_cases = int(args.cases.strip())
        except ValueError:
            n_cases = -1
        if n_cases < 1:
            raise CliError(ctx.t("cli.error.bad_count", value=_shown(args.cases)))
    store = ctx.open_store()
    try:
        if not store.is_empty() and not args.force:
            count = len(store.summaries())
            raise CliError(ctx.t("cli.demo.not_empty", path=_clean(str(ctx.store_path)), count=count))
        cases, groups = build_demo(ctx.now, n_cases)
        store.replace_all(cases, groups)
    finally:
        store.close()
    participants = sum(len(g.participants) for g in groups)
    events = sum(len(c.timeline) for c in cases)
    _write_line(ctx.t("cli.demo.done", path=_clean(str(ctx.store_path)), cases=len(cases), events=events,
                      groups=len(groups), participants=participants))
    _write_line(ctx.t("cli.demo.next", db=_clean(str(ctx.store_path))))
    return EXIT_OK
