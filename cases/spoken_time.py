"""Times as people type them, read against an injected "now" in Asia/Shanghai.

Reached only through :func:`cases.clock.parse_instant`, after ISO 8601 failed: one
entry point for every typed time. The forms, both Chinese and English:

- now: ``现在``, ``刚才``, ``刚刚``, ``now``;
- ago: a duration (as :func:`cases.durations.parse_duration` reads it) and ``前`` /
  ``以前`` / ``之前`` / ``ago``: ``3小时前``, ``30分钟前``, ``半小时前``, ``2天前``, ``3h ago``,
  ``2 days ago``: now minus the duration (working days are refused);
- a day, a time of day, or a day and a time of day (a space between them or not):
  - days: ``今天`` ``昨天`` ``前天`` ``大前天`` ``明天`` ``后天`` ``大后天`` (also ``今日`` ``昨日``
    ``明日`` ``后日`` ``前日``, and ``今`` ``昨`` ``明`` before a time: ``今晚8点``), ``today``
    ``yesterday`` ``tomorrow``; ``N天前`` / ``N天后`` before a time (``2天前10点``);
  - dates: ``11-30``, ``11/30``, ``11月30日`` / ``11月30号``, with a year ``2026年11月30日``,
    ``2026/11/30``, ``2026-6-1``;
  - weekdays (weeks run Monday to Sunday): ``本周五`` / ``这周五`` this week's,
    ``上周五`` last week's, ``上上周五``, ``下周五``, ``下下周五``; ``周五`` / ``星期五`` /
    ``礼拜五`` / ``friday`` / ``fri`` alone see below;
  - times of day: ``10点``, ``10点半``, ``10点30``, ``10点30分``, ``10点一刻``, ``10时30分``,
    ``十点半``, ``10:30``, ``10:30:15``, ``3pm``, ``10:30am``, ``noon``; after a part of the
    day: ``凌晨`` (0–6 as said), ``早上`` / ``早晨`` / ``清晨`` / ``早`` / ``上午`` (0–12),
    ``中午`` (11–14; ``中午1点`` is 13:00), ``下午`` / ``午后`` (1–11 are p.m.: ``下午3点`` is
    15:00), ``傍晚`` / ``晚上`` / ``夜里`` / ``夜间`` / ``晚`` (5–11 are p.m.; ``晚上12点`` is
    the end of the day; ``晚上1点`` is refused as ambiguous: write ``凌晨1点``). ``24点``,
    ``24:00`` and ``晚上12点`` end the day at 23:59:59, as a deadline's bare date does.
    Without a part of the day an hour is read on the 24-hour clock (``3点`` is 03:00).

What the time is for decides the rest (``deadline`` in :func:`read_spoken`):

- an event that happened (a filing, a contact, a payment):
  a day without a time is 00:00 of that day; a month and day is this year's, or last
  year's when this year's would be after today (``11-30`` typed on 2026-11-22 is
  2025-11-30); a weekday alone is the latest one up to today (today's if today is
  that day);
- a deadline: a day without a time ends at 23:59:59 of that day; a month and day is
  the one nearest today, less than half a year away (``1-5`` typed on 2026-12-28 is
  2027-01-05, ``11-20`` typed on 2026-11-22 is two days ago); a weekday alone is the
  next one from today (today's if today is that day).

A time of day alone is today's, for both. Everything but a date with its year needs
``now``; without it such text is refused with ``cases.time.needs_now``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import arrow

from cases.clock import TZ, TimeRangeError, TimeTextError, end_of_day, shown_zone, year_in_range
from cases.i18n import tr
from cases.sanitize import clean_text

_CN = "零〇一二两三四五六七八九十"
_NUM = rf"\d{{1,2}}|[{_CN}]{{1,3}}"

_DAY_WORDS = {
    "大前天": -3, "前天": -2, "前日": -2, "昨天": -1, "昨日": -1, "昨": -1, "yesterday": -1,
    "今天": 0, "今日": 0, "今": 0, "today": 0,
    "明天": 1, "明日": 1, "明": 1, "tomorrow": 1, "后天": 2, "后日": 2, "大后天": 3,
}
#: Day words that need a time after them ("今8点" reads, "今" alone is no day).
_DAY_PREFIXES = frozenset({"今", "昨", "明"})
_WEEK_SHIFT = {"上上": -2, "上": -1, "本": 0, "这": 0, "下": 1, "下下": 2}
_WEEKDAY_CN = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "7": 6}
_WEEKDAY_CN.update({str(n): n - 1 for n in range(1, 7)})
_WEEKDAY_EN = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
_WEEKDAY_EN_NAMES = (
    "monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thu|friday|fri|saturday|sat|sunday|sun"
)
_NOW_WORDS = frozenset({"现在", "刚才", "刚刚", "此刻", "now", "rightnow", "justnow"})

# Parts of the day; the hours each takes, and which are p.m., are in _Reader._in_period.
_MORNING = ("凌晨", "清晨", "早上", "早晨", "上午", "早")
_NOON = ("中午",)
_AFTERNOON = ("下午", "午后")
_EVENING = ("傍晚", "晚上", "夜里", "夜间", "晚")
_PERIODS = "|".join(sorted(_MORNING + _NOON + _AFTERNOON + _EVENING, key=len, reverse=True))


@lru_cache(maxsize=None)
def _ago_re() -> re.Pattern[str]:
    return re.compile(r"^(?P<span>.+?) ?(?:以前|之前|前|ago)$")


@lru_cache(maxsize=None)
def _spoken_re() -> re.Pattern[str]:
    words = "|".join(sorted(_DAY_WORDS, key=len, reverse=True))
    day = (
        rf"(?P<word>{words})"
        rf"|(?P<ndays>{_NUM}) ?天 ?(?P<ndir>以前|之前|前|以后|之后|后)"
        rf"|(?P<week>上上|上|下下|下|本|这)?个? ?(?:周|星期|礼拜)(?P<wd>[一二三四五六日天1-7])"
        rf"|(?P<ewd>{_WEEKDAY_EN_NAMES})"
        rf"|(?:(?P<y1>\d{{4}}) ?年 ?)?(?P<m1>{_NUM}) ?月 ?(?P<d1>{_NUM}) ?[日号]?"
        rf"|(?:(?P<y2>\d{{4}})[-/])?(?P<m2>\d{{1,2}})[-/](?P<d2>\d{{1,2}})"
    )
    clock = (
        rf"(?:(?P<period>{_PERIODS}) ?)?"
        rf"(?:(?P<h1>{_NUM}) ?[点时] ?(?:(?P<half>半)|(?P<quarter>一刻|三刻)|(?P<mi1>{_NUM}) ?分?)?"
        rf"|(?P<h2>\d{{1,2}}):(?P<mi2>\d{{2}})(?::(?P<s2>\d{{2}}))?)"
        rf"|(?P<h3>\d{{1,2}})(?::(?P<mi3>\d{{2}}))? ?(?P<ampm>am|pm|a\.m\.|p\.m\.)"
        rf"|(?P<noon>noon|正午)"
    )
    return re.compile(rf"^(?:{day})? ?的? ?(?:{clock})?$")


def _normalise(text: str) -> str:
    """NFKC (full-width digits, colons and spaces), case folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    from cases.durations import chinese_number  # the one reader of Chinese numerals

    return chinese_number(text)


