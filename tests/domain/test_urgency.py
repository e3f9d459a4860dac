"""Dashboard order: overdue first, then time left, ties by tier, amount, id."""

from __future__ import annotations

from domain_helpers import ev, make_case, t

from cases.deadlines import case_deadline
from cases.model import Status
from cases.urgency import by_urgency, sort_key

NOW = t("2026-10-01T12:00")


def case(id: str, channel: str, at: str, amount: str = "0", status: Status = Status.OPEN):
    c = make_case(ev("submitted", channel, at), id=id, amount=amount, status=status)
    return c, case_deadline(c)


def ids(items) -> list[str]:
    return [c.id for c, _ in by_urgency(items, NOW)]


def test_overdue_first_most_overdue_first_then_time_left_then_none():
    items = [
        case("K-0001", "platform-complaint", "2026-09-29T14:00:00+08:00"),  # 2 h left
        case("K-0002", "platform-cs", "2026-09-29T12:00:00+08:00"),  # overdue 1 d
        case("K-0003", "12315", "2026-09-29T12:00:00+08:00"),  # days left
        case("K-0004", "platform-cs", "2026-09-30T10:00:00+08:00"),  # overdue 2 h
        case("K-0005", "12315", "2026-09-29T12:00:00+08:00", status=Status.RESOLVED),  # no deadline
        case("K-0006", "platform-cs", "2026-10-01T10:00:00+08:00"),  # 22 h left
    ]
    assert ids(items) == ["K-0002", "K-0004", "K-0001", "K-0006", "K-0003", "K-0005"]


def test_ties_by_tier_then_amount_then_id():
    same = "2026-09-29T12:00:00+08:00"
    items = [
        case("K-0010", "platform-complaint", same, amount="100"),  # tier 1, 48 h: the same instant
        case("K-0011", "heimao", same, amount="50"),  # tier 2, 48 h
        case("K-0012", "jutousu", same, amount="500"),  # tier 2, larger amount
        case("K-10000", "jutousu", same, amount="500"),
        case("K-0999", "jutousu", same, amount="500"),
    ]
    assert ids(items) == ["K-0012", "K-0999", "K-10000", "K-0011", "K-0010"]


def test_cases_without_deadline_ordered_by_tier_and_amount():
    items = [
        (make_case(id="K-0001", amount="10"), None),
        (make_case(ev("note", "12315", "2026-09-29T12:00:00+08:00"), id="K-0002", amount="5"), None),
        (make_case(id="K-0003", amount="99"), None),
    ]
    assert ids(items) == ["K-0003", "K-0001", "K-0002"]


def test_sort_key_moves_with_time():
    c, d = case("K-0001", "platform-cs", "2026-10-01T10:00:00+08:00")
    assert sort_key(c, d, NOW) < sort_key(c, d, t("2026-10-01T09:00"))
