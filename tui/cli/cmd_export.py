"""``tousu export`` (a calendar, a case file, the whole store) and ``tousu import`` (a whole store back).

- ``export --format ics [--alarm D]``: every open deadline and follow-up (:mod:`cases.calendar_ics`).
- ``export CASE --format md|pdf [--reveal]``: a case file (:func:`storage.exports.case_file_bytes`).
- ``export --all --format json``: the whole store, unmasked, with a warning (:mod:`storage.store_export`).
- ``import FILE [--replace [--yes]]``: into an empty store, or replacing a store after asking
  and backing it up (:mod:`storage.backup`).

``--out FILE`` writes atomically, 0600; without it the export goes to standard output
(a PDF never to a terminal). The store itself, its journal and its lock are never an output.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.arguments import _case_id, _clean, _shown
from tui.cli.constants import EXIT_BLOCKED, EXIT_OK, PROG
from tui.cli.errors import CliError, _warn
from tui.cli.output import _ask_yes, _write_line

if TYPE_CHECKING:  # pragma: no cover
    from datetime import timedelta

    from tui.cli.context import Context

EXPORT_FORMATS = ("ics", "md", "pdf", "json")


def cmd_export(ctx: Context) -> int:
    args = ctx.args
    fmt = args.format
    if fmt == "ics":
        _refuse(ctx, fmt, case=args.case, all_=args.all, reveal=args.reveal)
        return _export_ics(ctx)
    if fmt == "json":
        if not args.all:
            raise CliError(ctx.t("cli.export.error.json_needs_all"))
        _refuse(ctx, fmt, case=args.case, alarm=args.alarm, reveal=args.reveal)
        return _export_all(ctx)
    if not args.case:
        raise CliError(ctx.t("cli.export.error.needs_case", format=fmt))
    _refuse(ctx, fmt, all_=args.all, alarm=args.alarm)
    return _export_case(ctx, fmt)


def _refuse(ctx: Context, fmt: str, **given: object) -> None:
    """An option or argument that ``--format fmt`` does not take: one line, exit 2."""
    names = {"case": ctx.t("cli.meta.case"), "all_": "--all", "alarm": "--alarm", "reveal": "--reveal"}
    for key, value in given.items():
        if value:
            raise CliError(ctx.t("cli.export.error.not_with", option=names[key], format=fmt))


# ---------------------------------------------------------------------- where it goes
def _out_path(ctx: Context) -> Path | None:
    """``--out`` checked: its folder exists, it is no folder, and it is not the store's own file."""
    out = ctx.args.out
    if out is None:
        return None
    if not out.strip():
        raise CliError(ctx.t("cli.export.error.out_empty"))
    path = Path(out).expanduser()
    if path.is_dir():
        raise CliError(ctx.t("cli.export.error.out_is_folder", path=_clean(str(path))))
    if not path.parent.is_dir():
        raise CliError(ctx.t("cli.export.error.out_folder_missing", path=_clean(str(path)),
                             folder=_clean(str(path.parent))))
    store = ctx.store_path.expanduser().resolve()
    own = {store, store.with_name(store.name + ".journal"), store.with_name(store.name + ".lock")}
    if path.resolve() in own:
        raise CliError(ctx.t("cli.export.error.out_is_store", path=_clean(str(path))))
    return path


def _deliver(ctx: Context, data: bytes, path: Path | None, *, binary: bool, done_key: str, **values: object) -> None:
    from storage.exports import write_export

    if path is None:
        if binary and sys.stdout.isatty():
            raise CliError(ctx.t("cli.export.error.binary_to_terminal"))
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    write_export(path, data)
    _write_line(ctx.t(done_key, path=str(path), **values))


# ---------------------------------------------------------------------- ics
def _alarm(ctx: Context) -> timedelta | None:
    from cases.deadlines import DurationError, parse_duration

    text = ctx.args.alarm
    if text is None:
        return None
    try:
        duration = parse_duration(_clean(text), ctx.lang)
    except DurationError as exc:
        raise CliError(ctx.t("cli.error.option", option="--alarm", message=exc.message(ctx.lang))) from None
    if duration.is_working_days:
        raise CliError(ctx.t("cli.export.error.alarm_working_days", value=_shown(text)))
    return duration.delta


