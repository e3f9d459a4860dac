"""Reading a roster spreadsheet's rows into participants, checked row by row, and planning
what an import changes in a roster (pure: the rows come from storage.sheets).

One row is one order. Every row is checked on its own; a bad one is reported with
its line number and reason (:class:`Problem`) and the good ones still import:

- the order number is required (an import matches people by it); a long number
  a spreadsheet kept as a floating-point number has lost digits and is refused;
- the amount must be an amount (:func:`cases.amounts.parse_amount`, the project's one
  amount parser) and is required when the sheet has an amount column;
- a payment time is read as people write it (:func:`cases.clock.parse_instant`, the
  one instant parser; spreadsheet dates as they are, in Asia/Shanghai); one that
  does not exist, or one after now, is refused;
- a phone must look like one (:func:`cases.identifiers.check_phone`), an ID number
  must be one (check digit, birth date);
- all text is cleaned (:func:`cases.sanitize.clean_text`).

Duplicates: a row repeating an order number of an earlier row is skipped (reported
with the earlier line); a row with the phone of an earlier row is that person's next
order. Against the roster (:func:`plan`): a row whose order number is on the roster
updates that person, else one whose phone is updates that person (adding the order),
else it adds a person; a row whose order belongs to one person and phone to another
is reported, not guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import arrow

from cases.clock import TZ, in_future, parse_instant, to_iso
from cases.i18n import tr
from cases.identifiers import check_id_number, check_phone
from cases.amounts import parse_amount
from cases.roster import Participant, RosterOrder, merge_into
from cases.roster_fields import FieldValueError, read_date, read_evidence, read_flag, read_status
from cases.sanitize import clean_text

#: Digits a spreadsheet keeps exactly in a floating-point number.
_FLOAT_DIGITS = 15


@dataclass
class Problem:
    """A row that was not imported: its line in the file and why (a catalogue key and values)."""

    line: int
    key: str
    values: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = "zh") -> str:
        return tr(self.key, lang, **self.values)


@dataclass
class Row:
    """A good row (or several rows of one person: ``lines``) as a participant with its orders."""

    lines: list[int]
    person: Participant
    given: set[str] = field(default_factory=set)  # the fields its cells gave (a blank cell gives none)


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    total: int = 0  # data rows read (blank ones left out)

    @property
    def good_lines(self) -> int:
        return sum(len(r.lines) for r in self.rows)


def phone_key(phone: str) -> str:
    """A phone for matching: its digits, without a leading 86 / 0086 on a mobile number."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", phone))
    if len(digits) == 13 and digits.startswith("86"):
        return digits[2:]
    if len(digits) == 15 and digits.startswith("0086"):
        return digits[4:]
    return digits


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer() and abs(value) < 10**_FLOAT_DIGITS:
        return str(int(value))
    return clean_text(str(value)).strip()


def _number_text(value: Any) -> str | None:
    """An order number or phone cell as text; None when a float lost its digits."""
    if isinstance(value, float) and not isinstance(value, bool):
        if not value.is_integer() or abs(value) >= 10**_FLOAT_DIGITS:
            return None
    return _cell_text(value)


def _when(value: Any, lang: str, now: arrow.Arrow) -> str:
    """A payment time cell as stored (ISO 8601 with offset); ValueError (message in ``lang``)."""
    if isinstance(value, datetime):
        at = arrow.get(value.replace(tzinfo=None), TZ) if value.tzinfo is None else arrow.get(value).to(TZ)
    elif isinstance(value, date):
        at = arrow.get(datetime(value.year, value.month, value.day), TZ)
    else:
        text = _cell_text(value).replace("/", "-")
        at = parse_instant(text, lang, now)
    if in_future(at, now):
        raise ValueError(tr("cases.roster.problem.future_time", lang, value=_cell_text(value)))
    return to_iso(at)


