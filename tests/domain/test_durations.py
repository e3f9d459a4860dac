"""Durations as people type them, and resolving a promise to an instant."""

from __future__ import annotations

import pytest

from cases.durations import Duration, DurationError, find_duration, find_duration_mention, parse_duration
from cases.typed_deadline import resolve_deadline
from cases.workdays import WorkCalendar

H, M, D = 3600, 60, 86400


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2小时", Duration(seconds=2 * H)),
        ("2个小时", Duration(seconds=2 * H)),
        ("2h", Duration(seconds=2 * H)),
        ("2H", Duration(seconds=2 * H)),
        ("48h", Duration(seconds=48 * H)),
        ("30分钟", Duration(seconds=30 * M)),
        ("30分", Duration(seconds=30 * M)),
        ("30m", Duration(seconds=30 * M)),
        ("30min", Duration(seconds=30 * M)),
        ("3天", Duration(seconds=3 * D)),
        ("3日", Duration(seconds=3 * D)),
        ("3d", Duration(seconds=3 * D)),
        ("7个工作日", Duration(working_days=7)),
        ("7工作日", Duration(working_days=7)),
        ("7wd", Duration(working_days=7)),
        ("7 working days", Duration(working_days=7)),
        ("1天12小时", Duration(seconds=36 * H)),
        ("2h30m", Duration(seconds=2 * H + 30 * M)),
        (" 2 h 30 m ", Duration(seconds=2 * H + 30 * M)),
        ("1.5小时", Duration(seconds=90 * M)),
        ("24小时内", Duration(seconds=24 * H)),
        ("24小时以内", Duration(seconds=24 * H)),
        ("两小时", Duration(seconds=2 * H)),
        ("二十四小时内", Duration(seconds=24 * H)),
        ("十五分钟", Duration(seconds=15 * M)),
        ("半小时", Duration(seconds=30 * M)),
        ("一个半小时", Duration(seconds=90 * M)),
        ("１２小时", Duration(seconds=12 * H)),  # full-width digits
        ("1周", Duration(seconds=7 * D)),
        ("within 2 hours", Duration(seconds=2 * H)),
    ],
)
def test_parse_duration(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "abc", "2", "小时", "2小时2小时", "2年", "2h30", "-2h", "明天"])
def test_bad_duration(text):
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    assert str(info.value).startswith("无法识别的时长")
    assert "7个工作日" in str(info.value)
    assert info.value.message("en").startswith("Unrecognised duration")
    assert isinstance(info.value, ValueError)


def test_error_language():
    with pytest.raises(DurationError, match="^Unrecognised duration"):
        parse_duration("abc", lang="en")


@pytest.mark.parametrize("text", ["0小时", "0h", "0个工作日"])
def test_zero_duration(text):
    with pytest.raises(DurationError, match="大于零"):
        parse_duration(text)


@pytest.mark.parametrize("text", ["1.5个工作日", "7工作日2小时"])
def test_working_days_whole_and_alone(text):
    with pytest.raises(DurationError, match="工作日须为整数"):
        parse_duration(text)


def test_duration_text():
    assert parse_duration("1天2小时30分").text() == "1天2小时30分"
    assert parse_duration("1天2小时30分").text("en") == "1d 2h 30m"
    assert parse_duration("7wd").text() == "7个工作日"
    assert parse_duration("7wd").text("en") == "7 working days"


def test_find_duration_in_free_text():
    assert find_duration("客服说24小时内回复") == Duration(seconds=24 * H)
    assert find_duration("会尽快处理") is None


@pytest.mark.parametrize(
    ("text", "phrase", "duration"),
    [
        ("客服答应2小时内回复", "2小时内", Duration(seconds=2 * H)),
        ("12315：7 个工作日以内决定是否受理", "7 个工作日以内", Duration(working_days=7)),
        ("说是一个半小时后到账", "一个半小时后", Duration(seconds=90 * 60)),
        ("agent said: reply within 2 hours, maybe", "2 hours", Duration(seconds=2 * H)),
        ("ＫＦ说４８Ｈ内", "48H内", Duration(seconds=48 * H)),  # full-width, quoted normalised
        ("0.01小时后，然后3天内", "3天内", Duration(seconds=3 * 24 * H)),  # under a minute: no promise
    ],
)
def test_find_duration_mention_quotes_the_phrase_as_written(text, phrase, duration):
    mention = find_duration_mention(text)
    assert mention is not None and (mention.phrase, mention.duration) == (phrase, duration)
    assert parse_duration(mention.duration.text()) == duration  # what the UI offers reads back
    assert find_duration(text) == duration


