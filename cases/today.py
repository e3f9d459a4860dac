"""What is due for each volunteer today (``T`` on the dashboard, ``tousu today``).

A volunteer's work is the cases assigned to them (``Case.assignee``, kept on the
summary) and the participants of group rosters assigned to them
(``Participant.assignee``). A case is due when what comes first, its follow-up or
its deadline (the summary's next instant, :func:`cases.summary.next_ts_of` /
:func:`cases.deadlines.case_next`), has passed or comes before the end of today or
within 24 hours, whichever is later. A participant needs something when their
evidence is incomplete, when a group decision awaits their consent (暂行办法第十一条:
those represented), and then too when they have no 授权委托书 on file.

Items come in urgency order: overdue cases (most overdue first), cases due soon
(soonest first), then participants: consents awaited (oldest decision first),
委托书 missing, evidence missing. Work nobody is assigned to is ``assignee == ""``.

Pure: no storage, no UI. Texts are raw: callers mask them (:mod:`cases.privacy`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from cases.clock import local_text
from cases.roster import EVIDENCE_KINDS, Participant, missing_consents
from cases.statuses import closed_statuses

if TYPE_CHECKING:  # pragma: no cover
    import arrow

    from cases.model import Group
    from cases.summary import CaseSummary

#: How far ahead a case counts as due: 24 hours, or the end of today if that is later.
WINDOW_SECONDS = 24 * 3600

OVERDUE, DUE, CONSENT, POA, EVIDENCE = "overdue", "due", "consent", "poa", "evidence"
_RANK = {OVERDUE: 0, DUE: 1, CONSENT: 2, POA: 3, EVIDENCE: 4}


@dataclass(frozen=True)
class Due:
    """One thing a volunteer should do: a case due (``OVERDUE`` / ``DUE``) or a participant's need."""

    need: str  # OVERDUE, DUE, CONSENT, POA, EVIDENCE
    assignee: str  # "" for nobody
    case_id: str  # the case; for a participant, the group's lead case
    title: str = ""  # the case's title, or the participant's name (raw: mask before showing)
    names: tuple[str, ...] = ()  # names to mask in the title (the summary's)
    at_ts: float | None = None  # when due (a case) or since when awaited (a decision)
    next_kind: str = ""  # a case: "follow_up" or "deadline"
    participant_id: str = ""
    group_id: str = ""
    missing: tuple[str, ...] = ()  # EVIDENCE: the kinds missing; CONSENT: the decision ids
    summary: Any = field(default=None, compare=False)  # the case's CaseSummary (for its countdown)

    @property
    def is_case(self) -> bool:
        return self.need in (OVERDUE, DUE)

    def sort_key(self) -> tuple[Any, ...]:
        at = self.at_ts if self.at_ts is not None else math.inf
        return (_RANK[self.need], at, self.case_id, self.participant_id)


def window_end(now: arrow.Arrow) -> float:
    """The instant up to which a case counts as due: 24 hours from ``now`` or the end of
    ``now``'s day (in its zone), whichever is later."""
    end_of_day = datetime.combine(now.date() + timedelta(days=1), time(0), tzinfo=now.tzinfo).timestamp()
    return max(now.timestamp() + WINDOW_SECONDS, end_of_day)


def due_cases(summaries: Iterable[CaseSummary], now: arrow.Arrow) -> list[Due]:
    """The open cases (not deleted) whose follow-up or deadline has passed or falls in the window."""
    now_ts, end = now.timestamp(), window_end(now)
    closed = closed_statuses()
    out = []
    for s in summaries:
        if s.deleted is not None or s.status in closed:
            continue
        due = s.due_ts
        if due is None or due > end:
            continue
        out.append(Due(OVERDUE if due < now_ts else DUE, s.assignee, s.id, s.title, s.names, due,
                       s.next_kind or "deadline", summary=s))
    return out


