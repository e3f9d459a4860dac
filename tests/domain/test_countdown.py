"""Countdown text and urgency, in both languages, as time moves."""

from __future__ import annotations

import pytest
from domain_helpers import ev, make_case, t

from cases.clock import FixedClock
from cases.countdown import Urgency, format_countdown, remaining_seconds, urgency_of
from cases.deadlines import Deadline, case_deadline


def dl(at: str, kind: str = "clock", working_days: bool = False, estimated: bool = False) -> Deadline:
    return Deadline(t(at), kind, working_days, estimated, "platform-cs", "", t("2026-09-29T00:00"))


HOURS = dl("2026-10-01T12:00:00+08:00")


@pytest.mark.parametrize(
    ("now", "zh", "en", "urgency"),
    [
        ("2026-09-29T09:00", "剩 2天3小时", "2d 3h left", Urgency.LATER),
        ("2026-09-30T12:00:00", "剩 1天", "1d left", Urgency.LATER),  # exactly 24 h
        ("2026-09-30T12:00:01", "剩 23小时59分", "23h 59m left", Urgency.SOON),
        ("2026-10-01T08:48", "剩 3小时12分", "3h 12m left", Urgency.SOON),
        ("2026-10-01T09:00", "剩 3小时", "3h left", Urgency.SOON),
        ("2026-10-01T11:15", "剩 45分", "45m left", Urgency.SOON),
        ("2026-10-01T11:59:30", "剩 不到1分", "<1m left", Urgency.SOON),
        ("2026-10-01T12:00:00", "剩 不到1分", "<1m left", Urgency.SOON),  # met up to its instant
        ("2026-10-01T12:00:01", "逾期 不到1分", "overdue <1m", Urgency.OVERDUE),
        ("2026-10-01T12:20", "逾期 20分", "overdue 20m", Urgency.OVERDUE),
        ("2026-10-01T15:30", "逾期 3小时", "overdue 3h", Urgency.OVERDUE),
        ("2026-10-02T11:59", "逾期 23小时", "overdue 23h", Urgency.OVERDUE),
        ("2026-10-02T12:00", "逾期 1天", "overdue 1d", Urgency.OVERDUE),
        ("2026-10-04T20:00", "逾期 3天", "overdue 3d", Urgency.OVERDUE),
    ],
)
def test_calendar_countdown(now, zh, en, urgency):
    assert format_countdown(HOURS, t(now)) == zh
    assert format_countdown(HOURS, t(now), lang="en") == en
    assert urgency_of(HOURS, t(now)) is urgency


def test_remaining_seconds_sign():
    assert remaining_seconds(HOURS, t("2026-10-01T11:00")) == 3600
    assert remaining_seconds(HOURS, t("2026-10-01T13:00")) == -3600
    assert remaining_seconds(HOURS, t("2026-10-01T04:00:00Z")) == 0  # same instant in UTC


def test_no_deadline():
    assert format_countdown(None, t("2026-10-01T12:00")) == "—"
    assert format_countdown(None, t("2026-10-01T12:00"), lang="en") == "—"
    assert urgency_of(None, t("2026-10-01T12:00")) is Urgency.NONE


WD = dl("2026-10-14T23:59:59+08:00", working_days=True)  # the 12315 example


@pytest.mark.parametrize(
    ("now", "zh", "en"),
    [
        ("2026-09-29T10:00", "剩 8个工作日", "8 working days left"),  # today (a working day) counts
        ("2026-10-03T10:00", "剩 6个工作日", "6 working days left"),  # a holiday does not
        ("2026-10-10T10:00", "剩 4个工作日", "4 working days left"),  # Saturday worked
        ("2026-10-11T10:00", "剩 3个工作日", "3 working days left"),  # Sunday off
        ("2026-10-13T23:00", "剩 2个工作日", "2 working days left"),
        ("2026-10-14T00:00", "剩 23小时59分", "23h 59m left"),  # last working day: hours
        ("2026-10-14T21:00", "剩 2小时59分", "2h 59m left"),
        ("2026-10-15T00:00", "逾期 不到1分", "overdue <1m"),
        ("2026-10-15T03:00", "逾期 3小时", "overdue 3h"),
        ("2026-10-16T01:00", "逾期 1天", "overdue 1d"),
    ],
)
def test_working_day_countdown(now, zh, en):
    assert format_countdown(WD, t(now)) == zh
    assert format_countdown(WD, t(now), lang="en") == en


def test_working_days_fall_back_when_only_the_due_day_is_left():
    # due Monday 2026-11-02; on Saturday 10-31 only Monday remains: calendar time
    monday = dl("2026-11-02T23:59:59+08:00", working_days=True)
    assert format_countdown(monday, t("2026-10-31T12:00")) == "剩 2天11小时"
    assert format_countdown(monday, t("2026-10-31T12:00"), lang="en") == "2d 11h left"
    assert format_countdown(monday, t("2026-10-30T12:00")) == "剩 2个工作日"


def test_estimated_marker():
    est = dl("2030-03-20T23:59:59+08:00", working_days=True, estimated=True)
    assert format_countdown(est, t("2030-03-18T10:00")) == "剩 约3个工作日"
    assert format_countdown(est, t("2030-03-18T10:00"), lang="en") == "~3 working days left"
    assert format_countdown(est, t("2030-03-20T10:00")) == "剩 约13小时59分"
    assert format_countdown(est, t("2030-03-22T10:00")) == "逾期 约1天"
    assert format_countdown(est, t("2030-03-22T10:00"), lang="en") == "overdue ~1d"


def test_follow_up_prefix():
    fu = dl("2026-10-04T10:00+08:00", kind="follow_up")
    assert format_countdown(fu, t("2026-10-02T08:00")) == "跟进 剩 2天2小时"
    assert format_countdown(fu, t("2026-10-02T08:00"), lang="en") == "follow up 2d 2h left"
    assert format_countdown(fu, t("2026-10-05T10:00")) == "跟进 逾期 1天"
    assert format_countdown(fu, t("2026-10-05T10:00"), lang="en") == "follow up overdue 1d"


def test_text_changes_as_the_clock_moves():
    case = make_case(ev("submitted", "platform-cs", "2026-09-29T10:00:00+08:00"))
    deadline = case_deadline(case)
    clock = FixedClock("2026-09-29T10:00:00+08:00")
    seen = []
    for _ in range(6):
        seen.append(format_countdown(deadline, clock.now()))
        clock.advance(hours=5, minutes=7)
    assert seen == ["剩 1天", "剩 18小时53分", "剩 13小时46分", "剩 8小时39分", "剩 3小时32分", "逾期 1小时"]
    assert urgency_of(deadline, clock.now()) is Urgency.OVERDUE


def test_countdown_of_case_with_user_calendar(tmp_path):
    from cases.workdays import WorkCalendar

    path = tmp_path / "s.json"
    path.write_text('{"years": {"2030": {"holidays": ["2030-03-19"], "workdays": []}}}', "utf-8")
    cal = WorkCalendar(path)
    case = make_case(ev("submitted", "12315", "2030-03-11T10:00:00+08:00"))
    d = case_deadline(case, cal)  # 7 working days from Tue 03-12, Tue 03-19 off → Thu 03-21
    assert (d.at.isoformat(), d.estimated) == ("2030-03-21T23:59:59+08:00", False)
    assert format_countdown(d, t("2030-03-18T10:00"), calendar=cal) == "剩 3个工作日"