def test_find_duration_mention_without_one():
    assert find_duration_mention("会尽快处理") is None
    assert find_duration_mention("") is None


# -- resolve_deadline -----------------------------------------------------------
def test_resolve_iso_with_offset(at):
    r = resolve_deadline("2026-10-01T12:00:00Z", at("2026-09-29T10:00"))
    assert r.at == at("2026-10-01T20:00:00+08:00")
    assert r.at.utcoffset().total_seconds() == 8 * H  # shown in Asia/Shanghai
    assert (r.estimated, r.working_days) == (False, False)


def test_resolve_iso_without_offset_is_shanghai(at):
    r = resolve_deadline("2026-10-01T12:00", at("2026-09-29T10:00"))
    assert r.at.isoformat() == "2026-10-01T12:00:00+08:00"
    r = resolve_deadline("2026-10-01 12:00", at("2026-09-29T10:00"))
    assert r.at.isoformat() == "2026-10-01T12:00:00+08:00"


def test_resolve_bare_date_is_end_of_day(at):
    r = resolve_deadline("2026-10-14", at("2026-09-29T10:00"))
    assert r.at.isoformat() == "2026-10-14T23:59:59+08:00"


def test_resolve_duration(at):
    since = at("2026-09-29T10:00")
    assert resolve_deadline("2小时内", since).at.isoformat() == "2026-09-29T12:00:00+08:00"
    assert resolve_deadline("3天", since).at.isoformat() == "2026-10-02T10:00:00+08:00"


def test_resolve_working_days(at):
    r = resolve_deadline("7个工作日", at("2026-09-29T10:00:00+08:00"))
    assert r.at.isoformat() == "2026-10-14T23:59:59+08:00"
    assert (r.working_days, r.estimated) == (True, False)
    # the day of receipt is the Shanghai date: 20:00 UTC is already the next day there
    r = resolve_deadline("7个工作日", at("2026-09-29T20:00:00Z"))
    assert r.at.isoformat() == "2026-10-15T23:59:59+08:00"
    assert resolve_deadline("5wd", at("2030-03-01T10:00")).estimated is True


def test_resolve_with_user_calendar(at, tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{"years": {"2030": {"holidays": ["2030-03-04"], "workdays": []}}}', "utf-8")
    r = resolve_deadline("1个工作日", at("2030-03-01T10:00"), WorkCalendar(path))  # Fri → (Mon off) → Tue
    assert r.at.isoformat() == "2030-03-05T23:59:59+08:00"
    assert r.estimated is False


@pytest.mark.parametrize("text", ["soon", "过几天吧", "明天吧", ""])
def test_resolve_bad(at, text):
    with pytest.raises(DurationError) as info:
        resolve_deadline(text, at("2026-09-29T10:00"))
    assert str(info.value).startswith("无法识别的期限")
    assert info.value.message("en").startswith("Unrecognised deadline")


@pytest.mark.parametrize(
    ("text", "key", "zh", "en"),
    [
        ("2026-13-45", "cases.time.no_such_day", "没有这一天", "No such day"),
        ("2月30日", "cases.time.no_such_day", "没有这一天", "No such day"),
        ("25点", "cases.time.no_such_time", "没有这个钟点", "No such time of day"),
        ("晚上2点", "cases.time.ambiguous", "不清楚是哪一天", "does not say which day"),
    ],
)
def test_a_deadline_typed_as_a_time_that_does_not_exist_says_why(at, text, key, zh, en):
    now = at("2026-09-29T10:00")
    with pytest.raises(DurationError) as info:
        resolve_deadline(text, now, now=now)
    assert info.value.key == key
    assert zh in str(info.value) and en in info.value.message("en")


def test_a_deadline_said_relative_to_now_needs_now(at):
    with pytest.raises(DurationError) as info:
        resolve_deadline("明天", at("2026-09-29T10:00"))  # no clock given: refused, not guessed
    assert info.value.key == "cases.time.needs_now"
    assert "相对于现在" in str(info.value) and "relative to now" in info.value.message("en")
    assert resolve_deadline("2026年9月30日", at("2026-09-29T10:00")).at.isoformat() == "2026-09-30T23:59:59+08:00"
