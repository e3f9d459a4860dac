"""Summary documents checked and cleaned on their way out of the store.

Summaries are what lists print without reading the cases, so the cleaning
``Case.from_dict`` gives a case (:func:`cases.sanitize.clean_text`) is applied to
them here (:func:`shown_summary`): a summary whose text would act on a terminal
(escape sequences, C1 codes, bidi overrides) is shown as a cleaned copy, and one
with wrong types is reported as malformed (the store then rebuilds it from its
case, or shows the case as damaged). The check is a fast path: one ``str.join``
over the text fields (which is also their type check) and one ``str.isprintable``
— about 1.5 µs a summary.

A case whose document is damaged (:mod:`storage.documents`) gets a **damaged
summary** (:func:`damaged_summary`): a well-formed placeholder carrying the case id
and ``"damaged": <field>``, so lists keep working and can name the case.

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
from typing import Any

from cases.sanitize import clean_text
from storage.stored_fields import Malformed, iso_readable
from storage.errors import DamagedDocumentError

#: The key a damaged summary carries (its value: the field found damaged).
DAMAGED = "damaged"

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
    return isinstance(value, str) and value[10:11] == "T" and iso_readable(value)


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
