"""The case model: a complaint case, its orders, parties, demands and timeline.

Plain dataclasses with ``to_dict`` / ``from_dict`` for storage. Amounts are
``Decimal`` (stored as strings); times are ISO 8601 strings with offset.
Every string read by ``from_dict`` is passed through :func:`clean_text`, so text
from a hand-edited or imported store cannot reach the terminal as control codes.

The parties and orders are in :mod:`cases.parties` (imported here, so ``cases.model``
names them too), the record base in :mod:`cases.record`, amounts in :mod:`cases.amounts`.
The case, its timeline records and the group stay here together (~400 lines): they are
what one stored case document holds, read and written by ``Case.from_dict`` / ``to_dict``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from cases.event_kinds import EventKind
from cases.parties import Complainant, Demands, Entity, Order
from cases.record import Record, clean_field
from cases.sanitize import clean_text
from cases.statuses import closed_statuses

if TYPE_CHECKING:  # pragma: no cover
    from cases.roster import Decision, Participant, Totals


class Status(StrEnum):
    """A case's status: the ids of ``cases/data/statuses.json``, in its order (tested);
    which are closed, and their names (``status.<id>``), come from there (cases.statuses)."""

    OPEN = "open"
    WAITING = "waiting"  # a filing is pending: 等待回复
    RESOLVED = "resolved"
    PARTLY_RESOLVED = "partly_resolved"
    REFUSED = "refused"
    UNANSWERED = "unanswered"  # closed without any reply
    WITHDRAWN = "withdrawn"

    @property
    def closed(self) -> bool:
        return self.value in closed_statuses()


#: The kind of the event that records a closed case opened again (cases.closing.reopen_case,
#: ``tousu reopen``). Not an EventKind: it is never logged by hand. It never changes a clock.
REOPENED = "reopened"
#: Events that never move a clock (Case.active_events leaves them out).
QUIET_KINDS = frozenset({EventKind.NOTE.value, REOPENED})
#: Events that file the case somewhere: an open case is then waiting for a reply (Case.add_event).
FILING_KINDS = frozenset({EventKind.SUBMITTED.value, EventKind.ACCEPTED.value})


class EvidenceKind(StrEnum):
    """The checklist's kinds (DOMAIN "Evidence"), plus files that belong to none of them."""

    TRANSACTION = "transaction"  # 交易凭证
    COMMUNICATION = "communication"  # 沟通记录
    ANOMALY = "anomaly"  # 商品异常证据
    OTHER = "other"  # anything else (an ID scan, a 授权委托书): listed, never completes a link


@dataclass
class Event(Record):
    """One entry of a case's timeline: a submission, contact, urge, result or note."""

    kind: str = EventKind.CONTACT.value
    channel: str = ""
    at: str = ""  # when it happened (ISO 8601)
    ticket: str = ""  # ticket / complaint number
    agent: str = ""  # agent 工号
    said: str = ""  # what was said
    promised: str = ""  # what was promised, in the user's words ("2小时内回复")
    deadline: str | None = None  # explicit deadline; None → the channel's clock applies
    seq: int = 0  # order within the case
    # A result's outcome (cases.statuses.outcomes), the amount refunded (yuan, "128.00") and the
    # date it arrived ("2026-06-12"); "" when not said. Written only when set, so timelines stay small.
    outcome: str = ""
    refunded: str = ""
    refunded_on: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        for name in RESULT_FIELDS:
            if not data[name]:
                del data[name]
        return data


RESULT_FIELDS = ("outcome", "refunded", "refunded_on")


@dataclass
class EvidenceItem(Record):
    """One evidence file: what it shows, where its copy is kept, its SHA-256 and when it was recorded.

    ``size``, ``name`` and ``subject`` came with ``tousu evidence add``; items of older
    stores lack them and read as 0 / "" (:meth:`from_dict`).
    """

    kind: str = EvidenceKind.TRANSACTION.value  # an EvidenceKind value: the checklist kind
    label: str = ""  # what the file shows, in the user's words (``--note``); may be empty
    path: str = ""  # the stored copy, relative to the store's evidence folder (storage.evidence)
    sha256: str = ""  # hex digest of the file when it was recorded
    recorded_at: str = ""  # when it was recorded (ISO 8601)
    size: int = 0  # bytes when it was recorded; 0: not known (older stores)
    name: str = ""  # the file's own name when it was added ("支付宝账单.png")
    subject: str = ""  # what ``evidence add --kind`` said (cases.evidence.SUBJECTS), "" if not known

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EvidenceItem:
        item = super().from_dict(data)
        size = item.size
        item.size = size if isinstance(size, int) and not isinstance(size, bool) and size >= 0 else 0
        return item


@dataclass
class Draft(Record):
    """A letter edited and left unrecorded: kept on the case for its channel and kind, shared
    with every volunteer of the store (cases.letters). Its text is kept masked: the personal
    data as the masked forms, which the escalate screen maps back to the real values."""

    channel: str = ""  # the target channel id
    kind: str = "escalate"  # "escalate" or "urge"
    letter_lang: str = "zh"  # the letter's language
    text: str = ""  # the edited text, masked
    by: str = ""  # who left it (the system user name)
    at: str = ""  # when (ISO 8601)


