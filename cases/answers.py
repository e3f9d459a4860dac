"""Facts a user can supply in place when pre-flight asks for them.

:data:`ANSWERABLE` maps a field ("entity.credit_code", "order.amount", ...) to
how its answer is checked; :func:`apply_answer` writes a checked answer into a
copy of the case. ``order.*`` fields write into the first order (one is created
if the case has none). Questions and labels come from the catalogues
(``escalate.question.<field>`` / ``escalate.field.<field>``), in the language asked for.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import arrow

from cases.clock import TimeRangeError, TimeTextError, parse_instant, to_iso
from cases.i18n import tr
from cases.identifiers import check_credit_code, check_id_number, check_phone
from cases.amounts import AmountError, parse_amount
from cases.model import Case, Order
from cases.sanitize import clean_text

MAX_LINE = 200
MAX_TEXT = 4000


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


def check_email(value: str) -> str | None:
    """A catalogue key saying why ``value`` is not an e-mail address (None: it is one)."""
    import re

    ok = re.fullmatch(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+", value)
    return None if ok and len(value) <= 254 else "escalate.invalid.email"


def _credit_code(text: str) -> str:
    return "".join(text.split()).upper()


def _phone(text: str) -> str:
    return text.strip()


def _amount(text: str, lang: str) -> Any:
    value = _line(text, lang)
    try:
        amount = parse_amount(value, lang)
    except AmountError as exc:
        raise ValueError(exc.message(lang)) from None
    if amount <= 0:
        raise ValueError(_t("escalate.invalid.amount_zero", lang))
    return amount


def _time(text: str, lang: str, now: arrow.Arrow | None = None) -> str:
    """A time that happened: ISO 8601, or as people say it ("昨天10点") when ``now`` is known."""
    value = _line(text, lang)
    try:
        return to_iso(parse_instant(value, lang, now))
    except TimeRangeError as exc:
        raise ValueError(exc.message(lang)) from None
    except TimeTextError as exc:
        if exc.key != "cases.time.unrecognised":
            raise ValueError(exc.message(lang)) from None
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
    parse: Callable[..., Any]  # (text, lang) → value; ValueError with a message in lang
    timed: bool = False  # a time: parse also takes ``now`` (times said relative to it)

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
        Answerable("entity.legal_rep", "missing.legal_rep", _line),
        Answerable("entity.website", "missing.website", _line),
        Answerable("entity.email", "missing.entity_email", _checked(check_email, str.strip)),
        Answerable("complainant.name", "missing.complainant_name", _line),
        Answerable("complainant.phone", "missing.complainant_phone", _checked(check_phone, _phone)),
        Answerable("complainant.address", "missing.complainant_address", _line),
        Answerable("complainant.id_number", "missing.id_number", _checked(check_id_number, _credit_code)),
        Answerable("order.number", "missing.order_number", _line),
        Answerable("order.amount", "missing.amount", _amount),
        Answerable("order.paid_at", "missing.paid_at", _time, timed=True),
        Answerable("order.payment_channel", "missing.payment_channel", _line),
        Answerable("order.payee", "missing.payee", _line),
        Answerable("demands.basic", "missing.demand", _multiline),
        Answerable("demands.compensation", "missing.compensation", _multiline),
        Answerable("notes", "missing.facts", _multiline),
        Answerable("power_of_attorney", "no_power_of_attorney", _yes_no),
        Answerable("fraud", "fraud_unknown", _yes_no),
        Answerable("contract_denied", "contract_denied_unknown", _yes_no),
    )
}


def apply_answer(
    case: Case, field: str, value: str, lang: str = "zh", *, now: arrow.Arrow | None = None
) -> Case:
    """A NEW case with ``value`` written into ``field`` (the argument is not touched).

    ``order.*`` writes into the first order (one is created if the case has
    none); ``notes`` is appended to existing notes. A time ("order.paid_at") may be
    said relative to ``now`` ("昨天10点"); without it only a full time is read.
    ValueError, with a message in ``lang``, for an unknown field or an invalid value.
    """
    spec = ANSWERABLE.get(field)
    if spec is None:
        raise ValueError(_t("escalate.invalid.unknown_field", lang, field=clean_text(str(field))))
    parsed = spec.parse(str(value), lang, now) if spec.timed else spec.parse(str(value), lang)
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
    elif head in ("power_of_attorney", "fraud", "contract_denied"):
        setattr(new, head, parsed)
    return new
