"""``tousu share DIR --group G``: set up a store several Unix accounts share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.cli.arguments import _clean
from tui.cli.constants import EXIT_OK
from tui.cli.output import _write_line

if TYPE_CHECKING:  # pragma: no cover
    from tui.cli.context import Context


def cmd_share(ctx: Context) -> int:
    from pathlib import Path

    from storage.sharing import share
    from storage.store import Store

    shared = share(Path(_clean(ctx.args.directory)), _clean(ctx.args.group))
    Store.open(shared.store, ctx.clock).close()  # creates it 0660 in the group's folder
    _write_line(ctx.t("cli.share.done", path=str(shared.store), group=shared.group, dir=str(shared.directory)))
    for ancestor in shared.blocked:
        _write_line(ctx.t("cli.share.blocked", path=str(ancestor), group=shared.group))
    _write_line(ctx.t("cli.share.next", path=str(shared.store)))
    return EXIT_OK
