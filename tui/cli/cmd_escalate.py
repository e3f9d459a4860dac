"""``tousu escalate`` and ``tousu urge``: pre-flight, print the submission text, optionally record it.

``--joint`` writes a group case's joint text (cases.joint_letter): the represented participants'
table and totals; a case in no group is refused (exit 2). A participant's own case reads their
授权委托书 flag from the roster (cases.preflight.OnBehalf)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tui.cli.arguments import _case_id, _channel, _clean
from tui.cli.constants import EXIT_BLOCKED, EXIT_OK, PROG
from tui.cli.errors import CliError
from tui.cli.output import _local

if TYPE_CHECKING:  # pragma: no cover
    from cases.model import Case
    from tui.cli.context import Context


_SEVERITY_ORDER = {"block": 0, "warn": 1, "note": 2}


def _print_findings(ctx: Context, findings: Sequence[Any]) -> None:
    """One line per finding on stderr, blocking ones first, notes last, with the question to answer."""
    ordered = sorted(findings, key=lambda f: _SEVERITY_ORDER.get(f.severity, 1))
    for finding in ordered:
        line = ctx.t(f"cli.escalate.{finding.severity}", message=finding.message)
        if finding.question:
            line += ctx.t("cli.escalate.question", question=finding.question, field=finding.field)
        sys.stderr.write(" ".join(line.split()) + "\n")


def _submission_command(ctx: Context, *, urge: bool) -> int:
    """tousu escalate / tousu urge: pre-flight, print the text, optionally record it as sent."""
    from cases.escalation import build_submission, build_urge, suggest_targets
    from tui.cli.answers import apply_answers, read_answers

    args = ctx.args
    case_id = _case_id(ctx, args.case)
    if args.ticket and not args.record:
        raise CliError(ctx.t("cli.escalate.ticket_needs_record"))
    target = _channel(ctx, args.to).id if not urge and args.to else None
    if target is not None and not _channel(ctx, target).letter:
        raise CliError(ctx.t("cli.escalate.no_letter", channel=_channel(ctx, target).name(ctx.lang), id=target))
    answers = [] if urge else read_answers(ctx, args.answers)  # files read before the store is opened
    store = ctx.open_store()
    try:
        case = store.case(case_id)
        if case.closed:  # nothing to urge or escalate: the case is over unless reopened
            from tui.cli.cmd_closing import closed_refusal

            return closed_refusal(ctx, case, "urge" if urge else "escalate")
        if answers:
            answered = apply_answers(ctx, case, answers)  # every answer is checked before anything is saved
            case = store.save_case(answered, case, by=ctx.volunteer)
            from cases.escalation import ANSWERABLE

            for answer in answers:
                label = ANSWERABLE[answer.field].label(ctx.lang)
                sys.stderr.write(ctx.t("cli.escalate.answered", id=case.id, label=label) + "\n")
        if urge:
            target = case.current_channel
        else:
            if target is None:
                suggested = suggest_targets(case, ctx.now, ctx.calendar)
                if not suggested:
                    current = _channel(ctx, case.current_channel).name(ctx.lang) if case.current_channel else "—"
                    raise CliError(ctx.t("cli.escalate.no_target", channel=current))
                target = suggested[0]
        if args.reveal and target and not _public_reveal_confirmed(ctx, target):
            sys.stderr.write(ctx.t("cli.escalate.reveal_declined") + "\n")
            return EXIT_BLOCKED
        letter_lang = ctx.settings.effective("letter_lang", args.letter_lang, ctx.env)[0]
        group, joint, on_behalf = _roster_view(ctx, store, case, joint=args.joint)
        if urge:
            sub = build_urge(case, ctx.now, reveal=args.reveal, lang=ctx.lang, letter_lang=letter_lang,
                             calendar=ctx.calendar, practice=ctx.practice, joint=joint)
        else:
            sub = build_submission(case, target, ctx.now, reveal=args.reveal, lang=ctx.lang,
                                   letter_lang=letter_lang, calendar=ctx.calendar, practice=ctx.practice,
                                   group=group, joint=joint,
                                   on_behalf=on_behalf)
        _print_findings(ctx, sub.findings)
        if sub.blocked and not (args.force and sub.body):
            sys.stderr.write(ctx.t("cli.escalate.blocked", prog=PROG) + "\n")
            return EXIT_BLOCKED
        text = sub.text()
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
        if args.record:
            _record(ctx, store, case, sub.channel, sub.subject, urge=urge, text=text)
    finally:
        store.close()
    return EXIT_OK


def _roster_view(ctx: Context, store: Any, case: Case, *, joint: bool) -> tuple[Any, Any, Any]:
    """(the case's group, the joint roster when ``joint``, the filing-for-someone-else check of a
    participant's own case) as the store holds them."""
    from cases.joint_letter import JointRoster, participant_on_behalf

    group = store.group_of(case)
    if joint:
        if group is None:
            raise CliError(ctx.t("cli.escalate.joint_not_group", id=case.id))
        return group, JointRoster.of(group, store.roster(group.id)), None
    return group, None, participant_on_behalf(case.id, store.participant_of_case(case.id))


def _public_reveal_confirmed(ctx: Context, target: str) -> bool:
    """A public page (黑猫投诉, 聚投诉) shows the text to everyone: say so, and ask on a terminal."""
    from cases.channels import channel

    chan = channel(target)
    if not chan.public:
        return True
    sys.stderr.write(ctx.t("cli.escalate.public_reveal", channel=chan.name(ctx.lang)) + "\n")
    if not sys.stdin.isatty():
        return True  # a script asked with --reveal; the warning above is on its stderr
    sys.stderr.write(ctx.t("cli.escalate.public_reveal_ask"))
    sys.stderr.flush()
    answer = sys.stdin.readline().strip().casefold()
    return answer in ("y", "yes", "是", "好")


def _record(ctx: Context, store: Any, case: Case, channel_id: str, subject: str, *, urge: bool, text: str) -> None:
    """Record the filing and keep ``text``, as printed, as filed (cases.letters.file_text)."""
    from cases.countdown import format_countdown
    from cases.deadlines import case_deadline
    from cases.escalation import record_submission
    from cases.letters import file_text

    kind = "urged" if urge else "submitted"
    event = record_submission(case, channel_id, ctx.now, ticket=_clean(ctx.args.ticket), kind=kind, subject=subject)
    by = ctx.volunteer
    updated = store.update_case(case.id, lambda c: file_text(c, c.add_event(event), text, by=by,
                                                              kind="urge" if urge else "escalate"),
                                by=by, action="urge" if urge else "escalate", channel=channel_id)
    name = _channel(ctx, channel_id).name(ctx.lang)
    if urge:
        line = ctx.t("cli.escalate.recorded_urge", id=updated.id, channel=name)
    else:
        ticket = ctx.t("cli.escalate.recorded_ticket", ticket=event.ticket) if event.ticket else ""
        line = ctx.t("cli.escalate.recorded", id=updated.id, channel=name, ticket=ticket)
    deadline = case_deadline(updated, ctx.calendar, practice=ctx.practice)
    if deadline is not None:
        line += ctx.t("cli.log.deadline", at=_local(deadline.at, deadline.estimated, ctx),
                      countdown=format_countdown(deadline, ctx.now, ctx.lang, ctx.calendar))
    sys.stderr.write(line + "\n")


def cmd_escalate(ctx: Context) -> int:
    return _submission_command(ctx, urge=False)


def cmd_urge(ctx: Context) -> int:
    return _submission_command(ctx, urge=True)
