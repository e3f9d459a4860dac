"""The roster of a group complaint (集体投诉 / 代表人投诉): its participants and their consents.

A group case is a case with a roster (``tousu group create CASE``): the group
document (:class:`cases.model.Group`) holds what concerns everyone (the lead case,
the representatives of 暂行办法第十一条, the decisions that need each represented
person's consent); each participant is one document of its own
(:class:`Participant`), so a change to one person is one small write and two
volunteers editing two people never touch the same document.

Pure: no storage, no UI. Amounts are Decimal strings with two places
("128.00"), times ISO 8601 with offset; every string read is cleaned
(:func:`cases.sanitize.clean_text`).

A participant's fields as typed (yes/no words, dates, set by name) are read in
:mod:`cases.roster_fields`.

Stores written before rosters had their own table kept the participants inside
the group document (``authorised``, one ``amount``, ``orders`` as comma-separated
numbers): :func:`legacy_participant` converts one on read. Such a participant has
no id until the first change to its group moves it into the table.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cases.amounts import parse_amount
from cases.model import EvidenceKind, Status
from cases.sanitize import clean_text

#: The three kinds of evidence a participant may hold (DOMAIN "Evidence"); all three: complete.
EVIDENCE_KINDS = (EvidenceKind.TRANSACTION.value, EvidenceKind.COMMUNICATION.value, EvidenceKind.ANOMALY.value)

#: What a group decides that binds those represented only with their consent (暂行办法第十一条).
DECISION_KINDS = ("change_demand", "withdraw_demand", "accept_settlement")

#: Participant fields a change may set (the store owns id, group, created, updated, updated_by, rev).
EDITABLE = ("name", "phone", "id_number", "address", "orders", "evidence", "consent", "poa", "poa_until",
            "status", "notes", "assignee", "case_id", "marked", "consents")
#: Fields holding personal data: masked in everything that leaves the app unless revealed.
PERSONAL = ("name", "phone", "id_number", "address")


def _text(data: dict[str, Any], name: str, multiline: bool = False) -> str:
    value = data.get(name, "")
    return clean_text(value, multiline=multiline) if isinstance(value, str) else ""


@dataclass
class RosterOrder:
    """One order of a participant: what was paid, when, how, and to whom."""

    number: str = ""
    amount: str = "0.00"  # yuan, two places
    paid_at: str = ""  # ISO 8601 with offset; "" when not known
    payment_channel: str = ""  # 支付宝, 微信支付, 银行卡 …
    payee: str = ""  # 收款方

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "amount": self.amount, "paid_at": self.paid_at,
                "payment_channel": self.payment_channel, "payee": self.payee}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RosterOrder:
        return cls(number=_text(data, "number"), amount=str(parse_amount(data.get("amount") or "0", maximum=None)),
                   paid_at=_text(data, "paid_at"), payment_channel=_text(data, "payment_channel"),
                   payee=_text(data, "payee"))


@dataclass
class Participant:
    """One person on a group's roster."""

    id: str = ""  # P-00001…, given by the store; "" for one not stored yet (or in an old group document)
    group_id: str = ""
    name: str = ""
    phone: str = ""
    id_number: str = ""  # for a 授权委托书
    address: str = ""  # contact address
    orders: list[RosterOrder] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)  # which of EVIDENCE_KINDS they hold
    consent: bool = False  # agrees to be represented (代表人投诉)
    poa: bool = False  # 授权委托书 on file (暂行办法第十条)
    poa_until: str = ""  # its 期限, a date (2027-06-30); "" when not limited or not known
    status: str = Status.OPEN.value  # the project's statuses (cases/data/statuses.json)
    notes: str = ""
    assignee: str = ""  # the volunteer following this person up
    case_id: str = ""  # their own case, if tracked individually
    marked: bool = False  # picked for a bulk action
    consents: dict[str, str] = field(default_factory=dict)  # decision id → when consent was given
    created: str = ""
    updated: str = ""
    updated_by: str = ""
    rev: int = 0

    @property
    def amount(self) -> Decimal:
        return sum((Decimal(o.amount) for o in self.orders), Decimal("0.00"))

    @property
    def evidence_complete(self) -> bool:
        return all(kind in self.evidence for kind in EVIDENCE_KINDS)

    @property
    def order_numbers(self) -> list[str]:
        return [o.number for o in self.orders if o.number]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "group": self.group_id, "name": self.name, "phone": self.phone,
            "id_number": self.id_number, "address": self.address,
            "orders": [o.to_dict() for o in self.orders], "evidence": list(self.evidence),
            "consent": self.consent, "poa": self.poa, "poa_until": self.poa_until, "status": self.status,
            "notes": self.notes, "assignee": self.assignee, "case_id": self.case_id, "marked": self.marked,
            "consents": dict(self.consents), "created": self.created, "updated": self.updated,
            "updated_by": self.updated_by, "rev": self.rev,
        }

    @classmethod
    def from_sound(cls, data: dict[str, Any]) -> Participant:
        """From a stored document already found well formed and clean (storage.documents):
        :meth:`from_dict` without its checks, ~6x faster (a roster of 30,000 is read at once)."""
        get = data.get
        evidence = get("evidence")
        return cls(
            get("id", ""), get("group", ""), get("name", ""), get("phone", ""), get("id_number", ""),
            get("address", ""), [_sound_order(o) for o in get("orders") or ()],
            [k for k in evidence if k in EVIDENCE_KINDS] if evidence else [], get("consent", False),
            get("poa", False), get("poa_until", ""), get("status", "open"), get("notes", ""), get("assignee", ""),
            get("case_id", ""), get("marked", False), dict(get("consents") or {}), get("created", ""),
            get("updated", ""), get("updated_by", ""), get("rev", 0),
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Participant:
        consents = data.get("consents") or {}
        return cls(
            id=_text(data, "id"), group_id=_text(data, "group"), name=_text(data, "name"),
            phone=_text(data, "phone"), id_number=_text(data, "id_number"), address=_text(data, "address", True),
            orders=[RosterOrder.from_dict(o) for o in data.get("orders") or []],
            evidence=[k for k in data.get("evidence") or [] if k in EVIDENCE_KINDS],
            consent=data.get("consent") is True, poa=data.get("poa") is True, poa_until=_text(data, "poa_until"),
            status=data.get("status") if data.get("status") in Status._value2member_map_ else Status.OPEN.value,
            notes=_text(data, "notes", True), assignee=_text(data, "assignee"), case_id=_text(data, "case_id"),
            marked=data.get("marked") is True,
            consents={clean_text(k): clean_text(v) for k, v in consents.items() if isinstance(v, str)},
            created=_text(data, "created"), updated=_text(data, "updated"), updated_by=_text(data, "updated_by"),
            rev=data.get("rev") if type(data.get("rev")) is int else 0,
        )


def _sound_order(data: dict[str, Any]) -> RosterOrder:
    return RosterOrder(data.get("number", ""), data.get("amount", "0.00"), data.get("paid_at") or "",
                       data.get("payment_channel", ""), data.get("payee", ""))


def legacy_participant(data: dict[str, Any], group_id: str) -> Participant:
    """A participant as stored inside an old group document: ``authorised`` (the 委托书 on file),
    one ``amount`` and ``orders`` as comma-separated numbers. The amount goes on the first order
    (an order without a number when there was none): the total stays what it was."""
    numbers = [n.strip() for n in _text(data, "orders").replace("，", ",").split(",") if n.strip()]
    amount = str(parse_amount(data.get("amount") or "0", maximum=None))
    orders = [RosterOrder(number=n) for n in numbers] or ([RosterOrder()] if Decimal(amount) else [])
    if orders:
        orders[0].amount = amount
    status = data.get("status")
    return Participant(
        group_id=group_id, name=_text(data, "name"), phone=_text(data, "phone"), orders=orders,
        poa=data.get("authorised") is True, case_id=_text(data, "case_id"),
        status=status if status in Status._value2member_map_ else Status.OPEN.value,
    )


@dataclass
class Decision:
    """A group decision that needs each represented person's consent (暂行办法第十一条):
    changing or withdrawing a demand, or accepting a settlement. Consents are kept on the
    participants (``Participant.consents``), missing until given."""

    id: str = ""  # D-1, D-2 … within the group
    kind: str = DECISION_KINDS[0]
    text: str = ""  # what is decided, in the volunteers' words
    at: str = ""  # when it was put to the participants
    by: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "text": self.text, "at": self.at, "by": self.by}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Decision:
        kind = data.get("kind")
        return cls(id=_text(data, "id"), kind=kind if kind in DECISION_KINDS else DECISION_KINDS[0],
                   text=_text(data, "text", True), at=_text(data, "at"), by=_text(data, "by"))


