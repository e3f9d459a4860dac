"""Times typed as people say them (cases.spoken_time through cases.clock.parse_instant),
read against a pinned "now" in Asia/Shanghai: one table per rule, month and year
boundaries included."""

from __future__ import annotations

import pytest

from cases.clock import FixedClock, TimeRangeError, TimeTextError, parse_instant
from cases.typed_deadline import resolve_deadline
from cases.spoken_time import shown_instant

#: Sunday 2026-11-22 10:00, the dashboard tests' "now".
SUNDAY = "2026-11-22T10:00:00+08:00"


def now(at: str = SUNDAY):
    return FixedClock(at).now()


def event(text: str, at: str = SUNDAY, lang: str = "zh") -> str:
    return parse_instant(text, lang, now(at)).isoformat()


def deadline(text: str, at: str = SUNDAY) -> str:
    return parse_instant(text, "zh", now(at), deadline=True).isoformat()


# -- every form, for something that happened ------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # month and day: this year's, or last year's when this year's is after today
        ("11-20 10:00", "2026-11-20T10:00:00+08:00"),
        ("11-30 10:00", "2025-11-30T10:00:00+08:00"),
        ("11月30日 10点", "2025-11-30T10:00:00+08:00"),
        ("11月22日 9点", "2026-11-22T09:00:00+08:00"),  # today is not after today
        ("11月22号下午3点", "2026-11-22T15:00:00+08:00"),  # today, later than now: the caller refuses it
        ("11/20 14:30", "2026-11-20T14:30:00+08:00"),
        ("十一月二十日", "2026-11-20T00:00:00+08:00"),
        ("2026年11月30日 10点", "2026-11-30T10:00:00+08:00"),  # a year given: taken as given
        ("2025/6/1 下午3点", "2025-06-01T15:00:00+08:00"),
        # days in words; a day without a time is 00:00 of that day
        ("昨天10点", "2026-11-21T10:00:00+08:00"),
        ("昨天 10:30", "2026-11-21T10:30:00+08:00"),
        ("今天 14:30", "2026-11-22T14:30:00+08:00"),
        ("今天", "2026-11-22T00:00:00+08:00"),
        ("前天", "2026-11-20T00:00:00+08:00"),
        ("大前天 8点", "2026-11-19T08:00:00+08:00"),
        ("昨晚11点", "2026-11-21T23:00:00+08:00"),
        ("今早7点半", "2026-11-22T07:30:00+08:00"),
        ("2天前10点", "2026-11-20T10:00:00+08:00"),
        # ago: now minus a duration, as parse_duration reads it
        ("3小时前", "2026-11-22T07:00:00+08:00"),
        ("30分钟前", "2026-11-22T09:30:00+08:00"),
        ("半小时前", "2026-11-22T09:30:00+08:00"),
        ("一个半小时以前", "2026-11-22T08:30:00+08:00"),
        ("2天前", "2026-11-20T10:00:00+08:00"),
        ("1周前", "2026-11-15T10:00:00+08:00"),
        ("现在", "2026-11-22T10:00:00+08:00"),
        # times of day alone: today's; a part of the day says a.m. or p.m.
        ("下午3点", "2026-11-22T15:00:00+08:00"),
        ("下午15点", "2026-11-22T15:00:00+08:00"),
        ("上午9点半", "2026-11-22T09:30:00+08:00"),
        ("晚上8点", "2026-11-22T20:00:00+08:00"),
        ("中午12点", "2026-11-22T12:00:00+08:00"),
        ("中午1点", "2026-11-22T13:00:00+08:00"),
        ("凌晨2点", "2026-11-22T02:00:00+08:00"),
        ("凌晨12点", "2026-11-22T00:00:00+08:00"),
        ("3点", "2026-11-22T03:00:00+08:00"),  # no part of the day: the 24-hour clock
        ("十点一刻", "2026-11-22T10:15:00+08:00"),
        ("9点三刻", "2026-11-22T09:45:00+08:00"),
        ("9点05分", "2026-11-22T09:05:00+08:00"),
        ("9时5分", "2026-11-22T09:05:00+08:00"),
        ("9:05:30", "2026-11-22T09:05:30+08:00"),
        ("24点", "2026-11-22T23:59:59+08:00"),  # the end of the day, as a deadline's bare date
        ("晚上12点", "2026-11-22T23:59:59+08:00"),
        # weekdays: weeks run Monday–Sunday; alone, the latest one up to today
        ("周一", "2026-11-16T00:00:00+08:00"),
        ("周日", "2026-11-22T00:00:00+08:00"),  # today is Sunday
        ("星期五 下午2点", "2026-11-20T14:00:00+08:00"),
        ("上周五", "2026-11-13T00:00:00+08:00"),
        ("上个星期一 9点", "2026-11-09T09:00:00+08:00"),
        ("上上周三", "2026-11-04T00:00:00+08:00"),
        ("本周一", "2026-11-16T00:00:00+08:00"),
        ("礼拜天", "2026-11-22T00:00:00+08:00"),
        # full-width digits and colons, spaces anywhere
        ("昨天１０：３０", "2026-11-21T10:30:00+08:00"),
        ("  下午 3 点 ", "2026-11-22T15:00:00+08:00"),
    ],
)
def test_events_said_as_people_do(text, expected):
    assert event(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday 10:00", "2026-11-21T10:00:00+08:00"),
        ("Yesterday 10am", "2026-11-21T10:00:00+08:00"),
        ("today 14:30", "2026-11-22T14:30:00+08:00"),
        ("today", "2026-11-22T00:00:00+08:00"),
        ("3h ago", "2026-11-22T07:00:00+08:00"),
        ("30 min ago", "2026-11-22T09:30:00+08:00"),
        ("2 days ago", "2026-11-20T10:00:00+08:00"),
        ("3pm", "2026-11-22T15:00:00+08:00"),
        ("3:30 p.m.", "2026-11-22T15:30:00+08:00"),
        ("12am", "2026-11-22T00:00:00+08:00"),
        ("12pm", "2026-11-22T12:00:00+08:00"),
        ("noon", "2026-11-22T12:00:00+08:00"),
        ("friday", "2026-11-20T00:00:00+08:00"),
        ("Mon 9:00", "2026-11-16T09:00:00+08:00"),
        ("now", "2026-11-22T10:00:00+08:00"),
    ],
)
def test_english_equivalents(text, expected):
    assert event(text, lang="en") == expected


