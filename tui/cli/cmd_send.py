"""``tousu send CASE --to CHANNEL --via MAILBOX``: the letter ``tousu escalate`` (or with
``--urge``, ``tousu urge``) prints, sent by e-mail to the respondent's entity.

The recipient is the entity's e-mail address (``entity.email``; asked like a pre-flight
question when missing: ``--set entity.email=…``, exit status 3). The mailbox's secret comes
from the keyring. The server's reply is printed; the case records the text as filed with
the recipients, the Message-ID and the time, and the timeline its submission or urge,
only when the server accepted the message. A failure (login refused, connection refused,
TLS, timeout, the line dropped) is one line with the server's reason, exit status 4, and
nothing is recorded.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from tui.cli.arguments import _case_id, _channel
from tui.cli.constants import EXIT_BLOCKED, EXIT_OK, EXIT_SEND_FAILED, PROG
from tui.cli.errors import CliError

if TYPE_CHECKING:  # pragma: no cover
    from tui.cli.context import Context


def _picks(ctx: Context, text: str | None, count: int) -> list[int]:
    if not text:
        return []
    if text.strip().lower() == "all":
        return list(range(1, count + 1))
    try:
        return [int(part) for part in text.replace("，", ",").split(",") if part.strip()]
    except ValueError:
        raise CliError(ctx.t("cli.send.bad_attach", value=text)) from None


def cmd_send(ctx: Context) -> int:
    from cases.escalation import ANSWERABLE, build_submission, build_urge
    from storage.outbound import SendError, mail
    from storage.outbound.complaint import attachments, pick_mailbox, recorder, subject_of
    from storage.vault import Vault
    from tui.cli.answers import apply_answers, read_answers
    from tui.cli.cmd_cred import open_backend
    from tui.cli.cmd_escalate import _print_findings

    args = ctx.args
    case_id = _case_id(ctx, args.case)
    if not args.urge and not args.to:
        raise CliError(ctx.t("cli.send.needs_to"))
    target = _channel(ctx, args.to).id if args.to else None
    if target is not None and not args.urge and not _channel(ctx, target).letter:
        raise CliError(ctx.t("cli.escalate.no_letter", channel=_channel(ctx, target).name(ctx.lang), id=target))
    answers = read_answers(ctx, args.answers)
    backend = open_backend(ctx)  # a keyring refused: before anything is read or written
    store = ctx.open_store()
    try:
        case = store.case(case_id)
        if case.closed:
            from tui.cli.cmd_closing import closed_refusal

            return closed_refusal(ctx, case, "urge" if args.urge else "escalate")
        if answers:
            case = store.save_case(apply_answers(ctx, case, answers), case)
            for answer in answers:
                label = ANSWERABLE[answer.field].label(ctx.lang)
                sys.stderr.write(ctx.t("cli.escalate.answered", id=case.id, label=label) + "\n")
        vault = Vault(store, backend)
        mailbox = pick_mailbox(vault.references()[0], ctx.settings.effective("mailbox", args.via, ctx.env)[0], ctx.lang)
        if not case.entity.email:
            spec = ANSWERABLE["entity.email"]
            sys.stderr.write(ctx.t("cli.send.no_address", question=spec.question(ctx.lang), id=case.id) + "\n")
            return EXIT_BLOCKED
        letter_lang = ctx.settings.effective("letter_lang", args.letter_lang, ctx.env)[0]
        if args.urge:
            target = case.current_channel
            sub = build_urge(case, ctx.now, reveal=args.reveal, lang=ctx.lang, letter_lang=letter_lang,
                             calendar=ctx.calendar, practice=ctx.practice)
        else:
            sub = build_submission(case, target, ctx.now, reveal=args.reveal, lang=ctx.lang,
                                   letter_lang=letter_lang, calendar=ctx.calendar, practice=ctx.practice,
                                   group=store.group_of(case))
        _print_findings(ctx, sub.findings)
        if sub.blocked and not (args.force and sub.body):
            sys.stderr.write(ctx.t("cli.escalate.blocked", prog=PROG) + "\n")
            return EXIT_BLOCKED
        text = sub.text()
        files = attachments(case, store.path, _picks(ctx, args.attach, len(case.evidence)), ctx.lang)
        password = vault.secret(mailbox, ctx.lang)
        subject = subject_of(case, sub.subject, letter_lang)
        message = mail.build_message(mailbox.sender, [case.entity.email], subject, text, ctx.now, files)
        try:
            sent = mail.send(mailbox, password, message)
        except SendError as exc:
            from tui.cli.errors import _error_line

            sys.stderr.write(_error_line(ctx.lang, ctx.t("cli.send.failed", reason=exc.message(ctx.lang))) + "\n")
            return EXIT_SEND_FAILED
        sys.stdout.write(ctx.t("cli.send.sent", to=", ".join(sent.recipients), via=mailbox.sender,
                               message_id=sent.message_id, reply=sent.reply, files=len(files)) + "\n")
        sys.stdout.flush()
        from storage.errors import StoreError

        try:
            store.update_case(case.id, recorder(sub.channel, ctx.now, urge=args.urge, subject=sub.subject,
                                                text=text, sent=sent, by=ctx.volunteer))
        except StoreError as exc:  # sent, but not recorded: say so, with what to do
            raise CliError(ctx.t("cli.send.not_recorded", message_id=sent.message_id, id=case.id,
                                 reason=exc.message(ctx.lang))) from None
        sys.stderr.write(ctx.t("cli.send.recorded", id=case.id,
                               channel=_channel(ctx, sub.channel).name(ctx.lang)) + "\n")
    finally:
        store.close()
    return EXIT_OK
