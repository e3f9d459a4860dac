"""Case, group and participant documents checked on their way out of the store.

A store may be edited by hand or written by another program, so what the
store reads is not trusted to be what tousu wrote: a document is checked field by
field before it becomes a ``Case``, ``Group`` or ``Participant``
(:func:`decode_case`, :func:`decode_group`, :func:`decode_participant`). A wrong type
(``orders`` a string, ``fraud`` the text "false") or an impossible value (amount
"abc", an unknown status, a time that is not ISO 8601, a timeline entry without
``kind``, ``channel`` or ``at``) raises :class:`~storage.errors.DamagedDocumentError`
naming the item and the field. ``Case.from_dict`` then cleans every string
(:func:`cases.sanitize.clean_text`).

What each kind of document must be is a table (:class:`Shape`, one per kind and part:
:data:`CASE`, :data:`GROUP`, :data:`PARTICIPANT`) read by one checker,
:func:`check`. A document as tousu writes it takes a fast path first
(:func:`_sound_case`, :func:`_sound_participant`); only one that fails it is looked
at field by field. Summaries have checks of their own: :mod:`storage.summary_docs`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.errors import DamagedDocumentError
from storage.stored_fields import Malformed, iso_readable

if TYPE_CHECKING:  # pragma: no cover
    from cases.model import Case, Group
    from cases.roster import Participant

_fromiso = datetime.fromisoformat


@dataclasses.dataclass(frozen=True)
class Shape:
    """What a stored document (or one part of it) must be. Absent fields take their
    defaults (an earlier tousu may not have written them); checked in this order."""

    required: tuple[str, ...] = ()  # keys that must be there
    text: tuple[str, ...] = ()  # each a str
    times: tuple[str, ...] = ()  # each "" or an ISO 8601 time
    optional_times: tuple[str, ...] = ()  # each None, "" or an ISO 8601 time
    records: tuple[tuple[str, Shape], ...] = ()  # each None or a document of that shape
    status: bool = False  # ``status`` one of ``cases.model.Status``
    lists: tuple[tuple[str, Shape | None], ...] = ()  # each None or a list of such documents (None: of str)
    maps: tuple[str, ...] = ()  # each a dict of str values
    flags: tuple[str, ...] = ()  # each a bool
    ints: tuple[str, ...] = ()  # each an int
    amount: tuple[type, ...] | None = None  # ``amount`` an amount, of one of these types (empty: any)
    more: Callable[[dict[str, Any]], str | None] | None = None  # a last check: the bad field, or None


def check(doc: Any, shape: Shape, at: str = "") -> None:
    """Raise :class:`Malformed` naming the first field of ``doc`` (at ``at`` in its document)
    that is not what ``shape`` says."""
    from cases.amounts import parse_amount
    from cases.model import Status

    if not isinstance(doc, dict):
        raise Malformed(at or "document")
    where = f"{at}." if at else ""
    for name in shape.required:
        if name not in doc:
            raise Malformed(where + name)
    for name in shape.text:
        if not isinstance(doc.get(name, ""), str):
            raise Malformed(where + name)
    _times(doc, shape.times, where)
    _times(doc, shape.optional_times, where, optional=True)
    for name, inner in shape.records:
        if doc.get(name) is not None:
            check(doc[name], inner, where + name)
    if shape.status and doc.get("status", "open") not in Status._value2member_map_:
        raise Malformed(where + "status")
    for name, inner in shape.lists:
        for i, item in enumerate(_list(doc, where, name)):
            if inner is not None:
                check(item, inner, f"{where}{name}[{i}]")
            elif not isinstance(item, str):
                raise Malformed(f"{where}{name}[{i}]")
    for name in shape.maps:
        value = doc.get(name, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise Malformed(where + name)
    for name in shape.flags:
        if type(doc.get(name, False)) is not bool:
            raise Malformed(where + name)
    for name in shape.ints:
        if type(doc.get(name, 0)) is not int:
            raise Malformed(where + name)
    if shape.amount is not None:
        amount = doc.get("amount", "0")
        try:
            if shape.amount and type(amount) not in shape.amount:
                raise ValueError
            parse_amount(amount)
        except (ValueError, ArithmeticError):
            raise Malformed(where + "amount") from None
    bad = shape.more(doc) if shape.more is not None else None
    if bad is not None:
        raise Malformed(where + bad)


def _refund_field(event: dict[str, Any]) -> str | None:
    """The field of a result's refund that is not as tousu writes it (:func:`_sound_refund`)."""
    if _sound_refund(event):
        return None
    return "refunded" if not _sound_refund({"refunded": event.get("refunded", "")}) else "refunded_on"


