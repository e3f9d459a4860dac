"""The end of a case: ``tousu close`` / ``reopen`` (a result's outcome), ``delete`` /
``undelete`` / ``purge`` (hide a case, bring it back, remove it for good)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from tui.cli.arguments import _case_id, _channel, _clean, _instant, _shown
from tui.cli.constants import EXIT_BLOCKED, EXIT_OK, PROG
from tui.cli.errors import CliError, _warn
from tui.cli.output import _ask_yes, _write_line

if TYPE_CHECKING:  # pragma: no cover
    from datetime import date
    from decimal import Decimal

    from cases.model import Case, Event
    from cases.statuses import Outcome
    from tui.cli.context import Context


# ----------------------------------------------------------------------------- outcomes
def outcome_options(ctx: Context) -> tuple[Outcome | None, Decimal | None, date | None]:
    """--outcome, --refunded and --on, each checked: (outcome or None, amount or None, date or None).
    --refunded and --on need --outcome; whether the outcome takes them is the domain's
    check (cases.closing.result_event)."""
    from cases.amounts import AmountError, parse_amount
    from cases.statuses import find_outcome, outcomes

    args = ctx.args
    outcome = None
    if args.outcome is not None:
        outcome = find_outcome(_clean(args.outcome))
        if outcome is None:
            raise CliError(ctx.t("cli.error.unknown_outcome", value=_shown(args.outcome),
                                 known=", ".join(f"{o.id}（{o.name(ctx.lang)}）" for o in outcomes().values())))
    for option, value in (("--refunded", args.refunded), ("--on", args.on)):
        if value is not None and outcome is None:
            raise CliError(ctx.t("cli.error.needs_outcome", option=option))
    refunded = None
    if args.refunded is not None:
        try:
            refunded = parse_amount(args.refunded, ctx.lang)
        except AmountError as exc:
            raise CliError(ctx.t("cli.error.option", option="--refunded", message=exc.message(ctx.lang))) from None
    on = None
    if args.on is not None:
        from cases.clock import TZ

        on = _instant(ctx, args.on, "--on").to(TZ).date()
    return outcome, refunded, on


def result_line(ctx: Context, event: Event) -> str:
    """"全额退款 · ¥500.00（2026-06-15 到账）": a result's outcome and refund, for one line."""
    from cases.closing import refund_text
    from cases.statuses import outcome_name

    text = outcome_name(event.outcome, ctx.lang) if event.outcome else ""
    refund = refund_text(event, ctx.lang)
    return ctx.t("cli.close.outcome_refund", outcome=text, refund=refund) if refund else text


# ----------------------------------------------------------------------------- close / reopen
def cmd_close(ctx: Context) -> int:
    from cases.closing import close_case, result_event
    from cases.statuses import status_name

    args = ctx.args
    case_id = _case_id(ctx, args.case)
    outcome, refunded, on = outcome_options(ctx)
    assert outcome is not None  # (--outcome is required)
    channel = _channel(ctx, args.channel).id if args.channel else None
    note = _clean(args.note, multiline=True)
    recorded: list[Event] = []

    def close(case: Case) -> None:  # on the stored case, under the lock: a ClosingError writes nothing
        event = result_event(case, outcome, ctx.now, channel=channel, refunded=refunded, refunded_on=on,
                             said=note, lang=ctx.lang)
        recorded.append(close_case(case, event, ctx.lang))

    store = ctx.open_store()
    try:
        closed = store.update_case(case_id, close, by=ctx.volunteer, action="close")
    finally:
        store.close()
    _write_line(ctx.t("cli.close.done", id=closed.id, status=status_name(closed.status.value, ctx.lang),
                      result=result_line(ctx, recorded[0])))
    return EXIT_OK


