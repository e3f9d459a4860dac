"""``tousu rules show|follow-up|clock``: the store's practice rules (:mod:`cases.practice`).

The rules belong to the store (:mod:`storage.practice`): a change applies to every volunteer
using it at once and recomputes every stored deadline in the same write, as ``tousu schedule
add`` does for the calendar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.cli.arguments import _clean
from tui.cli.cmd_schedule import recomputed_line
from tui.cli.constants import EXIT_OK
from tui.cli.errors import CliError
from tui.cli.output import _write_line

if TYPE_CHECKING:  # pragma: no cover
    from cases.practice import PracticeRules
    from tui.cli.context import Context

#: What restores a default (``tousu rules follow-up heimao default``).
DEFAULT = "default"


def cmd_rules(ctx: Context) -> int:
    step = ctx.args.rules_command
    if step == "show":
        return _show(ctx)
    from cases.practice import PracticeError

    store = ctx.open_store()
    try:
        before = store.practice
        try:
            rules, line = _changed(ctx, before)
        except PracticeError as exc:
            raise CliError(exc.message(ctx.lang)) from None
        done = store.set_practice(rules, ctx.volunteer) if rules != before else None
    finally:
        store.close()
    _write_line(line)
    if done is None:
        _write_line(ctx.t("cli.rules.unchanged"))
        return EXIT_OK
    _write_line(recomputed_line(ctx, "cli.rules.recomputed", done.recomputed, done.changed))
    return EXIT_OK


def _changed(ctx: Context, rules: PracticeRules) -> tuple[PracticeRules, str]:
    """The rules after the change the arguments ask for, and the line that says it."""
    from cases.channels import channel

    args, t, path = ctx.args, ctx.t, _clean(str(ctx.store_path))
    channel_id = args.channel
    if args.rules_command == "follow-up":
        if args.days == DEFAULT:
            rules = rules.with_follow_up(channel_id, None, ctx.lang)
            ch = channel(channel_id)
            return rules, t("cli.rules.follow_up_default", name=ch.name(ctx.lang), channel=channel_id,
                            days=ch.follow_up_days)
        try:
            days = int(args.days)
        except ValueError:
            raise CliError(t("cli.rules.days_not_number", value=_clean(args.days))) from None
        rules = rules.with_follow_up(channel_id, days, ctx.lang)
        return rules, t("cli.rules.follow_up_set", name=channel(channel_id).name(ctx.lang), channel=channel_id,
                        days=days, path=path)
    platform = _clean(args.platform).strip()
    duration = None if args.duration == DEFAULT else _clean(args.duration)
    rules = rules.with_promise(platform, channel_id, duration, ctx.lang)
    name = channel(channel_id).name(ctx.lang)
    if duration is None:
        return rules, t("cli.rules.clock_default", platform=platform, name=name, channel=channel_id)
    shown = rules.promise_clock(platform, channel_id)
    return rules, t("cli.rules.clock_set", platform=platform, name=name, channel=channel_id,
                    duration=shown.text(ctx.lang) if shown else duration, path=path)


def _show(ctx: Context) -> int:
    from cases.channels import ladder

    store = ctx.open_store()
    try:
        info = store.practice_info()
    finally:
        store.close()
    rules, t, lang = info.rules, ctx.t, ctx.lang
    if ctx.args.json:
        import sys

        from storage import dumps

        doc = {"follow_up": {cid: {"days": rules.follow_up_days(cid, ch.follow_up_days), "default": ch.follow_up_days,
                                   "source": "store" if cid in rules.follow_up else "channels"}
                             for cid, ch in ladder().items()},
               "clocks": {name: dict(clocks) for name, clocks in rules.promise.items()},
               "set_by": info.by, "set_at": info.at}
        sys.stdout.flush()
        sys.stdout.buffer.write(dumps(doc) + b"\n")
        sys.stdout.buffer.flush()
        return EXIT_OK
    _write_line(t("cli.rules.title", path=_clean(str(ctx.store_path))))
    _write_line(t("cli.rules.follow_up_title"))
    for cid, ch in ladder().items():
        days = rules.follow_up_days(cid, ch.follow_up_days)
        key = "cli.rules.follow_up_own" if cid in rules.follow_up else "cli.rules.follow_up_line"
        _write_line(t(key, channel=cid, name=ch.name(lang), days=days, default=ch.follow_up_days))
    _write_line(t("cli.rules.clocks_title"))
    for name, clocks in rules.promise.items():
        for cid in clocks:
            own = rules.promise_clock(name, cid)
            _write_line(t("cli.rules.clock_line", platform=_clean(name), name=ladder()[cid].name(lang), channel=cid,
                          duration=own.text(lang) if own else _clean(clocks[cid])))
    if not rules.promise:
        _write_line(t("cli.rules.no_clocks"))
    if info.by:
        from cases.instants import shown_time

        _write_line(t("cli.rules.set_by", by=_clean(info.by), at=_clean(shown_time(info.at))))
    return EXIT_OK
