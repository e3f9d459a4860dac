"""``tousu assign CASE… --to NAME``: give cases to a volunteer (``--to ""`` unassigns)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.cli.arguments import _case_id, _clean
from tui.cli.constants import EXIT_OK
from tui.cli.output import _write_line

if TYPE_CHECKING:  # pragma: no cover
    from tui.cli.context import Context


def cmd_assign(ctx: Context) -> int:
    """Every case id is read and every case found before anything is written: one unknown,
    deleted or damaged case writes nothing (exit status 2)."""
    ids = list(dict.fromkeys(_case_id(ctx, text) for text in ctx.args.cases))
    name = _clean(ctx.args.to).strip()
    store = ctx.open_store()
    try:
        done = store.assign_cases(ids, name, ctx.volunteer)
    finally:
        store.close()
    ids_text = ctx.t("cli.sep.list").join(c.id for c in done)
    if name:
        _write_line(ctx.t("cli.assign.done", n=len(done), ids=ids_text, name=name))
    else:
        _write_line(ctx.t("cli.assign.cleared", n=len(done), ids=ids_text))
    return EXIT_OK
