"""Durations as people type them: "48h", "2小时内", "7个工作日", "15天", "一个半小时".

:func:`parse_duration` reads one; :func:`find_duration_mention` finds the first one
inside free text ("客服答应2小时内回复"). Errors are :class:`DurationError` (a
ValueError): its ``str()`` is in the language passed as ``lang`` (Chinese by default)
and ``error.message(lang)`` gives any language, so the UI can show it directly. Texts
come from the message catalogues (``cases.duration.*``, ``cases.unit.*``; see cases.i18n).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from cases.i18n import CatalogueError, tr

#: The longest duration :func:`parse_duration` accepts: ten years of calendar time
#: (hours, days and weeks together) or of working days. No promise or clock in the
#: ladder comes near (the longest, 12315 mediation, is 45 working days); the bound is
#: checked before anything is computed, so "99999999天" or "99999999wd" fails at once
#: instead of counting working days for seconds.
MAX_DURATION_DAYS = 3660
MAX_WORKING_DAYS = 2600


class DurationError(CatalogueError):
    """Text that is neither a duration nor (for deadlines) an instant.

    Carries a catalogue ``key`` and the ``values`` of its message. ``str()`` is in
    the language given when raised; ``message(lang)`` in any.
    """


def quoted(text: str) -> str:
    """``text`` as an error message quotes it: stripped, and cut short when very long."""
    text = text.strip()
    return text if len(text) <= 60 else text[:57] + "…"


@dataclass(frozen=True)
class Duration:
    """A span of calendar time, or a number of working days (never both).

    ``seconds`` covers hours, minutes and calendar days (Asia/Shanghai has no
    daylight saving, so a day is 86,400 s). ``working_days`` counts mainland
    China working days from the day after the start (cases.workdays).
    """

    seconds: int = 0
    working_days: int = 0

    @property
    def is_working_days(self) -> bool:
        return self.working_days > 0

    @property
    def delta(self) -> timedelta:
        return timedelta(seconds=self.seconds)

    def text(self, lang: str = "zh") -> str:
        """Canonical text: "7个工作日" / "1天2小时30分" ("7 working days" / "1d 2h 30m")."""
        if self.working_days:
            return tr("cases.duration.working_days", lang, n=self.working_days)
        days, rest = divmod(self.seconds, 86400)
        hours, rest = divmod(rest, 3600)
        minutes = rest // 60
        units = [tr(f"cases.unit.{name}", lang) for name in ("day", "hour", "minute")]
        parts = [f"{v}{u}" for v, u in zip((days, hours, minutes), units) if v]
        return tr("cases.unit.sep", lang).join(parts) or f"0{units[2]}"


_UNITS: dict[str, str] = {}
for _kind, _names in {
    "wd": ("工作日", "workingdays", "workingday", "workdays", "workday", "businessdays", "businessday", "wd"),
    "h": ("小时", "钟头", "hours", "hour", "hrs", "hr", "h"),
    "m": ("分钟", "分", "minutes", "minute", "mins", "min", "m"),
    "d": ("天", "日", "days", "day", "d"),
    "w": ("星期", "礼拜", "周", "weeks", "week", "w"),
}.items():
    for _name in _names:
        _UNITS[_name] = _kind
_SECONDS = {"h": 3600, "m": 60, "d": 86400, "w": 7 * 86400}
_UNIT_RE = "|".join(sorted(_UNITS, key=len, reverse=True))


# Compiled on first use, not at import: the dashboard's start needs neither (~4 ms).
@lru_cache(maxsize=None)
def _part_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)?(?P<ge>个)?(?P<half>半)?(?P<unit>{_UNIT_RE})"
    )

_PREFIXES = ("within", "in", "约", "在")
_SUFFIXES = ("以内", "之内", "内", "以后", "之后", "后")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_NUMBER_START = frozenset("0123456789半十百" + "".join(_CN_DIGITS))


def chinese_number(text: str) -> int:
    """Small Chinese numerals: 三, 十五, 二十四, 四十八, 一百 ..."""
    total = current = 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = current * 10 + _CN_DIGITS[ch] if current else _CN_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def _normalise(text: str) -> str:
    body = unicodedata.normalize("NFKC", text).casefold()
    return "".join(body.split())


def parse_duration(text: str, lang: str = "zh") -> Duration:
    """Read "2小时", "2个小时", "48h", "30分钟", "30min", "3天", "7个工作日", "7wd",
    "1天12小时", "2h30m", "1.5小时", "一个半小时", "两小时", "24小时内", "1周" ...

    Case-insensitive; spaces, full-width characters and a trailing 内/以内 are
    allowed. Working days are whole and are not mixed with other units.
    Raises :class:`DurationError`.
    """
    return _parse_duration(text, lang)


@lru_cache(maxsize=4096)
def _parse_duration(text: str, lang: str) -> Duration:
    def bad() -> DurationError:
        return DurationError("cases.duration.unrecognised", lang, text=quoted(text))

    body = _normalise(text)
    for prefix in _PREFIXES:
        if body.startswith(prefix) and body[len(prefix) : len(prefix) + 1] in _NUMBER_START:
            body = body[len(prefix):]
            break
    for suffix in _SUFFIXES:
        if body.endswith(suffix) and len(body) > len(suffix):
            body = body[: -len(suffix)]
            break
    if not body:
        raise bad()
    seen: set[str] = set()
    seconds = 0.0
    working_days = 0.0
    pos = 0
    while pos < len(body):
        m = _part_re().match(body, pos)
        if not m:
            raise bad()
        num, half, unit = m["num"], m["half"], _UNITS[m["unit"]]
        if num is None and not half:
            raise bad()
        if unit in seen:
            raise bad()
        seen.add(unit)
        value = (0.0 if num is None else float(num) if num[0].isdigit() else float(chinese_number(num))) + (
            0.5 if half else 0.0
        )
        if unit == "wd":
            working_days = value
        else:
            seconds += value * _SECONDS[unit]
        if working_days > MAX_WORKING_DAYS or seconds > MAX_DURATION_DAYS * 86400:  # inf included
            raise _too_long(text, lang)
        pos = m.end()
    if "wd" in seen:
        if len(seen) > 1 or working_days != int(working_days):
            raise DurationError("cases.duration.working_days_whole", lang, text=quoted(text))
        if working_days == 0:
            raise _zero(text, lang)
        return Duration(working_days=int(working_days))
    total = round(seconds)
    if total <= 0:
        raise _zero(text, lang)
    return Duration(seconds=total)


def _zero(text: str, lang: str) -> DurationError:
    return DurationError("cases.duration.zero", lang, text=quoted(text))


def _too_long(text: str, lang: str) -> DurationError:
    return DurationError("cases.duration.too_long", lang, text=quoted(text), days=MAX_DURATION_DAYS,
                         working_days=MAX_WORKING_DAYS)


#: Errors of :func:`parse_duration` that :func:`cases.typed_deadline.resolve_deadline` passes on as they are:
#: the text is a duration, only not an allowed one.
DURATION_BOUNDS = frozenset({"cases.duration.too_long"})




@lru_cache(maxsize=None)
def _duration_in_text_re() -> re.Pattern[str]:
    return re.compile(
        rf"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)个?半?(?:{_UNIT_RE})"
        rf"(?:(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)个?半?(?:{_UNIT_RE}))*",
        re.IGNORECASE,
    )


@dataclass(frozen=True)
class DurationMention:
    """A duration found in free text: the ``phrase`` as written there, with a
    trailing 内 / 以内 / 后 … ("2小时内", "2 hours"), and its ``duration``."""

    phrase: str
    duration: Duration


def find_duration_mention(text: str) -> DurationMention | None:
    """The first duration inside free text ("客服答应2小时内回复" → "2小时内", 2 h), or None.

    Matched with the whitespace removed (so "2 小时" counts), quoted as written.
    """
    normalised = unicodedata.normalize("NFKC", text)
    kept = [i for i, ch in enumerate(normalised) if not ch.isspace()]
    compact = "".join(normalised[i] for i in kept)
    for m in _duration_in_text_re().finditer(compact):
        try:
            duration = parse_duration(m.group(0))
        except DurationError:
            continue
        if not duration.working_days and duration.seconds < 60:
            continue  # "0.01小时": no promise, and no text to offer (Duration.text counts minutes)
        end = m.end()
        for suffix in _SUFFIXES:
            if compact.startswith(suffix, end):
                end += len(suffix)
                break
        return DurationMention(normalised[kept[m.start()] : kept[end - 1] + 1], duration)
    return None


def find_duration(text: str) -> Duration | None:
    """The first duration inside free text ("客服说24小时内回复" → 24 h), or None.

    A suggestion for the UI when a promise is recorded (the log form offers it,
    ``tousu log`` hints at it); :func:`case_deadline` never reads ``Event.promised``
    or ``Event.said``, only the explicit ``Event.deadline``.
    """
    mention = find_duration_mention(text)
    return mention.duration if mention is not None else None

