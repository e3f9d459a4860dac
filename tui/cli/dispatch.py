"""The subcommand → function table; no subcommand opens the dashboard."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from tui.cli.context import Context


def _command(module: str, name: str) -> Callable[[Context], int]:
    """``tui.cli.<module>.<name>``, imported when the command runs: one command needs one
    module, and the dashboard (no command) none of them before its first paint."""

    def run(ctx: Context) -> int:
        return getattr(import_module(f"tui.cli.{module}"), name)(ctx)

    run.__name__ = run.__qualname__ = name
    return run


def cmd_dashboard(ctx: Context) -> int:
    from tui.app import run_dashboard  # Textual is imported here and nowhere else in the CLI

    from storage.paths import schedule_file_path

    return run_dashboard(ctx.checked_store_path(), ctx.clock, ctx.lang, schedule_file_path(),
                         debug=bool(ctx.env.get("TOUSU_DEBUG")), settings=ctx.settings)


#: Each command (None: the dashboard) and the function that runs it (the entry point looks them up here).
COMMANDS: dict[str | None, Callable[[Context], int]] = {
    None: cmd_dashboard,
    "demo": _command("cmd_demo", "cmd_demo"),
    "add": _command("cmd_cases", "cmd_add"),
    "log": _command("cmd_cases", "cmd_log"),
    "list": _command("cmd_list", "cmd_list"),
    "show": _command("cmd_show", "cmd_show"),
    "stats": _command("cmd_stats", "cmd_stats"),
    "serve": _command("cmd_serve", "cmd_serve"),
    "completion": _command("completion", "cmd_completion"),
    "escalate": _command("cmd_escalate", "cmd_escalate"),
    "urge": _command("cmd_escalate", "cmd_urge"),
    "close": _command("cmd_closing", "cmd_close"),
    "reopen": _command("cmd_closing", "cmd_reopen"),
    "assign": _command("cmd_assign", "cmd_assign"),
    "today": _command("cmd_today", "cmd_today"),
    "delete": _command("cmd_closing", "cmd_delete"),
    "undelete": _command("cmd_closing", "cmd_undelete"),
    "purge": _command("cmd_closing", "cmd_purge"),
    "share": _command("cmd_share", "cmd_share"),
    "config": _command("cmd_config", "cmd_config"),
    "evidence": _command("cmd_evidence", "cmd_evidence"),
    "group": _command("cmd_group", "cmd_group"),
    "schedule": _command("cmd_schedule", "cmd_schedule"),
    "rules": _command("cmd_rules", "cmd_rules"),
    "export": _command("cmd_export", "cmd_export"),
    "import": _command("cmd_export", "cmd_import"),
    "cred": _command("cmd_cred", "cmd_cred"),
    "send": _command("cmd_send", "cmd_send"),
    "notify": _command("cmd_notify", "cmd_notify"),
    "backup": _command("cmd_backup", "cmd_backup"),
    "restore": _command("cmd_backup", "cmd_restore"),
    "doctor": _command("cmd_doctor", "cmd_doctor"),
}
