"""A store's practice rules (cases.practice): the follow-up cadence per channel and a platform's
own promise clocks, in the deadlines they give, their checks, and the deadline stamp."""

from __future__ import annotations

import pytest
from domain_helpers import ev, make_case

from cases.deadline_kinds import CLOCK, PROMISE
from cases.deadlines import case_deadline, next_follow_up
from cases.durations import DurationError
from cases.practice import NO_RULES, PracticeError, PracticeRules, platform_key
from cases.summary import deadline_stamp, summarize
from cases.workdays import WorkCalendar

SUB, ACC, CON = "submitted", "accepted", "contact"


def _complaint(platform="汇想卡盟", *more):
    case = make_case(ev(SUB, "platform-complaint", "2026-06-01T10:00:00+08:00"), *more)
    case.platform = platform
    return case


def test_without_rules_the_channels_clock_and_cadence_apply():
    case = _complaint()
    assert case_deadline(case).at.isoformat() == "2026-06-03T10:00:00+08:00"  # 48 h (channels.json)
    assert case_deadline(case, practice=NO_RULES) == case_deadline(case)
    assert next_follow_up(case).at.isoformat() == "2026-06-03T10:00:00+08:00"  # every 2 days


def test_a_platforms_own_clock_replaces_the_channels_hours_for_that_platform_only():
    rules = NO_RULES.with_promise("汇想卡盟", "platform-complaint", "72h")
    own = case_deadline(_complaint(" 汇想卡盟 "), practice=rules)  # matched as typed, spaces ignored
    assert (own.at.isoformat(), own.kind, own.basis) == ("2026-06-04T10:00:00+08:00", CLOCK, "")
    other = case_deadline(_complaint("旺旺卡盟"), practice=rules)
    assert other.at.isoformat() == "2026-06-03T10:00:00+08:00"


def test_a_clock_in_working_days_counts_the_calendar():
    rules = NO_RULES.with_promise("汇想卡盟", "platform-complaint", "3个工作日")
    # Mon 2026-06-01 + 3 working days; the 2026 schedule is estimated without a published one
    due = case_deadline(_complaint(), WorkCalendar(), practice=rules)
    assert due.working_days and due.at.isoformat() == "2026-06-04T23:59:59+08:00"


def test_a_promise_the_agent_made_still_wins_over_the_platforms_rule():
    case = make_case(ev(SUB, "platform-cs", "2026-06-01T10:00:00+08:00", deadline="2026-06-01T12:00:00+08:00"))
    case.platform = "汇想卡盟"
    rules = NO_RULES.with_promise("汇想卡盟", "platform-cs", "8h")
    assert case_deadline(case, practice=rules).kind == PROMISE
    case.timeline[0].deadline = None
    assert case_deadline(case, practice=rules).at.isoformat() == "2026-06-01T18:00:00+08:00"


def test_the_cadence_per_channel():
    rules = NO_RULES.with_follow_up("platform-complaint", 1)
    assert next_follow_up(_complaint(), practice=rules).at.isoformat() == "2026-06-02T10:00:00+08:00"
    # a channel without a clock is under the cadence alone: its deadline moves too
    assoc = make_case(ev(SUB, "consumer-assoc", "2026-06-01T10:00:00+08:00"))
    rules = rules.with_follow_up("consumer-assoc", 10)
    assert case_deadline(assoc, practice=rules).at.isoformat() == "2026-06-11T10:00:00+08:00"
    assert rules.with_follow_up("consumer-assoc", None).follow_up == {"platform-complaint": 1}


def test_statutory_clocks_cannot_be_replaced():
    for channel in ("12315", "12315-report", "police", "consumer-assoc"):
        with pytest.raises(PracticeError) as err:
            NO_RULES.with_promise("汇想卡盟", channel, "24h")
        assert channel in str(err.value)
    with pytest.raises(PracticeError, match="未知渠道"):
        NO_RULES.with_follow_up("nowhere", 3)
    with pytest.raises(PracticeError, match="1 至 60"):
        NO_RULES.with_follow_up("heimao", 0)
    with pytest.raises(DurationError):
        NO_RULES.with_promise("汇想卡盟", "heimao", "soon")
    with pytest.raises(PracticeError, match="平台名称"):
        NO_RULES.with_promise("  ", "heimao", "24h")
    assert "whole number" in PracticeError("cases.practice.follow_up_range", "en", value=0, min=1, max=60).message("en")


def test_rules_round_trip_and_a_hand_edited_document_loses_only_what_no_longer_checks():
    rules = (NO_RULES.with_follow_up("heimao", 2).with_promise("汇想卡盟", "platform-complaint", "72小时")
             .with_promise("汇想卡盟", "platform-cs", "2h"))
    assert PracticeRules.from_doc(rules.to_doc()) == rules
    assert rules.promise["汇想卡盟"]["platform-complaint"] == "3天"  # stored as the canonical text
    doc = rules.to_doc()
    doc["follow_up"]["gone"] = 3
    doc["promise"]["汇想卡盟"]["12315"] = "1h"
    doc["promise"]["旺旺"] = {"heimao": "later"}
    assert PracticeRules.from_doc(doc) == rules
    # one platform, however its name was typed
    assert platform_key("ＡＢＣ 卡盟") == platform_key("abc卡盟")
    again = rules.with_promise("汇想卡盟 ", "platform-cs", None)
    assert list(again.promise) == ["汇想卡盟"] and dict(again.promise["汇想卡盟"]) == {"platform-complaint": "3天"}


def test_the_stamp_changes_with_the_rules_and_stays_as_it_was_without():
    calendar = WorkCalendar()
    plain = deadline_stamp(calendar)
    assert deadline_stamp(calendar, NO_RULES) == plain
    rules = NO_RULES.with_follow_up("heimao", 2)
    assert deadline_stamp(calendar, rules) == f"{plain}:{rules.checksum}"
    assert rules.checksum != NO_RULES.with_follow_up("heimao", 3).checksum
    summary = summarize(_complaint(), calendar, NO_RULES.with_promise("汇想卡盟", "platform-complaint", "72h"))
    assert summary.deadline == "2026-06-04T10:00:00+08:00" and summary.stamp.startswith(plain + ":")
