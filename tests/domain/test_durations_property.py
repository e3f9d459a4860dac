"""The duration parser and typed deadlines against generated text (hypothesis).

Any text is either a duration within the bounds (calendar time or working days, never
both, never zero) or refused with DurationError, never another exception; a duration
reads back from its own canonical text in either language; a typed deadline is an
instant within the allowed years or refused with DurationError.
"""

from __future__ import annotations

import arrow
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.clock import MAX_YEAR, MIN_YEAR, TZ
from cases.durations import MAX_DURATION_DAYS, MAX_WORKING_DAYS, Duration, DurationError, find_duration, parse_duration
from cases.typed_deadline import resolve_deadline

PROPERTY = settings(max_examples=200, derandomize=True, database=None, deadline=None)
NOW = arrow.get("2026-06-15T10:00:00+08:00").to(TZ)

#: Pieces people type in durations and deadlines, and pieces that break them.
TOKENS = st.sampled_from([
    "1", "2", "7", "48", "0", "0.5", "1.5", "99999999", "1e5", "１", "２４", "半", "两", "三", "十五", "二十四", "一百", "个",
    "小时", "钟头", "h", "H", "hours", "分钟", "分", "min", "m", "天", "日", "d", "days", "周", "星期", "w", "week",
    "工作日", "wd", "workdays", "内", "以内", "之后", "后", "within", "in", "约", " ", "\u3000", "-", ".", "x", "秒",
    "2026-06-20", "2026-06-20T18:00", "+08:00", "Z", "T", ":", "10点", "明天", "下午", "周五", "11-30", "前", "ago",
    "9999-12-31", "1900-01-01", "2月30日", "\u200b",
])
TYPED = st.one_of(st.lists(TOKENS, max_size=6).map("".join), st.text(max_size=20))

_UNIT_SECONDS = {"天": 86400, "d": 86400, "小时": 3600, "h": 3600, "分钟": 60, "m": 60, "周": 7 * 86400, "w": 7 * 86400}
_KIND = {"天": "d", "d": "d", "小时": "h", "h": "h", "分钟": "m", "m": "m", "周": "w", "w": "w"}


def _check(d: Duration) -> None:
    assert (d.seconds > 0) != (d.working_days > 0)
    assert 0 <= d.seconds <= MAX_DURATION_DAYS * 86400
    assert 0 <= d.working_days <= MAX_WORKING_DAYS


@PROPERTY
@given(TYPED)
def test_any_text_is_a_bounded_duration_or_refused(text):
    try:
        d = parse_duration(text)
    except DurationError as exc:
        assert exc.key.startswith("cases.duration.") and str(exc)
        return
    _check(d)


@PROPERTY
@given(st.one_of(st.integers(1, MAX_DURATION_DAYS * 1440).map(lambda m: Duration(seconds=60 * m)),
                 st.integers(1, MAX_WORKING_DAYS).map(lambda n: Duration(working_days=n))),
       st.sampled_from(["zh", "en"]))
def test_a_duration_reads_back_from_its_text(d, lang):
    assert parse_duration(d.text(lang), lang) == d


@PROPERTY
@given(st.dictionaries(st.sampled_from(list(_UNIT_SECONDS)), st.integers(1, 5000), min_size=1, max_size=3))
def test_whole_numbers_and_units_add_up(parts):
    if len({_KIND[u] for u in parts}) < len(parts):  # the same unit twice ("1天2d") is refused
        return
    text = "".join(f"{n}{unit}" for unit, n in parts.items())
    seconds = sum(n * _UNIT_SECONDS[unit] for unit, n in parts.items())
    try:
        d = parse_duration(text)
    except DurationError as exc:
        assert exc.key == "cases.duration.too_long" and seconds > MAX_DURATION_DAYS * 86400
    else:
        assert d == Duration(seconds=seconds)


@PROPERTY
@given(TYPED, st.text(alphabet="客服答应回复请耐心等待。，", max_size=8))
def test_a_duration_found_in_free_text_is_a_bounded_one(text, around):
    found = find_duration(around + text + around)
    if found is not None:
        _check(found)


@PROPERTY
@given(TYPED, st.booleans())
def test_any_typed_deadline_is_an_instant_in_range_or_refused(text, with_now):
    try:
        resolved = resolve_deadline(text, NOW, now=NOW if with_now else None)
    except DurationError as exc:
        assert str(exc)
        return
    assert MIN_YEAR <= resolved.at.year <= MAX_YEAR
    assert resolved.at >= NOW or not resolved.working_days  # working days count forward