_CASE_TEXT = ("id", "title", "platform", "category", "notes", "group_id", "deleted_by", "assignee")
_CASE_TIMES = ("created", "updated", "deleted_at")
_CASE_FLAGS = ("filed_for_other", "power_of_attorney", "fraud", "contract_denied")
_RECORDS = {
    "entity": ("name", "credit_code", "icp", "address", "legal_rep", "website"),
    "complainant": ("name", "phone", "id_number", "address"),
    "demands": ("basic", "compensation"),
}
_ORDER_TEXT = ("number", "payment_channel", "payee")
_EVENT_REQUIRED = ("kind", "channel", "at")
_EVENT_TEXT = ("kind", "channel", "ticket", "agent", "said", "promised", "outcome")
_EVIDENCE_TEXT = ("kind", "label", "path", "sha256", "recorded_at")
_GROUP_TEXT = ("id", "name", "platform", "description", "coordinator", "case_id", "updated_by")
_LEGACY_PARTICIPANT_TEXT = ("name", "phone", "amount", "orders", "case_id", "status")
_DECISION_TEXT = ("id", "kind", "text", "at", "by")
_PARTICIPANT_TEXT = ("id", "group", "name", "phone", "id_number", "address", "poa_until", "status", "notes",
                     "assignee", "case_id", "updated_by")
_PARTICIPANT_FLAGS = ("consent", "poa", "marked")

#: A stored case (cases.model.Case).
CASE = Shape(
    text=_CASE_TEXT, times=_CASE_TIMES, status=True, flags=_CASE_FLAGS, ints=("rev",),
    records=tuple((name, Shape(text=keys)) for name, keys in _RECORDS.items()),
    lists=(
        ("tags", None),
        ("orders", Shape(text=_ORDER_TEXT, optional_times=("paid_at",), amount=(str, int, float))),
        ("timeline", Shape(required=_EVENT_REQUIRED, text=_EVENT_TEXT, times=("at",), optional_times=("deadline",),
                           ints=("seq",), more=_refund_field)),
        ("evidence", Shape(text=_EVIDENCE_TEXT)),
    ),
)
#: A stored group complaint (participants inside it: a store written before rosters had their table).
GROUP = Shape(
    text=_GROUP_TEXT, times=_CASE_TIMES, ints=("rev",),
    lists=(
        ("participants", Shape(text=_LEGACY_PARTICIPANT_TEXT, flags=("authorised",), amount=())),
        ("representatives", None),
        ("decisions", Shape(text=_DECISION_TEXT)),
    ),
)
#: One participant of a roster (cases.roster.Participant).
PARTICIPANT = Shape(
    text=_PARTICIPANT_TEXT, times=_CASE_TIMES, status=True, flags=_PARTICIPANT_FLAGS, maps=("consents",),
    ints=("rev",),
    lists=(("orders", Shape(text=_ORDER_TEXT, optional_times=("paid_at",), amount=(str,))), ("evidence", None)),
)


_BLANKS = ("",) * 12  # (at least as many as the longest tuple of names joined with it)
_EVENT_KEYS = frozenset(_EVENT_REQUIRED)


def check_case(doc: Any) -> None:
    """Raise :class:`Malformed` naming the first field of a stored case document with a
    wrong type or an impossible value (:data:`CASE`).

    A document as tousu writes it passes :func:`_sound_case` (~15 µs for a demo case
    with 10 timeline entries); anything else is looked at field by field."""
    if not _sound_case(doc):
        check(doc, CASE)


def _sound_case(doc: Any) -> bool:
    """Whether ``doc`` is a case document as tousu writes it (the fast path of :func:`check_case`;
    False does not mean damaged, only that the fields must be looked at one by one)."""
    from cases.amounts import parse_amount
    from cases.model import Status

    try:
        get = doc.get
        "".join(map(get, _CASE_TEXT, _BLANKS))  # TypeError unless each is a str (or absent)
        for name in _CASE_TIMES:
            value = get(name, "")
            if value and not _fast_time(value):
                return False
        for name, keys in _RECORDS.items():
            record = get(name)
            if record is not None:
                "".join(map(record.get, keys, _BLANKS))
        if get("status", "open") not in Status._value2member_map_:
            return False
        tags = get("tags") or []
        orders = get("orders") or []
        timeline = get("timeline") or []
        evidence = get("evidence") or []
        if not (type(tags) is list and type(orders) is list and type(timeline) is list and type(evidence) is list):
            return False
        "".join(tags)
        for order in orders:
            "".join(map(order.get, _ORDER_TEXT, _BLANKS))
            paid_at = order.get("paid_at")
            amount = order.get("amount", "0")
            if (paid_at is not None and paid_at != "" and not _fast_time(paid_at)) or type(amount) is not str:
                return False
            parse_amount(amount)
        for event in timeline:
            if not event.keys() >= _EVENT_KEYS:
                return False
            "".join(map(event.get, _EVENT_TEXT, _BLANKS))
            at, deadline = event["at"], event.get("deadline")
            if (at and not _fast_time(at)) or (deadline is not None and deadline != "" and not _fast_time(deadline)):
                return False
            if type(event.get("seq", 0)) is not int:
                return False
            if ("refunded" in event or "refunded_on" in event) and not _sound_refund(event):
                return False
        for item in evidence:
            "".join(map(item.get, _EVIDENCE_TEXT, _BLANKS))
        return (all(type(get(name, False)) is bool for name in _CASE_FLAGS)
                and type(get("rev", 0)) is int)
    except (TypeError, ValueError, AttributeError, ArithmeticError):
        return False


