"""The mainland China working-day calendar."""

from __future__ import annotations

import json
from datetime import date

import pytest

from cases.workdays import WorkCalendar, default_calendar, library_last_year
from cases.work_schedule import ScheduleError, schedule_template


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return default_calendar()


def test_2026_adjusted_days(cal):
    assert cal.is_working_day(date(2026, 9, 20))  # Sunday worked (调休)
    assert cal.is_working_day(date(2026, 10, 10))  # Saturday worked
    for day in range(1, 8):  # Golden Week, Sunday 10-04 included
        assert not cal.is_working_day(date(2026, 10, day)), day
    assert cal.is_working_day(date(2026, 10, 8))


def test_spring_festival_2026(cal):
    assert cal.is_working_day(date(2026, 2, 14))  # Saturday worked
    for day in range(15, 24):
        assert not cal.is_working_day(date(2026, 2, day)), day
    assert cal.is_working_day(date(2026, 2, 24))
    assert cal.is_working_day(date(2026, 2, 28))  # Saturday worked


def test_mid_autumn_2026(cal):
    assert not cal.is_working_day(date(2026, 9, 25))  # a Friday off


def test_ordinary_weekend(cal):
    assert not cal.is_working_day(date(2026, 9, 26))
    assert not cal.is_working_day(date(2026, 9, 27))
    assert cal.is_working_day(date(2026, 9, 28))


def test_12315_example_starts_the_day_after(cal):
    result = cal.add_working_days(date(2026, 9, 29), 7)
    assert result.due == date(2026, 10, 14)
    assert result.estimated is False
    # the day of receipt itself never counts, even when it is a working day
    assert cal.add_working_days(date(2026, 9, 29), 1).due == date(2026, 9, 30)
    assert cal.add_working_days(date(2026, 9, 30), 1).due == date(2026, 10, 8)
    assert cal.add_working_days(date(2026, 10, 9), 1).due == date(2026, 10, 10)


def test_receipt_on_friday_and_on_a_holiday(cal):
    assert cal.add_working_days(date(2026, 9, 25), 1).due == date(2026, 9, 28)
    assert cal.add_working_days(date(2026, 10, 3), 1).due == date(2026, 10, 8)
    assert cal.add_working_days(date(2026, 10, 9), 45).due == date(2026, 12, 10)


def test_zero_and_negative(cal):
    assert cal.add_working_days(date(2026, 10, 3), 0).due == date(2026, 10, 3)
    with pytest.raises(ValueError):
        cal.add_working_days(date(2026, 10, 3), -1)


def test_working_days_in(cal):
    assert cal.working_days_in(date(2026, 9, 30), date(2026, 10, 14)) == 7
    assert cal.working_days_in(date(2026, 10, 1), date(2026, 10, 7)) == 0
    assert cal.working_days_in(date(2026, 10, 14), date(2026, 10, 14)) == 1
    assert cal.working_days_in(date(2026, 10, 15), date(2026, 10, 14)) == 0
    assert cal.working_days_in(date(2025, 12, 29), date(2026, 1, 5)) == cal.working_days_in(
        date(2025, 12, 29), date(2025, 12, 31)
    ) + cal.working_days_in(date(2026, 1, 1), date(2026, 1, 5))


def test_published_years(cal):
    last = library_last_year()
    assert last >= 2026
    assert cal.is_published(2026)
    assert not cal.is_published(last + 1)


def test_unpublished_year_is_estimated(cal):
    assert cal.add_working_days(date(2030, 3, 1), 5).estimated is True
    last = library_last_year()
    # crossing into an unpublished year
    assert cal.add_working_days(date(last, 12, 30), 5).estimated is True
    assert cal.add_working_days(date(last, 12, 1), 5).estimated is False


def _write(tmp_path, doc) -> WorkCalendar:
    path = tmp_path / "schedule.json"
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), "utf-8")
    return WorkCalendar(path)


