"""The instant reader and formatter, and typed times, against generated text (hypothesis).

Stored times: any text is read as an instant in Asia/Shanghai or refused with a
ValueError, never another exception; a time tousu writes reads back as itself, whatever
the offset it was written with; its shown form (local minutes) reads back as the same
minute. Typed times: any text is a time within the allowed years or refused with
TimeTextError / TimeRangeError.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import arrow
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.clock import MAX_YEAR, MIN_YEAR, TZ, TimeRangeError, TimeTextError, parse_instant, to_iso
from cases.instants import instant, instant_ts, readable_instant, shown_time

PROPERTY = settings(max_examples=200, derandomize=True, database=None, deadline=None)
NOW = arrow.get("2026-06-15T10:00:00+08:00").to(TZ)

TOKENS = st.sampled_from([
    "2026", "-", "06", "6", "15", "31", "00", "T", " ", ":", "10", "59", "60", "24", ".", "123456", "Z", "+08:00",
    "-05:00", "+14:00", "/", "9999", "0001", "1969", "2101", "年", "月", "日", "点", "半", "上午", "下午", "明天",
    "昨天", "周五", "上周", "3小时前", "ago", "yesterday", "am", "pm", "２０２６", "\u200b", "x", "W", "--",
])
TEXT = st.one_of(st.lists(TOKENS, max_size=8).map("".join), st.text(max_size=25))
#: Instants tousu writes, and the offsets someone else may have written them with.
MOMENTS = st.datetimes(datetime(MIN_YEAR, 1, 2), datetime(MAX_YEAR, 12, 30), timezones=st.just(timezone.utc))
#: Since 1992: Asia/Shanghai has kept +08:00 (no daylight saving time), so a local minute is one instant.
SINCE_1992 = st.datetimes(datetime(1992, 1, 1), datetime(MAX_YEAR, 12, 30), timezones=st.just(timezone.utc))
OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@PROPERTY
@given(TEXT)
def test_any_stored_text_is_an_instant_or_refused(text):
    try:
        at = instant(text)
    except ValueError:
        assert readable_instant(text) is None
        assert shown_time(text) in (text, "—")  # unreadable text is shown as stored
        return
    assert str(at.tzinfo) == TZ
    assert instant_ts(text) == at.timestamp()
    assert isinstance(shown_time(text), str)


@PROPERTY
@given(MOMENTS, OFFSETS)
def test_a_written_time_reads_back_as_itself(moment, offset):
    at = arrow.Arrow.fromdatetime(moment.replace(microsecond=0))
    assert instant(to_iso(at)) == at
    written = moment.astimezone(offset).isoformat()  # the same instant with another offset
    assert instant(written) == arrow.Arrow.fromdatetime(moment)
    assert instant_ts(written) == moment.timestamp()


@PROPERTY
@given(SINCE_1992)
def test_the_shown_time_is_the_same_minute(moment):
    at = arrow.Arrow.fromdatetime(moment).to(TZ)
    shown = shown_time(to_iso(at))
    assert len(shown) == len("2026-06-15 10:00")
    assert instant(shown) == at.floor("minute")  # read back as Asia/Shanghai, no offset needed


@PROPERTY
@given(TEXT, st.booleans(), st.sampled_from(["zh", "en"]), st.booleans())
def test_any_typed_time_is_in_range_or_refused(text, with_now, lang, deadline):
    try:
        at = parse_instant(text, lang, NOW if with_now else None, deadline=deadline)
    except (TimeTextError, TimeRangeError) as exc:
        assert str(exc)
        return
    assert MIN_YEAR <= at.year <= MAX_YEAR
    assert str(at.tzinfo) == TZ


@PROPERTY
@given(MOMENTS, st.sampled_from([TZ, "Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata"]))
def test_a_posix_time_is_shown_as_its_instant_is(moment, zone):
    """The dashboard shows POSIX times (cases.clock.local_text, china_date: no arrow object per
    row): the same text and day as the instant's arrow form, in the zone times are shown in."""
    from cases.clock import china_date, clock_text, local, local_text, set_shown_zone

    at = arrow.get(moment).to(TZ)
    set_shown_zone(zone)
    assert local_text(at.timestamp(), "%m-%d %H:%M") == local(at).format("MM-DD HH:mm")
    assert clock_text(at.timestamp()).startswith(local(at).format("YYYY-MM-DD HH:mm"))
    assert china_date(at.timestamp()) == at.date()  # the working-day countdown counts China days


def test_clocks_tell_the_posix_time_of_their_now():
    from cases.clock import FixedClock, SystemClock

    fixed = FixedClock("2026-06-15T10:00:00+08:00")
    assert fixed.timestamp() == fixed.now().timestamp() == NOW.timestamp()
    fixed.advance(minutes=5)
    assert fixed.timestamp() == NOW.timestamp() + 300
    system = SystemClock()
    before = system.timestamp()
    assert before <= system.now().timestamp() <= system.timestamp()