# ----------------------------------------------------------------------------- totals


@dataclass
class Tally:
    """Counts over some participants (a whole roster, or one volunteer's share)."""

    participants: int = 0
    amount: Decimal = Decimal("0.00")
    evidence_complete: int = 0
    consent: int = 0
    poa: int = 0

    def add(self, p: Participant) -> None:
        self.participants += 1
        self.amount += p.amount
        self.evidence_complete += p.evidence_complete
        self.consent += p.consent
        self.poa += p.poa

    def to_dict(self) -> dict[str, Any]:
        return {"participants": self.participants, "amount": f"{self.amount:.2f}",
                "evidence_complete": self.evidence_complete, "consent": self.consent, "poa": self.poa}


@dataclass
class Totals:
    """A roster's totals, per assignee too ("" for nobody), and per decision the consents given."""

    all: Tally = field(default_factory=Tally)
    by_assignee: dict[str, Tally] = field(default_factory=dict)
    decisions: dict[str, int] = field(default_factory=dict)  # decision id → consents given

    def to_dict(self) -> dict[str, Any]:
        return {**self.all.to_dict(), "by_assignee": {k: v.to_dict() for k, v in sorted(self.by_assignee.items())},
                "decisions": dict(self.decisions)}


def totals(people: Iterable[Participant], decisions: Iterable[Decision] = ()) -> Totals:
    out = Totals(decisions={d.id: 0 for d in decisions})
    for p in people:
        out.all.add(p)
        out.by_assignee.setdefault(p.assignee, Tally()).add(p)
        for key in p.consents:
            if key in out.decisions:
                out.decisions[key] += 1
    return out


def missing_consents(people: Iterable[Participant], decision_id: str) -> list[Participant]:
    """Those represented (consent to be represented given) who have not yet consented to ``decision_id``."""
    return [p for p in people if p.consent and decision_id not in p.consents]


def merge_into(p: Participant, incoming: Participant) -> list[str]:
    """Bring what a re-imported row says into ``p``: each non-empty field replaces the stored
    one, each order is updated (same number) or added. The names of the fields that changed."""
    changed = []
    for name in ("name", "phone", "id_number", "address", "notes", "assignee"):
        value = getattr(incoming, name)
        if value and value != getattr(p, name):
            setattr(p, name, value)
            changed.append(name)
    by_number = {o.number: o for o in p.orders}
    orders_changed = False
    for order in incoming.orders:
        mine = by_number.get(order.number)
        if mine is None:
            p.orders.append(RosterOrder(**order.to_dict()))
            by_number[order.number] = p.orders[-1]
            orders_changed = True
            continue
        for name in ("amount", "paid_at", "payment_channel", "payee"):
            value = getattr(order, name)
            if value and value != getattr(mine, name):
                setattr(mine, name, value)
                orders_changed = True
    if orders_changed:
        changed.append("orders")
    return changed