# -- deadlines: a day ends at 23:59:59, a month and day is the nearest, a weekday the next --
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("明天上午10点", "2026-11-23T10:00:00+08:00"),
        ("明天", "2026-11-23T23:59:59+08:00"),
        ("后天下午5点", "2026-11-24T17:00:00+08:00"),
        ("今天", "2026-11-22T23:59:59+08:00"),
        ("3天后下午5点", "2026-11-25T17:00:00+08:00"),
        ("11-30", "2026-11-30T23:59:59+08:00"),  # this year's, not last year's as for an event
        ("11-20", "2026-11-20T23:59:59+08:00"),  # two days ago is nearer than next year: overdue
        ("5-23", "2027-05-23T23:59:59+08:00"),  # 182 days ahead, 183 back: the nearer one
        ("5-24", "2026-05-24T23:59:59+08:00"),  # 182 back, 183 ahead
        ("周一", "2026-11-23T23:59:59+08:00"),  # the next Monday
        ("周日", "2026-11-22T23:59:59+08:00"),  # today is Sunday
        ("周五下午6点", "2026-11-27T18:00:00+08:00"),
        ("下周一", "2026-11-23T23:59:59+08:00"),  # next calendar week's (Sunday ends this one)
        ("本周五", "2026-11-20T23:59:59+08:00"),  # this calendar week's, already past
        ("tomorrow 10am", "2026-11-23T10:00:00+08:00"),
        ("2026-11-30", "2026-11-30T23:59:59+08:00"),  # ISO 8601 too, as resolve_deadline reads it
        ("2026-12-1", "2026-12-01T23:59:59+08:00"),
        ("2026/12/01", "2026-12-01T23:59:59+08:00"),
        ("2026-11-30 18:00", "2026-11-30T18:00:00+08:00"),
        ("明天24点", "2026-11-23T23:59:59+08:00"),
    ],
)
def test_deadlines_said_as_people_do(text, expected):
    assert deadline(text) == expected


