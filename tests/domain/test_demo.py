"""The sample data (cases.demo): coverage for newcomers, scale for benchmarks, determinism."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

import arrow
import pytest

from cases.categories import categories
from cases.channels import ladder
from cases.clock import parse_instant
from cases.countdown import remaining_seconds
from cases.deadlines import case_deadline
from cases.demo import build_demo
from cases.identifiers import check_credit_code, check_id_number, check_phone
from cases.ids import format_case_id
from cases.model import Case, EventKind, Group, Status
from cases.privacy import mask_id_number, mask_phone

NOW = arrow.get("2026-06-15T10:00:00+08:00")
ISO_CST = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")
ICP = re.compile(r"^[\u4e00-\u9fff]ICP备\d{10}号(-\d+)?$")


@pytest.fixture(scope="module")
def demo() -> tuple[list[Case], list[Group]]:
    return build_demo(NOW)


@pytest.fixture(scope="module")
def bulk() -> tuple[list[Case], list[Group]]:
    return build_demo(NOW, n_cases=300)


def _deadlines(cases: list[Case]) -> list[tuple[Case, int | None]]:
    out = []
    for case in cases:
        d = case_deadline(case)
        out.append((case, remaining_seconds(d, NOW) if d else None))
    return out


# -- the hand-written set -----------------------------------------------------------


def test_default_set_size_and_ids(demo):
    cases, groups = demo
    assert 12 <= len(cases) <= 16
    assert [c.id for c in cases] == [format_case_id(n) for n in range(1, len(cases) + 1)]
    assert len(groups) == 1


def test_every_channel_of_the_ladder_is_used(demo):
    cases, _ = demo
    used = {e.channel for c in cases for e in c.timeline}
    assert used == {cid for cid, chan in ladder().items() if chan.letter}  # record-only bodies are not needed


def test_every_category_is_used(demo):
    cases, _ = demo
    assert {c.category for c in cases} == set(categories())


def test_deadlines_overdue_and_close(demo):
    cases, _ = demo
    left = [s for _, s in _deadlines(cases) if s is not None]
    assert any(s < 0 for s in left), "an overdue case"
    assert any(-3 * 86400 < s < -86400 for s in left), "one overdue by about two days"
    assert any(0 <= s <= 3600 for s in left), "one due within the hour (40 minutes)"
    assert any(3600 < s <= 6 * 3600 for s in left), "one due in about 5 hours"
    assert any(0 <= s < 86400 for s in left)


def test_the_40_minute_promise(demo):
    cases, _ = demo
    promise = [(c, case_deadline(c)) for c in cases]
    hits = [(c, d) for c, d in promise if d and d.kind == "promise" and remaining_seconds(d, NOW) == 40 * 60]
    assert hits
    case, _ = hits[0]
    assert case.current_event.promised == "2小时内回复"


def test_a_working_day_clock_and_one_after_acceptance(demo):
    cases, _ = demo
    deadlines = [case_deadline(c) for c in cases]
    working = [d for d in deadlines if d and d.working_days]
    assert working
    assert any("第十四条" in d.basis for d in working)
    accepted = [c for c in cases if c.current_event and c.current_event.kind == EventKind.ACCEPTED]
    assert accepted and accepted[0].current_channel == "12315"


def test_the_broken_promise_story(demo):
    """platform-cs promise broken → formal complaint → 12315 submitted and accepted."""
    cases, _ = demo
    story = cases[0]
    kinds = [(e.kind, e.channel) for e in story.timeline]
    assert ("contact", "platform-cs") in kinds
    assert kinds.index(("submitted", "platform-complaint")) < kinds.index(("submitted", "12315"))
    assert kinds.index(("submitted", "12315")) < kinds.index(("accepted", "12315"))
    promise = next(e for e in story.timeline if e.promised)
    assert "2小时" in promise.promised and promise.deadline


def test_closed_cases(demo):
    cases, _ = demo
    statuses = Counter(c.status for c in cases)
    assert statuses[Status.RESOLVED] >= 1 and statuses[Status.REFUSED] >= 1
    assert all(case_deadline(c) is None for c in cases if c.closed)


def test_group_and_lead_case(demo):
    cases, groups = demo
    group = groups[0]
    assert group.name == "旺旺卡盟跑路集体维权" and group.platform == "旺旺卡盟"
    assert 35 <= len(group.participants) <= 45
    lead = [c for c in cases if c.group_id == group.id]
    assert lead and any(c.category == "ran-away" and c.current_channel == "police" for c in lead)
    assert any(p.poa for p in group.participants) and not all(p.poa for p in group.participants)
    assert all(check_phone(p.phone) is None for p in group.participants)
    assert sum(p.amount for p in group.participants) > Decimal("1000")
    assert group.case_id in {c.id for c in lead}
    linked = {p.case_id for p in group.participants if p.case_id}
    assert linked <= {c.id for c in cases}


def test_entities_are_well_formed(demo):
    cases, _ = demo
    for case in cases:
        e = case.entity
        assert e.name.endswith("有限公司"), case.id
        assert check_credit_code(e.credit_code) is None, (case.id, e.credit_code)
        assert ICP.match(e.icp), e.icp
        assert e.address
    assert len({c.platform for c in cases}) >= 6
    for name in ("好客权益卡盟", "汇想卡盟", "旺旺卡盟", "未来卡盟"):
        assert name in {c.platform for c in cases}


def test_personal_data_to_exercise_masking(demo):
    cases, _ = demo
    people = [c.complainant for c in cases if c.complainant.phone]
    assert len(people) >= 4
    assert all(check_phone(p.phone) is None and p.phone.startswith("1380013") for p in people)
    ids = [p.id_number for p in people if p.id_number]
    assert len(ids) >= 3
    for number in ids:
        assert check_id_number(number) is None
        assert number[6:14] not in mask_id_number(number)
    assert all(mask_phone(p.phone) != p.phone for p in people)
    assert any("银行卡" in c.notes for c in cases)


def test_orders_demands_tags_notes_evidence(demo):
    cases, _ = demo
    orders = [o for c in cases for o in c.orders]
    assert all(isinstance(o.amount, Decimal) and o.amount > 0 for o in orders)
    assert {o.payment_channel for o in orders} >= {"支付宝", "微信支付", "银行卡"}
    assert any(c.demands.basic and c.demands.compensation for c in cases)
    assert all(c.demands.basic for c in cases)
    assert sum(1 for c in cases if c.tags) >= 10
    assert sum(1 for c in cases if c.notes) >= 4
    kinds = {item.kind for c in cases for item in c.evidence}
    assert kinds == {"transaction", "communication", "anomaly"}
    assert all(len(item.sha256) == 64 for c in cases for item in c.evidence)
    assert any("私下" in (c.notes + "".join(e.said for e in c.timeline)) for c in cases)


def test_times_are_iso_with_offset_and_never_in_the_future(demo):
    cases, groups = demo
    for case in cases:
        stamps = [case.created, case.updated] + [e.at for e in case.timeline]
        stamps += [o.paid_at for o in case.orders if o.paid_at] + [i.recorded_at for i in case.evidence]
        for stamp in stamps:
            assert ISO_CST.match(stamp), stamp
            assert parse_instant(stamp) <= NOW
        assert [e.seq for e in case.timeline] == sorted({e.seq for e in case.timeline}) or case.timeline == []
        assert case.timeline == sorted(case.timeline, key=lambda e: e.at)
    assert ISO_CST.match(groups[0].created)


def test_text_is_chinese(demo):
    cases, groups = demo
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for case in cases:
        assert cjk.search(case.title) and cjk.search(case.platform)
        for event in case.timeline:
            assert not event.said or cjk.search(event.said)
    assert cjk.search(groups[0].description)


def test_round_trip_through_dicts(demo):
    cases, groups = demo
    for case in cases:
        assert Case.from_dict(case.to_dict()).to_dict() == case.to_dict()
    assert Group.from_dict(groups[0].to_dict()).to_dict() == groups[0].to_dict()


def test_deterministic_and_relative_to_now(demo):
    again, groups = build_demo(NOW)
    assert [c.to_dict() for c in again] == [c.to_dict() for c in demo[0]]
    assert groups[0].to_dict() == demo[1][0].to_dict()
    later, _ = build_demo(NOW.shift(days=3))
    # Same story three days later: the same countdowns.
    before = [s for _, s in _deadlines(demo[0])]
    after = []
    for case in later:
        d = case_deadline(case)
        after.append(remaining_seconds(d, NOW.shift(days=3)) if d else None)
    same = [a == b for a, b in zip(before, after, strict=True) if a is not None]
    assert sum(same) >= len(same) - 3  # working-day clocks may differ around weekends


# -- the generated set --------------------------------------------------------------


def test_bulk_size_channels_and_group(bulk):
    cases, groups = bulk
    assert len(cases) == 300
    assert [c.id for c in cases[:3]] == ["K-0001", "K-0002", "K-0003"]
    assert len({c.id for c in cases}) == 300
    # the generated store keeps the routes its benchmark figures were measured on
    assert {e.channel for c in cases for e in c.timeline} == set(ladder()) - {"payment", "arbitration", "other-authority"}
    assert len(groups) == 1 and len(groups[0].participants) == 3000
    assert cases[0].group_id == groups[0].id
    average = sum(len(c.timeline) for c in cases) / len(cases)
    assert 8 <= average <= 12


def test_bulk_urgency_mix(bulk):
    cases, _ = bulk
    left = [s for _, s in _deadlines(cases)]
    assert sum(1 for s in left if s is not None and s < 0) >= 10
    assert sum(1 for s in left if s is not None and 0 <= s < 86400) >= 5
    assert sum(1 for c in cases if c.closed) >= 10
    for case in cases[:50]:
        assert case.timeline == sorted(case.timeline, key=lambda e: e.at)
        assert all(parse_instant(e.at) <= NOW for e in case.timeline)
        assert Case.from_dict(case.to_dict()).to_dict() == case.to_dict()


def test_bulk_deterministic_per_seed(bulk):
    again, _ = build_demo(NOW, n_cases=300)
    assert [c.to_dict() for c in again] == [c.to_dict() for c in bulk[0]]
    other, _ = build_demo(NOW, n_cases=300, seed=8)
    assert [c.to_dict() for c in other] != [c.to_dict() for c in bulk[0]]


def test_bulk_zero_and_negative():
    assert build_demo(NOW, n_cases=0)[0] == []
    with pytest.raises(ValueError):
        build_demo(NOW, n_cases=-1)


def test_ten_thousand_cases():
    """(How long it takes is printed by bench/generate.py, not timed here.)"""
    cases, groups = build_demo(NOW, n_cases=10_000)
    events = sum(len(c.timeline) for c in cases)
    assert len(cases) == 10_000 and 90_000 <= events <= 115_000
    assert len(groups[0].participants) == 3000