def cmd_reopen(ctx: Context) -> int:
    from cases.closing import reopen_case
    from cases.statuses import status_name

    args = ctx.args
    case_id = _case_id(ctx, args.case)
    note = _clean(args.note, multiline=True)
    store = ctx.open_store()
    try:
        case = store.update_case(case_id, lambda c: reopen_case(c, ctx.now, note, ctx.lang), by=ctx.volunteer,
                                 action="reopen")
    finally:
        store.close()
    _write_line(ctx.t("cli.reopen.done", id=case.id, status=status_name(case.status.value, ctx.lang)))
    return EXIT_OK


def closed_refusal(ctx: Context, case: Case, action: str) -> int:
    """A closed case takes no urge or escalation: one line on stderr, exit status 3."""
    from cases.statuses import status_name

    sys.stderr.write(ctx.t("cli.close.refused", prog=PROG, id=case.id, action=ctx.t(f"cli.close.action.{action}"),
                           status=status_name(case.status.value, ctx.lang)) + "\n")
    return EXIT_BLOCKED


# ----------------------------------------------------------------------------- delete / undelete / purge
def _confirmed(ctx: Context, case: Case) -> bool:
    """Ask on the terminal whether to delete ``case`` (its title masked)."""
    from cases.privacy import mask_case_text

    from storage.store import KEEP_DELETED_DAYS

    return _ask_yes(ctx.t("cli.delete.ask", id=case.id, title=mask_case_text(case, case.title), days=KEEP_DELETED_DAYS))


def cmd_delete(ctx: Context) -> int:
    from storage.store import KEEP_DELETED_DAYS

    args = ctx.args
    case_id = _case_id(ctx, args.case)
    if not args.yes and not sys.stdin.isatty():  # a script must say so: nothing is read or written
        raise CliError(ctx.t("cli.delete.needs_yes", prog=PROG, case=case_id))
    store = ctx.open_store()
    try:
        if not args.yes:
            case = store.case(case_id)
            if not _confirmed(ctx, case):
                sys.stderr.write(ctx.t("cli.delete.declined") + "\n")
                return EXIT_BLOCKED
        deleted = store.delete_case(case_id, ctx.volunteer)
    finally:
        store.close()
    from cases.clock import local, parse_instant

    until = local(parse_instant(deleted.deleted_at).shift(days=KEEP_DELETED_DAYS)).format("YYYY-MM-DD HH:mm")
    _write_line(ctx.t("cli.delete.done", id=deleted.id, until=until, days=KEEP_DELETED_DAYS))
    return EXIT_OK


def cmd_undelete(ctx: Context) -> int:
    from cases.statuses import status_name

    case_id = _case_id(ctx, ctx.args.case)
    store = ctx.open_store()
    try:
        case = store.restore_case(case_id, ctx.volunteer)
    finally:
        store.close()
    _write_line(ctx.t("cli.undelete.done", id=case.id, status=status_name(case.status.value, ctx.lang)))
    return EXIT_OK


def cmd_purge(ctx: Context) -> int:
    from storage.evidence import remove_case_folder
    from storage.store import KEEP_DELETED_DAYS

    store = ctx.open_store()
    try:
        purged = store.purge_expired(ctx.volunteer)
    finally:
        store.close()
    for case_id in purged:
        try:
            remove_case_folder(store.path, case_id)
        except OSError as exc:
            _warn(ctx.lang, ctx.t("cli.purge.evidence_left", id=case_id, reason=_clean(exc.strerror or str(exc))))
    if purged:
        _write_line(ctx.t("cli.purge.done", n=len(purged), ids=ctx.t("cli.sep.list").join(purged)))
    else:
        _write_line(ctx.t("cli.purge.none", days=KEEP_DELETED_DAYS))
    return EXIT_OK


def deleted_by(store: Any) -> dict[str, str]:
    """Case id → who deleted it last, from the store's activity log."""
    from cases.sanitize import clean_text

    who: dict[str, str] = {}
    for entry in store.activity():
        if isinstance(entry, dict) and entry.get("action") == "delete":
            who[str(entry.get("case"))] = clean_text(str(entry.get("by", "")))
    return who
