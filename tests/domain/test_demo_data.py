"""The hand-written demo cases as data (cases/data/demo_cases.json, cases.demo_cases)."""

from __future__ import annotations

from datetime import timedelta

import arrow
import pytest

from cases.demo_cases import demo_cases, platforms
from cases.demo_time import DemoTime
from cases.identifiers import check_credit_code

NOW = arrow.get("2026-01-01T00:30:00+08:00")  # dates in ticket numbers differ from now's


@pytest.fixture(scope="module")
def loaded():
    return demo_cases(DemoTime(NOW), seed=7)


def test_every_placeholder_is_filled(loaded):
    cases, group = loaded
    def strings(value):
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return [value] if isinstance(value, str) else []

    texts = strings([c.to_dict() for c in cases] + [group.to_dict()])
    assert texts and not [s for s in texts if "{" in s or "}" in s or s.startswith(("now", "paid"))]


def test_dates_in_numbers_follow_the_instants(loaded):
    cases, _ = loaded
    first = cases[0]  # paid 20 days 3 hours before now; the formal complaint the day after
    paid = DemoTime(NOW).ago(days=20, hours=3)
    assert first.orders[0].number == f"HX{paid:%Y%m%d}104522817"
    complaint = next(e for e in first.timeline if e.channel == "platform-complaint")
    assert complaint.ticket == f"TS-{paid + timedelta(days=1):%Y%m%d}-0086"
    assert "kefu@huixiangkm.cn" in complaint.said  # the platform's address, from its entry


def test_group_roster_members_and_volunteers(loaded):
    cases, group = loaded
    lead = next(c for c in cases if c.id == group.case_id)
    assert lead.group_id == group.id
    first, second = group.participants[:2]
    assert (first.name, first.case_id, first.poa, first.consent) == (lead.complainant.name, lead.id, True, True)
    assert second.case_id and second.name == next(c for c in cases if c.id == second.case_id).complainant.name
    assert {p.assignee for p in group.participants[2:12]} == {"小林", "阿杰"}
    assert all(not p.assignee for p in group.participants[12:])


def test_platforms_have_valid_registrations():
    for platform in platforms():
        assert check_credit_code(platform.credit_code) is None, platform.name
        assert platform.entity() is not platform.entity()  # every case gets its own


@pytest.mark.parametrize(
    ("text", "delta"),
    [("now", timedelta()), ("now-20d3h", -timedelta(days=20, hours=3)), ("now+40m", timedelta(minutes=40)),
     ("now-1h28m", -timedelta(hours=1, minutes=28)), ("paid+2h32m", timedelta(days=-1, hours=2, minutes=32))],
)
def test_relative_instants(text, delta):
    t = DemoTime(NOW)
    assert t.relative(text, paid=t.ago(days=1)) == t.now + delta


@pytest.mark.parametrize("text", ["yesterday", "now-3h1d", "now-", "paid", "now -1d", ""])
def test_relative_instants_refused(text):
    with pytest.raises(ValueError):
        DemoTime(NOW).relative(text)  # "paid" without a payment is refused too