def test_a_bare_iso_date_of_an_event_is_still_its_midnight():
    assert event("2026-11-30") == "2026-11-30T00:00:00+08:00"
    assert parse_instant("2026-11-30").isoformat() == "2026-11-30T00:00:00+08:00"


# -- month and year boundaries -----------------------------------------------------------
@pytest.mark.parametrize(
    ("at", "text", "expected"),
    [
        ("2027-01-01T00:30:00+08:00", "昨天 23:00", "2026-12-31T23:00:00+08:00"),
        ("2027-01-01T00:30:00+08:00", "1小时前", "2026-12-31T23:30:00+08:00"),
        ("2027-01-01T00:30:00+08:00", "12-31 22:00", "2026-12-31T22:00:00+08:00"),
        ("2027-01-01T00:30:00+08:00", "1-1 0:10", "2027-01-01T00:10:00+08:00"),
        ("2027-01-01T00:30:00+08:00", "周四", "2026-12-31T00:00:00+08:00"),  # Fri 01-01
        ("2027-01-01T00:30:00+08:00", "上周五", "2026-12-25T00:00:00+08:00"),
        ("2027-01-01T00:30:00+08:00", "前天", "2026-12-30T00:00:00+08:00"),
        ("2026-03-01T09:00:00+08:00", "昨天", "2026-02-28T00:00:00+08:00"),
        ("2028-03-01T09:00:00+08:00", "昨天", "2028-02-29T00:00:00+08:00"),  # leap year
        ("2026-03-01T09:00:00+08:00", "2天前", "2026-02-27T09:00:00+08:00"),
        ("2026-03-01T09:00:00+08:00", "3-2 10:00", "2025-03-02T10:00:00+08:00"),  # tomorrow's date: last year
        ("2026-12-01T08:00:00+08:00", "11月30日 晚上9点", "2026-11-30T21:00:00+08:00"),
        # the clock's instant is read in Asia/Shanghai: 20:00 UTC is already the next day there
        ("2026-12-31T20:00:00Z", "今天 8点", "2027-01-01T08:00:00+08:00"),
    ],
)
def test_events_across_month_and_year_boundaries(at, text, expected):
    assert event(text, at) == expected


@pytest.mark.parametrize(
    ("at", "text", "expected"),
    [
        ("2026-12-28T10:00:00+08:00", "1-5", "2027-01-05T23:59:59+08:00"),  # next January
        ("2026-12-28T10:00:00+08:00", "明天", "2026-12-29T23:59:59+08:00"),
        ("2026-12-31T10:00:00+08:00", "明天上午10点", "2027-01-01T10:00:00+08:00"),
        ("2026-12-31T10:00:00+08:00", "周五", "2027-01-01T23:59:59+08:00"),
        ("2026-12-31T10:00:00+08:00", "下周一", "2027-01-04T23:59:59+08:00"),
        ("2027-01-03T10:00:00+08:00", "12-30", "2026-12-30T23:59:59+08:00"),  # last week: overdue
        ("2026-01-31T10:00:00+08:00", "明天", "2026-02-01T23:59:59+08:00"),
        ("2027-12-01T10:00:00+08:00", "2-29", "2028-02-29T23:59:59+08:00"),  # the only 2-29 near
    ],
)
def test_deadlines_across_month_and_year_boundaries(at, text, expected):
    assert deadline(text, at) == expected


# -- refused, with the reason -------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("soon", "unrecognised"),
        ("昨天吧", "unrecognised"),
        ("下午", "unrecognised"),  # a part of the day without an hour
        ("今", "unrecognised"),
        ("10", "unrecognised"),
        ("3个工作日前", "unrecognised"),  # working days are not counted back
        ("周八", "unrecognised"),
        ("3天后", "unrecognised"),  # for an event; a deadline reads it as a duration
        ("2月30日", "no_such_day"),
        ("2-29", "no_such_day"),  # 2026 has none
        ("13-01 10:00", "no_such_day"),
        ("2026年2月29日", "no_such_day"),
        ("25点", "no_such_time"),
        ("10:75", "no_such_time"),
        ("24:30", "no_such_time"),
        ("晚上12点半", "no_such_time"),
        ("13pm", "no_such_time"),
        ("上午15点", "period_mismatch"),
        ("凌晨8点", "period_mismatch"),
        ("中午5点", "period_mismatch"),
        ("晚上1点", "ambiguous"),  # tonight's 01:00 is tomorrow's 凌晨1点
        ("夜里3点", "ambiguous"),
    ],
)
def test_refused_with_the_reason(text, key):
    with pytest.raises(TimeTextError) as info:
        parse_instant(text, "zh", now())
    assert info.value.key == f"cases.time.{key}"
    assert isinstance(info.value, ValueError)
    assert text.strip() in str(info.value)


