"""Helpers for the domain tests: build cases and events tersely (a unique module name,
so it cannot clash with another folder's conftest)."""

from __future__ import annotations

from decimal import Decimal

import arrow

from cases.clock import parse_instant
from cases.model import Case, Event, EvidenceItem, Order, Status


def ev(kind: str, channel: str, at: str, deadline: str | None = None, **extra) -> Event:
    return Event(kind=kind, channel=channel, at=at, deadline=deadline, **extra)


def make_case(*events: Event, status: Status = Status.OPEN, id: str = "K-0001", amount: str = "0",
              orders: list[Order] | None = None, evidence: list[EvidenceItem] | None = None) -> Case:
    case = Case(id=id, title="测试", status=status)
    case.orders = orders if orders is not None else ([Order(number="A1", amount=Decimal(amount))] if amount != "0" else [])
    case.evidence = evidence or []
    for e in events:
        case.add_event(e)
    return case


def t(text: str) -> arrow.Arrow:
    """An instant; no offset means Asia/Shanghai."""
    return parse_instant(text)
