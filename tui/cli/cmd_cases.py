"""``tousu add`` and ``tousu log``: a new case, an event on a case's timeline."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from tui.cli.arguments import _case_id, _channel, _clean, _instant, _resolve_deadline, _shown
from tui.cli.constants import EXIT_OK, PROG
from tui.cli.errors import CliError
from tui.cli.output import _local, _write_line

if TYPE_CHECKING:  # pragma: no cover
    from cases.model import Case
    from tui.cli.context import Context


def _new_event(ctx: Context, kind: str, channel_id: str) -> Any:
    """An event from --channel/--submitted/--deadline/--ticket (and --agent/--note for log)."""
    from cases.clock import to_iso
    from cases.model import Event

    args = ctx.args
    ch = _channel(ctx, channel_id)
    at = _instant(ctx, args.submitted, "--submitted") if args.submitted else ctx.now
    event = Event(kind=kind, channel=ch.id, at=to_iso(at), ticket=_clean(args.ticket))
    if args.deadline:
        event.deadline, event.promised = _resolve_deadline(ctx, args.deadline, at)
    return event


def cmd_add(ctx: Context) -> int:
    from cases.clock import to_iso
    from cases.amounts import AmountError, parse_amount
    from cases.model import Case, EventKind, Order, split_title

    args = ctx.args
    title, more = split_title(args.title or "")  # a pasted title's other lines: the first note
    platform = _clean(args.platform)
    if not title:
        raise CliError(ctx.t("cli.error.empty", option="--title"))
    if not platform:
        raise CliError(ctx.t("cli.error.empty", option="--platform"))
    if not args.channel:
        for option in ("submitted", "deadline", "ticket"):
            if getattr(args, option):
                raise CliError(ctx.t("cli.error.needs_channel", option=f"--{option}"))
    case = Case(title=title, platform=platform, notes=more, created=to_iso(ctx.now), updated=to_iso(ctx.now))
    if args.category:
        from cases.categories import categories, find_category

        found = find_category(_clean(args.category))
        if found is None:
            raise CliError(ctx.t("cli.error.unknown_category", value=_shown(args.category),
                                 known=", ".join(categories())))
        case.category = found.id
    if args.amount is not None or args.order or args.paid_with or args.payee:
        try:
            amount = parse_amount(args.amount if args.amount is not None else "0", ctx.lang)
        except AmountError as exc:
            raise CliError(ctx.t("cli.error.option", option="--amount", message=exc.message(ctx.lang))) from None
        case.orders.append(Order(number=_clean(args.order), amount=amount, payment_channel=_clean(args.paid_with),
                                 payee=_clean(args.payee)))
    case.fraud, case.contract_denied = args.fraud, args.contract_denied
    if args.channel:
        case.add_event(_new_event(ctx, EventKind.SUBMITTED.value, args.channel))
    if args.answers:
        case = _answered(ctx, case)
    request_id = None
    if args.request_id is not None:
        from cases.ids import parse_request_id

        try:
            request_id = parse_request_id(args.request_id, ctx.lang)
        except ValueError as exc:
            raise CliError(ctx.t("cli.error.option", option="--request-id", message=str(exc))) from None
    store = ctx.open_store()
    try:
        saved = _add(ctx, store, case, request_id)
        _write_line(saved.id)
        sys.stdout.flush()  # committed: the id is out before anything else (closing, caches) can fail or hang
    finally:
        store.close()
    if more:
        sys.stderr.write(ctx.t("cli.add.title_lines", prog=PROG, n=more.count("\n") + 1) + "\n")
    return EXIT_OK


#: ``tousu add`` options and the --set fields they fill: one fact is given once.
_ADD_OPTION_FIELDS = {
    "order.number": ("order", "--order"),
    "order.amount": ("amount", "--amount"),
    "order.payment_channel": ("paid_with", "--paid-with"),
    "order.payee": ("payee", "--payee"),
    "fraud": ("fraud", "--fraud"),
    "contract_denied": ("contract_denied", "--contract-denied"),
}


def _answered(ctx: Context, case: Case) -> Case:
    """The case with the --set / --set-from answers written in (each checked as in tousu escalate)."""
    from tui.cli.answers import apply_answers, read_answers

    answers = read_answers(ctx, ctx.args.answers)
    for answer in answers:
        dest, option = _ADD_OPTION_FIELDS.get(answer.field, (None, None))
        if dest is not None and getattr(ctx.args, dest) not in (None, False):
            raise CliError(ctx.t("cli.add.given_twice", field=answer.field, option=option, where=answer.where))
    return apply_answers(ctx, case, answers)


def _add(ctx: Context, store: Any, case: Case, request_id: str | None) -> Case:
    """store.add_case; with a request id already used, the case it added (nothing is stored)."""
    if request_id is None:
        return store.add_case(case, by=ctx.volunteer)
    from storage.errors import CaseNotFound

    try:
        return store.add_case(case, request_id=request_id, by=ctx.volunteer)
    except CaseNotFound as exc:  # the earlier add's case was deleted since
        raise CliError(ctx.t("cli.add.request_case_gone", request=_shown(request_id), id=exc.case_id)) from None


class _ClosedCase(Exception):
    """A filing or an urge logged on a closed case (raised under the lock: nothing is written)."""

    def __init__(self, case: Case) -> None:
        self.case = case


def cmd_log(ctx: Context) -> int:
    from cases.closing import MOVING_KINDS
    from cases.model import EventKind

    from tui.cli.cmd_closing import closed_refusal, outcome_options

    args = ctx.args
    case_id = _case_id(ctx, args.case)
    ch = _channel(ctx, args.channel)
    note = _clean(args.note, multiline=True)
    agent = _clean(args.agent)
    if args.kind == EventKind.NOTE.value and args.deadline:
        raise CliError(ctx.t("cli.error.note_deadline"))
    outcome, refunded, on = outcome_options(ctx)
    kind = args.kind or ""
    if outcome is not None:
        if kind not in ("", EventKind.RESULT.value):
            raise CliError(ctx.t("cli.error.outcome_kind", kind=kind))
        kind = EventKind.RESULT.value
    event = _new_event(ctx, kind, ch.id)  # everything checked before the store is opened
    event.said, event.agent = note, agent

    def append(case: Case) -> Case:
        if not event.kind:  # a new channel: a filing; the same channel: an exchange
            same = case.current_channel == ch.id
            event.kind = EventKind.CONTACT.value if same else EventKind.SUBMITTED.value
        if case.closed and event.kind in MOVING_KINDS:
            raise _ClosedCase(case)
        if outcome is not None:  # the result's outcome and refund, checked against the case
            from cases.clock import parse_instant
            from cases.closing import result_event

            said = result_event(case, outcome, parse_instant(event.at), channel=ch.id, refunded=refunded,
                                refunded_on=on, lang=ctx.lang)
            event.outcome, event.refunded, event.refunded_on = said.outcome, said.refunded, said.refunded_on
        case.add_event(event)
        return case

    store = ctx.open_store()
    try:
        updated = store.update_case(case_id, append, by=ctx.volunteer, action="log")
    except _ClosedCase as exc:
        return closed_refusal(ctx, exc.case, "log")
    finally:
        store.close()
    kind = event.kind
    from cases.countdown import format_countdown
    from cases.deadlines import case_next

    due = case_next(updated, ctx.calendar, practice=ctx.practice)
    deadline = due.deadline
    line = ctx.t("cli.log.done", id=updated.id, kind=ctx.t(f"cli.kind.{kind}"), channel=ch.name(ctx.lang))
    if event.outcome:
        from tui.cli.cmd_closing import result_line

        line += ctx.t("cli.log.outcome", result=result_line(ctx, event))
    if deadline is not None:
        line += ctx.t("cli.log.deadline", at=_local(deadline.at, deadline.estimated, ctx),
                      countdown=format_countdown(deadline, ctx.now, ctx.lang, ctx.calendar))
        if due.follow_up is not None and not deadline.is_follow_up:  # (else the deadline is the cadence)
            line += ctx.t("cli.log.follow_up", at=_local(due.follow_up.at, False, ctx))
    _write_line(line)
    if note and not args.deadline and kind != EventKind.NOTE.value:
        _hint_deadline_in(ctx, note)
    if kind == EventKind.RESULT.value and not updated.closed:
        sys.stdout.flush()
        sys.stderr.write(ctx.t("cli.log.close_hint", prog=PROG, id=updated.id,
                               outcome=event.outcome or "ID") + "\n")
    return EXIT_OK


def _hint_deadline_in(ctx: Context, note: str) -> None:
    """A duration in the note ("客服答应2小时内回复") that was not given as --deadline:
    one line on stderr saying how to set it. Never applied by itself."""
    import shlex
    import sys

    from cases.durations import find_duration_mention

    mention = find_duration_mention(note)
    if mention is None:
        return
    value = mention.duration.text(ctx.lang)
    if any(ch.isspace() for ch in value):
        value = shlex.quote(value)
    sys.stdout.flush()  # the result line first, then the hint
    sys.stderr.write(ctx.t("cli.log.deadline_hint", prog=PROG, phrase=mention.phrase, value=value) + "\n")
