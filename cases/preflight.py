"""Pre-flight: what the target channel needs and the case lacks, and the rules between channels.

:func:`preflight` returns :class:`Finding` s, each ``block`` (the channel will
refuse the filing, or cannot route it), ``warn`` (weaker, or a pitfall) or
``note`` (worth knowing, nothing wrong). What each channel requires and which
channels exclude each other are data (``data/requirements.json``); the rules:

- required facts per channel; a missing fact is a question (``Finding.question``)
  on an answerable field (cases.answers), answered with :func:`cases.answers.apply_answer`;
- ``no_power_of_attorney``: filing for someone else without a 授权委托书
  (暂行办法第十条) blocks 12315, the consumer association, the court and the police;
  for a group's participant's own case, or a joint filing, the roster says it
  (:class:`OnBehalf`: the participant's ``poa`` flag, set with ``tousu group set``),
  not the case's own flags;
- the 3-year limit per order (暂行办法第十五条(四), cases.limitation):
  ``too_old`` blocks 12315 when every order is past it, ``too_old_orders``
  lists the orders left out of a 12315 complaint, ``too_old_warn`` lists them
  for the consumer association and the court;
- 暂行办法第十五条(二): ``already_handled`` blocks 12315 when a court, an
  arbitration body, 12315 itself, another authority or the consumer
  association has accepted or handled the dispute; ``pending_elsewhere`` warns
  when a filing there is not yet accepted; ``mediating`` blocks the consumer
  association while 12315 mediates (acceptance to result, at most 45 working
  days, 第二十一条);
- a 12315 投诉 with a 12315 举报 is normal: no remark; 黑猫投诉, 聚投诉 and the
  payment platform are not regulators: ``parallel_allowed`` is a note;
  ``criminal_civil``: police and court on one matter, 先刑后民, a note;
- the route (cases.targets.nature): ``police_route`` warns for a civil dispute
  (the police do not open cases for contract disputes) and notes how a crime is
  reported; ``illegal_goods_route``: illegal goods go to the police and a 举报;
- ``not_paid_through``: the payment platform only takes orders paid through it;
- ``already_filed``: the target is the current channel: urge instead;
- ``public_page``: 黑猫投诉 and 聚投诉 publish the text.

Messages and questions are in ``lang`` (catalogue keys ``escalate.*``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import arrow

from cases.answers import ANSWERABLE
from cases.channels import UnknownChannel, channel, ladder
from cases.clock import TZ
from cases.clock import end_of_day
from cases.instants import readable_instant
from cases.i18n import tr
from cases.limitation import expired_orders
from cases.model import Case, Event, EventKind, Order
from cases.targets import CIVIL, ILLEGAL_GOODS, nature, paid_through
from cases.workdays import WorkCalendar, default_calendar

BLOCK = "block"
WARN = "warn"
NOTE = "note"


@dataclass(frozen=True)
class Finding:
    code: str  # stable: "missing.credit_code", "no_power_of_attorney", "too_old", ...
    severity: str  # "block", "warn" or "note"
    message: str  # one line for the user, in the language asked for
    question: str = ""  # for answerable facts: the question to ask
    field: str = ""  # the answerable field (ANSWERABLE) or ""

    @property
    def blocking(self) -> bool:
        return self.severity == BLOCK


@dataclass(frozen=True)
class OnBehalf:
    """Filing for someone else as a group's roster says it (cases.joint_letter): for one
    participant (``who``: their id) or for the represented of a joint filing (``who`` "")."""

    who: str
    poa: bool  # the 授权委托书 is on file
    lead: str = ""  # the group's lead case (where ``tousu group set`` records the 委托书)


def _t(key: str, lang: str, **values: object) -> str:
    return tr(key, lang, **values)


@cache
def requirements() -> dict[str, Any]:
    return json.loads(resources.files("cases").joinpath("data/requirements.json").read_text("utf-8"))


def _channel_name(channel_id: str, lang: str) -> str:
    try:
        return channel(channel_id).name(lang)
    except UnknownChannel:
        return channel_id


def _order_gaps(case: Case, attr: str) -> tuple[bool, list[int]]:
    """(the first order lacks it or there is none, 1-based numbers of later orders lacking it)."""
    if not case.orders:
        return True, []

    def lacks(order: Order) -> bool:
        value = getattr(order, attr)
        return not (value.strip() if isinstance(value, str) else value)

    return lacks(case.orders[0]), [i for i, o in enumerate(case.orders[1:], 2) if lacks(o)]


def _facts_present(case: Case) -> bool:
    return bool(case.title.strip() or case.notes.strip() or any(ev.said.strip() for ev in case.timeline))


def _missing(case: Case, field: str, severity: str, target: str, lang: str) -> list[Finding]:
    spec = ANSWERABLE[field]
    name = _channel_name(target, lang)
    key = "escalate.finding.missing" if severity == BLOCK else "escalate.finding.missing_warn"
    head, _, attr = field.partition(".")
    if head == "order" and attr != "amount":
        first, later = _order_gaps(case, attr)
        out = []
        if first:
            out.append(Finding(spec.code, severity, _t(key, lang, channel=name, label=spec.label(lang)),
                               spec.question(lang), field))
        for n in later:
            out.append(Finding(spec.code, severity, _t("escalate.finding.missing_in_order", lang, channel=name,
                                                       label=spec.label(lang), n=n)))
        return out
    if head == "order":  # amount: the case's total must be positive
        present = case.amount > 0
    elif head == "notes":
        present = _facts_present(case)
    else:
        holder = {"entity": case.entity, "complainant": case.complainant, "demands": case.demands}[head]
        present = bool(getattr(holder, attr).strip())
    if present:
        return []
    return [Finding(spec.code, severity, _t(key, lang, channel=name, label=spec.label(lang)), spec.question(lang),
                    field)]


def _day(at: arrow.Arrow | None) -> str:
    return at.to(TZ).format("YYYY-MM-DD") if at is not None else "?"


# -- the 3-year limit ------------------------------------------------------------------
def _too_old(case: Case, target: str, now: arrow.Arrow, lang: str, calendar: WorkCalendar | None) -> list[Finding]:
    rules = requirements()
    if target in rules["too_old_silent"]:
        return []
    expired = expired_orders(case, now, calendar)
    if not expired:
        return []
    sep = tr("escalate.list_sep", lang)
    listed = sep.join(_t("escalate.finding.order_limit", lang, number=limit.order.number or "—",
                         paid=limit.known.isoformat(), last=limit.last_day.isoformat()) for limit in expired)
    name = _channel_name(target, lang)
    if target not in rules["too_old_excludes"]:
        return [Finding("too_old_warn", WARN, _t("escalate.finding.too_old_warn", lang, orders=listed, channel=name))]
    if len(expired) == len(case.orders):
        return [Finding("too_old", BLOCK, _t("escalate.finding.too_old", lang, orders=listed, channel=name))]
    return [Finding("too_old_orders", WARN, _t("escalate.finding.too_old_orders", lang, orders=listed, channel=name))]


# -- what other bodies did with the dispute ---------------------------------------------
@dataclass(frozen=True)
class BodyState:
    """One channel's dealings with the case, in timeline order."""

    submitted: Event | None = None  # the latest filing
    accepted: Event | None = None  # the latest acceptance
    result: Event | None = None  # the latest result
    pending: Event | None = None  # the latest filing if nothing was accepted or decided after it
    open_mediation: bool = False  # accepted, and no result since

    @property
    def handled(self) -> Event | None:
        """The result or acceptance that makes the dispute "accepted or handled" there (第十五条(二))."""
        return self.result or self.accepted


