"""The deadline a case is under: :func:`case_deadline` finds the one that applies now,
from the timeline and the channel's clock rule (cases.channels); :func:`next_follow_up`
the next follow-up by the channel's cadence; :func:`case_next` both.

Durations as typed are read by cases.durations, a typed deadline by cases.typed_deadline.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from cases.channels import Channel, ClockRule, UnknownChannel, channel
from cases.clock import end_of_day
from cases.deadline_kinds import CLOCK, DEADLINE, FOLLOW_UP, PROMISE
from cases.event_kinds import EventKind
from cases.instants import instant
from cases.workdays import WorkCalendar, default_calendar

if TYPE_CHECKING:  # pragma: no cover
    import arrow
    from cases.durations import Duration
    from cases.model import Case, Event
    from cases.practice import PracticeRules
    from cases.typed_deadline import ResolvedDeadline

#: Follow-up cadence (calendar days) for a channel missing from the ladder (DOMAIN: every 3–5 days).
DEFAULT_FOLLOW_UP_DAYS = 3
#: Hours for a ``promise_or_hours`` / ``hours`` rule without a number (DOMAIN: default 24 h).
DEFAULT_HOURS = 24



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
            from cases.typed_deadline import resolve_deadline

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
            from cases.typed_deadline import apply_duration

            resolved = apply_duration(own, at, calendar)
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
    from cases.durations import DurationError, parse_duration
    from cases.typed_deadline import apply_duration

    try:
        duration = parse_duration(promised)
    except DurationError:
        return None
    if not duration.is_working_days:
        return None
    return apply_duration(duration, at, calendar)


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