def participant_needs(group: Group, people: Iterable[Participant], decided_at: dict[str, float]) -> list[Due]:
    """What each participant of ``group`` still needs (closed ones left out). ``decided_at``:
    each decision id's time as a timestamp (when it was put to the participants)."""
    closed = closed_statuses()
    people = [p for p in people if p.status not in closed]
    awaited: dict[str, list[str]] = {}
    for decision in group.decisions:
        for p in missing_consents(people, decision.id):
            awaited.setdefault(p.id, []).append(decision.id)
    out: list[Due] = []
    for p in people:
        base = dict(assignee=p.assignee, case_id=group.case_id, title=p.name, participant_id=p.id,
                    group_id=group.id)
        ids = awaited.get(p.id)
        if ids:
            out.append(Due(CONSENT, at_ts=min(decided_at.get(i, math.inf) for i in ids), missing=tuple(ids),
                           **base))
        if ids and not p.poa:  # a decision awaits their consent (so they are represented)
            out.append(Due(POA, **base))
        if not p.evidence_complete:
            out.append(Due(EVIDENCE, missing=tuple(k for k in EVIDENCE_KINDS if k not in p.evidence), **base))
    return out


def ordered(items: Iterable[Due]) -> list[Due]:
    return sorted(items, key=Due.sort_key)


def for_volunteer(items: Iterable[Due], name: str) -> list[Due]:
    """``name``'s items, in urgency order ("" for the unassigned ones)."""
    return ordered(d for d in items if d.assignee == name)


def by_volunteer(items: Iterable[Due]) -> dict[str, list[Due]]:
    """Every volunteer's items in urgency order, volunteers by name; the unassigned ones ("") left out."""
    out: dict[str, list[Due]] = {}
    for d in ordered(items):
        if d.assignee:
            out.setdefault(d.assignee, []).append(d)
    return dict(sorted(out.items()))


@dataclass(frozen=True)
class Line:
    """One item as shown: the urgency mark (``!!``, ``!``, ``·``), the id, what is due and
    when, and the title or name (masked unless revealed)."""

    mark: str
    ref: str  # K-0003, or P-00012 (G-001)
    what: str
    when: str
    title: str


def line_of(item: Due, now_ts: float, today: date, lang: str, calendar: Any = None, *, reveal: bool = False) -> Line:
    """How ``item`` is shown, in ``lang`` (the dashboard's ``T`` and ``tousu today``)."""
    from cases.countdown import countdown_text
    from cases.deadline_kinds import FOLLOW_UP
    from cases.i18n import tr
    from cases.privacy import mask_name, mask_text

    if item.is_case:
        title = item.title if reveal else mask_text(item.title, names=item.names)
        what = tr(f"cases.today.{item.next_kind}", lang)
        if item.next_kind == FOLLOW_UP and item.at_ts is not None:  # (what says it is a follow-up)
            countdown = countdown_text(math.floor(item.at_ts - now_ts), 0, estimated=False, follow_up=False, lang=lang)
        else:
            countdown = item.summary.countdown(now_ts, today, lang, calendar) if item.summary is not None else ""
        at = local_text(item.at_ts, "%m-%d %H:%M") if item.at_ts is not None else ""
        return Line("!!" if item.need == OVERDUE else "!", item.case_id, what,
                    tr("cases.today.when", lang, countdown=countdown, at=at), title)
    name = item.title if reveal else mask_name(item.title)
    ref = tr("cases.today.participant_ref", lang, id=item.participant_id, group=item.group_id)
    sep = tr("cases.today.sep", lang)
    if item.need == EVIDENCE:
        what = tr("cases.today.evidence", lang,
                  kinds=sep.join(tr(f"cases.roster.evidence.{k}", lang) for k in item.missing))
        when = ""
    elif item.need == CONSENT:
        what = tr("cases.today.consent", lang, ids=sep.join(item.missing))
        when = "" if item.at_ts is None or math.isinf(item.at_ts) else tr(
            "cases.today.since", lang, at=local_text(item.at_ts, "%m-%d %H:%M"))
    else:
        what, when = tr("cases.today.poa", lang), ""
    return Line("·", ref, what, when, name)


def decision_times(group: Group) -> dict[str, float]:
    """Each decision's id → when it was put to the participants, as a timestamp (unreadable: left out)."""
    from cases.clock import parse_instant

    out = {}
    for d in group.decisions:
        try:
            out[d.id] = parse_instant(d.at).timestamp()
        except (ValueError, TypeError):
            continue
    return out