def body_state(case: Case, channel_id: str) -> BodyState:
    submitted = accepted = result = pending = None
    open_mediation = False
    for ev in case.active_events():
        if ev.channel != channel_id:
            continue
        if ev.kind == EventKind.SUBMITTED:
            submitted = pending = ev
        elif ev.kind == EventKind.ACCEPTED:
            accepted, pending, open_mediation = ev, None, True
        elif ev.kind == EventKind.RESULT:
            result, pending, open_mediation = ev, None, False
    return BodyState(submitted, accepted, result, pending, open_mediation)


def mediation_end(case: Case, calendar: WorkCalendar | None = None,
                  channel_id: str = "12315") -> tuple[arrow.Arrow, bool] | None:
    """(when a channel's mediation ends by law, estimated?) (12315: 45 working days after
    acceptance, 第二十一条), or None (not accepted, or no such clock)."""
    state = body_state(case, channel_id)
    days = channel(channel_id).clock.after_accept_days
    at = readable_instant(state.accepted.at) if state.accepted is not None else None
    if at is None or not days:
        return None
    result = (calendar or default_calendar()).add_working_days(at.to(TZ).date(), days)
    return end_of_day(result.due), result.estimated


def mediating(case: Case, now: arrow.Arrow, calendar: WorkCalendar | None = None, channel_id: str = "12315") -> bool:
    """True while a channel mediates: accepted, no result since, and its time not over."""
    if not body_state(case, channel_id).open_mediation:
        return False
    end = mediation_end(case, calendar, channel_id)
    return end is not None and now <= end[0]


