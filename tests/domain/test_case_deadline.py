"""The deadline a case is under, for every clock kind."""

from __future__ import annotations

from domain_helpers import ev, make_case

from cases.deadlines import case_deadline
from cases.model import Status

SUB, ACC, CON, URG, RES, NOTE = "submitted", "accepted", "contact", "urged", "result", "note"


def iso(deadline) -> str:
    return deadline.at.isoformat()


def test_12315_submitted_seven_working_days():
    d = case_deadline(make_case(ev(SUB, "12315", "2026-09-29T10:00:00+08:00")))
    assert iso(d) == "2026-10-14T23:59:59+08:00"
    assert (d.kind, d.working_days, d.estimated, d.channel) == ("clock", True, False, "12315")
    assert "第十四条" in d.basis
    assert d.since.isoformat() == "2026-09-29T10:00:00+08:00"


def test_12315_day_is_taken_in_shanghai():
    # stored in UTC: 2026-09-29T20:00Z is 2026-09-30 04:00 in Shanghai
    d = case_deadline(make_case(ev(SUB, "12315", "2026-09-29T20:00:00Z")))
    assert iso(d) == "2026-10-15T23:59:59+08:00"
    # no offset: Asia/Shanghai
    d = case_deadline(make_case(ev(SUB, "12315", "2026-09-29T10:00:00")))
    assert iso(d) == "2026-10-14T23:59:59+08:00"


def test_12315_accepted_45_working_days():
    case = make_case(ev(SUB, "12315", "2026-09-29T10:00:00+08:00"), ev(ACC, "12315", "2026-10-09T15:00:00+08:00"))
    d = case_deadline(case)
    assert iso(d) == "2026-12-10T23:59:59+08:00"
    assert (d.kind, d.working_days) == ("clock", True)


def test_12315_report_and_accepted_without_after_accept_clock():
    d = case_deadline(make_case(ev(SUB, "12315-report", "2026-09-29T10:00:00+08:00")))
    assert iso(d) == "2026-10-26T23:59:59+08:00"
    case = make_case(ev(SUB, "12315-report", "2026-09-29T10:00:00+08:00"),
                     ev(ACC, "12315-report", "2026-10-09T10:00:00+08:00"))
    d = case_deadline(case)
    assert (d.kind, iso(d)) == ("follow_up", "2026-10-14T10:00:00+08:00")  # every 5 days


def test_unpublished_year_is_estimated():
    d = case_deadline(make_case(ev(SUB, "12315", "2030-03-01T10:00:00+08:00")))
    assert d.estimated is True


def test_platform_cs_default_24_hours():
    d = case_deadline(make_case(ev(SUB, "platform-cs", "2026-09-29T10:00:00+08:00")))
    assert (d.kind, iso(d), d.working_days, d.basis) == ("clock", "2026-09-30T10:00:00+08:00", False, "")


def test_platform_complaint_48_hours():
    d = case_deadline(make_case(ev(SUB, "platform-complaint", "2026-09-29T10:00:00+08:00")))
    assert iso(d) == "2026-10-01T10:00:00+08:00"


def test_promise_overrides_the_clock():
    case = make_case(ev(SUB, "platform-cs", "2026-09-29T10:00:00+08:00", ticket="T1"),
                     ev(CON, "platform-cs", "2026-09-29T11:00:00+08:00", deadline="2026-09-29T13:00:00+08:00",
                        promised="2小时内回复", agent="8848"))
    d = case_deadline(case)
    assert (d.kind, iso(d), d.since.isoformat()) == ("promise", "2026-09-29T13:00:00+08:00", "2026-09-29T11:00:00+08:00")


def test_promise_on_submission_wins_over_default_hours():
    case = make_case(ev(SUB, "platform-cs", "2026-09-29T10:00:00+08:00", deadline="2026-09-29T12:00:00+08:00"))
    assert case_deadline(case).kind == "promise"


def test_contact_and_urge_do_not_reset_the_clock():
    case = make_case(ev(SUB, "platform-complaint", "2026-09-29T10:00:00+08:00"),
                     ev(CON, "platform-complaint", "2026-09-30T10:00:00+08:00", said="在处理"),
                     ev(URG, "platform-complaint", "2026-10-02T10:00:00+08:00"),
                     ev(NOTE, "platform-complaint", "2026-10-03T10:00:00+08:00"))
    d = case_deadline(case)
    assert (d.kind, iso(d)) == ("clock", "2026-10-01T10:00:00+08:00")


