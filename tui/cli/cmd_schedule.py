"""``tousu schedule add FILE`` and ``tousu schedule show``: the store's working-day schedule.

One calendar per store (storage.schedule): ``add`` checks FILE (the schedule file
format of cases.workdays, with its error messages) and puts its years into the
store's own schedule, for every volunteer using the store at once, recomputing
every stored deadline in the same write; ``show`` says where each year's working
days come from and whether the user's own schedule file is used.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli.arguments import _clean
from tui.cli.constants import EXIT_OK
from tui.cli.errors import CliError
from tui.cli.output import _write_line

if TYPE_CHECKING:  # pragma: no cover
    from tui.cli.context import Context

#: Case ids listed after "changed" before the rest is only counted.
SHOWN_IDS = 10


def cmd_schedule(ctx: Context) -> int:
    if ctx.args.schedule_command == "add":
        return _add(ctx)
    return _show(ctx)


def _add(ctx: Context) -> int:
    from cases.workdays import library_last_year
    from cases.work_schedule import load_schedule
    from storage.schedule import FILE

    path = Path(ctx.args.file).expanduser()
    years = load_schedule(path)  # ScheduleError (a ValueError): one line naming the file and the problem
    if not years:
        raise CliError(ctx.t("cli.schedule.no_years", path=_clean(str(path))))
    store = ctx.open_store()
    try:
        was_file = store.calendar_info().source == FILE
        done = store.add_schedule(years, ctx.volunteer)
    finally:
        store.close()
    store_path = _clean(str(ctx.store_path))
    last = library_last_year()
    for year in done.years:
        schedule = years[year]
        _write_line(ctx.t("cli.schedule.added", year=year, store=store_path,
                          holidays=len(schedule.holidays), workdays=len(schedule.workdays)))
        previous = done.replaced.get(year)
        if previous is not None:
            _write_line(ctx.t("cli.schedule.replaced", year=year, by=_by(previous), at=_when(previous)))
        if year <= last:
            _write_line(ctx.t("cli.schedule.over_library", year=year))
    _write_line(recomputed_line(ctx, "cli.schedule.recomputed", done.recomputed, done.changed))
    if was_file:
        from storage.paths import schedule_file_path

        _write_line(ctx.t("cli.schedule.file_now_ignored", path=_clean(str(schedule_file_path()))))
    return EXIT_OK


def recomputed_line(ctx: Context, key: str, count: int, changed: list[str]) -> str:
    """How many stored deadlines were recomputed and which changed (the first :data:`SHOWN_IDS`)."""
    ids = ""
    if changed:
        shown = ctx.t("cli.sep.list").join(changed[:SHOWN_IDS])
        more = len(changed) - SHOWN_IDS
        ids = ctx.t("cli.schedule.changed_ids", ids=shown) if more <= 0 else ctx.t(
            "cli.schedule.changed_ids_more", ids=shown, more=more)
    return ctx.t(key, count=count, changed=len(changed), ids=ids)


def _show(ctx: Context) -> int:
    from cases.workdays import library_last_year, library_version
    from storage import schedule
    from storage.paths import schedule_file_path

    store = ctx.open_store()
    try:
        info = store.calendar_info()
        state, record = store.deadlines_record()
    finally:
        store.close()
    t = ctx.t
    store_path = _clean(str(ctx.store_path))
    _write_line(t("cli.schedule.store_personal" if info.personal else "cli.schedule.store_shared", path=store_path))

    _write_line(t("cli.schedule.store_years"))
    for key, doc in sorted(info.years.items()):
        _write_line(t("cli.schedule.store_year", year=key, holidays=len(doc.get("holidays") or ()),
                      workdays=len(doc.get("workdays") or ()), by=_by(doc), at=_when(doc)))
    if not info.years:
        _write_line(t("cli.schedule.no_store_years"))

    own = info.calendar.user_years
    last = library_last_year()
    this_year = ctx.today.year
    first = min([this_year - 1, *own])
    final = max([this_year + 1, last, *own]) + 1  # through the first year with no schedule
    _write_line(t("cli.schedule.sources"))
    for year in range(first, final + 1):
        if year in own and info.source == schedule.STORE:
            line = t("cli.schedule.source.store", year=year, by=_by(info.years.get(str(year), {})))
        elif year in own:
            line = t("cli.schedule.source.file", year=year)
        elif year <= last:
            line = t("cli.schedule.source.library", year=year, version=library_version())
        else:
            line = t("cli.schedule.source.estimate", year=year)
        _write_line(line)

    file = schedule_file_path()
    shown = _clean(str(file))
    if not file.exists():
        _write_line(t("cli.schedule.file.none", path=shown))
    elif info.source == schedule.FILE:
        _write_line(t("cli.schedule.file.used", path=shown))
    elif not info.personal:
        _write_line(t("cli.schedule.file.shared", path=shown))
    else:
        _write_line(t("cli.schedule.file.store", path=shown))

    from cases.summary import stamp_order

    rules = stamp_order(record["stamp"])[0] if isinstance(record, dict) and isinstance(record.get("stamp"), str) else 0
    _write_line(t(f"cli.schedule.record.{state}", rules=rules))
    return EXIT_OK



def _by(doc: dict[str, Any]) -> str:
    return _clean(str(doc.get("added_by") or "?"))


def _when(doc: dict[str, Any]) -> str:
    from cases.instants import shown_time

    return _clean(shown_time(str(doc.get("added_at") or ""), missing="?"))
