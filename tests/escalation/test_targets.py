"""Where to escalate next."""

from __future__ import annotations

import pytest
from escalation_helpers import NOW, ev, full_case

from cases.escalation import next_tier, suggest_targets


def _at(channel: str, category: str = "recharge-missing"):
    case = full_case(category=category, timeline=[])
    if channel:
        case.add_event(ev("submitted", channel, "2026-06-10T10:00:00+08:00"))
    return case


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        ("", ["platform-cs"]),
        ("platform-cs", ["platform-complaint"]),
        ("platform-complaint", ["12315", "heimao", "jutousu"]),
        ("12315", ["consumer-assoc", "court"]),
        ("12315-report", ["police"]),
        ("heimao", ["12315", "consumer-assoc"]),  # ladder order
        ("jutousu", ["12315", "consumer-assoc"]),
        ("consumer-assoc", ["police", "court"]),
        ("police", ["court"]),
        ("court", []),
    ],
)
def test_suggestions_follow_the_ladder(current, expected):
    assert suggest_targets(_at(current), NOW) == expected


@pytest.mark.parametrize("category", ["ran-away", "illegal-goods"])
def test_illegal_categories_go_to_the_police_first(category):
    assert suggest_targets(_at("", category), NOW) == ["police", "12315-report"]
    assert suggest_targets(_at("platform-cs", category), NOW) == ["police", "12315-report", "platform-complaint"]
    assert suggest_targets(_at("12315-report", category), NOW) == ["police"]
    assert suggest_targets(_at("police", category), NOW) == ["12315-report", "court"]


def test_never_the_current_channel_and_notes_do_not_count():
    case = _at("platform-complaint")
    case.add_event(ev("note", "heimao", "2026-06-11T10:00:00+08:00"))
    for channel in ("platform-cs", "platform-complaint", "12315", "heimao", "court"):
        assert channel not in suggest_targets(_at(channel), NOW)
    assert suggest_targets(case, NOW)[0] == "12315"


def test_an_unknown_current_channel_starts_over():
    case = full_case(timeline=[])
    case.add_event(ev("submitted", "weibo", "2026-06-10T10:00:00+08:00"))
    assert suggest_targets(case, NOW) == ["platform-cs"]


def test_next_tier_names_a_higher_tier():
    case = full_case()
    assert next_tier(case, "platform-cs") == "platform-complaint"
    assert next_tier(case, "platform-complaint") == "12315"
    assert next_tier(case, "12315") == "consumer-assoc"
    assert next_tier(case, "heimao") == "consumer-assoc"
    assert next_tier(case, "court") == ""