def test_user_schedule_defines_2030(tmp_path):
    cal = _write(tmp_path, {"years": {"2030": {
        "holidays": ["2030-10-01", "2030-10-02", "2030-10-03", "2030-10-04", "2030-10-07"],
        "workdays": ["2030-09-29", "2030-10-12"],
    }}})
    assert cal.is_published(2030)
    assert 2030 in cal.user_years
    assert cal.is_working_day(date(2030, 9, 29))  # a Sunday, worked
    assert cal.is_working_day(date(2030, 10, 12))  # a Saturday, worked
    assert not cal.is_working_day(date(2030, 10, 7))  # a Monday, off
    assert not cal.is_working_day(date(2030, 10, 13))  # an ordinary Sunday
    result = cal.add_working_days(date(2030, 9, 27), 3)  # Fri → Sun 29, Mon 30, Tue 8 Oct
    assert result == type(result)(date(2030, 10, 8), False)
    # without the file the same year is a guess
    assert default_calendar().add_working_days(date(2030, 9, 27), 3).estimated is True


def test_user_schedule_overrides_the_library(tmp_path):
    cal = _write(tmp_path, {"years": {"2026": {"holidays": ["2026-09-30"], "workdays": []}}})
    assert not cal.is_working_day(date(2026, 9, 30))
    assert not cal.is_working_day(date(2026, 9, 20))  # the file lists no working Sunday
    assert default_calendar().is_working_day(date(2026, 9, 30))  # the shared calendar is untouched


def test_missing_file_is_fine(tmp_path):
    cal = WorkCalendar(tmp_path / "none.json")
    assert cal.user_years == frozenset()
    assert cal.add_working_days(date(2026, 9, 29), 7).due == date(2026, 10, 14)


@pytest.mark.parametrize(
    ("doc", "zh", "en"),
    [
        ("{not json", "不是有效的 JSON", "not valid JSON"),
        ({"2027": {}}, "顶层应为", "top level"),
        ({"years": {"27": {}}}, "不是年份", "not a year"),
        ({"years": {"2027": {"holidays": ["2027-02-30"]}}}, "2027-02-30", "not a date"),
        ({"years": {"2027": {"holidays": ["2028-01-01"]}}}, "不属于 2027 年", "not in 2027"),
        ({"years": {"2027": {"holidays": ["2027-02-07"], "workdays": ["2027-02-07"]}}}, "同时出现", "in both"),
        ({"years": {"2027": {"workday": ["2027-02-07"]}}}, "未知的字段", "unknown field"),
        ({"years": {"2027": {"holidays": "2027-01-01"}}}, "日期列表", "list of dates"),
    ],
)
def test_bad_schedule_files(tmp_path, doc, zh, en):
    with pytest.raises(ScheduleError) as info:
        _write(tmp_path, doc)
    err = info.value
    assert "schedule.json" in str(err) and zh in str(err)
    assert "schedule.json" in err.message("en") and en in err.message("en")
    assert isinstance(err, ValueError)


def test_unreadable_file(tmp_path):
    with pytest.raises(ScheduleError, match="无法读取"):
        WorkCalendar(tmp_path)  # a directory


def test_template_round_trips(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(schedule_template(2027), "utf-8")
    cal = WorkCalendar(path)
    assert cal.user_years == {2027}
    assert not cal.is_working_day(date(2027, 1, 2))  # a Saturday


def test_a_schedule_given_as_years_is_the_same_calendar_as_its_file(tmp_path):
    from cases.work_schedule import schedule_checksum

    doc = {"years": {"2030": {"holidays": ["2030-10-01", "2030-10-07"], "workdays": ["2030-09-29"]}}}
    from_file = _write(tmp_path, doc)
    from_years = WorkCalendar(years=from_file.schedule)
    assert from_years.stamp == from_file.stamp != default_calendar().stamp
    assert from_years.user_years == {2030} and not from_years.is_working_day(date(2030, 10, 7))
    assert from_years.schedule[2030].to_doc() == doc["years"]["2030"]
    assert schedule_checksum({}) == "-" and from_file.stamp.endswith(schedule_checksum(from_file.schedule))
    with pytest.raises(ValueError):
        WorkCalendar(tmp_path / "schedule.json", years=from_file.schedule)


def test_schedule_documents_are_checked_like_a_file():
    from cases.work_schedule import schedule_from_docs

    docs = {"2030": {"holidays": ["2030-10-01"], "workdays": [], "added_by": "alice", "added_at": "2030-01-01"}}
    assert schedule_from_docs("store.json", docs)[2030].holidays == {date(2030, 10, 1)}
    with pytest.raises(ScheduleError, match="store.json") as info:
        schedule_from_docs("store.json", {"2030": {"holidays": ["2031-01-01"], "workdays": []}})
    assert "not in 2030" in info.value.message("en")
