"""``tousu show``: one case with its deadline, timeline and evidence checklist.

Unless --reveal, the case printed (text and JSON) is :func:`cases.privacy.masked_case`
of the stored one: the complainant and every text the user typed masked.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from cases.i18n import known
from cases.instants import shown_time
from cases.clock import local
from tui.cli.arguments import _case_id
from tui.cli.case_items import _item
from tui.cli.constants import EXIT_OK
from tui.cli.output import _console, _local

if TYPE_CHECKING:  # pragma: no cover
    from cases.deadlines import Deadline, NextDue
    from cases.model import Case
    from tui.cli.context import Context


def cmd_show(ctx: Context) -> int:
    from cases.deadlines import case_next
    from cases.evidence import checklist
    from cases.summary import summarize

    args = ctx.args
    case_id = _case_id(ctx, args.case)
    store = ctx.open_store()
    try:
        case = store.case(case_id)
        group = store.group_of(case)
    finally:
        store.close()
    due = case_next(case, ctx.calendar, practice=ctx.practice)
    from cases.privacy import shown_case

    shown, group_name = shown_case(case, group, reveal=args.reveal)
    if args.filed and not args.json:
        _print_filed(ctx, shown)
        return EXIT_OK
    checks = checklist(shown, ctx.lang)
    item = _item(ctx, summarize(case, ctx.calendar, ctx.practice).to_dict(), reveal=args.reveal)
    if args.json:
        import json

        data = shown.to_dict()
        summary = dict(item)
        for key in ("title", "platform", "category", "status", "group_id", "updated", "id"):
            summary.pop(key)
        data.update(summary)
        data["group_name"] = group_name if group is not None else None
        data["evidence_checklist"] = [
            {"kind": c.kind, "title": c.title, "present": c.present, "missing": c.missing} for c in checks
        ]
        data["masked"] = not args.reveal
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return EXIT_OK
    _print_case(ctx, shown, item, due, checks, group_name, reveal=args.reveal)
    return EXIT_OK


def _print_filed(ctx: Context, case: Case) -> None:
    """Each text kept as filed (masked by the caller unless --reveal), with its channel, ticket,
    time, who recorded it and its SHA-256 (and a word if the text no longer has it)."""
    from cases.channels import UnknownChannel, channel

    out = sys.stdout
    if not case.filed:
        sys.stderr.write(ctx.t("cli.show.no_filed", id=case.id) + "\n")
        return
    for n, filed in enumerate(case.filed, 1):
        try:
            name = channel(filed.channel).name(ctx.lang)
        except UnknownChannel:
            name = filed.channel
        kind = ctx.t(f"cli.show.filed_kind.{filed.kind}") if known(f"cli.show.filed_kind.{filed.kind}") \
            else filed.kind
        out.write(ctx.t("cli.show.filed_head", n=n, kind=kind, channel=name, at=filed.at,
                        ticket=filed.ticket or "—", by=filed.by or "—") + "\n")
        out.write("SHA-256: " + filed.sha256 + "\n")
        if filed.message_id:  # sent by e-mail (tousu send, m in the escalate screen)
            out.write(ctx.t("cli.show.filed_mail", to=filed.recipients, message_id=filed.message_id,
                            reply=filed.reply) + "\n")
        out.write(filed.text.rstrip("\n") + "\n\n")
    out.flush()


def _print_case(ctx: Context, case: Case, item: dict[str, Any], due: NextDue, checks: list,
                group_label: str | None, *, reveal: bool) -> None:  # noqa: PLR0915 - one screen of fields
    """Print ``case`` as it is to be shown (masked by the caller unless ``reveal``), with
    ``item``, its computed summary (:func:`_item`)."""
    from rich.table import Table
    from rich.text import Text

    from cases.categories import categories, group_name
    from cases.channels import UnknownChannel, channel
    from cases.statuses import status_name
    from tui.cli.cmd_closing import result_line

    t = ctx.t
    console = _console()

    def field(label: str, value: str | Text, style: str = "") -> None:
        line = Text(t(label) + t("cli.colon"), style="bold")
        line.append(value if isinstance(value, Text) else Text(value, style=style))
        console.print(line)

    def channel_name(channel_id: str) -> str:
        try:
            return channel(channel_id).name(ctx.lang)
        except UnknownChannel:
            return channel_id

    head = Text(case.id, style="bold")
    head.append("  ")
    head.append(case.title, style="bold")
    head.append("  ")
    head.append(status_name(case.status.value, ctx.lang), style="dim" if case.closed else "cyan")
    console.print(head)
    field("cli.field.platform", case.platform)
    if case.category:
        cat = categories().get(case.category)
        name = t("cli.category", name=cat.name(ctx.lang), group=group_name(cat.group, ctx.lang)) if cat else ""
        field("cli.field.category", name or case.category)
    e = case.entity
    if any((e.name, e.credit_code, e.icp, e.address, e.legal_rep, e.website)):
        parts = [p for p in (e.name, e.credit_code and t("cli.field.credit_code") + " " + e.credit_code,
                             e.legal_rep and t("cli.field.legal_rep") + " " + e.legal_rep,
                             e.icp, e.address, e.website) if p]
        field("cli.field.entity", " · ".join(parts))
    for order in case.orders:
        parts = [order.number or "—", f"¥{order.amount:.2f}"]
        if order.payment_channel:
            parts.append(order.payment_channel)
        if order.paid_at:
            parts.append(shown_time(order.paid_at))
        if order.payee:
            parts.append(t("cli.field.payee") + " " + order.payee)
        field("cli.field.order", "  ".join(parts))
    if len(case.orders) > 1:
        field("cli.field.total", f"¥{case.amount:.2f}")
    c = case.complainant
    if any((c.name, c.phone, c.id_number, c.address)):
        parts = [p for p in (c.name, c.phone, c.id_number and t("cli.field.id_number") + " " + c.id_number,
                             c.address) if p]
        field("cli.field.complainant", "  ".join(parts) + ("" if reveal else "  " + t("cli.masked_hint")))
    if case.demands.basic:
        field("cli.field.basic", case.demands.basic)
    if case.demands.compensation:
        field("cli.field.compensation", case.demands.compensation)
    if case.tags:
        field("cli.field.tags", t("cli.sep.list").join(case.tags))
    marks = [t(f"cli.mark.{key}") for key in ("fraud", "contract_denied") if getattr(case, key)]
    if marks:
        field("cli.field.marks", t("cli.sep.list").join(marks))
    if case.group_id:
        field("cli.field.group", f"{case.group_id} {group_label}" if group_label else case.group_id)
    if case.assignee:
        field("cli.field.assignee", case.assignee)
    if case.notes:
        field("cli.field.notes", Text("\n" + case.notes))
    field("cli.field.created", shown_time(case.created))
    if case.closed:
        result = next((ev for ev in reversed(case.timeline) if ev.outcome), None)
        if result is not None:
            field("cli.field.outcome", result_line(ctx, result) + "  " + result.at[:10])

    console.print()
    if item["channel"]:
        ch_text = item["channel_name"]
        if item["tier"] is not None:
            ch_text += t("cli.tier", tier=item["tier"])
        if item["ticket"]:
            ch_text += "  " + t("cli.col.ticket") + " " + item["ticket"]
        field("cli.field.channel", ch_text)
    deadline, follow_up = due.deadline, due.follow_up
    if deadline is not None:
        from cases.countdown import format_countdown, urgency_of
        from tui.urgency_style import URGENCY_STYLE

        def line(d: Deadline, first: bool) -> Text:
            value = Text(_local(d.at, d.estimated, ctx) + "  ")
            value.append(format_countdown(d, ctx.now, ctx.lang, ctx.calendar),
                         style=URGENCY_STYLE[urgency_of(d, ctx.now)])
            if first:
                value.append("  " + t("cli.show.first"), style="bold")
            return value

        value = line(deadline, due.first is deadline and follow_up is not None and not deadline.is_follow_up)
        value.append("  " + t(f"cli.deadline_kind.{deadline.kind}"), style="dim")
        field("cli.field.deadline", value)
        if follow_up is not None and not deadline.is_follow_up:  # (else the deadline is the cadence)
            value = line(follow_up, due.first is follow_up)
            value.append("  " + t("cli.show.follow_up_rule", days=round((follow_up.at - follow_up.since).days),
                                  since=local(follow_up.since).format("MM-DD HH:mm")), style="dim")
            field("cli.field.follow_up", value)
        if deadline.basis:
            field("cli.field.basis", deadline.basis)
        if deadline.estimated:
            console.print(Text(t("cli.estimated_note"), style="yellow"))
    elif not case.closed:
        field("cli.field.deadline", "—")
    if item["channel"] and not case.closed:
        from cases.targets import suggest_targets

        nxt = suggest_targets(case, ctx.now, ctx.calendar)
        if nxt:
            field("cli.field.next", t("cli.sep.list").join(channel_name(n) for n in nxt))

    console.print()
    console.print(Text(t("cli.section.timeline"), style="bold underline"))
    if case.timeline:
        table = Table(box=None, header_style="bold", pad_edge=False, show_edge=False)
        for key in ("at", "kind", "channel", "ticket", "said", "promise"):
            table.add_column(Text(t(f"cli.col.{key}")), no_wrap=key in ("at", "kind", "ticket"),
                             ratio=1 if key == "said" else None)
        for ev in case.timeline:
            said = ev.said
            if ev.agent:
                said = f"[{ev.agent}] {said}" if said else f"[{ev.agent}]"
            if ev.outcome:
                said = f"[{result_line(ctx, ev)}] {said}" if said else f"[{result_line(ctx, ev)}]"
            promise = ev.promised or ""
            if ev.deadline:
                promise = (promise + " → " if promise else "→ ") + shown_time(ev.deadline)
            table.add_row(
                Text(shown_time(ev.at, missing="")),
                Text(t(f"cli.kind.{ev.kind}") if known(f"cli.kind.{ev.kind}") else ev.kind),
                Text(channel_name(ev.channel)),
                Text(ev.ticket or ""),
                Text(said),
                Text(promise),
            )
        console.print(table)
    else:
        console.print(Text(t("cli.none"), style="dim"))

    console.print()
    console.print(Text(t("cli.section.evidence"), style="bold underline"))
    for check in checks:
        mark = Text("✓ " if check.complete else "✗ ", style="green" if check.complete else "red")
        mark.append(check.title, style="bold")
        console.print(mark)
        for present in check.present:
            console.print(Text("    + " + present))
        for missing in check.missing:
            console.print(Text("    - " + missing, style="yellow"))
    if case.evidence:
        console.print()
        console.print(Text(t("cli.section.files"), style="bold underline"))
        from cases.evidence import item_name

        for ev_item in case.evidence:
            line = Text(f"  {item_name(ev_item)}")
            if ev_item.sha256:
                line.append(f"  sha256:{ev_item.sha256[:16]}…", style="dim")
            if ev_item.recorded_at:
                line.append("  " + shown_time(ev_item.recorded_at), style="dim")
            console.print(line)
