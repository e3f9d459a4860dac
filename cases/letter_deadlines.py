"""Deadline sentences of submissions and 催办 (DOMAIN.md "Writing a submission").

Who reads the text decides its tone (``Channel.addressee``, data/channels.json):

- the merchant (the platform, or its page on 黑猫投诉 / 聚投诉): a date and the
  next step, "若于……前仍未处理，本人将向全国12315平台投诉";
- the payment platform: a date, no next step;
- a regulator: what the rules give, citing them: 12315 decides on acceptance
  within 7 working days (暂行办法第十四条); a 举报 is checked within 15 working
  days (《市场监督管理行政处罚程序规定》第十八条); never an ultimatum;
- 消协, the police, a court: no deadline sentence at all.

A 催办 never names a date earlier than the statutory one: before 12315's 7
working days are over it asks for the decision by that day; after them, for
the decision; during mediation, for its progress; once 45 working days have
passed since acceptance (第二十一条), for the 终止调解 notice, which is due
within 7 working days of the end. A missed practice clock (the platform's 24 h
or 48 h: tousu's assumption) is stated as plain dates.
"""

from __future__ import annotations

from cases.channels import UnknownChannel, channel
from cases.deadline_kinds import FOLLOW_UP, PROMISE
from cases.deadlines import DEFAULT_HOURS, case_deadline
from cases.instants import readable_instant
from cases.facts import CaseFacts, clock_law
from cases.letter_contacts import promise_words
from cases.model import Event, EventKind
from cases.preflight import body_state, mediation_end
from cases.targets import next_tier


def _action(f: CaseFacts, after: str) -> str:
    nxt = next_tier(f.case, after)
    return f.p(f"action.{nxt}") if nxt else ""


def _dated_request(f: CaseFacts, when: str, ultimatum: str) -> str:
    """Ask for an answer by ``when``: to the merchant with the next step (the ``ultimatum``
    phrase), to anyone else with the channel's own sentence (citing its rule) or a plain request."""
    if f.chan.ultimatum_allowed:
        action = _action(f, f.target)
        return f.p(ultimatum, when=when, action=action) if action else f.p("deadline.request", when=when)
    key = f"deadline.{f.target}"
    if not f.has(key):
        return f.p("deadline.request", when=when)
    law_id = clock_law(f.target, EventKind.SUBMITTED.value)
    return f.p(key, when=when, law=f.cite(law_id) if law_id else "")


def deadline_sentence(f: CaseFacts) -> str:
    """The submission's deadline sentence, by addressee ("" for 消协, the police and courts)."""
    if f.chan is None:
        return ""
    dl = f.clock_deadline(f.target, EventKind.SUBMITTED.value, f.now.isoformat())
    return _dated_request(f, f.due(dl.at, dl.estimated), "deadline.default") if dl is not None else ""


def filed_sentence(f: CaseFacts) -> str:
    first = next((e for e in f.events() if e.channel == f.target and e.kind == EventKind.SUBMITTED), None)
    if first is None:
        return ""
    ticket = f.case.current_ticket or first.ticket.strip()
    return f.p("background.filed", at=f.when(readable_instant(first.at)) or first.at,
               channel=f.channel_name(f.target), ticket=f.p("ticket_ref", ticket=ticket) if ticket else "")


# -- 催办 ---------------------------------------------------------------------------------
def _latest(f: CaseFacts, kinds: tuple[str, ...]) -> Event | None:
    return next((e for e in reversed(f.events()) if e.channel == f.target and e.kind in kinds), None)


def _promise_lines(f: CaseFacts, dl) -> str:
    promise = next((e for e in reversed(f.events()) if e.channel == f.target and e.deadline), None)
    agent = f.mask(promise.agent.strip()) if promise else ""
    words = promise_words(f, promise, dl.at) if promise else ""
    return f.p("urge.missed.promise", channel=f.channel_name(f.target), promised=words or f.due(dl.at),
               when=f.due(dl.at, dl.estimated), agent=f.p("urge.agent", agent=agent) if agent else "")


def _regulator_lines(f: CaseFacts) -> tuple[str, str] | None:
    """(missed, ask) for 12315 and the 12315 report at their statutory stages, or None."""
    state = body_state(f.case, f.target)
    if f.target == "12315" and state.open_mediation:
        accepted = readable_instant(state.accepted.at)
        end = mediation_end(f.case, f.calendar)
        if accepted is None or end is None:
            return None
        values = {"accepted": f.when(accepted), "end": f.due(*end),
                  "law": f.cite(clock_law(f.target, EventKind.ACCEPTED.value))}
        if f.now > end[0]:
            return f.p("urge.missed.12315.mediation_over", **values), f.p("urge.ask.12315.termination", **values)
        return f.p("urge.missed.12315.mediating", **values), f.p("urge.ask.12315.progress", **values)
    started = state.pending
    law_id = clock_law(f.target, EventKind.SUBMITTED.value)
    if started is None or not law_id:
        return None
    dl = f.clock_deadline(started.channel, started.kind, started.at)
    if dl is None:
        return None
    values = {"due": f.due(dl.at, dl.estimated), "law": f.cite(law_id), "now": f.day(f.now),
              "since": f.when(readable_instant(started.at))}
    stage = "overdue" if f.now > dl.at else "pending"
    return f.p(f"urge.missed.{f.target}.{stage}", **values), f.p(f"urge.ask.{f.target}.{stage}", **values)


def _merchant_ask(f: CaseFacts) -> str:
    """A new date for the merchant or the payment platform: their hours from now."""
    when = f.due(f.now.shift(hours=f.chan.clock.hours or DEFAULT_HOURS))
    return _dated_request(f, when, "deadline.urge")


def urge_lines(f: CaseFacts) -> tuple[str, str]:
    """(what was missed, what is asked now) for a 催办 on the case's current channel ``f.target``."""
    try:
        chan = channel(f.target)
    except UnknownChannel:
        return f.p("urge.pending", now=f.day(f.now)), ""
    dl = case_deadline(f.case, f.calendar, practice=f.practice)
    if dl is not None and dl.kind == PROMISE and dl.at < f.now:
        missed = _promise_lines(f, dl)
    elif chan.addressee == "regulator":
        lines = _regulator_lines(f)
        if lines is not None:
            return lines
        missed = f.p("urge.pending", now=f.day(f.now))
    elif dl is None or dl.at >= f.now:
        missed = f.p("urge.pending", now=f.day(f.now))
    elif dl.kind == FOLLOW_UP:
        days = max(1, int((f.now - dl.since).total_seconds() // 86400))
        missed = f.p("urge.missed.follow_up", since=f.when(dl.since), days=days)
    else:
        started = _latest(f, (EventKind.SUBMITTED.value, EventKind.ACCEPTED.value))
        since = readable_instant(started.at) if started else dl.since
        missed = f.p("urge.missed.practice", channel=chan.name(f.lang), since=f.when(since), now=f.day(f.now))
    if chan.addressee in ("merchant", "payment"):
        return missed, _merchant_ask(f)
    return missed, f.p("urge.ask.progress")