@dataclass(frozen=True)
class _Clock:
    hour: int
    minute: int
    second: int = 0

    @property
    def ends_day(self) -> bool:
        return self.hour == 24


class _Reader:
    """One reading of ``text``: its errors quote it and are in ``lang``."""

    def __init__(self, text: str, lang: str, now: arrow.Arrow | None, deadline: bool) -> None:
        self.text = clean_text(text).strip()  # what the messages quote: never a control code
        self.lang = lang
        self.zone = ZoneInfo(shown_zone())  # the user's: "明天10点" is their tomorrow, their 10 o'clock
        self.now = now.to(self.zone) if now is not None else None
        self.deadline = deadline

    def error(self, key: str) -> TimeTextError:
        shown = self.text if len(self.text) <= 60 else self.text[:57] + "…"
        return TimeTextError(f"cases.time.{key}", self.lang, value=shown)

    def today(self) -> date:
        if self.now is None:
            raise self.error("needs_now")
        return self.now.date()

    # -- the whole text ---------------------------------------------------------
    def read(self) -> arrow.Arrow:
        body = _normalise(self.text)
        if not body:
            raise self.error("unrecognised")
        if body.replace(" ", "") in _NOW_WORDS:
            self.today()
            return self.now.to(TZ)
        ago = _ago_re().match(body)
        if ago is not None:
            span = self._span(ago["span"])
            if span is not None:
                self.today()
                return (self.now - span).to(TZ)
        m = _spoken_re().match(body)
        if m is None:
            raise self.error("unrecognised")
        clock = self._clock(m)
        day = self._day(m, has_clock=clock is not None)
        if day is None and clock is None:
            raise self.error("unrecognised")
        if day is None:
            day = self.today()
        if clock is None:
            if self.deadline:
                return end_of_day(day)
            return arrow.Arrow(day.year, day.month, day.day, tzinfo=self.zone).to(TZ)
        if clock.ends_day:
            return end_of_day(day)
        return arrow.Arrow(day.year, day.month, day.day, clock.hour, clock.minute, clock.second,
                           tzinfo=self.zone).to(TZ)

    def _span(self, text: str) -> timedelta | None:
        """The duration before 前 / ago, or None when the text before it is none."""
        from cases.durations import DurationError, parse_duration

        try:
            duration = parse_duration(text, self.lang)
        except DurationError as exc:
            if exc.key == "cases.duration.too_long":
                raise TimeTextError(exc.key, self.lang, **exc.values) from None
            return None
        if duration.is_working_days:
            return None  # "3个工作日前": counting back working days is no way people date things
        return duration.delta

    # -- the day -----------------------------------------------------------------
    def _day(self, m: re.Match[str], *, has_clock: bool) -> date | None:
        if m["word"]:
            if m["word"] in _DAY_PREFIXES and not has_clock:
                raise self.error("unrecognised")
            return self.today() + timedelta(days=_DAY_WORDS[m["word"]])
        if m["ndays"]:
            if not has_clock:
                raise self.error("unrecognised")  # "3天后" alone is a duration, "3天前" an ago
            n = _number(m["ndays"])
            return self.today() + timedelta(days=-n if "前" in m["ndir"] else n)
        if m["wd"]:
            return self._weekday(_WEEKDAY_CN[m["wd"]], m["week"])
        if m["ewd"]:
            return self._weekday(_WEEKDAY_EN[m["ewd"][:3]], None)
        if m["m1"] or m["m2"]:
            year, month, day = (m["y1"], m["m1"], m["d1"]) if m["m1"] else (m["y2"], m["m2"], m["d2"])
            return self._date(year, _number(month), _number(day))
        return None

    def _weekday(self, weekday: int, week: str | None) -> date:
        today = self.today()
        if week is not None:
            monday = today - timedelta(days=today.weekday())
            return monday + timedelta(weeks=_WEEK_SHIFT[week], days=weekday)
        if self.deadline:
            return today + timedelta(days=(weekday - today.weekday()) % 7)
        return today - timedelta(days=(today.weekday() - weekday) % 7)

    def _date(self, year: str | None, month: int, day: int) -> date:
        if year is not None:
            if not year_in_range(int(year)):
                raise TimeRangeError(self.text, self.lang)
            return self._made(int(year), month, day)
        today = self.today()
        if not self.deadline:
            this_year = today.year - ((month, day) > (today.month, today.day))
            return self._made(this_year, month, day)
        candidates = []
        for y in (today.year - 1, today.year, today.year + 1):
            try:
                candidates.append(date(y, month, day))
            except ValueError:
                continue
        if not candidates:
            raise self.error("no_such_day")
        # The nearest to today; of two as near, the later one.
        return min(candidates, key=lambda d: (abs((d - today).days), d < today))

    def _made(self, year: int, month: int, day: int) -> date:
        try:
            return date(year, month, day)
        except ValueError:
            raise self.error("no_such_day") from None

    # -- the time of day ---------------------------------------------------------
    def _clock(self, m: re.Match[str]) -> _Clock | None:
        if m["noon"]:
            return _Clock(12, 0)
        if m["h3"]:
            hour, minute = int(m["h3"]), int(m["mi3"] or 0)
            if not 1 <= hour <= 12 or minute > 59:
                raise self.error("no_such_time")
            return _Clock(hour % 12 + (12 if m["ampm"].startswith("p") else 0), minute)
        if m["h1"]:
            hour = _number(m["h1"])
            minute = 30 if m["half"] else 15 if m["quarter"] == "一刻" else 45 if m["quarter"] else _number(m["mi1"] or "0")
            second = 0
        elif m["h2"]:
            hour, minute, second = int(m["h2"]), int(m["mi2"]), int(m["s2"] or 0)
        else:
            return None  # (a part of the day needs an hour after it: "下午" alone reads as nothing)
        if minute > 59 or second > 59 or hour > 24 or (hour == 24 and (minute or second)):
            raise self.error("no_such_time")
        if m["period"]:
            hour = self._in_period(m["period"], hour)
            if hour == 24 and (minute or second):
                raise self.error("no_such_time")  # "晚上12点半"
        return _Clock(hour, minute, second)

    def _in_period(self, period: str, hour: int) -> int:
        """The hour on the 24-hour clock that ``hour`` said after ``period`` is."""
        if period == "凌晨":
            if hour <= 6 or hour == 12:
                return hour % 12
        elif period in _MORNING:
            if hour <= 12:
                return hour
        elif period in _NOON:
            if hour in (11, 12, 13, 14):
                return hour
            if hour in (1, 2):
                return hour + 12
        elif period in _AFTERNOON:
            if 1 <= hour <= 11:
                return hour + 12
            if 12 <= hour <= 23:
                return hour
        elif 5 <= hour <= 12:  # the evening
            return hour + 12
        elif 17 <= hour <= 24:
            return hour
        else:
            raise self.error("ambiguous")  # "晚上1点": tonight's 01:00 is tomorrow's 凌晨1点
        raise self.error("period_mismatch")


def read_spoken(text: str, lang: str = "zh", now: arrow.Arrow | None = None, *, deadline: bool = False) -> arrow.Arrow:
    """``text`` as people say a time (module docstring), in Asia/Shanghai.

    Raises :class:`cases.clock.TimeTextError` (``cases.time.unrecognised`` for text
    that is no time; ``needs_now`` for a relative one without ``now``;
    ``no_such_day``, ``no_such_time``, ``period_mismatch``, ``ambiguous``) and
    :class:`cases.clock.TimeRangeError` for a year typed outside the allowed years.
    """
    return _Reader(text, lang, now, deadline).read()


def shown_instant(at: arrow.Arrow, lang: str = "zh") -> str:
    """An instant as the forms show what they understood: ``2026-11-29 10:00 周日``."""
    local = at.to(shown_zone())
    return f"{local.format('YYYY-MM-DD HH:mm')} {tr(f'cases.time.weekday.{local.weekday()}', lang)}"
