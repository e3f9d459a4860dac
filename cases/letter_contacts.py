"""The earlier contacts of a submission text: 【沟通经过】, in time order.

Each contact line names the time, the channel, ticket and agent 工号, what was
said, then what was promised and whether it was broken, or that a filing ran
past its clock with no answer:

- a promise (an event's ``promised`` text or explicit ``deadline``) is written as
  "对方承诺" only when one was logged; a duration typed as the promise is put in
  words ("48h" → "48小时内处理"), one typed as a time ("明天上午10点", said relative
  to the day it was logged) as the deadline it gave; it is *broken* when its deadline has passed and
  the channel produced no result between the promise and the deadline;
- a submission on a channel with a clock is *unanswered* when the clock ran out
  with no contact, acceptance or result from that channel. A statutory clock names
  its article ("对方未在……第十四条规定的时限……"); a practice clock (the platform's
  24 h or 48 h: tousu's assumption) is stated as plain dates ("截至……未获答复").

A letter lists at most :data:`MAX_CONTACTS` contacts: every filing, acceptance,
result and promise first (what a regulator weighs), then the latest of the others,
in time order, under a line saying how many were recorded. A case chased daily
for months would otherwise file a chat log (and building it took seconds).
"""

from __future__ import annotations

import arrow

from cases.clock import parse_instant
from cases.durations import Duration, DurationError, parse_duration
from cases.instants import readable_instant
from cases.typed_deadline import resolve_deadline
from cases.facts import CaseFacts, clock_law
from cases.model import Event, EventKind

#: Contacts a letter lists at most (see the module docstring).
MAX_CONTACTS = 40
_DECISIVE = frozenset({EventKind.SUBMITTED.value, EventKind.ACCEPTED.value, EventKind.RESULT.value})
_RESPONSES = frozenset({EventKind.CONTACT.value, EventKind.ACCEPTED.value, EventKind.RESULT.value})
_RESULTS = frozenset({EventKind.RESULT.value})
#: Subject labels a summary recorded by an earlier tousu may start with ("主题：投诉：…").
_OLD_LABELS = ("主题：", "标题：", "Subject: ", "Title: ")


def _on_channel_between(f: CaseFacts, channel_id: str, kinds: frozenset[str], start: arrow.Arrow,
                        end: arrow.Arrow) -> bool:
    for e in f.case.timeline:
        at = readable_instant(e.at)
        if e.channel == channel_id and e.kind in kinds and at is not None and start < at <= end:
            return True
    return False


def promise_state(f: CaseFacts, ev: Event) -> tuple[arrow.Arrow | None, bool]:
    """(the promise's deadline, broken?) for an event with an explicit deadline."""
    at = readable_instant(ev.at)
    if not ev.deadline or at is None:
        return None, False
    try:
        due = resolve_deadline(ev.deadline, at, f.calendar).at
    except ValueError:
        return None, False
    kept = _on_channel_between(f, ev.channel, _RESULTS, at, due)
    return due, due < f.now and not kept


def unanswered(f: CaseFacts, ev: Event) -> tuple[arrow.Arrow, str] | None:
    """(the clock deadline a submission ran past with no answer, its law id or ""), or None."""
    at = readable_instant(ev.at)
    if ev.kind != EventKind.SUBMITTED or ev.deadline or at is None:
        return None
    dl = f.clock_deadline(ev.channel, ev.kind, ev.at)
    if dl is None or dl.at >= f.now or _on_channel_between(f, ev.channel, _RESPONSES, at, dl.at):
        return None
    return dl.at, clock_law(ev.channel, ev.kind)


def duration_words(f: CaseFacts, duration: Duration) -> str:
    """A promised duration as a letter says it: "48小时", "3个工作日", "7天"."""
    if duration.is_working_days:
        return f.p("duration.working_days", n=duration.working_days)
    days, rest = divmod(duration.seconds, 86400)
    if days >= 4 and not rest:
        return f.p("duration.days", n=days)
    hours, rest = divmod(duration.seconds, 3600)
    minutes = rest // 60
    if hours and minutes:
        return f.p("duration.hours_minutes", h=hours, m=minutes)
    if hours:
        return f.p("duration.hours", n=hours)
    return f.p("duration.minutes", n=minutes)


