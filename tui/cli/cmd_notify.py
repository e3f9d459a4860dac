"""``tousu notify [--due-within 24h] [--robot NAME] [--dry-run]``: the reminder digest
(cases.digest) posted to a group robot (outbound.robots), for a cron line.

``--dry-run`` prints the message and posts nothing (no keyring needed). Nothing due:
nothing is posted, and a line says so. A robot's refusal is one line with its error
code, exit status 4.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from tui.cli.arguments import _clean, _deadline
from tui.cli.constants import EXIT_OK, EXIT_SEND_FAILED
from tui.cli.output import _write_line

if TYPE_CHECKING:  # pragma: no cover
    from tui.cli.context import Context

DEFAULT_WITHIN = "24h"


def cmd_notify(ctx: Context) -> int:
    from storage.outbound import SendError, robots
    from storage.outbound.reminders import make_digest
    from storage.vault import Vault
    from tui.cli.cmd_cred import open_backend

    args = ctx.args
    within = _clean(args.due_within or DEFAULT_WITHIN)
    cutoff = _deadline(ctx, within, ctx.now, "--due-within").at.timestamp()
    backend = None if args.dry_run else open_backend(ctx)
    store = ctx.open_store()
    try:
        digest = make_digest(store, ctx.now, ctx.lang, cutoff)
        if args.dry_run:
            sys.stdout.write(digest.text + "\n")
            return EXIT_OK
        vault = Vault(store, backend)
        robot_ref = robots.pick_robot(vault.references()[0], ctx.settings.effective("robot", args.robot, ctx.env)[0], ctx.lang)
        if digest.empty:
            _write_line(ctx.t("cli.notify.nothing", within=within))
            return EXIT_OK
        robot = robots.parse_robot_secret(robot_ref.service, vault.secret(robot_ref, ctx.lang), ctx.lang)
    finally:
        store.close()
    try:
        robots.post(robot, digest.title, digest.text, ctx.now)
    except SendError as exc:
        from tui.cli.errors import _error_line

        sys.stderr.write(_error_line(ctx.lang, ctx.t("cli.notify.failed", robot=robot_ref.user,
                                                      reason=exc.message(ctx.lang))) + "\n")
        return EXIT_SEND_FAILED
    _write_line(ctx.t("cli.notify.posted", robot=robot_ref.user, overdue=digest.overdue, soon=digest.due_soon))
    return EXIT_OK
