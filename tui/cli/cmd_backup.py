"""``tousu backup [--keep N] [--list]`` and ``tousu restore BACKUP [--yes]`` (storage.backup, storage.restore).

- ``backup``: a backup now (reason ``manual``), then the oldest pruned so that ``--keep`` remain
  (default :data:`storage.backup.KEEP`); ``--list`` lists them instead, oldest first.
- ``restore BACKUP``: BACKUP is a name ``--list`` shows or the path of a backup's snapshot. The
  backup is read and checked first; then, after a yes (asked on a terminal; ``--yes`` in a
  script, refused without either), the current state is backed up and replaced.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from tui.cli.arguments import _clean, _shown
from tui.cli.constants import EXIT_BLOCKED, EXIT_OK, PROG
from tui.cli.errors import CliError
from tui.cli.output import _ask_yes, _write_line

if TYPE_CHECKING:  # pragma: no cover
    from storage.backup import Backup
    from tui.cli.context import Context


def cmd_backup(ctx: Context) -> int:
    from storage import backup

    args = ctx.args
    if args.list:
        if args.keep is not None:
            raise CliError(ctx.t("cli.backup.error.keep_with_list"))
        return _list(ctx)
    keep = _keep(ctx, args.keep, backup.KEEP)
    store = ctx.open_store(daily=False)
    try:
        store.require_writable()
        made = store.backup(ctx.now, "manual")
        gone = backup.prune(store.path, keep)
    finally:
        store.close()
    _write_line(ctx.t("cli.backup.done", path=str(made.path), keep=keep, removed=len(gone)))
    return EXIT_OK


def _keep(ctx: Context, text: str | None, default: int) -> int:
    if text is None:
        return default
    try:
        keep = int(text.strip())
    except ValueError:
        keep = 0
    if keep < 1:
        raise CliError(ctx.t("cli.backup.error.keep", value=_shown(text)))
    return keep


def _list(ctx: Context) -> int:
    from storage.backup import folder_of, list_backups

    path = ctx.checked_store_path().expanduser().resolve()
    found = list_backups(path)
    if not found:
        _write_line(ctx.t("cli.backup.none", folder=str(folder_of(path))))
        return EXIT_OK
    _write_line(ctx.t("cli.backup.list_head", folder=str(folder_of(path)), count=len(found)))
    for item in found:
        _write_line(ctx.t("cli.backup.list_line", name=item.name, when=item.when,
                          reason=_reason(ctx, item), size=_size(item.size)))
    return EXIT_OK


def _reason(ctx: Context, item: Backup) -> str:
    return ctx.t(f"cli.backup.reason.{item.reason}")


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB"):
        if n < 1024 or unit == "MB":
            return f"{n} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} B"  # pragma: no cover


def cmd_restore(ctx: Context) -> int:
    from storage.backup import find_backup
    from storage.restore import read_backup

    args = ctx.args
    path = ctx.checked_store_path().expanduser().resolve()
    found = find_backup(path, args.backup)
    if found is None:
        raise CliError(ctx.t("cli.restore.not_found", name=_shown(args.backup), prog=PROG))
    if not args.yes and not sys.stdin.isatty():
        raise CliError(ctx.t("cli.restore.needs_yes", prog=PROG))
    read = read_backup(found)  # a damaged or foreign backup is refused here, before anything changes
    store = ctx.open_store(daily=False)  # so is a current file that is no tousu store
    try:
        store.require_writable()
        question = ctx.t("cli.restore.ask", path=str(store.path), name=found.name, when=found.when,
                         cases=len(read[0].get("cases", {})))
        if not args.yes and not _ask_yes(question):
            sys.stderr.write(ctx.t("cli.restore.declined") + "\n")
            return EXIT_BLOCKED
        done = store.restore_backup(found, ctx.now, read)
    finally:
        store.close()
    _write_line(ctx.t("cli.restore.done", name=found.name, cases=done.cases, groups=done.groups,
                      before=str(done.before.path)))
    return EXIT_OK


def backup_before_import(ctx: Context) -> None:
    """``tousu import --replace``: a backup of the store it is about to replace, said on stdout."""
    store = ctx.open_store()
    made = store.backup(ctx.now, "import")
    _write_line(ctx.t("cli.backup.before_import", path=_clean(str(made.path))))