def parse_rows(rows: list[tuple[int, list[Any]]], mapping: list[str | None], lang: str,
               now: arrow.Arrow) -> Parsed:
    """Read data rows (their line numbers in the file and their cells) with ``mapping`` (a field
    per column, cases.roster_columns.guess) into participants; every bad row a :class:`Problem`."""
    out = Parsed()
    has_amount = "amount" in mapping
    by_order: dict[str, int] = {}  # order number → first line
    by_phone: dict[str, Row] = {}
    for line, cells in rows:
        values = {f: cells[i] if i < len(cells) else None for i, f in enumerate(mapping) if f is not None}
        if all(_cell_text(v) == "" for v in values.values()) and all(_cell_text(c) == "" for c in cells):
            continue  # a blank line
        out.total += 1
        try:
            person = _person(values, has_amount, lang, now)
            given = {f for f, v in values.items() if _cell_text(v) != ""}
        except _RowError as exc:
            out.problems.append(Problem(line, exc.key, exc.values))
            continue
        number = person.orders[0].number
        first = by_order.get(number)
        if first is not None:
            out.problems.append(Problem(line, "cases.roster.problem.duplicate_order", {"order": number, "first": first}))
            continue
        by_order[number] = line
        key = phone_key(person.phone) if person.phone else ""
        same = by_phone.get(key) if key else None
        if same is not None:  # this person's next order
            merge_into(same.person, person)
            for name in _FLAGS_FROM_SHEET:
                if name in given:
                    setattr(same.person, name, getattr(person, name))
            same.lines.append(line)
            same.given |= given
            continue
        row = Row([line], person, given)
        out.rows.append(row)
        if key:
            by_phone[key] = row
    return out


class _RowError(Exception):
    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key, self.values = key, values


def _person(values: dict[str, Any], has_amount: bool, lang: str, now: arrow.Arrow) -> Participant:
    def text(name: str) -> str:
        return _cell_text(values.get(name))

    number = _number_text(values.get("order"))
    if number is None:
        raise _RowError("cases.roster.problem.order_as_number", value=str(values.get("order")))
    if not number:
        raise _RowError("cases.roster.problem.missing_order")
    order = RosterOrder(number=number, payment_channel=text("payment_channel"), payee=text("payee"))
    amount = values.get("amount")
    if has_amount:
        if _cell_text(amount) == "":
            raise _RowError("cases.roster.problem.missing_amount")
        try:
            shown = format(Decimal(str(amount)), "f") if isinstance(amount, int | float) else _cell_text(amount)
            order.amount = str(parse_amount(shown, lang))
        except (ValueError, ArithmeticError) as exc:
            raise _RowError("cases.roster.problem.bad_amount", value=_cell_text(amount), reason=str(exc)) from None
    paid = values.get("paid_at")
    if _cell_text(paid):
        try:
            order.paid_at = _when(paid, lang, now)
        except (ValueError, OverflowError) as exc:
            raise _RowError("cases.roster.problem.bad_time", value=_cell_text(paid), reason=str(exc)) from None
    phone = _number_text(values.get("phone"))
    if phone is None or (phone and check_phone(phone)):
        raise _RowError("cases.roster.problem.bad_phone", value=_cell_text(values.get("phone")))
    id_number = text("id_number").upper()
    if id_number:
        problem = check_id_number(id_number)
        if problem:
            raise _RowError("cases.roster.problem.bad_id_number", reason=tr(problem, lang))
    person = Participant(name=text("name"), phone=phone, id_number=id_number,
                         address=clean_text(str(values.get("address") or ""), multiline=True).strip(),
                         orders=[order], notes=clean_text(str(values.get("notes") or ""), multiline=True).strip(),
                         assignee=text("assignee"))
    readers = (("evidence", read_evidence), ("consent", read_flag), ("poa", read_flag),
               ("poa_until", read_date), ("status", read_status))
    for name, read in readers:
        if text(name):
            try:
                setattr(person, name, read(text(name), lang))
            except FieldValueError as exc:
                raise _RowError("cases.roster.problem.bad_value", column=tr(f"cases.roster.column.{name}", lang),
                                reason=str(exc)) from None
    return person


