"""The case detail as rich Text, in parts: head, fields, timeline entries, evidence.

Built from ``rich.text.Text`` pieces only, so user text is never read as markup.
The parts are shown one under another (``tui.detail_view`` builds them off the UI
thread, the timeline a page at a time). Unless ``reveal`` is set, the case is
given as :func:`cases.privacy.masked_case` makes it: the complainant masked, and
every text the user typed (title, platform, tags, demands, payment channels,
what was said and promised, agents, notes, evidence labels and files) with its
numbers and the complainant's name masked. Ids, order and ticket numbers and company data are shown as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import arrow
from rich.text import Text

from cases.categories import categories
from cases.channels import UnknownChannel, channel, ladder
from cases.clock import local
from cases.closing import refund_text
from cases.countdown import format_countdown, urgency_of
from cases.deadlines import Deadline
from cases.evidence import checklist
from cases.i18n import known, tr
from cases.instants import shown_time
from cases.model import Case, Complainant, Event, Group
from cases.statuses import outcome_name, status_name
from cases.workdays import WorkCalendar
from tui.urgency_style import URGENCY_STYLE

#: Items shown under one evidence check (the last ones: files come last), the rest counted.
CHECKLIST_ITEMS = 20


def _field(text: Text, label: str, value: str, style: str = "") -> None:
    text.append(f"  {label}{tr('tui.sep.colon')}", style="dim")
    text.append(value or "—", style=style)
    text.append("\n")


def _section(text: Text, title: str) -> None:
    text.append("\n")
    text.append(f"■ {title}\n", style="bold underline")


def group_summary(group_id: str, group: Group | None, name: str | None = None) -> str:
    """The group line; ``name`` replaces the group's name (a masked one)."""
    if group is None or group.totals is None:
        return group_id
    tally = group.totals.all
    return tr("tui.detail.group", id=group.id, name=group.name if name is None else name, n=tally.participants,
              total=f"{tally.amount:,}", authorised=tally.poa)


def _head(case: Case, deadline: Deadline | None, now: arrow.Arrow, lang: str, calendar: WorkCalendar | None) -> Text:
    """Id, title, platform, status and countdown."""
    text = Text()
    text.append(f"{case.id}  ", style="bold")
    text.append(case.title, style="bold")
    text.append("\n")
    text.append(f"  {case.platform}", style="")
    text.append("  ·  ")
    text.append(status_name(case.status.value, lang), style="italic")
    if not case.closed:
        text.append("  ·  ")
        text.append(format_countdown(deadline, now, lang, calendar), style=URGENCY_STYLE[urgency_of(deadline, now)])
        if deadline is not None:
            text.append(f"  ({tr('tui.detail.due')} {local(deadline.at).format('YYYY-MM-DD HH:mm')})", style="dim")
            if deadline.estimated:
                text.append("  " + tr("tui.detail.estimated"), style="yellow")
    text.append("\n")
    return text


def detail_head(case: Case, deadline: Deadline | None, now: arrow.Arrow, lang: str,
                calendar: WorkCalendar | None, follow_up: Deadline | None = None) -> Text:
    """Id, title, platform, status, countdown and its basis, and the next follow-up when the
    deadline is not itself the cadence: the part that moves with the clock."""
    text = _head(case, deadline, now, lang, calendar)
    if deadline is not None and deadline.basis:
        text.append(f"  {tr('tui.detail.basis')}{tr('tui.sep.colon')}{deadline.basis}\n", style="dim")
    if follow_up is not None and deadline is not None and not deadline.is_follow_up and not case.closed:
        text.append("  ")
        text.append(format_countdown(follow_up, now, lang, calendar), style=URGENCY_STYLE[urgency_of(follow_up, now)])
        text.append(f"  ({local(follow_up.at).format('YYYY-MM-DD HH:mm')})", style="dim")
        if follow_up.at < deadline.at:
            text.append("  " + tr("tui.detail.follow_up_first"), style="bold")
        text.append("\n")
    return text