def test_refusals_in_both_languages():
    with pytest.raises(TimeTextError) as info:
        parse_instant("2月30日", "en", now())
    assert str(info.value) == 'No such day: "2月30日"'
    assert info.value.message("zh") == "没有这一天：“2月30日”"
    with pytest.raises(TimeTextError) as info:
        parse_instant("whenever", "zh", now())
    assert str(info.value).startswith("无法识别的时间：“whenever”（可写 2026-11-22 14:30")
    assert info.value.message("en").startswith('Not a time tousu can read: "whenever"')


@pytest.mark.parametrize(
    "text", ["昨天10点", "3小时前", "11-30", "下午3点", "周一", "上周五", "today", "现在", "2天前10点"]
)
def test_relative_forms_need_now(text):
    with pytest.raises(TimeTextError) as info:
        parse_instant(text)
    assert info.value.key == "cases.time.needs_now"
    assert "相对于现在" in str(info.value)
    assert "relative to now" in info.value.message("en")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026年11月30日 下午3点", "2026-11-30T15:00:00+08:00"),
        ("2026/6/1 10:30", "2026-06-01T10:30:00+08:00"),
        ("２０２６年６月１日", "2026-06-01T00:00:00+08:00"),
    ],
)
def test_a_date_with_its_year_needs_no_now(text, expected):
    assert parse_instant(text).isoformat() == expected


@pytest.mark.parametrize("text", ["2101年1月1日", "1969年12月31日 10点", "0000年1月1日"])
def test_years_outside_the_bounds_are_refused_as_today(text):
    with pytest.raises(TimeRangeError) as info:
        parse_instant(text, "zh", now())
    assert "1970 至 2100" in str(info.value)


def test_the_bounds_hold_for_relative_forms_too():
    with pytest.raises(TimeRangeError):
        parse_instant("昨天", "zh", now("1970-01-01T10:00:00+08:00"))
    with pytest.raises(TimeRangeError):
        parse_instant("明天", "zh", now("2100-12-31T10:00:00+08:00"), deadline=True)
    with pytest.raises(TimeTextError) as info:
        parse_instant("99999天前", "zh", now())
    assert info.value.key == "cases.duration.too_long"


def test_control_characters_are_stripped_and_never_quoted():
    assert event("昨天\u202e10\u200f点") == "2026-11-21T10:00:00+08:00"
    with pytest.raises(TimeTextError) as info:
        parse_instant("昨天\x1b]0;x\x07吧", "zh", now())
    assert "\x1b" not in str(info.value) and "\x07" not in str(info.value)


# -- what the forms show ----------------------------------------------------------------
def test_shown_instant_names_the_weekday_in_the_language():
    at = parse_instant("2026-11-29T10:00:00+08:00")
    assert shown_instant(at) == "2026-11-29 10:00 周日"
    assert shown_instant(at, "en") == "2026-11-29 10:00 Sun"
    assert shown_instant(parse_instant("2026-11-29T02:00:00Z"), "en") == "2026-11-29 10:00 Sun"  # in Shanghai


# -- resolve_deadline reads them too, days from now and durations from the entry ---------
def test_resolve_deadline_counts_days_in_words_from_now_and_durations_from_the_entry():
    entry = parse_instant("2026-11-21T15:00:00+08:00")
    assert resolve_deadline("明天上午10点", entry, now=now()).at.isoformat() == "2026-11-23T10:00:00+08:00"
    assert resolve_deadline("3天后", entry, now=now()).at.isoformat() == "2026-11-24T15:00:00+08:00"
    assert resolve_deadline("周五", entry, now=now()).at.isoformat() == "2026-11-27T23:59:59+08:00"
    assert resolve_deadline("2小时", entry, now=now()).at.isoformat() == "2026-11-21T17:00:00+08:00"