def _export_ics(ctx: Context) -> int:
    from cases.calendar_ics import build_calendar, due_events
    from cases.urgency import summary_doc_key
    from tui.cli.case_items import _summary_rows
    from tui.cli.cmd_list import _without_damaged

    alarm = _alarm(ctx)
    path = _out_path(ctx)
    store = ctx.open_store()
    try:
        rows = _summary_rows(store, include_closed=False)
    finally:
        store.close()
    rows, damaged = _without_damaged(rows, store.path)
    rows.sort(key=summary_doc_key)
    data = build_calendar(rows, ctx.now, ctx.lang, alarm)
    events = sum(len(due_events(row)) for row in rows)
    _deliver(ctx, data, path, binary=False, done_key="cli.export.ics_done", events=events)
    for error in damaged:
        _warn(ctx.lang, error.message(ctx.lang))
    return EXIT_OK


# ---------------------------------------------------------------------- a case file
def _export_case(ctx: Context, fmt: str) -> int:
    from storage.exports import case_file_bytes

    case_id = _case_id(ctx, ctx.args.case)
    path = _out_path(ctx)
    store = ctx.open_store()
    try:
        case = store.case(case_id)
        group = store.group_of(case)
        calendar = store.calendar
    finally:
        store.close()
    data = case_file_bytes(case, group, store.path, now=ctx.now, calendar=calendar, reveal=ctx.args.reveal, fmt=fmt)
    _deliver(ctx, data, path, binary=fmt == "pdf", done_key="cli.export.case_done", id=case.id)
    return EXIT_OK


# ---------------------------------------------------------------------- the whole store
def _export_all(ctx: Context) -> int:
    from cases.clock import to_iso
    from storage.store_export import export_document

    path = _out_path(ctx)
    store = ctx.open_store()
    try:
        cases, groups, moved = store.moved_out()
    finally:
        store.close()
    data = export_document(cases, groups, moved, to_iso(ctx.now), ctx.volunteer)
    _warn(ctx.lang, ctx.t("cli.export.personal_data"))
    _deliver(ctx, data, path, binary=False, done_key="cli.export.all_done", cases=len(cases), groups=len(groups))
    return EXIT_OK


def cmd_import(ctx: Context) -> int:
    from storage.evidence import root_for
    from storage.store_export import ExportFileError, read_document
    from tui.cli.cmd_backup import backup_before_import

    args = ctx.args
    source = Path(args.file).expanduser()
    if not args.yes and args.replace and not sys.stdin.isatty():
        raise CliError(ctx.t("cli.import.needs_yes", prog=PROG))
    try:
        found = read_document(source)
    except ExportFileError as exc:
        raise CliError(ctx.t(f"cli.import.error.{exc.key}", path=_clean(str(source)), detail=exc.detail)) from None
    except OSError as exc:
        raise CliError(ctx.t("cli.import.error.unreadable", path=_clean(str(source)),
                             detail=exc.strerror or str(exc))) from None
    store = ctx.open_store()
    try:
        store.require_writable()
        if not store.is_empty():
            if not args.replace:
                raise CliError(ctx.t("cli.import.not_empty", path=_clean(str(store.path)), prog=PROG))
            if not args.yes and not _ask_yes(ctx.t("cli.import.ask", path=str(store.path))):
                sys.stderr.write(ctx.t("cli.import.declined") + "\n")
                return EXIT_BLOCKED
            backup_before_import(ctx)
        store.replace_all(found.cases, found.groups, moved=found.moved)
    finally:
        store.close()
    _write_line(ctx.t("cli.import.done", cases=len(found.cases), groups=len(found.groups),
                      at=found.exported_at or "—", by=found.exported_by or "—"))
    if any(case.evidence for case in found.cases):
        _warn(ctx.lang, ctx.t("cli.import.evidence", folder=str(root_for(store.path))))
    return EXIT_OK