@dataclass
class Filed(Record):
    """A text recorded as sent, exactly as it was filed (it may hold revealed personal data:
    every display masks it, cases.privacy.masked_case), with its SHA-256 (cases.letters)."""

    channel: str = ""  # where it was filed
    kind: str = "submitted"  # the timeline event's kind: "submitted" or "urged"
    ticket: str = ""
    at: str = ""  # when it was sent (ISO 8601), the event's time
    text: str = ""  # the whole text as filed
    sha256: str = ""  # hex digest of ``text`` (UTF-8)
    by: str = ""  # who recorded it (the system user name)
    event: int = 0  # the seq of its timeline event; 0: not known
    # Sent by e-mail (outbound.mail): the recipients, the Message-ID and the server's reply
    # to the message; "" otherwise, and then not written (filed texts stay small).
    recipients: str = ""
    message_id: str = ""
    reply: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        for name in MAIL_FIELDS:
            if not data[name]:
                del data[name]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Filed:
        item = super().from_dict(data)
        item.event = item.event if isinstance(item.event, int) and not isinstance(item.event, bool) else 0
        return item


MAIL_FIELDS = ("recipients", "message_id", "reply")


def split_title(text: str) -> tuple[str, str]:
    """A title typed or pasted with several lines: (its first line, the other lines).

    Control codes are removed; blank lines before the first line of text, and
    spaces and blank lines around the rest, are dropped; blank lines inside the rest kept. The rest is what the
    add form and ``tousu add --title`` keep as the case's first note, instead of
    losing it (a title is one line).
    """
    lines = clean_text(text, multiline=True).replace("\t", " ").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return "", ""
    return lines[0].strip(), "\n".join(lines[1:]).strip()


