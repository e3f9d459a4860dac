"""Deadlines: durations as people type them, and the deadline a case is under.

A promise is typed as a duration ("2小时内", "48h", "7个工作日") or an instant
("2026-10-14T18:00"); :func:`resolve_deadline` turns either into an instant.
:func:`case_deadline` finds the deadline that applies to a case now, from the
timeline and the channel's clock rule (cases.channels).

Error messages: parsing raises :class:`DurationError` (a ValueError). Its
``str()`` is in the language passed as ``lang`` (Chinese by default) and
``error.message(lang)`` gives any language, so the UI can show it directly.
Texts come from the message catalogues (``cases.duration.*``, ``cases.deadline.*``,
``cases.unit.*``; see cases.i18n).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import arrow

from cases.channels import Channel, ClockRule, UnknownChannel, channel
from cases.clock import MAX_YEAR, MIN_YEAR, TZ, TimeRangeError, TimeTextError, end_of_day, parse_instant, year_in_range
from cases.i18n import CatalogueError, tr
from cases.model import Case, Event, EventKind
from cases.workdays import WorkCalendar, default_calendar

if TYPE_CHECKING:  # pragma: no cover
    from cases.practice import PracticeRules

_ZONE = ZoneInfo(TZ)

#: The version of the deadline rules. Bump it when deadline computation changes (this
#: module, the clocks in data/channels.json, the working-day arithmetic): stored deadlines
#: carry it in their stamp (cases.summary.deadline_stamp), so the first writing tousu of
#: the new rules recomputes them once and an older tousu uses them as they are.
RULES_VERSION = 3  # 2: needs_identity in channels.json; the cadence from the last contact on the channel; typed working days counted again; 3: a store's practice rules (cases.practice)

#: Follow-up cadence (calendar days) for a channel missing from the ladder (DOMAIN: every 3–5 days).
DEFAULT_FOLLOW_UP_DAYS = 3
#: Hours for a ``promise_or_hours`` / ``hours`` rule without a number (DOMAIN: default 24 h).
DEFAULT_HOURS = 24
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



def _quoted(text: str) -> str:
    """``text`` as an error message quotes it: stripped, and cut short when very long."""
    text = text.strip()
    return text if len(text) <= 60 else text[:57] + "…"


# -- durations -------------------------------------------------------------------
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


def _cn_number(text: str) -> int:
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
        return DurationError("cases.duration.unrecognised", lang, text=_quoted(text))

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
        value = (0.0 if num is None else float(num) if num[0].isdigit() else float(_cn_number(num))) + (
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
            raise DurationError("cases.duration.working_days_whole", lang, text=_quoted(text))
        if working_days == 0:
            raise _zero(text, lang)
        return Duration(working_days=int(working_days))
    total = round(seconds)
    if total <= 0:
        raise _zero(text, lang)
    return Duration(seconds=total)


def _zero(text: str, lang: str) -> DurationError:
    return DurationError("cases.duration.zero", lang, text=_quoted(text))


def _too_long(text: str, lang: str) -> DurationError:
    return DurationError("cases.duration.too_long", lang, text=_quoted(text), days=MAX_DURATION_DAYS,
                         working_days=MAX_WORKING_DAYS)


#: Errors of :func:`parse_duration` that :func:`resolve_deadline` passes on as they are:
#: the text is a duration, only not an allowed one.
_DURATION_BOUNDS = frozenset({"cases.duration.too_long"})


# -- instants --------------------------------------------------------------------
@lru_cache(maxsize=65536)
def instant(text: str) -> arrow.Arrow:
    """:func:`cases.clock.parse_instant`, fast and cached (stored times repeat a lot).

    Same semantics: no offset → Asia/Shanghai; an explicit offset is converted.
    """
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        return parse_instant(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_ZONE)
    return arrow.Arrow.fromdatetime(parsed).to(TZ)


def readable_instant(text: str | None) -> arrow.Arrow | None:
    """:func:`instant`, or None for an empty or unreadable stored time."""
    if not text:
        return None
    try:
        return instant(text)
    except ValueError:
        return None


_BARE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_READABLE_YEAR = re.compile(r"^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])")
_LOOKS_ISO = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")


@dataclass(frozen=True)
class ResolvedDeadline:
    at: arrow.Arrow
    estimated: bool  # a working-day count ran into a year without a published schedule
    working_days: bool  # the deadline came from a working-day count


def resolve_deadline(
    text: str, since: arrow.Arrow, calendar: WorkCalendar | None = None, lang: str = "zh",
    *, now: arrow.Arrow | None = None,
) -> ResolvedDeadline:
    """Turn a promise into an instant.

    ``text`` is a duration measured from ``since`` ("2小时", "7个工作日", "3天后"), or a
    time read by :func:`cases.clock.parse_instant` as a deadline: ISO 8601 (no offset
    → Asia/Shanghai; a bare date means the end of that day, 23:59:59) or a time as
    people say it ("明天上午10点", "11-30", "周五"), whose days count from ``now``
    (the clock), not from ``since``; without ``now`` such text is refused.
    Working-day durations end at 23:59:59 Asia/Shanghai of the due date.
    Raises :class:`DurationError` when it is neither, when a duration is longer
    than :data:`MAX_DURATION_DAYS` / :data:`MAX_WORKING_DAYS` (before counting
    anything), when a time does not exist ("2月30日") or needs ``now``, or when the
    deadline's year is outside :data:`cases.clock.MIN_YEAR`–:data:`cases.clock.MAX_YEAR`.
    """
    stripped = unicodedata.normalize("NFKC", text).strip()
    resolved: ResolvedDeadline | None = None
    if _LOOKS_ISO.match(stripped):
        try:
            if _BARE_DATE.match(stripped):
                resolved = ResolvedDeadline(end_of_day(date.fromisoformat(stripped)), False, False)
            elif _is_iso(stripped):  # what tousu stores: the cached fast path
                resolved = ResolvedDeadline(instant(stripped), False, False)
        except (ValueError, OverflowError):  # OverflowError: year 9999 with an offset
            if _READABLE_YEAR.match(stripped) and not year_in_range(int(stripped[:4])):
                raise _out_of_range(text, lang) from None
    else:
        try:
            duration = parse_duration(stripped, lang)
        except DurationError as exc:
            if exc.key in _DURATION_BOUNDS:
                raise
        else:
            resolved = _apply(duration, since, calendar)
    if resolved is None:
        resolved = ResolvedDeadline(_typed_time(text, stripped, lang, now), False, False)
    if not year_in_range(resolved.at.year):
        raise _out_of_range(text, lang)
    return resolved


def _is_iso(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _typed_time(text: str, stripped: str, lang: str, now: arrow.Arrow | None) -> arrow.Arrow:
    """A deadline typed as a time (:func:`cases.clock.parse_instant`), its errors as DurationError."""
    try:
        return parse_instant(stripped, lang, now, deadline=True)
    except TimeRangeError:
        raise _out_of_range(text, lang) from None
    except TimeTextError as exc:
        if exc.key == "cases.time.unrecognised":
            raise DurationError("cases.deadline.unrecognised", lang, text=_quoted(text)) from None
        raise DurationError(exc.key, lang, **exc.values) from None
    except (ValueError, OverflowError):  # pragma: no cover - parse_instant raises only the two above
        raise DurationError("cases.deadline.unrecognised", lang, text=_quoted(text)) from None


def _out_of_range(text: str, lang: str) -> DurationError:
    return DurationError("cases.deadline.out_of_range", lang, text=_quoted(text), min=MIN_YEAR, max=MAX_YEAR)


def _apply(duration: Duration, since: arrow.Arrow, calendar: WorkCalendar | None) -> ResolvedDeadline:
    if duration.is_working_days:
        result = (calendar or default_calendar()).add_working_days(since.to(TZ).date(), duration.working_days)
        return ResolvedDeadline(end_of_day(result.due), result.estimated, True)
    return ResolvedDeadline(since.to(TZ) + duration.delta, False, False)


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


# -- the deadline of a case ------------------------------------------------------
PROMISE = "promise"
CLOCK = "clock"
FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class Deadline:
    """The deadline a case is under now.

    kind: ``promise`` (an event's explicit deadline), ``clock`` (the channel's
    clock rule) or ``follow_up`` (no clock: next follow-up by the channel's cadence).
    """

    at: arrow.Arrow
    kind: str
    working_days: bool
    estimated: bool
    channel: str
    basis: str  # the citation of the article that sets the clock (cases/data/laws.json), "" for practice
    since: arrow.Arrow  # the event that started it

    @property
    def is_follow_up(self) -> bool:
        return self.kind == FOLLOW_UP


def _channel_or_none(channel_id: str) -> Channel | None:
    try:
        return channel(channel_id)
    except UnknownChannel:
        return None


def _follow_up(at: arrow.Arrow, ch: Channel | None, channel_id: str, practice: PracticeRules | None) -> Deadline:
    days = ch.follow_up_days if ch else DEFAULT_FOLLOW_UP_DAYS
    if practice:
        days = practice.follow_up_days(channel_id, days)
    return Deadline(at + timedelta(days=days), FOLLOW_UP, False, False, channel_id, "", at)


#: What :func:`_event_deadline` returns for an event that starts no clock of its own on a
#: channel whose rule gives none for it: the case is then under the follow-up cadence alone.
_CADENCE = object()


def _event_deadline(
    ev: Event, at: arrow.Arrow, ch: Channel | None, calendar: WorkCalendar | None, own: Duration | None
) -> Deadline | object | None:
    """The deadline ``ev`` defines on its channel, :data:`_CADENCE` when it puts the case
    under the follow-up cadence alone, or None if it leaves the clock alone. ``own`` is the
    platform's own clock on the channel (:mod:`cases.practice`), in place of the rule's hours."""
    if ev.deadline:
        resolved = _typed_working_days(ev.promised, at, calendar) if ev.promised else None
        if resolved is None:
            try:
                resolved = resolve_deadline(ev.deadline, at, calendar)
            except ValueError:
                resolved = None  # a hand-edited store: ignore the unreadable promise
        if resolved is not None:
            return Deadline(resolved.at, PROMISE, resolved.working_days, resolved.estimated, ev.channel, "", at)
    rule = ch.clock if ch else None
    if rule is None or rule.kind == "none":
        return _CADENCE
    if ev.kind == EventKind.SUBMITTED:
        if rule.kind in ("promise_or_hours", "hours") and own is not None:
            resolved = _apply(own, at, calendar)
            return Deadline(resolved.at, CLOCK, resolved.working_days, resolved.estimated, ev.channel, "", at)
        if rule.kind in ("promise_or_hours", "hours"):
            hours = rule.hours or DEFAULT_HOURS
            return Deadline(at + timedelta(hours=hours), CLOCK, False, False, ev.channel, _basis(rule, ev.kind), at)
        if rule.kind == "working_days" and rule.days:
            return _working(at, rule.days, _basis(rule, ev.kind), ev.channel, calendar)
        return _CADENCE
    if ev.kind == EventKind.ACCEPTED:
        if rule.kind == "working_days" and rule.after_accept_days:
            return _working(at, rule.after_accept_days, _basis(rule, ev.kind), ev.channel, calendar)
        return _CADENCE
    return None


def _typed_working_days(promised: str, at: arrow.Arrow, calendar: WorkCalendar | None) -> ResolvedDeadline | None:
    """A promise typed as working days ("30个工作日"), counted again from the event with
    ``calendar``; None for any other text. ``tousu log --deadline`` and the log form store
    the instant it came to when typed, which knows neither whether it was an estimate nor
    the schedule published since: counted again, it is marked 约 while it runs into a year
    without a published schedule, and moves to the right day once the schedule is added."""
    try:
        duration = parse_duration(promised)
    except DurationError:
        return None
    if not duration.is_working_days:
        return None
    return _apply(duration, at, calendar)


def _basis(rule: ClockRule, event_kind: str) -> str:
    law_id = rule.law_id(event_kind)
    if not law_id:
        return ""
    from cases.laws import law  # only for statutory clocks: the dashboard's start needs no laws

    return law(law_id).citation("zh")


def _working(at: arrow.Arrow, n: int, basis: str, channel_id: str, calendar: WorkCalendar | None) -> Deadline:
    result = (calendar or default_calendar()).add_working_days(at.date(), n)
    return Deadline(end_of_day(result.due), CLOCK, True, result.estimated, channel_id, basis, at)


def case_deadline(case: Case, calendar: WorkCalendar | None = None, *,
                  practice: PracticeRules | None = None) -> Deadline | None:
    """The deadline ``case`` is under, or None if it is closed or has no active events.

    On the current channel, the latest event (timeline order, notes ignored)
    that defines one wins: an explicit deadline (promise); a SUBMITTED event
    (the channel's clock); an ACCEPTED event (the after-acceptance clock, so a
    later acceptance restarts it from its own date). CONTACT / URGED / RESULT
    without an explicit deadline leave the clock alone. Where the latest such
    event starts no clock (channels without one, channels missing from the
    ladder, an acceptance where the rule has no after-acceptance clock), or
    there is none, the case is under the follow-up cadence alone: the deadline
    is the next follow-up (:func:`next_follow_up`, kind ``follow_up``). ``practice``: the
    store's rules (:mod:`cases.practice`), the platform's own clock and the cadence.
    """
    if case.closed:
        return None
    found = _deadline_and_last(case, calendar, practice)
    return None if found is None else found[0]


def _deadline_and_last(case: Case, calendar: WorkCalendar | None,
                       practice: PracticeRules | None) -> tuple[Deadline, Deadline] | None:
    """(the deadline, the next follow-up) of an open case, or None without a readable event."""
    events = case.active_events()
    if not events:
        return None
    channel_id = events[-1].channel
    ch = _channel_or_none(channel_id)
    own = practice.promise_clock(case.platform, channel_id) if practice else None
    latest_at: arrow.Arrow | None = None
    found: Deadline | object | None = None
    for ev in reversed(events):
        if ev.channel != channel_id:
            continue
        try:
            at = instant(ev.at)
        except ValueError:
            continue  # an event without a readable time cannot start a clock
        if latest_at is None:
            latest_at = at
        found = _event_deadline(ev, at, ch, calendar, own)
        if found is not None:
            break
    if latest_at is None:
        return None
    follow_up = _follow_up(latest_at, ch, channel_id, practice)
    if not isinstance(found, Deadline):
        return follow_up, follow_up
    return found, follow_up


def next_follow_up(case: Case, *, practice: PracticeRules | None = None) -> Deadline | None:
    """When ``case`` should next be followed up on its current channel, or None (closed,
    no readable event).

    The channel's ``follow_up_days`` (channels.json; :data:`DEFAULT_FOLLOW_UP_DAYS` for
    one missing from the ladder) in **calendar** days after the latest event on that
    channel, whatever its kind (a filing, an acceptance, a contact, an urge, a result;
    notes never): the cadence is practice ("every 3–5 days"), not a statutory clock,
    so weekends and holidays count and it is never estimated.
    """
    if case.closed:
        return None
    found = _deadline_and_last(case, None, practice)  # (the follow-up needs no calendar)
    return None if found is None else found[1]


#: :attr:`NextDue.kind` values: the deadline comes first, or the follow-up does.
DEADLINE = "deadline"


@dataclass(frozen=True)
class NextDue:
    """What a case waits for next: its deadline (:func:`case_deadline`) and its next
    follow-up (:func:`next_follow_up`), and which comes first (:attr:`first`)."""

    deadline: Deadline | None
    follow_up: Deadline | None

    @property
    def first(self) -> Deadline | None:
        """The earlier of the two; the deadline on a tie (it says more). A deadline that
        is itself the cadence (kind ``follow_up``) is the follow-up."""
        d, f = self.deadline, self.follow_up
        if d is None or f is None:
            return d or f
        return f if f.at < d.at else d

    @property
    def kind(self) -> str:
        """:data:`FOLLOW_UP` or :data:`DEADLINE` for :attr:`first`, "" when there is none."""
        first = self.first
        if first is None:
            return ""
        return FOLLOW_UP if first.is_follow_up else DEADLINE


def case_next(case: Case, calendar: WorkCalendar | None = None, *,
              practice: PracticeRules | None = None) -> NextDue:
    """:class:`NextDue` of ``case``: its deadline and next follow-up, computed once."""
    if case.closed:
        return NextDue(None, None)
    found = _deadline_and_last(case, calendar, practice)
    return NextDue(None, None) if found is None else NextDue(*found)
