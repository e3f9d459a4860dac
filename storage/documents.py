"""Stored documents checked on their way out of the store.

A store may be edited by hand or written by another program, so what the
store reads is not trusted to be what tousu wrote:

- **Case and group documents** are checked field by field before they become
  ``Case`` / ``Group`` objects (:func:`decode_case`, :func:`decode_group`): a
  wrong type (``orders`` a string, ``fraud`` the text "false") or an impossible
  value (amount "abc", an unknown status, a time that is not ISO 8601, a
  timeline entry without ``kind``, ``channel`` or ``at``) raises
  :class:`~storage.errors.DamagedDocumentError` naming the case and the field.
  ``Case.from_dict`` then cleans every string (:func:`cases.sanitize.clean_text`).
- **Summary documents** are what lists print without reading the cases, so the
  same cleaning is applied to them here (:func:`shown_summary`): a summary whose
  text would act on a terminal (escape sequences, C1 codes, bidi overrides) is
  shown as a cleaned copy, and one with wrong types is reported as malformed
  (the store then rebuilds it from its case, or shows the case as damaged).
  The check is a fast path: one ``str.join`` over the text fields (which is
  also their type check) and one ``str.isprintable`` — about 1.5 µs a summary.
- A case whose document is damaged gets a **damaged summary**
  (:func:`damaged_summary`): a well-formed placeholder carrying the case id and
  ``"damaged": <field>``, so lists keep working and can name the case.

JSON output uses the same cleaned text: ``json`` escapes control characters
anyway, but bidi overrides are printable and would reorder the text wherever
the JSON is shown, so they are gone from JSON as they are from the screen.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cases.sanitize import clean_text
from storage.errors import DamagedDocumentError

if TYPE_CHECKING:  # pragma: no cover
    from cases.model import Case, Group
    from cases.roster import Participant

#: The key a damaged summary carries (its value: the field found damaged).
DAMAGED = "damaged"


class Malformed(ValueError):
    """A document field with a wrong type or an impossible value; ``field`` says which."""

    def __init__(self, field: str) -> None:
        self.field = field
        super().__init__(field)


# ----------------------------------------------------------------------------- summaries

#: Summary fields that are text (each must be a str).
_SUMMARY_TEXT = ("id", "title", "platform", "status", "category", "channel", "ticket", "amount",
                 "group_id", "updated", "deadline_kind", "deadline_basis", "stamp")
#: Text a summary holds from format 5 on (absent before: "").
_SUMMARY_LATER_TEXT = ("assignee",)
_TEXT_OF = itemgetter(*_SUMMARY_TEXT)
_REST_OF = itemgetter("deadline", "deadline_since", "deadline_ts", "tier", "rev", "deadline_working_days",
                      "deadline_estimated", "tags")
_fromiso = datetime.fromisoformat
_SEQUENCES = (list, tuple)
_NEXT_OF = itemgetter("next_ts", "follow_up_ts", "next_kind", "follow_up")
_TIMESTAMPS = (float, int, type(None))
_KINDS = (str, type(None))


def shown_summary(doc: Any) -> dict[str, Any]:
    """``doc`` itself when it is well formed and its text clean (nearly always), else a
    cleaned copy; :class:`Malformed` when a field has a wrong type or an impossible value.

    The copy keeps every field; only text loses what :func:`clean_text` removes.
    """
    try:  # the fast path: a summary as tousu writes it, every text printable
        texts = _TEXT_OF(doc)
        deadline, since, ts, tier, rev, working, estimated, tags = _REST_OF(doc)
        names = doc.get("names") or ()  # (none before summary format 2)
        ok = ("".join(texts).isprintable()  # (and a TypeError unless every one is a str)
              and type(tier) is int and type(rev) is int and type(working) is bool and type(estimated) is bool
              and type(tags) is list and type(names) in _SEQUENCES and math.isfinite(float(texts[7])))
        if tags or names:
            ok = ok and ("".join(tags) + "".join(names)).isprintable()
        assignee = doc.get("assignee", "")  # (format 5)
        if assignee:
            ok = ok and assignee.isprintable()
        nts, fts, nkind, follow_up = _NEXT_OF(doc)  # (format 4; a KeyError before: the slow path)
        ok = ok and type(nts) in _TIMESTAMPS and type(fts) in _TIMESTAMPS and type(nkind) is str
        if fts is not None and ok:
            ok = math.isfinite(fts) and follow_up[10:11] == "T"
            _fromiso(follow_up)
        if nts is not None:
            ok = ok and math.isfinite(nts)
        deleted = doc.get("deleted")  # (format 3: only on a deleted case's summary)
        if deleted is not None:
            ok = ok and _stored_time(deleted)
        if deadline is None:
            ok = ok and since is None and ts is None
        elif ok:  # times datetime reads hold nothing a terminal acts on
            ok = (type(ts) is float or type(ts) is int) and deadline[10:11] == "T" and since[10:11] == "T"
            _fromiso(deadline), _fromiso(since), math.isfinite(ts) or _fail()
    except (KeyError, TypeError, ValueError, AttributeError):
        ok = False
    if ok:
        return doc
    return _checked_summary(doc)


def _fail() -> None:
    raise ValueError


def _checked_summary(doc: Any) -> dict[str, Any]:
    """:func:`shown_summary` field by field (its slow path): :class:`Malformed` naming the
    first bad field, else ``doc`` or its cleaned copy."""
    if not isinstance(doc, Mapping):
        raise Malformed("document")
    for name in _SUMMARY_TEXT:
        if not isinstance(doc.get(name), str):
            raise Malformed(name)
    for name in _SUMMARY_LATER_TEXT:
        if not isinstance(doc.get(name, ""), str):
            raise Malformed(name)
    deadline, since, ts = doc.get("deadline"), doc.get("deadline_since"), doc.get("deadline_ts")
    if deadline is None:
        if since is not None:
            raise Malformed("deadline_since")
        if ts is not None:
            raise Malformed("deadline_ts")
    else:
        for name, value in (("deadline", deadline), ("deadline_since", since)):
            if not _stored_time(value):
                raise Malformed(name)
        if type(ts) not in (int, float) or not math.isfinite(ts):
            raise Malformed("deadline_ts")
    lists = {"tags": doc.get("tags"), "names": doc.get("names") or ()}
    for name, value in lists.items():
        if not (isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)):
            raise Malformed(name)
    for name in ("tier", "rev"):
        if type(doc.get(name)) is not int:
            raise Malformed(name)
    for name in ("next_ts", "follow_up_ts"):
        value = doc.get(name)
        if value is not None and (type(value) not in (int, float) or not math.isfinite(value)):
            raise Malformed(name)
    if type(doc.get("next_kind")) not in _KINDS:
        raise Malformed("next_kind")
    if doc.get("follow_up") is not None and not _stored_time(doc["follow_up"]):
        raise Malformed("follow_up")
    if doc.get("deleted") is not None and not _stored_time(doc["deleted"]):
        raise Malformed("deleted")
    for name in ("deadline_working_days", "deadline_estimated"):
        if type(doc.get(name)) is not bool:
            raise Malformed(name)
    try:
        if not math.isfinite(float(doc["amount"])):
            raise ValueError
    except ValueError:
        raise Malformed("amount") from None
    cleaned = {name: clean_text(doc[name]) for name in _SUMMARY_TEXT + _SUMMARY_LATER_TEXT
               if name in doc and clean_text(doc[name]) != doc[name]}
    cleaned.update({name: [clean_text(v) for v in value] for name, value in lists.items()
                    if any(clean_text(v) != v for v in value)})
    if not cleaned:  # not printable, yet nothing a terminal acts on (an ideographic space …)
        return doc
    return {**doc, **cleaned}


def _stored_time(value: Any) -> bool:
    """A time as summaries store it: ISO 8601 with the date written out (2026-09-29T…)."""
    if not isinstance(value, str) or value[10:11] != "T":
        return False
    try:
        _fromiso(value)
    except ValueError:
        return False
    return True


def summary_ok(doc: Any) -> bool:
    """Whether ``doc`` is shown as it is stored (well formed, text clean)."""
    try:
        return shown_summary(doc) is doc
    except Malformed:
        return False


def damaged_summary(case_id: str, field: str, stamp: str) -> dict[str, Any]:
    """The summary kept for a case whose document is damaged: no deadline, open, empty
    text, ``"damaged": field``. Well formed, so every list sorts and counts it."""
    from cases.summary import FORMAT

    return {
        "id": case_id, "title": "", "platform": "", "status": "open", "category": "", "channel": "",
        "tier": -1, "ticket": "", "amount": "0.00", "tags": [], "names": [], "group_id": "", "updated": "",
        "rev": 0, "deadline": None, "deadline_ts": None, "deadline_kind": "", "deadline_working_days": False,
        "deadline_estimated": False, "deadline_basis": "", "deadline_since": None, "stamp": stamp,
        "format": FORMAT, "follow_up": None, "follow_up_ts": None, "next_kind": "", "next_ts": None, "assignee": "",
        DAMAGED: field,
    }


def damaged_error(doc: Mapping[str, Any], path: Path | str | None = None) -> DamagedDocumentError | None:
    """The error a damaged summary stands for; None for an ordinary summary."""
    field = doc.get(DAMAGED)
    if field is None:
        return None
    return DamagedDocumentError(doc["id"], path, str(field))


# ----------------------------------------------------------------------------- cases and groups

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


_BLANKS = ("",) * 12  # (at least as many as the longest tuple of names joined with it)
_EVENT_KEYS = frozenset(_EVENT_REQUIRED)


def check_case(doc: Any) -> None:
    """Raise :class:`Malformed` naming the first field of a stored case document with a
    wrong type or an impossible value. Absent fields take their defaults (an earlier
    tousu may not have written them); timeline entries need ``kind``, ``channel``, ``at``.

    A document as tousu writes it passes :func:`_sound_case` (~15 µs for a demo case
    with 10 timeline entries); anything else is looked at field by field."""
    if not _sound_case(doc):
        _check_case_fields(doc)


def _sound_case(doc: Any) -> bool:
    """Whether ``doc`` is a case document as tousu writes it (the fast path of :func:`check_case`;
    False does not mean damaged, only that the fields must be looked at one by one)."""
    from cases.model import Status, parse_amount

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

    from cases.model import parse_amount

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
    if type(value) is not str or not (value.isascii() and value.isprintable()):
        return False
    try:
        _fromiso(value)
    except ValueError:
        return False
    return True


def _check_case_fields(doc: Any) -> None:
    """:func:`check_case` field by field: :class:`Malformed` naming the first bad one."""
    from cases.model import Status, parse_amount

    if not isinstance(doc, dict):
        raise Malformed("document")
    _text(doc, _CASE_TEXT, "")
    _times(doc, _CASE_TIMES, "")
    for name, keys in _RECORDS.items():
        record = doc.get(name)
        if record is not None:
            if not isinstance(record, dict):
                raise Malformed(name)
            _text(record, keys, f"{name}.")
    status = doc.get("status", "open")
    if status not in Status._value2member_map_:
        raise Malformed("status")
    for i, tag in enumerate(_list(doc, "tags")):
        if not isinstance(tag, str):
            raise Malformed(f"tags[{i}]")
    for i, order in enumerate(_list(doc, "orders")):
        where = f"orders[{i}]"
        if not isinstance(order, dict):
            raise Malformed(where)
        _text(order, _ORDER_TEXT, where + ".")
        _times(order, ("paid_at",), where + ".", optional=True)
        amount = order.get("amount", "0")
        if type(amount) not in (str, int, float):
            raise Malformed(where + ".amount")
        try:
            parse_amount(amount)
        except (ValueError, ArithmeticError):
            raise Malformed(where + ".amount") from None
    for i, event in enumerate(_list(doc, "timeline")):
        where = f"timeline[{i}]"
        if not isinstance(event, dict):
            raise Malformed(where)
        for key in _EVENT_REQUIRED:
            if key not in event:
                raise Malformed(f"{where}.{key}")
        _text(event, _EVENT_TEXT, where + ".")
        _times(event, ("at",), where + ".")
        _times(event, ("deadline",), where + ".", optional=True)
        if type(event.get("seq", 0)) is not int:
            raise Malformed(where + ".seq")
        if not _sound_refund(event):
            raise Malformed(where + (".refunded" if not _sound_refund({"refunded": event.get("refunded", "")})
                                     else ".refunded_on"))
    for i, item in enumerate(_list(doc, "evidence")):
        where = f"evidence[{i}]"
        if not isinstance(item, dict):
            raise Malformed(where)
        _text(item, _EVIDENCE_TEXT, where + ".")
    for name in _CASE_FLAGS:
        if type(doc.get(name, False)) is not bool:
            raise Malformed(name)
    if type(doc.get("rev", 0)) is not int:
        raise Malformed("rev")


_GROUP_TEXT = ("id", "name", "platform", "description", "coordinator", "case_id", "updated_by")
_LEGACY_PARTICIPANT_TEXT = ("name", "phone", "amount", "orders", "case_id", "status")
_DECISION_TEXT = ("id", "kind", "text", "at", "by")


def check_group(doc: Any) -> None:
    """:func:`check_case` for a group complaint document (participants inside it: an old store)."""
    from cases.model import parse_amount

    if not isinstance(doc, dict):
        raise Malformed("document")
    _text(doc, _GROUP_TEXT, "")
    _times(doc, _CASE_TIMES, "")
    for i, person in enumerate(_list(doc, "participants")):
        where = f"participants[{i}]"
        if not isinstance(person, dict):
            raise Malformed(where)
        _text(person, _LEGACY_PARTICIPANT_TEXT, where + ".")
        if type(person.get("authorised", False)) is not bool:
            raise Malformed(where + ".authorised")
        try:
            parse_amount(person.get("amount", "0"))
        except (ValueError, ArithmeticError):
            raise Malformed(where + ".amount") from None
    for i, rep in enumerate(_list(doc, "representatives")):
        if not isinstance(rep, str):
            raise Malformed(f"representatives[{i}]")
    for i, decision in enumerate(_list(doc, "decisions")):
        if not isinstance(decision, dict):
            raise Malformed(f"decisions[{i}]")
        _text(decision, _DECISION_TEXT, f"decisions[{i}].")
    if type(doc.get("rev", 0)) is not int:
        raise Malformed("rev")


_PARTICIPANT_TEXT = ("id", "group", "name", "phone", "id_number", "address", "poa_until", "status", "notes",
                     "assignee", "case_id", "updated_by")
_PARTICIPANT_FLAGS = ("consent", "poa", "marked")
_ROSTER_ORDER_TEXT = ("number", "payment_channel", "payee")


def check_participant(doc: Any) -> None:
    """:func:`check_case` for one participant document of a roster (cases.roster.Participant)."""
    from cases.model import Status, parse_amount

    if not isinstance(doc, dict):
        raise Malformed("document")
    _text(doc, _PARTICIPANT_TEXT, "")
    _times(doc, _CASE_TIMES, "")
    if doc.get("status", "open") not in Status._value2member_map_:
        raise Malformed("status")
    for name in _PARTICIPANT_FLAGS:
        if type(doc.get(name, False)) is not bool:
            raise Malformed(name)
    for i, order in enumerate(_list(doc, "orders")):
        where = f"orders[{i}]"
        if not isinstance(order, dict):
            raise Malformed(where)
        _text(order, _ROSTER_ORDER_TEXT, where + ".")
        _times(order, ("paid_at",), where + ".", optional=True)
        amount = order.get("amount", "0")
        try:
            if type(amount) is not str:
                raise ValueError
            parse_amount(amount)
        except (ValueError, ArithmeticError):
            raise Malformed(where + ".amount") from None
    for i, kind in enumerate(_list(doc, "evidence")):
        if not isinstance(kind, str):
            raise Malformed(f"evidence[{i}]")
    consents = doc.get("consents", {})
    if not isinstance(consents, dict) or not all(isinstance(v, str) for v in consents.values()):
        raise Malformed("consents")
    if type(doc.get("rev", 0)) is not int:
        raise Malformed("rev")


def _sound_participant(doc: Any) -> bool:
    """Whether ``doc`` is a participant document as tousu writes it, every text clean (the fast
    path of :func:`decode_participant`: ~10 µs instead of ~60; False only means "look closer")."""
    from cases.model import _CANONICAL_RE, Status

    canonical = _CANONICAL_RE.fullmatch
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
            if not "".join(map(order.get, _ROSTER_ORDER_TEXT, _BLANKS)).isprintable():
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
        check_participant(doc)
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
        check_group(doc)
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


def _list(doc: dict[str, Any], name: str) -> list[Any]:
    value = doc.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise Malformed(name)
    return value


def _text(doc: dict[str, Any], names: tuple[str, ...], where: str) -> None:
    for name in names:
        if not isinstance(doc.get(name, ""), str):
            raise Malformed(where + name)


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