def _sound_refund(event: dict[str, Any]) -> bool:
    """A result's ``refunded`` ("" or an amount as tousu writes it) and ``refunded_on``
    ("" or a date, 2026-06-12)."""
    from datetime import date

    from cases.amounts import parse_amount

    amount, on = event.get("refunded", ""), event.get("refunded_on", "")
    if type(amount) is not str or type(on) is not str:
        return False
    try:
        if amount:
            parse_amount(amount)
        if on:
            date.fromisoformat(on)
    except (ValueError, ArithmeticError):
        return False
    return not on or (on.isascii() and len(on) == 10)


def _fast_time(value: Any) -> bool:
    """A stored time in the form tousu writes (ISO 8601 that ``datetime`` reads)."""
    return type(value) is str and value.isascii() and value.isprintable() and iso_readable(value)


def _sound_participant(doc: Any) -> bool:
    """Whether ``doc`` is a participant document as tousu writes it, every text clean (the fast
    path of :func:`decode_participant`: ~10 µs instead of ~60; False only means "look closer")."""
    from cases.amounts import STORED_AMOUNT
    from cases.model import Status

    canonical = STORED_AMOUNT.fullmatch
    try:
        get = doc.get
        if not "".join(map(get, _PARTICIPANT_TEXT, _BLANKS)).isprintable():
            return False
        if get("status", "open") not in Status._value2member_map_ or type(get("rev", 0)) is not int:
            return False
        for name in _PARTICIPANT_FLAGS:
            if type(get(name, False)) is not bool:
                return False
        for name in ("created", "updated"):
            value = get(name, "")
            if value and not _fast_time(value):
                return False
        orders = get("orders") or []
        evidence = get("evidence") or []
        consents = get("consents") or {}
        if type(orders) is not list or type(evidence) is not list or type(consents) is not dict:
            return False
        for order in orders:
            if not "".join(map(order.get, _ORDER_TEXT, _BLANKS)).isprintable():
                return False
            amount, paid = order.get("amount", "0.00"), order.get("paid_at")
            if type(amount) is not str or not canonical(amount) or (paid and not _fast_time(paid)):
                return False
        return "".join(evidence).isprintable() and "".join(consents).isprintable() and (
            not consents or "".join(consents.values()).isprintable())
    except (TypeError, AttributeError, ValueError):
        return False


def decode_participant(doc: Any, participant_id: str, path: Path | str | None = None) -> Participant:
    """The ``Participant`` of a stored document; :class:`DamagedDocumentError` naming it if damaged."""
    from cases.roster import Participant

    if _sound_participant(doc):
        return Participant.from_sound(doc)
    try:
        check(doc, PARTICIPANT)
        return Participant.from_dict(doc)
    except Malformed as exc:
        raise DamagedDocumentError(participant_id, path, exc.field) from None


def decode_case(doc: Any, case_id: str, path: Path | str | None = None) -> Case:
    """The ``Case`` of a stored document; :class:`DamagedDocumentError` naming ``case_id``
    (the id its place in the store gives, whatever the document says) if it is damaged."""
    from cases.ids import case_number
    from cases.model import Case

    try:
        check_case(doc)
        if "id" in doc and _id_number(case_number, doc["id"]) != _id_number(case_number, case_id):
            raise Malformed("id")
        return Case.from_dict(doc)
    except Malformed as exc:
        raise DamagedDocumentError(case_id, path, exc.field) from None


def decode_group(doc: Any, group_id: str, path: Path | str | None = None) -> Group:
    """:func:`decode_case` for a group complaint."""
    from cases.ids import group_number
    from cases.model import Group

    try:
        check(doc, GROUP)
        if "id" in doc and _id_number(group_number, doc["id"]) != _id_number(group_number, group_id):
            raise Malformed("id")
        return Group.from_dict(doc)
    except Malformed as exc:
        raise DamagedDocumentError(group_id, path, exc.field) from None


def _id_number(parse: Any, item_id: str) -> int | None:
    try:
        return parse(item_id)
    except ValueError:
        return None



def _list(doc: dict[str, Any], where: str, name: str) -> list[Any]:
    value = doc.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise Malformed(where + name)
    return value


def _times(doc: dict[str, Any], names: tuple[str, ...], where: str, *, optional: bool = False) -> None:
    """Each of ``names`` absent, empty or an ISO 8601 time (or None when ``optional``)."""
    for name in names:
        value = doc.get(name, "")
        if value is None and optional:
            continue
        if not isinstance(value, str) or (value and not _iso(value)):
            raise Malformed(where + name)


def _iso(text: str) -> bool:
    from cases.clock import parse_instant

    if not (text.isascii() and text.isprintable()):  # times are never cleaned: nothing else gets through
        return False
    try:  # as parse_instant reads it, without building the Arrow object (~1 µs instead of ~20)
        _fromiso(text.strip())
        return True
    except ValueError:
        pass
    try:
        parse_instant(text)
    except (ValueError, OverflowError):
        return False
    return True
