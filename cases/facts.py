"""The facts of a case as pre-formatted blocks for the submission templates.

:class:`CaseFacts` is one case seen from one target channel, in one letter
language, masked or not; :func:`build_values` turns it into the strings a
template's ``${...}`` placeholders take: parties, orders, 背景 (background),
问题 (problem), the evidence list and the legal basis. The earlier contacts are
in cases.letter_contacts, demands and outlines in cases.letter_demands, deadline
and 催办 sentences in cases.letter_deadlines. Every sentence is a ``letter.*`` key
of the catalogues (cases.templates.phrase); user text enters only as a value.

Decisions:

- Personal data is masked unless ``reveal``: the complainant's fields always,
  free text (title, notes, what was said, demands, evidence labels, payees) with
  :func:`cases.privacy.mask_case_text` (numbers and the complainant's name). On a
  public page (黑猫投诉, 聚投诉) ID and card numbers stay masked even when revealed.
  Company data, order numbers and ticket numbers are not masked.
- A missing fact is written as "【待补充：统一社会信用代码】", never left blank.
- One time style: an instant is "2026年6月1日 10:30"; a deadline that ends with
  its day is "2026年6月9日24时".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import arrow

from cases.answers import ANSWERABLE
from cases.categories import categories
from cases.channels import Channel, UnknownChannel, channel
from cases.clock import TZ
from cases.deadline_kinds import CLOCK
from cases.deadlines import Deadline, case_deadline
from cases.instants import readable_instant
from cases.laws import Law, law, laws, laws_for_case
from cases.model import Case, Event, EventKind, EvidenceKind, Group
from cases.privacy import mask_case_text, mask_ids_and_cards, masked_complainant
from cases.targets import nature
from cases.templates import has_phrase, phrase

if TYPE_CHECKING:  # pragma: no cover
    from cases.joint_letter import JointRoster
    from cases.practice import PracticeRules
    from cases.preflight import OnBehalf

_EVIDENCE_ORDER = {EvidenceKind.TRANSACTION.value: 0, EvidenceKind.COMMUNICATION.value: 1,
                   EvidenceKind.ANOMALY.value: 2, EvidenceKind.OTHER.value: 3}
SHORT_DEMAND = 60
_END_PUNCT = tuple("。！？；.!?;）)")


@dataclass
class CaseFacts:
    """One case seen from one target channel, in one letter language, masked or not."""

    case: Case
    target: str
    now: arrow.Arrow
    lang: str = "zh"
    reveal: bool = False
    calendar: object = None
    group: Group | None = None
    joint: JointRoster | None = None  # a joint text: the roster it represents (cases.joint_letter)
    on_behalf: OnBehalf | None = None  # filed for a participant or the represented (the roster says)
    practice: PracticeRules | None = None  # the store's practice rules (cases.practice)

    # -- small formatters ----------------------------------------------------
    def p(self, key: str, **values: object) -> str:
        return phrase(key, self.lang, **values)

    def has(self, key: str) -> bool:
        return has_phrase(key, self.lang)

    @property
    def chan(self) -> Channel | None:
        try:
            return channel(self.target)
        except UnknownChannel:
            return None

    def mask(self, text: str) -> str:
        """User text as it may leave the app: masked (numbers and the complainant's name), or
        revealed (never ID and card numbers on a public page)."""
        if not self.reveal:
            return mask_case_text(self.case, text)
        chan = self.chan
        return mask_ids_and_cards(text) if chan is not None and chan.public else text

    def missing(self, field: str) -> str:
        spec = ANSWERABLE.get(field)
        return self.p("missing", label=spec.label(self.lang) if spec else field)

    def _parts(self, at: arrow.Arrow) -> dict[str, object]:
        at = at.to(TZ)
        return {"y": at.year, "m": at.month, "d": at.day, "H": f"{at.hour:02d}", "M": f"{at.minute:02d}"}

    def when(self, at: arrow.Arrow | None) -> str:
        """An instant: "2026年6月1日 10:30"."""
        return self.p("datetime", **self._parts(at)) if at else ""

    def day(self, at: arrow.Arrow) -> str:
        return self.p("date", **self._parts(at))

    def due(self, at: arrow.Arrow, estimated: bool = False) -> str:
        """A deadline: "2026年6月9日24时" when it ends with its day, else the instant."""
        local = at.to(TZ)
        if (local.hour, local.minute, local.second) == (23, 59, 59):
            text = self.p("deadline_end_of_day", **self._parts(local))
        else:
            text = self.when(local)
        return text + (self.p("estimated") if estimated else "")

    def money(self, amount: Decimal) -> str:
        return self.p("amount", amount=f"{amount:.2f}")

    def channel_name(self, channel_id: str) -> str:
        try:
            return channel(channel_id).name(self.lang)
        except UnknownChannel:
            return channel_id

    def sep(self) -> str:
        return self.p("list_sep")

    @staticmethod
    def end(text: str, mark: str) -> str:
        text = text.strip()
        return text if not text or text.endswith(_END_PUNCT) else text + mark

    def cite(self, law_id: str) -> str:
        return law(law_id).citation(self.lang)

    # -- parties and orders ---------------------------------------------------
    @property
    def platform(self) -> str:
        return self.mask(self.case.platform.strip()) or self.case.entity.name.strip() or self.missing("entity.name")

    def complainant(self) -> dict[str, str]:
        c = self.case.complainant if self.reveal else masked_complainant(self.case.complainant)
        return {
            "complainant_name": c.name.strip() or self.missing("complainant.name"),
            "complainant_phone": c.phone.strip() or self.missing("complainant.phone"),
            "complainant_address": c.address.strip() or self.missing("complainant.address"),
            "complainant_id_number": c.id_number.strip() or self.missing("complainant.id_number"),
        }

    def entity(self) -> dict[str, str]:
        e = self.case.entity
        return {
            "entity_name": e.name.strip() or self.missing("entity.name"),
            "entity_credit_code": e.credit_code.strip() or self.missing("entity.credit_code"),
            "entity_address": e.address.strip() or self.missing("entity.address"),
            "entity_legal_rep": e.legal_rep.strip() or self.missing("entity.legal_rep"),
            "entity_website": e.website.strip() or self.missing("entity.website"),
            "entity_icp": self.p("icp", icp=e.icp.strip()) if e.icp.strip() else "",
            "entity_paren": self.p("entity_paren", entity=e.name.strip()) if e.name.strip() else "",
        }

    def amount(self) -> str:
        return self.money(self.case.amount) if self.case.amount > 0 else self.missing("order.amount")

    def _order_fields(self, o) -> dict[str, str]:
        return {
            "paid_at": self.when(readable_instant(o.paid_at)) or self.missing("order.paid_at"),
            "number": o.number.strip() or self.missing("order.number"),
            "amount": self.money(o.amount) if o.amount > 0 else self.missing("order.amount"),
            "payment": self.mask(o.payment_channel.strip()) or self.missing("order.payment_channel"),
            "payee": self.p("payee_ref", payee=self.mask(o.payee.strip())) if o.payee.strip() else "",
        }

    def payees(self) -> str:
        """The payees of the orders, each once, or the missing-fact mark."""
        payees = dict.fromkeys(self.mask(o.payee.strip()) for o in self.case.orders if o.payee.strip())
        return self.sep().join(payees) or self.missing("order.payee")

    def orders(self) -> dict[str, str]:
        orders = self.case.orders
        fields = [self._order_fields(o) for o in orders]
        payments = list(dict.fromkeys(self.mask(o.payment_channel.strip()) for o in orders if o.payment_channel.strip()))
        payment_lines = [self.p("evidence.payment", i=i, **f) for i, f in enumerate(fields, 1)]
        return {
            "order_numbers": self.sep().join(f["number"] for f in fields) or self.missing("order.number"),
            "first_order": fields[0]["number"] if fields else self.missing("order.number"),
            "paid_at": self.sep().join(f["paid_at"] for f in fields) or self.missing("order.paid_at"),
            "payment_channels": self.sep().join(payments) or self.missing("order.payment_channel"),
            "payees": self.payees(),
            "payments": "\n".join(payment_lines) or self.missing("order.paid_at"),
            "amount": self.amount(),
        }

    # -- 背景 / 问题 ---------------------------------------------------------------
    def background(self) -> str:
        case, lines = self.case, []
        orders = case.orders
        if len(orders) == 1:
            lines.append(self.p("background.order", platform=self.platform, **self._order_fields(orders[0])))
        elif orders:
            lines.append(self.p("background.orders_intro", platform=self.platform, n=len(orders), total=self.amount()))
            lines.extend(self.p("background.order_item", i=i, **self._order_fields(o)) for i, o in enumerate(orders, 1))
        else:
            lines.append(self.p("background.no_order", platform=self.platform))
        e = case.entity
        if e.name.strip():
            lines.append(self.p("background.entity", platform=self.platform, entity=e.name.strip(),
                                credit_code=e.credit_code.strip() or self.missing("entity.credit_code")))
        summary = self.group_summary() if self.joint is None else None
        if summary is not None:
            lines.append(self.p("background.group", group=self.mask(self.group.name.strip()) or self.group.id,
                                n=summary[0], total=summary[1]))
            key = f"background.group_joint.{self.target}"
            if self.has(key):
                lines.append(self.p(key, law=self.cite("mr-complaint-11")))
        if case.filed_for_other or self.on_behalf is not None:
            key = f"background.agent.{self.target}"
            if self.has(key):
                lines.append(self.p(key, law=self.cite("mr-complaint-10")))
        if self.joint is not None:
            from cases.joint_letter import joint_block

            lines.append("")
            lines.append(joint_block(self.joint, target=self.target, lang=self.lang, reveal=self.reveal,
                                     cite=self.cite, money=self.money, day=self.day))
        return "\n".join(lines)

    def category_name(self) -> str:
        cat = categories().get(self.case.category)
        return cat.name(self.lang) if cat else self.p("other_category")

    def signature(self) -> str:
        """The sign-off lines (name and phone, only those present); the template adds the date."""
        c = self.case.complainant if self.reveal else masked_complainant(self.case.complainant)
        lines = []
        if c.name.strip():
            lines.append(self.p("signature.name", name=c.name.strip()))
        if c.phone.strip():
            lines.append(self.p("signature.phone", phone=c.phone.strip()))
        return "\n".join(lines)

    def problem(self, *, unresolved: bool = True) -> str:
        case, lines = self.case, []
        description = self.p(f"problem.cat.{case.category}") if case.category in categories() else ""
        lines.append(self.p("problem.category", category=self.category_name(), description=description))
        if case.title.strip():
            lines.append(self.p("problem.title", title=self.end(self.mask(case.title.strip()), self.p("sentence_end"))))
        if case.notes.strip():
            lines.append(self.p("problem.notes", notes=self.mask(case.notes.strip())))
        if case.fraud and self.has(f"problem.fraud.{self.target}"):
            lines.append(self.p(f"problem.fraud.{self.target}"))
        if case.contract_denied:
            lines.append(self.p("problem.contract_denied"))
        if unresolved:
            lines.append(self.p("problem.unresolved", now=self.day(self.now)))
        return "\n".join(lines)

    def events(self) -> list[Event]:
        """Timeline entries that are contacts (notes are private remarks), in time order."""
        evs = [e for e in self.case.timeline if e.kind != EventKind.NOTE]

        def key(e: Event) -> tuple[float, int]:
            at = readable_instant(e.at)
            return (at.timestamp() if at else -math.inf, e.seq)

        return sorted(evs, key=key)

    def clock_deadline(self, channel_id: str, event_kind: str, at: str) -> Deadline | None:
        """The deadline of the clock an ``event_kind`` at ``at`` starts on a channel (its own
        rule, whatever else the case holds), or None when the channel has no clock for it."""
        probe = Case(platform=self.case.platform, timeline=[Event(kind=event_kind, channel=channel_id, at=at)])
        dl = case_deadline(probe, self.calendar, practice=self.practice)
        return dl if dl is not None and dl.kind == CLOCK else None

    def group_summary(self) -> tuple[int, str] | None:
        """(participants, total amount text) of the group, or None (no group, or unreadable amounts)."""
        found = self.group.totals if self.group is not None else None
        if found is None or not found.all.participants:
            return None
        return found.all.participants, self.money(found.all.amount)

    # -- evidence ----------------------------------------------------------------
    def evidence_section(self) -> str:
        """The evidence list: each file by kind (transaction, communication, defect, other), named by
        its label (else what ``evidence add --kind`` said it shows, else the file), its file name
        and the time it was recorded (DOMAIN: the chain 时间-事件-结果)."""
        items = sorted(enumerate(self.case.evidence), key=lambda p: (_EVIDENCE_ORDER.get(p[1].kind, 3), p[0]))
        lines = []
        for i, (_, item) in enumerate(items, 1):
            stored = PurePosixPath(item.path.replace("\\", "/")).name if item.path.strip() else ""
            file = self.mask(item.name.strip() or stored)
            subject = f"evidence.subject.{item.subject}"
            label = self.mask(item.label.strip()) or (self.p(subject) if self.has(subject) else "") or file
            at = self.when(readable_instant(item.recorded_at))
            values = {"i": i, "label": label, "file": file, "at": at}
            if file and file != label:
                lines.append(self.p("evidence.item_at" if at else "evidence.item", **values))
            else:
                lines.append(self.p("evidence.item_plain_at" if at else "evidence.item_plain", **values))
        if not lines:
            lines.append(self.p("evidence.none"))
        return f"{self.p('evidence.heading')}\n" + "\n".join(lines)

    # -- laws -------------------------------------------------------------------------
    def basis(self) -> list[Law]:
        """The legal basis the text cites: none for the police and the payment platform; a 举报 asks
        for no money, so it cites no civil-compensation article."""
        chan = self.chan
        if chan is None or chan.addressee in ("police", "payment"):
            return []
        return laws_for_case(self.case, civil=self.target != "12315-report")

    def laws_section(self) -> str:
        found = self.basis()
        if not found:
            return ""
        lines = [self.p("laws.item", i=i, citation=self.cite(entry.id), summary=entry.summary(self.lang))
                 for i, entry in enumerate(found, 1)]
        return f"{self.p('laws.heading')}\n" + "\n".join(lines)

    def laws_inline(self) -> str:
        found = self.basis()
        if not found:
            return ""
        return self.p("laws.inline", citations=self.sep().join(self.cite(entry.id) for entry in found))

    @property
    def nature(self) -> str:
        return nature(self.case)


def clock_law(channel_id: str, event_kind: str) -> str:
    """The law (an id of laws.json) behind the clock ``event_kind`` starts on a channel, or ""."""
    try:
        return channel(channel_id).clock.law_id(event_kind)
    except UnknownChannel:
        return ""


def build_values(facts: CaseFacts, *, urge: bool = False) -> dict[str, str]:
    """Every placeholder value for ``facts`` (all strings; unused ones are harmless)."""
    from cases.letter_contacts import contacts_section
    from cases.letter_deadlines import deadline_sentence, filed_sentence, urge_lines
    from cases.letter_demands import (
        court_claims,
        court_note,
        demand_short,
        demands,
        police_money,
        police_parties,
    )

    f = facts
    values: dict[str, str] = {
        "platform": f.platform,
        "channel_name": f.channel_name(f.target),
        "category_name": f.category_name(),
        "title": f.mask(f.case.title.strip()) or f.category_name(),
        "date": f.day(f.now),
        "addressee": f.p(f"to.{f.target}", platform=f.platform),
        "ticket_ref": f.p("ticket_ref", ticket=f.case.current_ticket) if f.case.current_ticket else "",
        **f.complainant(),
        **f.entity(),
        **f.orders(),
    }
    for entry in laws().values():
        values["law_" + entry.id.replace("-", "_")] = entry.citation(f.lang)
    background = f.background()
    if urge:
        filed = filed_sentence(f)
        background = f"{filed}\n{background}" if filed else background
        values["missed"], values["deadline_sentence"] = urge_lines(f)
    else:
        values["deadline_sentence"] = deadline_sentence(f)
    values.update(
        background=background,
        problem=f.problem(unresolved=not urge),
        signature=f.signature(),
        contacts_section=contacts_section(f),
        evidence_section=f.evidence_section(),
        demands=demands(f),
        demand_short=demand_short(f),
        court_claims=court_claims(f) if f.target == "court" else "",
        court_name=f.p("missing", label=f.p("court.name")) if f.target == "court" else "",
        court_note=court_note(f) if f.target == "court" else "",
        police_parties=police_parties(f) if f.target == "police" else "",
        police_money=police_money(f) if f.target == "police" else "",
        laws_section=f.laws_section(),
        laws_inline=f.laws_inline(),
    )
    return values