# ----------------------------------------------------------------------------- against the roster


@dataclass
class Plan:
    """What an import does to a roster: people to add, people changed (their key in the index,
    the person as changed, the fields), rows that changed nothing, and rows refused (a row
    matching two people)."""

    adds: list[Participant] = field(default_factory=list)
    updates: list[tuple[Any, Participant, list[str]]] = field(default_factory=list)
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


@dataclass
class RosterIndex:
    """A roster as an import looks at it: order number → key, phone (:func:`phone_key`) → key,
    and ``load(key)``, the participant (a copy the plan may change). Only the people a row
    matches are loaded: a store builds the maps from its raw documents."""

    by_order: dict[str, Any]
    by_phone: dict[str, Any]
    load: Callable[[Any], Participant]


def index_of(roster: list[Participant]) -> RosterIndex:
    """The index of participants in memory (keys: their positions; loaded as copies)."""
    by_order: dict[str, Any] = {}
    by_phone: dict[str, Any] = {}
    for i, p in enumerate(roster):
        for number in p.order_numbers:
            by_order.setdefault(number, i)
        if p.phone:
            by_phone.setdefault(phone_key(p.phone), i)
    return RosterIndex(by_order, by_phone, lambda i: Participant.from_dict(roster[i].to_dict()))


#: Fields an import sets on a person already on the roster only when the sheet says something.
_FLAGS_FROM_SHEET = ("evidence", "consent", "poa", "poa_until", "status")


def plan(rows: list[Row], index: RosterIndex) -> Plan:
    """Match each row with the roster (by order number, then by phone) and merge it in; a blank
    cell keeps what the roster has. People added by earlier rows are matched too."""
    out = Plan()
    loaded: dict[Any, Participant] = {}
    by_order, by_phone = dict(index.by_order), dict(index.by_phone)

    def person_of(key: Any) -> Participant:
        if isinstance(key, tuple):  # ("new", n): added by this plan
            return out.adds[key[1]]
        found = loaded.get(key)
        if found is None:
            found = loaded[key] = index.load(key)
        return found

    touched: dict[Any, list[str]] = {}
    for row in rows:
        person = row.person
        keys = list(dict.fromkeys(by_order[n] for n in person.order_numbers if n in by_order))
        phone = by_phone.get(phone_key(person.phone)) if person.phone else None
        if len(keys) > 1 or (keys and phone is not None and phone != keys[0]):
            found = [person_of(k) for k in keys + ([phone] if phone is not None else [])]
            ids = sorted({m.id or m.name for m in found})
            out.problems.append(Problem(row.lines[0], "cases.roster.problem.two_people",
                                        {"ids": ", ".join(ids), "lines": _lines(row.lines)}))
            continue
        key = keys[0] if keys else phone
        if key is None:
            key = ("new", len(out.adds))
            out.adds.append(person)
            for number in person.order_numbers:
                by_order[number] = key
            if person.phone:
                by_phone[phone_key(person.phone)] = key
            continue
        target = person_of(key)
        changed = merge_into(target, person)
        for name in _FLAGS_FROM_SHEET:
            if name in row.given and getattr(person, name) != getattr(target, name):
                setattr(target, name, getattr(person, name))
                changed.append(name)
        for number in target.order_numbers:
            by_order[number] = key
        if not changed:
            out.unchanged += len(row.lines)
        elif not isinstance(key, tuple):
            fields = touched.setdefault(key, [])
            fields.extend(f for f in changed if f not in fields)
    out.updates = [(key, person_of(key), fields) for key, fields in touched.items()]
    return out


def _lines(lines: list[int]) -> str:
    return ", ".join(str(n) for n in lines)