def _pending(filing: Event, handler: str, target_name: str, lang: str) -> Finding:
    """A filing at ``handler`` not yet accepted: if it is, the target will refuse the same dispute."""
    return Finding("pending_elsewhere", WARN, _t(
        "escalate.finding.pending_elsewhere", lang, handler=_channel_name(handler, lang),
        at=_day(readable_instant(filing.at)), ticket=filing.ticket or "—", channel=target_name))


def _handled(case: Case, target: str, now: arrow.Arrow, lang: str, calendar: WorkCalendar | None) -> list[Finding]:
    rules = requirements()
    name = _channel_name(target, lang)
    out: list[Finding] = []
    handled_rule = rules["already_handled"]
    if target in handled_rule["blocks"]:
        for cid in handled_rule["by"]:
            state = body_state(case, cid)
            done = state.handled
            if done is not None:
                key = "escalate.finding.already_handled" if done.kind == EventKind.RESULT \
                    else "escalate.finding.already_accepted"
                out.append(Finding("already_handled", BLOCK, _t(key, lang, handler=_channel_name(cid, lang),
                                                                 at=_day(readable_instant(done.at)), channel=name)))
            elif state.pending is not None and cid != target:
                out.append(_pending(state.pending, cid, name, lang))
    med_rule = rules["mediating"]
    if target in med_rule["blocks"]:
        for cid in med_rule["by"]:
            state = body_state(case, cid)
            if mediating(case, now, calendar, cid):
                out.append(Finding("mediating", BLOCK, _t(
                    "escalate.finding.mediating", lang, handler=_channel_name(cid, lang),
                    at=_day(readable_instant(state.accepted.at)), end=_day(mediation_end(case, calendar, cid)[0]),
                    channel=name)))
            elif state.pending is not None and state.accepted is None:
                out.append(_pending(state.pending, cid, name, lang))
    return out


def open_filings(case: Case) -> dict[str, tuple[str, str]]:
    """Channels with an open filing: a submission and no result after it → (ticket, time)."""
    state: dict[str, tuple[str, str] | None] = {}
    for ev in case.active_events():
        if ev.kind == EventKind.SUBMITTED:
            state[ev.channel] = (ev.ticket, ev.at)
        elif ev.kind == EventKind.RESULT:
            state[ev.channel] = None
    return {cid: v for cid, v in state.items() if v is not None}


def _together(a: str, b: str) -> bool:
    return any({a, b} == set(pair) for pair in requirements()["together"])


def _parallel(case: Case, target: str, lang: str) -> list[Finding]:
    """Notes on filings running beside the target (none is a 多头投诉 problem)."""
    try:
        chan = channel(target)
    except UnknownChannel:
        return []
    out = []
    criminal_civil = requirements()["criminal_civil"]
    for cid, (ticket, at) in open_filings(case).items():
        if cid == target or _together(cid, target):
            continue
        try:
            peer = channel(cid)
        except UnknownChannel:
            continue
        values = {"peer": peer.name(lang), "ticket": ticket or "—", "at": _day(readable_instant(at)),
                  "channel": chan.name(lang)}
        if {cid, target} == set(criminal_civil):
            out.append(Finding("criminal_civil", NOTE, _t("escalate.finding.criminal_civil", lang, **values)))
        elif (peer.beside or chan.beside) and peer.tier >= 1 and chan.tier >= 1:
            out.append(Finding("parallel_allowed", NOTE, _t("escalate.finding.parallel_allowed", lang, **values)))
    return out