def test_latest_defining_event_wins_resubmission():
    case = make_case(ev(SUB, "platform-cs", "2026-09-29T10:00:00+08:00", deadline="2026-09-29T12:00:00+08:00"),
                     ev(SUB, "platform-cs", "2026-09-30T10:00:00+08:00"))
    d = case_deadline(case)
    assert (d.kind, iso(d)) == ("clock", "2026-10-01T10:00:00+08:00")


def test_current_channel_is_that_of_the_latest_event():
    case = make_case(ev(SUB, "platform-cs", "2026-09-29T10:00:00+08:00"),
                     ev(SUB, "12315", "2026-09-29T12:00:00+08:00"),
                     ev(NOTE, "platform-cs", "2026-09-30T12:00:00+08:00"))
    d = case_deadline(case)
    assert (d.channel, iso(d)) == ("12315", "2026-10-14T23:59:59+08:00")


def test_no_defining_event_follows_up_from_the_latest():
    case = make_case(ev(CON, "platform-cs", "2026-09-29T10:00:00+08:00"),
                     ev(CON, "platform-cs", "2026-09-29T18:00:00+08:00"))
    d = case_deadline(case)
    assert (d.kind, iso(d)) == ("follow_up", "2026-09-30T18:00:00+08:00")  # cadence 1 day


def test_none_clock_channel_any_event_restarts_cadence():
    case = make_case(ev(SUB, "consumer-assoc", "2026-09-29T10:00:00+08:00"))
    d = case_deadline(case)
    assert (d.kind, iso(d), d.working_days) == ("follow_up", "2026-10-04T10:00:00+08:00", False)
    case.add_event(ev(CON, "consumer-assoc", "2026-10-02T09:00:00+08:00"))
    assert iso(case_deadline(case)) == "2026-10-07T09:00:00+08:00"
    case.add_event(ev(NOTE, "consumer-assoc", "2026-10-03T09:00:00+08:00"))
    assert iso(case_deadline(case)) == "2026-10-07T09:00:00+08:00"  # notes never move a clock


def test_none_clock_channel_promise():
    case = make_case(ev(SUB, "police", "2026-09-29T10:00:00+08:00"),
                     ev(CON, "police", "2026-09-30T10:00:00+08:00", deadline="2026-10-20T17:00:00+08:00"))
    d = case_deadline(case)
    assert (d.kind, iso(d)) == ("promise", "2026-10-20T17:00:00+08:00")
    d = case_deadline(make_case(ev(SUB, "court", "2026-09-29T10:00:00+08:00")))
    assert iso(d) == "2026-10-06T10:00:00+08:00"


def test_hours_channel_accepted_follows_up():
    case = make_case(ev(SUB, "heimao", "2026-09-29T10:00:00+08:00"), ev(ACC, "heimao", "2026-09-30T10:00:00+08:00"))
    d = case_deadline(case)
    assert (d.kind, iso(d)) == ("follow_up", "2026-10-03T10:00:00+08:00")


def test_unknown_channel_follows_up_every_three_days():
    d = case_deadline(make_case(ev(SUB, "weibo", "2026-09-29T10:00:00+08:00")))
    assert (d.kind, iso(d), d.channel) == ("follow_up", "2026-10-02T10:00:00+08:00", "weibo")


def test_unreadable_promise_falls_back_to_clock():
    case = make_case(ev(SUB, "platform-complaint", "2026-09-29T10:00:00+08:00", deadline="whenever"))
    assert iso(case_deadline(case)) == "2026-10-01T10:00:00+08:00"


def test_closed_and_empty_cases_have_no_deadline():
    assert case_deadline(make_case()) is None
    assert case_deadline(make_case(ev(NOTE, "12315", "2026-09-29T10:00:00+08:00"))) is None
    for status in (Status.RESOLVED, Status.PARTLY_RESOLVED, Status.REFUSED, Status.WITHDRAWN):
        assert case_deadline(make_case(ev(SUB, "12315", "2026-09-29T10:00:00+08:00"), status=status)) is None
    assert case_deadline(make_case(ev(SUB, "12315", "2026-09-29T10:00:00+08:00"), status=Status.WAITING)) is not None
