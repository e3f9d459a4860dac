"""The hand-written demo cases for newcomers, loaded from ``data/demo_cases.json``.

About fifteen cases that read like real ones: several 卡盟 platforms with their legal
entities, every problem category, every channel of the ladder, promises kept and broken,
deadlines both overdue and close, closed cases and one group complaint (集体维权) with its
lead case. The file's ``_about`` explains how it writes instants relative to the demo's
``now`` and the dates inside ticket and order numbers; this module turns it into cases.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from cases.demo_people import fake_participants
from cases.demo_time import DemoTime
from cases.ids import format_case_id, format_group_id
from cases.model import Case, Complainant, Demands, Entity, Event, EvidenceItem, Group, Order, Status
from cases.roster import Participant, RosterOrder

# "{paid:ymd}", "{now-43h:year}": an instant's date; "{mail}", "{hotline}": the platform's.
_PLACEHOLDER = re.compile(r"\{([^{}:]+)(?::(ymd|year))?\}")


@dataclass(frozen=True)
class DemoPlatform:
    """A fake 卡盟 platform: its name, the company behind it and how it numbers orders."""

    name: str
    company: str
    credit_code: str
    icp: str
    address: str
    order_prefix: str
    hotline: str
    mail: str

    def entity(self) -> Entity:
        """A new Entity for a case against this platform (each case owns its own)."""
        return Entity(self.company, self.credit_code, self.icp, self.address)


@cache
def _data() -> dict[str, Any]:
    return json.loads(resources.files("cases").joinpath("data/demo_cases.json").read_text("utf-8"))


@cache
def platforms() -> tuple[DemoPlatform, ...]:
    """The demo's platforms, in the file's order."""
    return tuple(DemoPlatform(**p) for p in _data()["platforms"])


class _CaseText:
    """Fills a case's placeholders: instants relative to ``now`` or to its payment."""

    def __init__(self, t: DemoTime, platform: DemoPlatform, paid: datetime | None) -> None:
        self.t, self.platform, self.paid = t, platform, paid

    def at(self, text: str) -> datetime:
        return self.t.relative(text, self.paid)

    def iso(self, text: str | None) -> str | None:
        return self.at(text).isoformat() if text else None

    def fill(self, text: str) -> str:
        return _PLACEHOLDER.sub(self._value, text)

    def _value(self, match: re.Match[str]) -> str:
        name, form = match.groups()
        if form is None:
            return {"mail": self.platform.mail, "hotline": self.platform.hotline}[name]
        at = self.at(name)
        return f"{at.year}" if form == "year" else f"{at.year}{at.month:02d}{at.day:02d}"


def _event(spec: dict[str, Any], text: _CaseText) -> Event:
    return Event(
        kind=spec["kind"],
        channel=spec["channel"],
        at=text.at(spec["at"]).isoformat(),
        ticket=text.fill(spec.get("ticket", "")),
        agent=spec.get("agent", ""),
        said=text.fill(spec.get("said", "")),
        promised=spec.get("promised", ""),
        deadline=text.iso(spec.get("deadline")),
    )


def _evidence(case_id: str, no: int, spec: dict[str, Any], text: _CaseText) -> EvidenceItem:
    label, filename = spec["label"], spec["file"]
    return EvidenceItem(
        kind=spec["kind"],
        label=label,
        path=f"证据/{case_id}/{filename}",
        sha256=hashlib.sha256(f"{no}|{label}|{filename}".encode()).hexdigest(),
        recorded_at=text.at(spec["at"]).isoformat(),
    )


def _finish(case: Case, events: list[Event]) -> Case:
    """Numbers the events in the order written, sorts them by time, and dates the case
    from its first and last instant (payments included)."""
    for seq, event in enumerate(events, 1):
        event.seq = seq
    events.sort(key=lambda e: (e.at, e.seq))
    case.timeline = events
    times = [o.paid_at for o in case.orders if o.paid_at] + [e.at for e in events]
    case.created = min(times) if times else ""
    case.updated = max(times) if times else ""
    return case


def _case(spec: dict[str, Any], t: DemoTime, by_name: dict[str, DemoPlatform], group_id: str) -> Case:
    no, platform = spec["no"], by_name[spec["platform"]]
    text = _CaseText(t, platform, t.relative(spec["paid"]) if "paid" in spec else None)
    case_id = format_case_id(no)
    case = Case(
        id=case_id,
        platform=platform.name,
        entity=platform.entity(),
        title=spec["title"],
        category=spec["category"],
        orders=[Order(text.fill(o["number"]), Decimal(o["amount"]), text.at(o["paid_at"]).isoformat(),
                      o["payment_channel"]) for o in spec.get("orders", ())],
        complainant=Complainant(**spec.get("complainant", {})),
        demands=Demands(**spec["demands"]),
        status=Status(spec.get("status", Status.OPEN.value)),
        tags=list(spec["tags"]),
        notes=spec.get("notes", ""),
        group_id=group_id if spec.get("in_group") else "",
        assignee=spec.get("assignee", ""),
        fraud=spec.get("fraud", False),
    )
    _finish(case, [_event(e, text) for e in spec["timeline"]])
    case.evidence = [_evidence(case_id, no, e, text) for e in spec.get("evidence", ())]
    return case


def _member(case: Case, evidence: list[str]) -> Participant:
    """The complainant of ``case`` on the group's roster, with her orders and papers on file."""
    return Participant(
        name=case.complainant.name, phone=case.complainant.phone,
        orders=[RosterOrder(o.number, str(o.amount), o.paid_at or "", o.payment_channel, o.payee)
                for o in case.orders],
        case_id=case.id, poa=True, consent=True, status=case.status.value, evidence=list(evidence),
    )


def _group(spec: dict[str, Any], cases: list[Case], t: DemoTime, seed: int) -> Group:
    group = Group(
        id=format_group_id(1), name=spec["name"], platform=spec["platform"], description=spec["description"],
        coordinator=spec["coordinator"], case_id=format_case_id(spec["lead_case"]),
        representatives=list(spec["representatives"]),
        created=t.relative(spec["created"]).isoformat(), updated=t.relative(spec["updated"]).isoformat(),
    )
    roster = fake_participants(random.Random(seed), spec["participants"], t)
    members = spec["members"]
    for i, member in enumerate(members):
        roster[i] = _member(cases[member["case"] - 1], member["evidence"])
    volunteers = spec["volunteers"]
    for person in roster[len(members):len(members) + spec["shared"]]:
        person.assignee = volunteers[len(person.name) % 2]
    group.participants = roster
    return group


def demo_cases(t: DemoTime, seed: int) -> tuple[list[Case], Group]:
    """The hand-written cases and their group, relative to ``t.now``; ``seed`` draws the
    roster's other participants."""
    data = _data()
    by_name = {p.name: p for p in platforms()}
    group_id = format_group_id(1)
    cases = [_case(spec, t, by_name, group_id) for spec in data["cases"]]
    return cases, _group(data["group"], cases, t, seed)