# -- the route ------------------------------------------------------------------------
def _route(case: Case, target: str, lang: str) -> list[Finding]:
    kind = nature(case)
    name = _channel_name(target, lang)
    if kind == ILLEGAL_GOODS and target not in ("police", "12315-report"):
        return [Finding("illegal_goods_route", WARN, _t("escalate.finding.illegal_goods_route", lang, channel=name))]
    if target != "police":
        return []
    if kind == CIVIL:
        return [Finding("police_route", WARN, _t("escalate.finding.police_route.civil", lang))]
    return [Finding("police_route", NOTE, _t(f"escalate.finding.police_route.{kind}", lang))]


def _payment(case: Case, target: str, lang: str) -> list[Finding]:
    chan = channel(target)
    if not chan.requires_payment or not any(o.payment_channel.strip() for o in case.orders):
        return []  # no payment method at all: the missing-fact question asks for it
    if paid_through(case, target):
        return []
    return [Finding("not_paid_through", BLOCK, _t("escalate.finding.not_paid_through", lang, channel=chan.name(lang)))]


def _rule_findings(case: Case, target: str, now: arrow.Arrow, lang: str,
                   calendar: WorkCalendar | None) -> list[Finding]:
    return [*_too_old(case, target, now, lang, calendar), *_handled(case, target, now, lang, calendar),
            *_payment(case, target, lang)]


def rule_blocks(case: Case, target: str, now: arrow.Arrow, calendar: WorkCalendar | None = None) -> bool:
    """True when a rule (not a missing fact) makes ``target`` refuse the case now."""
    return any(f.blocking for f in _rule_findings(case, target, now, "zh", calendar))


def _power_of_attorney(case: Case, target: str, lang: str, on_behalf: OnBehalf | None) -> list[Finding]:
    if target not in requirements()["power_of_attorney"]:
        return []
    name = _channel_name(target, lang)
    if on_behalf is not None:
        if on_behalf.poa:
            return []
        key = "escalate.finding.no_poa_participant" if on_behalf.who else "escalate.finding.no_poa_joint"
        return [Finding("no_power_of_attorney", BLOCK, _t(key, lang, channel=name, who=on_behalf.who,
                                                                     case=on_behalf.lead))]
    if not case.filed_for_other or case.power_of_attorney:
        return []
    spec = ANSWERABLE["power_of_attorney"]
    return [Finding("no_power_of_attorney", BLOCK, _t("escalate.finding.no_power_of_attorney", lang, channel=name),
                    spec.question(lang), spec.field)]


def preflight(case: Case, target: str, now: arrow.Arrow, lang: str = "zh",
              calendar: WorkCalendar | None = None, on_behalf: OnBehalf | None = None) -> list[Finding]:
    """What ``target`` needs and ``case`` lacks, and the rules of filing there now.

    ``on_behalf``: the case is filed for a group's participant or for those a joint text
    represents; their 授权委托书 is the roster's, not the case's flags.

    Raises :class:`cases.channels.UnknownChannel` for an unknown target.
    """
    chan = channel(target)  # UnknownChannel early
    rules = requirements()
    need = rules["channels"].get(target, {"block": [], "warn": []})
    findings: list[Finding] = []
    if target == case.current_channel:
        findings.append(Finding("already_filed", WARN, _t("escalate.finding.already_filed", lang,
                                                          channel=chan.name(lang))))
    for field in need["block"]:
        findings.extend(_missing(case, field, BLOCK, target, lang))
    for field in need["warn"]:
        findings.extend(_missing(case, field, WARN, target, lang))
    findings.extend(_power_of_attorney(case, target, lang, on_behalf))
    findings.extend(_rule_findings(case, target, now, lang, calendar))
    findings.extend(_parallel(case, target, lang))
    findings.extend(_route(case, target, lang))
    if chan.public:
        findings.append(Finding("public_page", NOTE, _t("escalate.finding.public_page", lang, channel=chan.name(lang))))
    return findings


def reveal_finding(case: Case, target: str, lang: str = "zh") -> Finding | None:
    """A warning that a channel needing the real identity got a masked text, or None."""
    if target not in ladder() or not ladder()[target].needs_identity:
        return None
    c = case.complainant
    if not any(v.strip() for v in (c.name, c.phone, c.id_number, c.address)):
        return None
    return Finding("reveal_needed", WARN, _t("escalate.finding.reveal_needed", lang,
                                             channel=_channel_name(target, lang)))
