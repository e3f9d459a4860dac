"""Pre-flight: what the target channel needs and the case lacks, before a text is produced.

:func:`preflight` returns :class:`Finding` s, each ``block`` (the channel will
refuse the filing, or cannot route it) or ``warn`` (weaker, or a pitfall). What
each channel requires is data (``data/requirements.json``); the rules:

- required facts per channel (12315: 暂行办法第九条 fields plus credit code,
  order number, amount, payment time; heimao/jutousu: amount and order number;
  police: amount and payment record; court: respondent's name, credit code and
  address, complainant's name and ID as warnings; platform channels: an order
  number as a warning ...). A missing fact is a question (``Finding.question``)
  on an answerable field (:data:`ANSWERABLE`), answered with :func:`apply_answer`;
- ``no_power_of_attorney``: filing for someone else without a 授权委托书 blocks
  12315, the consumer association, the court and the police;
- ``too_old``: the earliest order was paid more than 3 years ago: blocks 12315,
  a warning elsewhere;
- ``already_handled``: a court or consumer association result is on the
  timeline: blocks 12315;
- ``parallel_filing`` (多头投诉): a peer channel of the same tier has an open
  filing (a submission with no result after it): a warning;
- ``already_filed``: the target is the current channel: use an urge instead;
- ``police_route``: how the police route works for the case's category.

Messages and questions are in ``lang`` (catalogue keys ``escalate.*``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import arrow

from cases.categories import categories
from cases.channels import UnknownChannel, channel
from cases.claims import is_deceptive
from cases.clock import TZ, parse_instant, to_iso
from cases.deadlines import readable_instant
from cases.i18n import tr
from cases.identifiers import check_credit_code, check_id_number, check_phone
from cases.model import Case, EventKind, Order, parse_amount
from cases.sanitize import clean_text

BLOCK = "block"
WARN = "warn"
MAX_LINE = 200
MAX_TEXT = 4000


@dataclass(frozen=True)
class Finding:
    code: str  # stable: "missing.credit_code", "no_power_of_attorney", "too_old", ...
    severity: str  # "block" or "warn"
    message: str  # one line for the user, in the language asked for
    question: str = ""  # for answerable facts: the question to ask
    field: str = ""  # the answerable field (ANSWERABLE) or ""

    @property
    def blocking(self) -> bool:
        return self.severity == BLOCK


# -- answerable fields -----------------------------------------------------------
def _t(key: str, lang: str, **values: object) -> str:
    return tr(key, lang, **values)


def _line(text: str, lang: str) -> str:
    value = clean_text(text).strip()
    if not value:
        raise ValueError(_t("escalate.invalid.empty", lang))
    if len(value) > MAX_LINE:
        raise ValueError(_t("escalate.invalid.too_long", lang, n=MAX_LINE))
    return value


def _multiline(text: str, lang: str) -> str:
    value = clean_text(text, multiline=True).strip()
    if not value:
        raise ValueError(_t("escalate.invalid.empty", lang))
    if len(value) > MAX_TEXT:
        raise ValueError(_t("escalate.invalid.too_long", lang, n=MAX_TEXT))
    return value


def _checked(check: Callable[[str], str | None], normalise: Callable[[str], str]) -> Callable[[str, str], str]:
    def parse(text: str, lang: str) -> str:
        value = normalise(_line(text, lang))
        problem = check(value)
        if problem:
            raise ValueError(tr(problem, lang))
        return value

    return parse


def _credit_code(text: str) -> str:
    return "".join(text.split()).upper()


def _phone(text: str) -> str:
    return text.strip()


def _amount(text: str, lang: str) -> Any:
    value = _line(text, lang)
    try:
        amount = parse_amount(value)
    except ValueError:
        raise ValueError(_t("escalate.invalid.amount", lang, value=value)) from None
    if amount <= 0:
        raise ValueError(_t("escalate.invalid.amount_zero", lang))
    return amount


def _time(text: str, lang: str) -> str:
    value = _line(text, lang).replace("/", "-")
    try:
        return to_iso(parse_instant(value))
    except ValueError:
        raise ValueError(_t("escalate.invalid.time", lang, value=value)) from None


_YES = frozenset({"是", "有", "已有", "已取得", "yes", "y", "true", "1"})
_NO = frozenset({"否", "没有", "无", "未取得", "no", "n", "false", "0"})


def _yes_no(text: str, lang: str) -> bool:
    value = _line(text, lang).casefold()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise ValueError(_t("escalate.invalid.yes_no", lang))


@dataclass(frozen=True)
class Answerable:
    """A fact the user can supply in place: where it goes, how it is checked."""

    field: str  # "entity.credit_code", "order.amount" ("order.*" = the first order)
    code: str  # the Finding code when it is missing
    parse: Callable[[str, str], Any]  # (text, lang) → value; ValueError with a message in lang

    def label(self, lang: str = "zh") -> str:
        return _t(f"escalate.field.{self.field}", lang)

    def question(self, lang: str = "zh") -> str:
        return _t(f"escalate.question.{self.field}", lang)


ANSWERABLE: dict[str, Answerable] = {
    a.field: a
    for a in (
        Answerable("entity.name", "missing.entity_name", _line),
        Answerable("entity.credit_code", "missing.credit_code", _checked(check_credit_code, _credit_code)),
        Answerable("entity.address", "missing.entity_address", _line),
        Answerable("complainant.name", "missing.complainant_name", _line),
        Answerable("complainant.phone", "missing.complainant_phone", _checked(check_phone, _phone)),
        Answerable("complainant.address", "missing.complainant_address", _line),
        Answerable("complainant.id_number", "missing.id_number", _checked(check_id_number, _credit_code)),
        Answerable("order.number", "missing.order_number", _line),
        Answerable("order.amount", "missing.amount", _amount),
        Answerable("order.paid_at", "missing.paid_at", _time),
        Answerable("order.payment_channel", "missing.payment_channel", _line),
        Answerable("demands.basic", "missing.demand", _multiline),
        Answerable("demands.compensation", "missing.compensation", _multiline),
        Answerable("notes", "missing.facts", _multiline),
        Answerable("power_of_attorney", "no_power_of_attorney", _yes_no),
    )
}


def apply_answer(case: Case, field: str, value: str, lang: str = "zh") -> Case:
    """A NEW case with ``value`` written into ``field`` (the argument is not touched).

    ``order.*`` writes into the first order (one is created if the case has
    none); ``notes`` is appended to existing notes. ValueError, with a message
    in ``lang``, for an unknown field or an invalid value.
    """
    spec = ANSWERABLE.get(field)
    if spec is None:
        raise ValueError(_t("escalate.invalid.unknown_field", lang, field=clean_text(str(field))))
    parsed = spec.parse(str(value), lang)
    new = copy.deepcopy(case)
    head, _, attr = field.partition(".")
    if head == "entity":
        setattr(new.entity, attr, parsed)
    elif head == "complainant":
        setattr(new.complainant, attr, parsed)
    elif head == "demands":
        setattr(new.demands, attr, parsed)
    elif head == "order":
        if not new.orders:
            new.orders.append(Order())
        setattr(new.orders[0], attr, parsed)
    elif head == "notes":
        new.notes = f"{new.notes.rstrip()}\n{parsed}" if new.notes.strip() else parsed
    elif head == "power_of_attorney":
        new.power_of_attorney = parsed
    return new


# -- the rules ---------------------------------------------------------------------
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


def _short(at: arrow.Arrow, lang: str) -> str:
    return at.to(TZ).format("YYYY-MM-DD")


def _too_old(case: Case, target: str, now: arrow.Arrow, lang: str) -> list[Finding]:
    rules = requirements()
    paid = [at for at in (readable_instant(o.paid_at) for o in case.orders) if at is not None]
    if not paid:
        return []
    earliest = min(paid)
    if earliest >= now.shift(years=-int(rules["too_old_years"])):
        return []
    blocks = target in rules["too_old_blocks"]
    key = "escalate.finding.too_old" if blocks else "escalate.finding.too_old_warn"
    return [Finding("too_old", BLOCK if blocks else WARN,
                    _t(key, lang, paid=_short(earliest, lang), channel=_channel_name(target, lang)))]


def _already_handled(case: Case, target: str, lang: str) -> list[Finding]:
    rule = requirements()["already_handled"]
    if target not in rule["blocks"]:
        return []
    for ev in case.timeline:
        if ev.kind == EventKind.RESULT and ev.channel in rule["by"]:
            at = readable_instant(ev.at)
            return [Finding("already_handled", BLOCK, _t(
                "escalate.finding.already_handled", lang, handler=_channel_name(ev.channel, lang),
                at=_short(at, lang) if at else "?", channel=_channel_name(target, lang)))]
    return []


def open_filings(case: Case) -> dict[str, tuple[str, str]]:
    """Channels with an open filing: a submission and no result after it → (ticket, time)."""
    state: dict[str, tuple[str, str] | None] = {}
    for ev in case.active_events():
        if ev.kind == EventKind.SUBMITTED:
            state[ev.channel] = (ev.ticket, ev.at)
        elif ev.kind == EventKind.RESULT:
            state[ev.channel] = None
    return {cid: v for cid, v in state.items() if v is not None}


def _parallel(case: Case, target: str, lang: str) -> list[Finding]:
    try:
        tier = channel(target).tier
    except UnknownChannel:
        return []
    out = []
    for cid, (ticket, at) in open_filings(case).items():
        if cid == target:
            continue
        try:
            peer = channel(cid)
        except UnknownChannel:
            continue
        if peer.tier != tier:
            continue
        when = readable_instant(at)
        out.append(Finding("parallel_filing", WARN, _t(
            "escalate.finding.parallel_filing", lang, peer=peer.name(lang), ticket=ticket or "—",
            at=_short(when, lang) if when else "?", channel=_channel_name(target, lang))))
    return out


def _police_route(case: Case, lang: str) -> list[Finding]:
    cat = categories().get(case.category)
    criminal = bool(cat and cat.is_illegal) or is_deceptive(case)
    key = "escalate.finding.police_route.fraud" if criminal else "escalate.finding.police_route.civil"
    return [Finding("police_route", WARN, _t(key, lang))]


def preflight(case: Case, target: str, now: arrow.Arrow, lang: str = "zh") -> list[Finding]:
    """What ``target`` needs and ``case`` lacks, and the pitfalls of filing there now.

    Raises :class:`cases.channels.UnknownChannel` for an unknown target.
    """
    channel(target)  # UnknownChannel early
    rules = requirements()
    need = rules["channels"].get(target, {"block": [], "warn": []})
    findings: list[Finding] = []
    if target == case.current_channel:
        findings.append(Finding("already_filed", WARN, _t("escalate.finding.already_filed", lang,
                                                          channel=_channel_name(target, lang))))
    for field in need["block"]:
        findings.extend(_missing(case, field, BLOCK, target, lang))
    for field in need["warn"]:
        findings.extend(_missing(case, field, WARN, target, lang))
    if case.filed_for_other and not case.power_of_attorney and target in rules["power_of_attorney"]:
        spec = ANSWERABLE["power_of_attorney"]
        findings.append(Finding("no_power_of_attorney", BLOCK, _t(
            "escalate.finding.no_power_of_attorney", lang, channel=_channel_name(target, lang)),
            spec.question(lang), spec.field))
    findings.extend(_too_old(case, target, now, lang))
    findings.extend(_already_handled(case, target, lang))
    findings.extend(_parallel(case, target, lang))
    if target == "police":
        findings.extend(_police_route(case, lang))
    return findings


def reveal_finding(case: Case, target: str, lang: str = "zh") -> Finding | None:
    """A warning that a channel needing the real identity got a masked text, or None."""
    if target not in requirements()["real_identity"]:
        return None
    c = case.complainant
    if not any(v.strip() for v in (c.name, c.phone, c.id_number, c.address)):
        return None
    return Finding("reveal_needed", WARN, _t("escalate.finding.reveal_needed", lang,
                                             channel=_channel_name(target, lang)))
