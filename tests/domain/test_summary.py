"""Summaries: the same deadline, urgency and order as the full case computations."""

from __future__ import annotations

import json

from cases.clock import FixedClock
from cases.countdown import format_countdown, remaining_seconds, urgency_of
from cases.deadlines import case_deadline, case_next
from cases.demo import build_demo
from cases.summary import CaseSummary, summarize
from cases.urgency import by_urgency, summary_key, urgency_at
from cases.workdays import WorkCalendar

NOW = FixedClock("2026-11-22T10:00:00+08:00").now()


def demo_cases(n=None):
    return build_demo(NOW, n_cases=n)[0]


def test_summary_round_trips_through_json():
    for case in demo_cases():
        s = summarize(case)
        assert CaseSummary.from_dict(json.loads(json.dumps(s.to_dict(), ensure_ascii=False))) == s


def test_summary_deadline_matches_the_case():
    cal = WorkCalendar()
    for case in demo_cases(300):
        s = summarize(case, cal)
        full = case_deadline(case, cal)
        rebuilt = s.to_deadline()
        assert (full is None) == (rebuilt is None)
        if full is None:
            continue
        assert rebuilt == full
        first = case_next(case, cal).first  # what the countdown shows: follow-up or deadline, first
        assert s.remaining(NOW.timestamp()) == remaining_seconds(first, NOW)
        assert urgency_at(s, NOW.timestamp()) == urgency_of(first, NOW)
        assert format_countdown(rebuilt, NOW, "zh", cal) == format_countdown(full, NOW, "zh", cal)


def test_summary_order_is_the_urgency_order():
    cases = demo_cases(400)
    expected = [c.id for c, _ in by_urgency(((c, case_next(c).first) for c in cases), NOW)]
    got = [s.id for s in sorted((summarize(c) for c in cases), key=summary_key)]
    assert got == expected


def test_stamp_follows_the_user_schedule(tmp_path):
    plain = WorkCalendar().stamp
    schedule = tmp_path / "schedule.json"
    schedule.write_text(json.dumps({"years": {"2027": {"holidays": ["2027-01-01"], "workdays": []}}}))
    assert WorkCalendar(schedule).stamp != plain
    assert WorkCalendar(schedule).stamp == WorkCalendar(schedule).stamp


def test_library_version_is_read_without_importing_holidays():
    import holidays

    from cases.workdays import library_version

    assert library_version() == holidays.__version__


def test_summary_countdown_equals_the_full_computation():
    cal = WorkCalendar()
    for hours in (0, 5, 30, 24 * 9, -3, -50):
        now = NOW.shift(hours=hours)
        today = now.date()
        for case in demo_cases(200):
            s = summarize(case, cal)
            for lang in ("zh", "en"):
                assert s.countdown(now.timestamp(), today, lang, cal) == format_countdown(
                    case_next(case, cal).first, now, lang, cal)


def test_the_deadline_stamp_covers_the_rules_and_the_calendar(tmp_path, monkeypatch):
    from cases import deadline_kinds
    from cases.channels import ladder_checksum
    from cases.summary import deadline_stamp, stamp_order

    plain = deadline_stamp(WorkCalendar())
    assert plain == f"{deadline_kinds.RULES_VERSION}:{WorkCalendar().stamp}:{ladder_checksum()}"
    schedule = tmp_path / "schedule.json"
    schedule.write_text(json.dumps({"years": {"2027": {"holidays": ["2027-01-01"], "workdays": []}}}))
    assert deadline_stamp(WorkCalendar(schedule)) != plain  # another calendar
    assert stamp_order(deadline_stamp(WorkCalendar(schedule))) == stamp_order(plain)  # ... not newer rules
    monkeypatch.setattr(deadline_kinds, "RULES_VERSION", deadline_kinds.RULES_VERSION + 1)
    bumped = deadline_stamp(WorkCalendar())
    assert bumped != plain and stamp_order(bumped) > stamp_order(plain)
    assert summarize(demo_cases(3)[0], WorkCalendar()).stamp == bumped


def test_stamp_order_reads_every_stamp_ever_written():
    from cases.summary import stamp_order

    assert stamp_order("0.109/-") == (0, (0, 109))  # written before the rules version existed
    assert stamp_order("0.109/3f2a9c1e0b") == (0, (0, 109))
    assert stamp_order("1:0.109/-:0b0cef0d") == (1, (0, 109))
    assert stamp_order("1:0.110/-:0b0cef0d") > stamp_order("1:0.109/-:0b0cef0d")  # newer published data
    assert stamp_order("2:0.100/-:00000000") > stamp_order("1:0.110/-:0b0cef0d")  # newer rules win
    assert stamp_order("not a stamp") == (0, ())


#: channels.json as of the current RULES_VERSION. The clocks are data: a change to the file is a
#: change of the deadline rules, so it comes with a bump of cases.deadline_kinds.RULES_VERSION (stored
#: deadlines are then recomputed once, see storage.summaries) and a new pair here.
RULES_OF_CHANNELS = (3, "8593d621")


def test_channels_json_changes_come_with_a_rules_bump():
    from cases.channels import ladder_checksum
    from cases.deadline_kinds import RULES_VERSION

    assert (RULES_VERSION, ladder_checksum()) == RULES_OF_CHANNELS, (
        "cases/data/channels.json changed: bump cases.deadline_kinds.RULES_VERSION and update RULES_OF_CHANNELS")
