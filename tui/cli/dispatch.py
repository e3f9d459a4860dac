"""The subcommand → function table; no subcommand opens the dashboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.cli.cmd_assign import cmd_assign
from tui.cli.cmd_backup import cmd_backup, cmd_restore
from tui.cli.cmd_cases import cmd_add, cmd_log
from tui.cli.cmd_config import cmd_config
from tui.cli.cmd_closing import cmd_close, cmd_delete, cmd_purge, cmd_reopen, cmd_undelete
from tui.cli.cmd_cred import cmd_cred
from tui.cli.cmd_demo import cmd_demo
from tui.cli.cmd_doctor import cmd_doctor
from tui.cli.cmd_escalate import cmd_escalate, cmd_urge
from tui.cli.cmd_evidence import cmd_evidence
from tui.cli.cmd_group import cmd_group
from tui.cli.cmd_export import cmd_export, cmd_import
from tui.cli.cmd_list import cmd_list
from tui.cli.cmd_notify import cmd_notify
from tui.cli.cmd_share import cmd_share
from tui.cli.cmd_rules import cmd_rules
from tui.cli.cmd_schedule import cmd_schedule
from tui.cli.cmd_serve import cmd_serve
from tui.cli.cmd_send import cmd_send
from tui.cli.cmd_show import cmd_show
from tui.cli.completion import cmd_completion
from tui.cli.cmd_stats import cmd_stats
from tui.cli.cmd_today import cmd_today

if TYPE_CHECKING:  # pragma: no cover
    from tui.cli.context import Context


def cmd_dashboard(ctx: Context) -> int:
    from tui.app import run_dashboard  # Textual is imported here and nowhere else in the CLI

    from storage.errors import StoreError
    from storage.paths import schedule_file_path

    try:  # today's backup before the screen opens (storage.backup)
        ctx.open_store().close()
    except StoreError:
        pass  # the dashboard says why the store cannot be opened
    return run_dashboard(ctx.checked_store_path(), ctx.clock, ctx.lang, schedule_file_path(),
                         debug=bool(ctx.env.get("TOUSU_DEBUG")), settings=ctx.settings)


#: Each command (None: the dashboard) and the function that runs it (the entry point looks them up here).
COMMANDS: dict[str | None, Callable[[Context], int]] = {
    None: cmd_dashboard,
    "demo": cmd_demo,
    "add": cmd_add,
    "log": cmd_log,
    "list": cmd_list,
    "show": cmd_show,
    "stats": cmd_stats,
    "serve": cmd_serve,
    "completion": cmd_completion,
    "escalate": cmd_escalate,
    "urge": cmd_urge,
    "close": cmd_close,
    "reopen": cmd_reopen,
    "assign": cmd_assign,
    "today": cmd_today,
    "delete": cmd_delete,
    "undelete": cmd_undelete,
    "purge": cmd_purge,
    "share": cmd_share,
    "config": cmd_config,
    "evidence": cmd_evidence,
    "group": cmd_group,
    "schedule": cmd_schedule,
    "rules": cmd_rules,
    "export": cmd_export,
    "import": cmd_import,
    "cred": cmd_cred,
    "send": cmd_send,
    "notify": cmd_notify,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "doctor": cmd_doctor,
}