def promise_words(f: CaseFacts, ev: Event, due: arrow.Arrow | None) -> str:
    """The promise as logged, a typed duration put in words ("48h" → "48小时内处理")."""
    typed = _typed_promise(ev)
    if typed:
        try:
            duration = parse_duration(typed)
        except DurationError:
            return f.mask(typed)
        return f.p("promise.within", duration=duration_words(f, duration))
    return f.p("promise.by", deadline=f.due(due)) if due is not None else ""


def _typed_promise(ev: Event) -> str:
    """The promise as logged, or "" when it was typed as a time ("2026-10-14 18:00",
    "明天上午10点": said relative to the day it was logged), which the deadline says instead."""
    typed = ev.promised.strip()
    try:
        parse_instant(typed, now=readable_instant(ev.at), deadline=True)
    except ValueError:
        return typed
    return ""


def _said(f: CaseFacts, ev: Event) -> str:
    text = ev.said.strip()
    for label in _OLD_LABELS:
        text = text.removeprefix(label)
    return f.mask(text.strip())


def _kind(f: CaseFacts, kind: str) -> str:
    key = f"contacts.kind.{kind}"
    return f.p(key) if f.has(key) else kind


def _line(f: CaseFacts, i: int, ev: Event) -> str:
    refs = []
    if ev.ticket.strip():
        refs.append(f.p("contacts.ticket", ticket=ev.ticket.strip()))
    if ev.agent.strip():
        refs.append(f.p("contacts.agent", agent=f.mask(ev.agent.strip())))
    said = _said(f, ev)
    line = f.p(
        "contacts.line", i=i, at=f.when(readable_instant(ev.at)) or ev.at, channel=f.channel_name(ev.channel),
        refs=f.p("contacts.refs", refs=f.p("contacts.refs_sep").join(refs)) if refs else "",
        kind=_kind(f, ev.kind),
        said=f.p("contacts.said", said=said) if said else "",
    )
    parts = [f.end(line, f.p("sentence_end"))]
    if ev.promised.strip() or ev.deadline:
        due, broken = promise_state(f, ev)
        promised = promise_words(f, ev, due) or f.mask(ev.deadline or "")
        if due is not None and _typed_promise(ev):
            parts.append(f.p("contacts.promise", promised=promised, deadline=f.due(due)))
        else:
            parts.append(f.p("contacts.promise_plain", promised=promised))
        if broken:
            parts.append(f.p("contacts.broken"))
    silent = unanswered(f, ev)
    if silent is not None:
        deadline, law_id = silent
        if law_id:
            parts.append(f.p("contacts.no_reply_law", law=f.cite(law_id), deadline=f.due(deadline)))
        else:
            parts.append(f.p("contacts.no_reply", deadline=f.due(deadline)))
    return f.p("contacts.joiner").join(parts)


def contacts_section(f: CaseFacts) -> str:
    """The heading and one line per contact listed (:func:`listed`), or "" when there was none."""
    events = f.events()
    shown = listed(events)
    lines = [_line(f, i, ev) for i, ev in enumerate(shown, 1)]
    if not lines:
        return ""
    if len(shown) < len(events):
        lines.insert(0, f.p("contacts.omitted", total=len(events), shown=len(shown)))
    return f"{f.p('contacts.heading')}\n" + "\n".join(lines)


def listed(events: list[Event]) -> list[Event]:
    """The contacts a letter lists, in time order: all when there are at most
    :data:`MAX_CONTACTS`, else the decisive ones (filings, acceptances, results,
    promises; the latest if even those are too many) and then the latest others."""
    if len(events) <= MAX_CONTACTS:
        return events
    decisive = [i for i, ev in enumerate(events)
                if ev.kind in _DECISIVE or ev.promised.strip() or ev.deadline]
    keep = set(decisive[-MAX_CONTACTS:])
    others = [i for i in range(len(events)) if i not in keep]
    keep.update(others[len(others) - (MAX_CONTACTS - len(keep)):] if len(keep) < MAX_CONTACTS else ())
    return [events[i] for i in sorted(keep)]