def detail_fields(case: Case, lang: str, reveal: bool, group: Group | None, group_name: str | None) -> Text:
    """The case, entity, orders, complainant and demands, then the timeline's heading."""
    text = Text()
    _section(text, tr("tui.detail.section.case"))
    cat = categories().get(case.category)
    _field(text, tr("tui.field.category"), cat.name(lang) if cat else case.category)
    _field(text, tr("tui.field.amount"), f"¥{case.amount}")
    _field(text, tr("tui.field.tags"), tr("tui.sep.list").join(case.tags))
    marks = [tr(f"tui.field.{key}") for key in ("fraud", "contract_denied") if getattr(case, key)]
    if marks:
        _field(text, tr("tui.field.marks"), tr("tui.sep.list").join(marks), style="bold")
    if case.group_id:
        _field(text, tr("tui.field.group"), group_summary(case.group_id, group, group_name))
    if case.assignee:
        _field(text, tr("tui.field.assignee"), case.assignee)
    _field(text, tr("tui.field.created"), shown_time(case.created))
    _field(text, tr("tui.field.updated"), shown_time(case.updated))

    _section(text, tr("tui.detail.section.entity"))
    _field(text, tr("tui.field.entity_name"), case.entity.name)
    _field(text, tr("tui.field.credit_code"), case.entity.credit_code)
    _field(text, tr("tui.field.icp"), case.entity.icp)
    _field(text, tr("tui.field.entity_address"), case.entity.address)
    _field(text, tr("tui.field.legal_rep"), case.entity.legal_rep)
    _field(text, tr("tui.field.website"), case.entity.website)
    if case.entity.email:  # asked for when e-mail is first sent (tousu send, m in the escalate screen)
        _field(text, tr("tui.field.entity_email"), case.entity.email)

    _section(text, tr("tui.detail.section.orders"))
    if not case.orders:
        text.append("  " + tr("tui.detail.no_orders") + "\n", style="yellow")
    for order in case.orders:
        text.append(f"  {order.number or '—'}", style="bold")
        text.append(f"  ¥{order.amount}  {shown_time(order.paid_at)}  {order.payment_channel}")
        if order.payee:
            text.append(f"  {tr('tui.field.payee')}{tr('tui.sep.colon')}{order.payee}")
        text.append("\n")

    _section(text, tr("tui.detail.section.complainant"))
    person: Complainant = case.complainant
    _field(text, tr("tui.field.name"), person.name)
    _field(text, tr("tui.field.phone"), person.phone)
    _field(text, tr("tui.field.id_number"), person.id_number)
    _field(text, tr("tui.field.address"), person.address)
    if not reveal:
        text.append("  " + tr("tui.detail.masked_hint") + "\n", style="dim italic")

    _section(text, tr("tui.detail.section.demands"))
    _field(text, tr("tui.field.demand_basic"), case.demands.basic)
    _field(text, tr("tui.field.demand_comp"), case.demands.compensation)

    _section(text, tr("tui.detail.section.timeline"))
    if not case.timeline:
        text.append("  " + tr("tui.detail.no_timeline") + "\n", style="yellow")
    return text


def timeline_text(events: Sequence[Event], lang: str) -> Text:
    """Timeline entries, one after another, as the detail shows them."""
    text = Text()
    channels = ladder()
    for event in events:
        chan = channels.get(event.channel)
        text.append(f"  {shown_time(event.at)}  ", style="dim")
        text.append(chan.name(lang) if chan else event.channel, style="bold")
        text.append(f"  {tr('tui.kind.' + event.kind)}")
        if event.outcome:  # a result's outcome and refund, as tousu show gives them
            text.append(f"  {outcome_name(event.outcome, lang)}", style="bold")
            refund = refund_text(event, lang)
            if refund:
                text.append(f"  {refund}")
        if event.ticket:
            text.append(f"  {tr('tui.field.ticket')} {event.ticket}")
        if event.agent:
            text.append(f"  {tr('tui.field.agent')} {event.agent}")
        text.append("\n")
        if event.said:
            for line in event.said.splitlines():
                text.append(f"      {line}\n")
        if event.promised:
            text.append(f"      {tr('tui.field.promised')}{tr('tui.sep.colon')}{event.promised}\n", style="cyan")
        if event.deadline:
            text.append(f"      {tr('tui.detail.due')} {shown_time(event.deadline)}\n", style="cyan")
    return text


def detail_tail(case: Case, lang: str) -> Text:
    """The evidence checklist and the notes."""
    text = Text()
    _section(text, tr("tui.detail.section.evidence"))
    for check in checklist(case, lang):
        text.append(f"  {check.title}\n", style="bold")
        present = check.present
        if len(present) > CHECKLIST_ITEMS:  # a ticket per contact: 10,000 lines for a long timeline
            text.append("    ✓ ", style="green")
            text.append(tr("tui.detail.more_items", n=f"{len(present) - CHECKLIST_ITEMS:,}") + "\n", style="dim")
            present = present[-CHECKLIST_ITEMS:]
        for item in present:
            text.append("    ✓ ", style="green")
            text.append(item + "\n")
        for item in check.missing:
            text.append("    ✗ ", style="red")
            text.append(item + "\n")

    if case.notes:
        _section(text, tr("tui.field.notes"))
        for line in case.notes.splitlines():
            text.append(f"  {line}\n")
    if case.filed:
        _filed_section(text, case, lang)
    return text


def _filed_section(text: Text, case: Case, lang: str) -> None:
    """Each text recorded as filed (cases.letters), as ``case`` has it (masked by the caller
    unless revealed), with its channel, ticket, time and SHA-256."""
    _section(text, tr("tui.detail.section.filed"))
    for filed in case.filed:
        try:
            name = channel(filed.channel).name(lang)
        except UnknownChannel:
            name = filed.channel
        text.append("  " + tr("tui.detail.filed_head", kind=tr(f"tui.detail.filed_kind.{filed.kind}")
                              if known(f"tui.detail.filed_kind.{filed.kind}") else filed.kind,
                              channel=name, at=shown_time(filed.at), ticket=filed.ticket or "—") + "\n", style="bold")
        text.append(f"  SHA-256 {filed.sha256}\n", style="dim")
        if filed.message_id:  # sent by e-mail: to whom, its Message-ID, the server's reply
            text.append("  " + tr("tui.detail.filed_mail", to=filed.recipients, message_id=filed.message_id,
                                  reply=filed.reply) + "\n", style="dim")
        for line in filed.text.splitlines():
            text.append(f"    {line}\n")
