"""The facts of a case as pre-formatted blocks for the submission templates.

:func:`build_values` turns a case into the strings a template's ``${...}``
placeholders take: parties, orders, 背景 (background), 问题 (problem), earlier
contacts in time order (ticket numbers, agent 工号, promises and whether they
were broken), the evidence list, graded demands (基础诉求 / 补偿诉求), the
deadline sentence and the legal basis. Every sentence comes from the phrase
book (``templates/phrases.<lang>.json``); user text enters only as a value.

Decisions:

- Personal data is masked (cases.privacy) unless ``reveal``: the complainant's
  fields always, free text (title, notes, what was said, demands, evidence
  labels) with :func:`cases.privacy.mask_text`. Company data, order numbers and
  ticket numbers are not masked (they are not personal, and a ticket number
  can look like a phone number).
- A missing fact is written as "【待补充：统一社会信用代码】", never left blank.
- A promise (an event's explicit ``deadline``) is *broken* when its deadline
  has passed and the channel produced no result between the promise and the
  deadline. A submission on a channel with a clock is *unanswered* when the
  clock ran out with no contact, acceptance or result from that channel.
- The deadline sentence exists only for channels with a clock: the date is
  that channel's clock started now (cases.deadlines, working days included),
  and it names the next tier after the target (cases.targets.next_tier).
- Demands: the case's own, else a default by category with the amount; the
  消法第五十五条 claim (cases.claims) is added as a 补偿诉求 option only where
  it applies. A 12315 report asks for an investigation (no refund); the police
  outline asks to open a case; the court outline turns the demands into
  诉讼请求.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePosixPath

import arrow

from cases.categories import categories
from cases.channels import UnknownChannel, channel
from cases.claims import fraud_claim
from cases.clock import TZ
from cases.deadlines import CLOCK, PROMISE, case_deadline, readable_instant, resolve_deadline
from cases.laws import Law, law, laws, laws_for_case
from cases.model import Case, Event, EventKind, EvidenceKind, Group
from cases.preflight import ANSWERABLE
from cases.privacy import mask_text, masked_complainant
from cases.targets import next_tier
from cases.templates import phrase

_EVIDENCE_ORDER = {EvidenceKind.TRANSACTION.value: 0, EvidenceKind.COMMUNICATION.value: 1,
                   EvidenceKind.ANOMALY.value: 2}
_RESPONSES = frozenset({EventKind.CONTACT.value, EventKind.ACCEPTED.value, EventKind.RESULT.value})
#: The procedure law behind a channel's clock, by (channel, event that started it).
CLOCK_LAWS = {
    ("12315", EventKind.SUBMITTED.value): "mr-complaint-14",
    ("12315", EventKind.ACCEPTED.value): "mr-complaint-21",
    ("12315-report", EventKind.SUBMITTED.value): "mr-penalty-procedure",
}
SHORT_DEMAND = 60
_END_PUNCT = tuple("。！？；.!?;）)")


@dataclass
class CaseFacts:
    """One case seen from one target channel, in one language, masked or not."""

    case: Case
    target: str
    now: arrow.Arrow
    lang: str = "zh"
    reveal: bool = False
    calendar: object = None
    group: Group | None = None

    # -- small formatters ----------------------------------------------------
    def p(self, key: str, **values: object) -> str:
        return phrase(key, self.lang, **values)

    def mask(self, text: str) -> str:
        return text if self.reveal else mask_text(text)

    def missing(self, field: str) -> str:
        spec = ANSWERABLE.get(field)
        return self.p("missing", label=spec.label(self.lang) if spec else field)

    def _parts(self, at: arrow.Arrow) -> dict[str, object]:
        at = at.to(TZ)
        return {"y": at.year, "m": at.month, "d": at.day, "h": at.hour, "H": f"{at.hour:02d}",
                "M": f"{at.minute:02d}", "date": at.format("YYYY-MM-DD")}

    def when(self, at: arrow.Arrow | None) -> str:
        return self.p("datetime", **self._parts(at)) if at else ""

    def day(self, at: arrow.Arrow) -> str:
        return self.p("date", **self._parts(at))

    def deadline_when(self, at: arrow.Arrow, estimated: bool = False) -> str:
        local = at.to(TZ)
        if (local.hour, local.minute, local.second) == (23, 59, 59):
            text = self.p("deadline_end_of_day", **self._parts(local))
        elif local.minute:
            text = self.p("deadline_at_minutes", **self._parts(local))
        else:
            text = self.p("deadline_at", **self._parts(local))
        return text + (self.p("estimated") if estimated else "")

    def due(self, at: arrow.Arrow) -> str:
        """A deadline inside a list: "2026年6月25日24时" at the end of a day, else the plain time."""
        local = at.to(TZ)
        if (local.hour, local.minute, local.second) == (23, 59, 59):
            return self.p("deadline_end_of_day", **self._parts(local))
        return self.when(local)

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

    # -- parties and orders ---------------------------------------------------
    @property
    def platform(self) -> str:
        return self.case.platform.strip() or self.case.entity.name.strip() or self.missing("entity.name")

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
            "entity_icp": self.p("icp", icp=e.icp.strip()) if e.icp.strip() else "",
            "entity_paren": self.p("entity_paren", entity=e.name.strip()) if e.name.strip() else "",
        }

    def amount(self) -> str:
        return self.money(self.case.amount) if self.case.amount > 0 else self.missing("order.amount")

    def orders(self) -> dict[str, str]:
        orders = self.case.orders
        numbers = [o.number.strip() or self.missing("order.number") for o in orders]
        paid = [self.when(readable_instant(o.paid_at)) or self.missing("order.paid_at") for o in orders]
        payments = list(dict.fromkeys(o.payment_channel.strip() for o in orders if o.payment_channel.strip()))
        payment_lines = [
            self.p("evidence.payment", i=i, number=o.number.strip() or self.missing("order.number"),
                   payment=o.payment_channel.strip() or self.missing("order.payment_channel"),
                   amount=self.money(o.amount) if o.amount > 0 else self.missing("order.amount"),
                   paid_at=self.when(readable_instant(o.paid_at)) or self.missing("order.paid_at"))
            for i, o in enumerate(orders, 1)
        ]
        return {
            "order_numbers": self.sep().join(numbers) or self.missing("order.number"),
            "first_order": numbers[0] if numbers else self.missing("order.number"),
            "paid_at": self.sep().join(paid) or self.missing("order.paid_at"),
            "payment_channels": self.sep().join(payments) or self.missing("order.payment_channel"),
            "payments": "\n".join(payment_lines) or self.missing("order.paid_at"),
            "amount": self.amount(),
        }

    # -- 背景 / 问题 ---------------------------------------------------------------
    def background(self) -> str:
        case, lines = self.case, []
        orders = case.orders

        def order_fields(o) -> dict[str, str]:
            return {
                "paid_at": self.when(readable_instant(o.paid_at)) or self.missing("order.paid_at"),
                "number": o.number.strip() or self.missing("order.number"),
                "amount": self.money(o.amount) if o.amount > 0 else self.missing("order.amount"),
                "payment": o.payment_channel.strip() or self.missing("order.payment_channel"),
            }

        if len(orders) == 1:
            lines.append(self.p("background.order", platform=self.platform, **order_fields(orders[0])))
        elif orders:
            lines.append(self.p("background.orders_intro", platform=self.platform, n=len(orders), total=self.amount()))
            lines.extend(self.p("background.order_item", i=i, **order_fields(o)) for i, o in enumerate(orders, 1))
        else:
            lines.append(self.p("background.no_order", platform=self.platform))
        e = case.entity
        if e.name.strip():
            lines.append(self.p("background.entity", platform=self.platform, entity=e.name.strip(),
                                credit_code=e.credit_code.strip() or self.missing("entity.credit_code")))
        summary = self.group_summary()
        if summary is not None:
            lines.append(self.p("background.group", group=self.mask(self.group.name.strip()) or self.group.id,
                                n=summary[0], total=summary[1]))
        return "\n".join(lines)

    def category_name(self) -> str:
        cat = categories().get(self.case.category)
        return cat.name(self.lang) if cat else self.p("other_category")

    def signature(self) -> str:
        """The sign-off for channels that know the user by account: only the facts present, then the date."""
        c = self.case.complainant if self.reveal else masked_complainant(self.case.complainant)
        lines = []
        if c.name.strip():
            lines.append(self.p("signature.name", name=c.name.strip()))
        if c.phone.strip():
            lines.append(self.p("signature.phone", phone=c.phone.strip()))
        lines.append(self.day(self.now))
        return "\n".join(lines)

    def problem(self, *, unresolved: bool = True) -> str:
        case, lines = self.case, []
        description = self.p(f"problem.cat.{case.category}") if case.category in categories() else ""
        lines.append(self.p("problem.category", category=self.category_name(), description=description))
        if case.title.strip():
            lines.append(self.p("problem.title", title=self.end(self.mask(case.title.strip()), self.p("sentence_end"))))
        if case.notes.strip():
            lines.append(self.p("problem.notes", notes=self.mask(case.notes.strip())))
        if unresolved:
            lines.append(self.p("problem.unresolved", now=self.day(self.now)))
        return "\n".join(lines)

    # -- earlier contacts ------------------------------------------------------------
    def events(self) -> list[Event]:
        """Timeline entries that are contacts (notes are private remarks), in time order."""
        evs = [e for e in self.case.timeline if e.kind != EventKind.NOTE]

        def key(e: Event) -> tuple[float, int]:
            at = readable_instant(e.at)
            return (at.timestamp() if at else -math.inf, e.seq)

        return sorted(evs, key=key)

    def _on_channel_between(self, channel_id: str, kinds: frozenset[str], start: arrow.Arrow, end: arrow.Arrow) -> bool:
        for e in self.case.timeline:
            at = readable_instant(e.at)
            if e.channel == channel_id and e.kind in kinds and at is not None and start < at <= end:
                return True
        return False

    def promise_state(self, ev: Event) -> tuple[arrow.Arrow | None, bool]:
        """(the promise's deadline, broken?) for an event with an explicit deadline."""
        at = readable_instant(ev.at)
        if not ev.deadline or at is None:
            return None, False
        try:
            due = resolve_deadline(ev.deadline, at, self.calendar).at
        except ValueError:
            return None, False
        kept = self._on_channel_between(ev.channel, frozenset({EventKind.RESULT.value}), at, due)
        return due, due < self.now and not kept

    def unanswered(self, ev: Event) -> arrow.Arrow | None:
        """The clock deadline a submission ran past without any answer from the channel, or None."""
        at = readable_instant(ev.at)
        if ev.kind != EventKind.SUBMITTED or ev.deadline or at is None:
            return None
        probe = Case(timeline=[Event(kind=ev.kind, channel=ev.channel, at=ev.at)])
        dl = case_deadline(probe, self.calendar)
        if dl is None or dl.kind != CLOCK or dl.at >= self.now:
            return None
        if self._on_channel_between(ev.channel, _RESPONSES, at, dl.at):
            return None
        return dl.at

    def contacts(self) -> str:
        lines = []
        for i, ev in enumerate(self.events(), 1):
            refs = []
            if ev.ticket.strip():
                refs.append(self.p("contacts.ticket", ticket=ev.ticket.strip()))
            if ev.agent.strip():
                refs.append(self.p("contacts.agent", agent=ev.agent.strip()))
            said = self.mask(ev.said.strip())
            line = self.p(
                "contacts.line", i=i, at=self.when(readable_instant(ev.at)) or ev.at, channel=self.channel_name(ev.channel),
                refs=self.p("contacts.refs", refs=self.p("contacts.refs_sep").join(refs)) if refs else "",
                kind=self._kind(ev.kind),
                said=self.p("contacts.said", said=said) if said else "",
            )
            line = self.end(line, self.p("sentence_end"))
            extra = []
            if ev.promised.strip() or ev.deadline:
                due, broken = self.promise_state(ev)
                promised = self.mask(ev.promised.strip()) or (self.due(due) if due else ev.deadline or "")
                if due is not None:
                    extra.append(self.p("contacts.promise", promised=promised, deadline=self.due(due)))
                else:
                    extra.append(self.p("contacts.promise_plain", promised=promised))
                if broken:
                    extra.append(self.p("contacts.broken"))
            silent = self.unanswered(ev)
            if silent is not None:
                extra.append(self.p("contacts.no_reply", deadline=self.due(silent)))
            joiner = " " if self.lang == "en" else ""
            lines.append(joiner.join([line, *extra]))
        return "\n".join(lines)

    def _kind(self, kind: str) -> str:
        key = f"contacts.kind.{kind}"
        text = self.p(key)
        return kind if text == key else text

    def group_summary(self) -> tuple[int, str] | None:
        """(participants, total amount text) of the group, or None (no group, or unreadable amounts)."""
        if self.group is None or not self.group.participants:
            return None
        try:
            total = self.group.total_amount
        except ValueError:  # a hand-edited roster: say nothing rather than a wrong total
            return None
        return len(self.group.participants), self.money(total)

    def contacts_section(self) -> str:
        body = self.contacts()
        return f"{self.p('contacts.heading')}\n{body}" if body else ""

    # -- evidence ----------------------------------------------------------------
    def evidence_section(self) -> str:
        items = sorted(enumerate(self.case.evidence), key=lambda p: (_EVIDENCE_ORDER.get(p[1].kind, 3), p[0]))
        lines = []
        for i, (_, item) in enumerate(items, 1):
            file = PurePosixPath(item.path.replace("\\", "/")).name if item.path.strip() else ""
            label = self.mask(item.label.strip()) or self.mask(file)
            if file and file != label:
                lines.append(self.p("evidence.item", i=i, label=label, file=self.mask(file)))
            else:
                lines.append(self.p("evidence.item_plain", i=i, label=label))
        if not lines:
            lines.append(self.p("evidence.none"))
        return f"{self.p('evidence.heading')}\n" + "\n".join(lines)

    # -- demands -----------------------------------------------------------------------
    def amount_or_paid(self) -> str:
        return self.money(self.case.amount) if self.case.amount > 0 else self.p("amount_unknown")

    def basic_demand(self) -> str:
        own = self.mask(self.case.demands.basic.strip())
        if own:
            return own
        key = f"demands.default.{self.case.category}"
        if key not in _phrase_keys(self.lang):
            key = "demands.default.other"
        return self.p(key, amount=self.amount_or_paid())

    def claim_items(self) -> list[str]:
        """补偿诉求 items: the case's own, and the 第五十五条 claim where it applies."""
        items = []
        own = self.mask(self.case.demands.compensation.strip())
        if own:
            items.append(own)
        claim = fraud_claim(self.case)
        if claim is not None:
            cpl55 = law(claim.law_id)
            self.cite(cpl55.id)
            values = {"law": cpl55.citation(self.lang), "amount": self.money(claim.amount),
                      "price": self.money(claim.price), "tripled": self.money(claim.tripled),
                      "minimum": self.p("demands.claim_minimum") if claim.minimum_applied else ""}
            if own and ("五十五" in own or "55" in own):
                items[-1] = self.end(own, self.p("sentence_end")) + self.p("demands.claim_calc", **values)
            else:
                items.append(self.p("demands.claim", **values))
        return items

    def demands(self) -> str:
        target = self.target
        if target == "12315-report":
            respondent = self.case.entity.name.strip() or self.platform
            return self.p("demands.report", respondent=respondent)
        if target == "police":
            lines = []
            summary = self.group_summary()
            if summary is not None:
                lines.append(self.p("demands.police_group", amount=self.amount(), n=summary[0], total=summary[1]))
            else:
                lines.append(self.p("demands.police", amount=self.amount()))
            if self.case.demands.basic.strip():
                lines.append(self.p("demands.basic", text=self.mask(self.case.demands.basic.strip())))
            return "\n".join(lines)
        if target == "court":
            return self.p("demands.court_conclusion")
        lines = [self.p("demands.basic", text=self.basic_demand())]
        items = self.claim_items()
        if len(items) == 1:
            lines.append(self.p("demands.compensation", text=items[0]))
        elif items:
            lines.append(self.p("demands.compensation", text=""))
            lines.extend(f"  ({i}) {item}" for i, item in enumerate(items, 1))
        if target == "consumer-assoc":
            lines.append(self.p("demands.mediation"))
        return "\n".join(lines)

    def demand_short(self) -> str:
        text = " ".join(self.basic_demand().split())
        return text if len(text) <= SHORT_DEMAND else text[: SHORT_DEMAND - 1] + "…"

    def court_claims(self) -> str:
        lines = [self.p("court.claim.refund", i=1, amount=self.amount())]
        claim = fraud_claim(self.case)
        if claim is not None:
            self.cite(claim.law_id)
            lines.append(self.p("court.claim.fraud", i=2, law=law(claim.law_id).citation(self.lang),
                                amount=self.money(claim.amount)))
        lines.append(self.p("court.claim.costs", i=len(lines) + 1))
        return "\n".join(lines)

    # -- deadline sentence ------------------------------------------------------------
    def cite(self, law_id: str) -> str:
        return law(law_id).citation(self.lang)

    def action(self, after: str) -> str:
        nxt = next_tier(self.case, after)
        return self.p(f"action.{nxt}") if nxt else ""

    def deadline_sentence(self) -> str:
        """"若于X月X日X时前仍未处理，本人将向……投诉" from the target's clock; "" without a clock."""
        probe = Case(timeline=[Event(kind=EventKind.SUBMITTED.value, channel=self.target,
                                     at=self.now.to(TZ).isoformat())])
        dl = case_deadline(probe, self.calendar)
        if dl is None or dl.kind != CLOCK:
            return ""
        when = self.deadline_when(dl.at, dl.estimated)
        action = self.action(self.target)
        if not action:
            return self.p("deadline.no_next", when=when)
        law_id = CLOCK_LAWS.get((self.target, EventKind.SUBMITTED.value))
        key = f"deadline.{self.target}"
        if law_id and key in _phrase_keys(self.lang):
            return self.p(key, when=when, action=action, law=self.cite(law_id))
        return self.p("deadline.default", when=when, action=action)

    # -- laws -------------------------------------------------------------------------
    def basis(self) -> list[Law]:
        if self.target == "police":
            return []
        found = laws_for_case(self.case)
        if self.target == "12315-report":
            found = [entry for entry in found if entry.requires != "fraud_claim"]
        return found

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

    # -- urge ---------------------------------------------------------------------------
    def urge_missed(self) -> str:
        case, current = self.case, self.target
        dl = case_deadline(case, self.calendar)
        if dl is None or dl.at >= self.now:
            return self.p("urge.pending", now=self.day(self.now))
        name = self.channel_name(current)
        when = self.deadline_when(dl.at, dl.estimated)
        if dl.kind == PROMISE:
            promise = next((e for e in reversed(self.events()) if e.channel == current and e.deadline), None)
            agent = promise.agent.strip() if promise else ""
            promised = self.mask(promise.promised.strip()) if promise and promise.promised.strip() else when
            return self.p("urge.missed.promise", channel=name, promised=promised, when=when,
                          agent=self.p("urge.agent", agent=agent) if agent else "")
        if dl.kind == CLOCK:
            started = next((e for e in reversed(self.events()) if e.channel == current
                            and e.kind in (EventKind.SUBMITTED.value, EventKind.ACCEPTED.value)), None)
            law_id = CLOCK_LAWS.get((current, started.kind)) if started else None
            basis = self.p("urge.basis", basis=self.cite(law_id)) if law_id else ""
            return self.p("urge.missed.clock", channel=name, basis=basis, when=when)
        days = max(1, int((self.now - dl.since).total_seconds() // 86400))
        return self.p("urge.missed.follow_up", since=self.when(dl.since), days=days)

    def filed_sentence(self) -> str:
        first = next((e for e in self.events() if e.channel == self.target and e.kind == EventKind.SUBMITTED), None)
        if first is None:
            return ""
        ticket = self.case.current_ticket or first.ticket.strip()
        return self.p("background.filed", at=self.when(readable_instant(first.at)) or first.at,
                      channel=self.channel_name(self.target),
                      ticket=self.p("ticket_ref", ticket=ticket) if ticket else "")

    def urge_deadline_sentence(self) -> str:
        try:
            ch = channel(self.target)
        except UnknownChannel:
            return ""
        rule = ch.clock
        if rule.kind in ("hours", "promise_or_hours"):
            due = self.now.shift(hours=rule.hours or 24)
        else:
            due = self.now.shift(days=ch.follow_up_days)
        when = self.deadline_when(due)
        action = self.action(self.target)
        return self.p("deadline.urge", when=when, action=action) if action else self.p("deadline.no_next", when=when)


def _phrase_keys(lang: str) -> frozenset[str]:
    from cases.templates import phrases

    return frozenset(phrases(lang))


def build_values(facts: CaseFacts, *, urge: bool = False) -> dict[str, str]:
    """Every placeholder value for ``facts`` (all strings; unused ones are harmless)."""
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
        filed = f.filed_sentence()
        background = f"{filed}\n{background}" if filed else background
        values["missed"] = f.urge_missed()
        values["deadline_sentence"] = f.urge_deadline_sentence()
    else:
        values["deadline_sentence"] = f.deadline_sentence()
    values.update(
        background=background,
        problem=f.problem(unresolved=not urge),
        signature=f.signature(),
        contacts_section=f.contacts_section(),
        evidence_section=f.evidence_section(),
        demands=f.demands(),
        demand_short=f.demand_short(),
        court_claims=f.court_claims() if f.target == "court" else "",
        court_name=f.p("missing", label=f.p("court.name")) if f.target == "court" else "",
        court_note=f.p("court.note", small_claims=law("civil-procedure-small-claims").summary(f.lang),
                       amount=f.amount()) if f.target == "court" else "",
        laws_section=f.laws_section(),
        laws_inline=f.laws_inline(),
    )
    return values