@dataclass
class Case:
    id: str = ""
    title: str = ""
    platform: str = ""
    entity: Entity = field(default_factory=Entity)
    category: str = ""  # a category id (cases.categories)
    orders: list[Order] = field(default_factory=list)
    complainant: Complainant = field(default_factory=Complainant)
    demands: Demands = field(default_factory=Demands)
    status: Status = Status.OPEN
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    created: str = ""
    updated: str = ""
    timeline: list[Event] = field(default_factory=list)
    evidence: list[EvidenceItem] = field(default_factory=list)
    group_id: str = ""
    assignee: str = ""  # the volunteer who runs the case ("" unassigned): Store.assign_cases
    # Filing for someone else (a volunteer for a group member) needs a 授权委托书.
    filed_for_other: bool = False
    power_of_attorney: bool = False
    # The user's own findings, never inferred from the category (DOMAIN "Laws that are safe to cite"):
    fraud: bool = False  # the conduct was fraud (欺诈): 消法第五十五条, and the police route
    contract_denied: bool = False  # the platform said no contract exists after payment: 电子商务法第四十九条第二款
    rev: int = 0  # bumped by the store on every write
    # Set by the store when the case is deleted (hidden, restorable: Store.delete_case); "" otherwise.
    deleted_at: str = ""  # when (ISO 8601)
    deleted_by: str = ""  # who (the system user name)
    # Letters (cases.letters): edited, unrecorded texts by channel and kind, and the texts as filed.
    drafts: list[Draft] = field(default_factory=list)
    filed: list[Filed] = field(default_factory=list)

    # -- derived -----------------------------------------------------------
    @property
    def amount(self) -> Decimal:
        return sum((o.amount for o in self.orders), Decimal("0.00"))

    @property
    def closed(self) -> bool:
        return self.status.closed

    @property
    def deleted(self) -> bool:
        return bool(self.deleted_at)

    def active_events(self) -> list[Event]:
        """Timeline entries that can move a clock (not notes, not reopenings), in time order."""
        return [e for e in self.timeline if e.kind not in QUIET_KINDS]

    @property
    def current_event(self) -> Event | None:
        events = self.active_events()
        return events[-1] if events else None

    @property
    def current_channel(self) -> str:
        ev = self.current_event
        return ev.channel if ev else ""

    @property
    def current_ticket(self) -> str:
        """The latest ticket number on the current channel."""
        channel = self.current_channel
        for ev in reversed(self.timeline):
            if ev.channel == channel and ev.ticket:
                return ev.ticket
        return ""

    def add_event(self, event: Event) -> Event:
        """Append ``event`` keeping the timeline in time order; returns it with its seq.

        A filing (submitted, accepted) moves an open case to waiting (等待回复); no event
        closes a case or opens a closed one (cases.closing: close_case, reopen_case)."""
        event.seq = max((e.seq for e in self.timeline), default=0) + 1
        self.timeline.append(event)
        self.timeline.sort(key=lambda e: (e.at, e.seq))
        if event.kind in FILING_KINDS and self.status == Status.OPEN:
            self.status = Status.WAITING
        return event

    # -- storage -----------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "platform": self.platform,
            "entity": self.entity.to_dict(),
            "category": self.category,
            "orders": [o.to_dict() for o in self.orders],
            "complainant": self.complainant.to_dict(),
            "demands": self.demands.to_dict(),
            "status": self.status.value,
            "tags": list(self.tags),
            "notes": self.notes,
            "created": self.created,
            "updated": self.updated,
            "timeline": [e.to_dict() for e in self.timeline],
            "evidence": [e.to_dict() for e in self.evidence],
            "group_id": self.group_id,
            "assignee": self.assignee,
            "filed_for_other": self.filed_for_other,
            "power_of_attorney": self.power_of_attorney,
            "fraud": self.fraud,
            "contract_denied": self.contract_denied,
            "rev": self.rev,
            "drafts": [d.to_dict() for d in self.drafts],
            "filed": [f.to_dict() for f in self.filed],
            **({"deleted_at": self.deleted_at, "deleted_by": self.deleted_by} if self.deleted_at else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Case:
        return cls(
            id=clean_field("id", data.get("id", "")),
            title=clean_field("title", data.get("title", "")),
            platform=clean_field("platform", data.get("platform", "")),
            entity=Entity.from_dict(data.get("entity") or {}),
            category=clean_field("category", data.get("category", "")),
            orders=[Order.from_dict(o) for o in data.get("orders") or []],
            complainant=Complainant.from_dict(data.get("complainant") or {}),
            demands=Demands.from_dict(data.get("demands") or {}),
            status=Status(data.get("status", Status.OPEN.value)),
            tags=[clean_field("tag", t) for t in data.get("tags") or []],
            notes=clean_field("notes", data.get("notes", "")),
            created=data.get("created", ""),
            updated=data.get("updated", ""),
            timeline=[Event.from_dict(e) for e in data.get("timeline") or []],
            evidence=[EvidenceItem.from_dict(e) for e in data.get("evidence") or []],
            group_id=clean_field("group_id", data.get("group_id", "")),
            assignee=clean_field("assignee", data.get("assignee") or ""),
            filed_for_other=bool(data.get("filed_for_other", False)),
            power_of_attorney=bool(data.get("power_of_attorney", False)),
            fraud=bool(data.get("fraud", False)),
            contract_denied=bool(data.get("contract_denied", False)),
            rev=int(data.get("rev", 0)),
            drafts=[Draft.from_dict(d) for d in data.get("drafts") or []],
            filed=[Filed.from_dict(f) for f in data.get("filed") or []],
            deleted_at=data.get("deleted_at") or "",
            deleted_by=clean_field("deleted_by", data.get("deleted_by") or ""),
        )


@dataclass
class Group:
    """A group complaint (集体维权 / 代表人投诉): one platform, many victims.

    A group case is a case with a roster: ``case_id`` is its lead case (``tousu group create
    CASE``), ``representatives`` the participants who represent the others (代表人, 暂行办法第十一条),
    ``decisions`` what needs each represented person's consent (cases.roster.Decision). The
    roster itself is stored one participant per document (``Store.roster``); ``participants``
    holds only a roster carried with the group: one being created with it (the demo), or one
    read from an old group document that kept it inside (converted on read:
    cases.roster.legacy_participant), until the group's next change moves it into the table.
    """

    id: str = ""
    name: str = ""
    platform: str = ""
    description: str = ""
    coordinator: str = ""
    case_id: str = ""  # the lead case
    representatives: list[str] = field(default_factory=list)  # participant ids
    decisions: list[Decision] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    created: str = ""
    updated: str = ""
    updated_by: str = ""
    rev: int = 0
    # The roster's totals, when the store computed them (Store.group_of); not stored.
    totals: Totals | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The group document; carried participants are not part of it (the store writes them
        to the participants table)."""
        return {
            "id": self.id,
            "name": self.name,
            "platform": self.platform,
            "description": self.description,
            "coordinator": self.coordinator,
            "case_id": self.case_id,
            "representatives": list(self.representatives),
            "decisions": [d.to_dict() for d in self.decisions],
            "created": self.created,
            "updated": self.updated,
            "updated_by": self.updated_by,
            "rev": self.rev,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Group:
        from cases.roster import Decision, legacy_participant

        group_id = clean_field("id", data.get("id", ""))
        return cls(
            id=group_id,
            name=clean_field("name", data.get("name", "")),
            platform=clean_field("platform", data.get("platform", "")),
            description=clean_field("description", data.get("description", "")),
            coordinator=clean_field("coordinator", data.get("coordinator", "")),
            case_id=clean_field("case_id", data.get("case_id") or ""),
            representatives=[clean_field("id", r) for r in data.get("representatives") or [] if isinstance(r, str)],
            decisions=[Decision.from_dict(d) for d in data.get("decisions") or [] if isinstance(d, dict)],
            participants=[legacy_participant(p, group_id) for p in data.get("participants") or []],
            created=data.get("created", ""),
            updated=data.get("updated", ""),
            updated_by=clean_field("updated_by", data.get("updated_by") or ""),
            rev=int(data.get("rev", 0)),
        )
