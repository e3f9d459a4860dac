"""The case summaries the store keeps beside the cases (TinyDB table ``summaries``).

Document ``n`` of ``summaries`` is ``CaseSummary.to_dict()`` of case ``n``
(see ``cases.summary``), written in the same journal line as the case by every
change the :class:`~storage.store.Store` makes, so the two never disagree on
disk. Lists (dashboard, ``tousu list``) read this table alone: at 10k demo
cases 5.4 MB instead of the 32.3 MB of case documents, ~53 ms to read and
check and ~60 ms to build the 10k ``CaseSummary`` objects, instead of ~1.6 s
(parse + ``Case`` objects) for ``cases()``; and the process holds ~36 MB for
them instead of ~180 MB.

Repairs, done on first need and written like any change:

- a summary whose ``stamp`` differs from the calendar's (a new official
  schedule was added), or whose ``format`` is older than ``cases.summary.FORMAT``
  (written by an earlier tousu, without a field this one needs): recomputed from
  its case, which means reading the case documents (one slice each; ~0.2 ms per
  case with ``Case.from_dict`` and the deadline), ~2 s for 10k, once per
  calendar change or upgrade. An earlier tousu reads the newer summaries as they
  are (it ignores the fields it does not know), so sharing a store does not make
  the two versions recompute each other's summaries;
- a case without a summary (a store written before summaries existed, or by
  something other than the Store) or a summary without its case.

A case whose document is damaged (wrong types, impossible values: edited by
hand or by another program) cannot be summarised: its repair writes a damaged
summary instead (:func:`storage.documents.damaged_summary`, naming the case and
the field), so the repair, and every list, goes on with the other cases.

The recomputation reads the cases outside the lock, then, under the lock,
redoes only those another process changed meanwhile (from the journal's
keys), so a 10k repair does not block the other tousu processes for seconds.

:class:`SummaryList` keeps the built ``CaseSummary`` objects keyed by the
stored document object and asks the storage which ids changed since it was
built (the journal lines' keys): after an edit, here or applied by
:meth:`Store.poll`, only those are rebuilt and checked, ~0.1 ms at 10k
(15 ms when it rescanned the 10k); with no change the last list is returned.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from storage.errors import CaseNotFound, DamagedDocumentError

if TYPE_CHECKING:  # pragma: no cover
    from cases.summary import CaseSummary
    from storage.journal_storage import JournalStorage

SUMMARIES = "summaries"
CASES = "cases"
#: Cases read and summarised per step of a repair (bounds the documents in memory).
REPAIR_BATCH = 500


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic GC while building many long-lived objects.

    Parsing the 10k summaries and building their objects allocates ~300k
    objects that all live on; the collector rescans them repeatedly for
    nothing: 25 ms of ~150 ms here (the same reason as in ``cases.demo``).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def current(stamp: str) -> Callable[[dict[str, Any]], bool]:
    """A test for stored summary documents: computed with the calendar whose stamp is
    ``stamp``, in this tousu's format or a later one (``cases.summary.FORMAT``)."""
    from cases.summary import FORMAT

    def test(doc: dict[str, Any]) -> bool:
        fmt = doc.get("format") or 1  # (a format that is not a number: rewritten like an old one)
        return doc.get("stamp") == stamp and type(fmt) is int and fmt >= FORMAT

    return test


def _maker() -> Any:
    """``CaseSummary.from_dict`` with positional arguments: 6 µs instead of 8 µs a summary."""
    from cases.summary import CaseSummary

    fields = [f.name for f in dataclasses.fields(CaseSummary)]
    tags, names, fmt = fields.index("tags"), fields.index("names"), fields.index("format")
    get_all = dict.get

    def make(doc: dict[str, Any]) -> CaseSummary:
        values = [get_all(doc, name) for name in fields]
        values[tags] = tuple(values[tags] or ())
        values[names] = tuple(values[names] or ())
        values[fmt] = values[fmt] or 1
        return CaseSummary(*values)

    return make


def summary_doc(doc: dict[str, Any], calendar: Any) -> dict[str, Any]:
    """The summary document of a stored case document (built as a reader would see it)."""
    from cases.model import Case
    from cases.summary import summarize

    return summarize(Case.from_dict(doc), calendar).to_dict()


def repaired_doc(key: str, doc: dict[str, Any], calendar: Any) -> dict[str, Any]:
    """:func:`summary_doc` of a stored case document that may be damaged (written by hand or
    by another program): then the damaged summary naming the case and the field
    (:func:`storage.documents.damaged_summary`), so one bad document does not stop the repair."""
    from cases.summary import summarize
    from storage.documents import damaged_summary, decode_case

    case_id = _case_id(key)
    try:
        return summarize(decode_case(doc, case_id), calendar).to_dict()
    except DamagedDocumentError as exc:
        return damaged_summary(case_id, exc.field, calendar.stamp)
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError, IndexError):
        return damaged_summary(case_id, "document", calendar.stamp)  # well typed, yet no summary: damaged too


def _case_id(key: str) -> str:
    from cases.ids import format_case_id

    return format_case_id(int(key)) if key.isdigit() and int(key) > 0 else key


class SummaryList:
    """``CaseSummary`` objects for a summaries table, rebuilt only where documents changed."""

    def __init__(self, shown: Callable[[str, dict[str, Any]], dict[str, Any]] | None = None) -> None:
        # The document as shown (cleaned, or rebuilt if malformed: Store._shown_summary) of a stored one.
        self.shown = shown or (lambda key, doc: doc)
        self.built: dict[str, tuple[dict[str, Any], CaseSummary]] = {}
        self.items: list[CaseSummary] = []  # in id order
        self.pos: dict[str, int] = {}  # id -> index in items
        self.seq: int | None = None  # the storage seq the list was built at
        self.table_id: int | None = None  # ... from this table object

    def current(self, seq: int, table: dict[str, Any]) -> list[CaseSummary] | None:
        return list(self.items) if seq == self.seq and id(table) == self.table_id else None

    def since(self, table: dict[str, Any]) -> int | None:
        """The seq to look for changes after; None if the list must be built from scratch."""
        return self.seq if id(table) == self.table_id else None

    def build(self, table: dict[str, dict[str, Any]], seq: int, changed: Iterable[str] | None) -> list[CaseSummary]:
        """Bring the list up to ``table``: only the ``changed`` ids, or everything when None."""
        made = _maker()
        shown = self.shown

        def make(doc_key: str, doc: dict[str, Any]) -> CaseSummary:
            return made(shown(doc_key, doc))

        old = self.built
        reorder = changed is None
        if changed is None:
            new: dict[str, tuple[dict[str, Any], CaseSummary]] = {}
            for doc_key, doc in table.items():
                hit = old.get(doc_key)
                new[doc_key] = hit if hit is not None and hit[0] is doc else (doc, make(doc_key, doc))
            self.built = new
        else:
            for doc_key in changed:
                doc = table.get(doc_key)
                hit = old.get(doc_key)
                if doc is None:
                    if hit is not None:
                        del old[doc_key]
                        reorder = True
                elif hit is None or hit[0] is not doc:
                    old[doc_key] = (doc, make(doc_key, doc))
                    if hit is None:
                        reorder = True
                    else:
                        self.items[self.pos[doc_key]] = old[doc_key][1]
        if reorder:
            ordered = sorted(self.built, key=_number)
            self.items = [self.built[k][1] for k in ordered]
            self.pos = {k: i for i, k in enumerate(ordered)}
        self.seq, self.table_id = seq, id(table)
        return list(self.items)


def _number(key: str) -> int:
    return int(key) if key.isdigit() else 0


def problems(table: dict[str, dict[str, Any]], case_keys: list[str], stamp: str,
             checked: dict[str, tuple[dict[str, Any], Any]]) -> tuple[list[str], list[str]]:
    """(case ids whose summary is missing or stale, summary ids without a case), checking everything.

    ``checked``: documents already built into objects with this stamp are not looked at again.
    """
    todo = [k for k in case_keys if k not in table]
    is_current = current(stamp)
    for key, doc in table.items():
        hit = checked.get(key)
        if (hit is None or hit[0] is not doc) and not is_current(doc):
            todo.append(key)
    if len(case_keys) == len(table) and not todo:
        return [], []
    cases = set(case_keys)
    orphans = [k for k in table if k not in cases]
    gone = set(orphans)
    return [k for k in dict.fromkeys(todo) if k not in gone], orphans


def problems_among(table: dict[str, dict[str, Any]], keys: Iterable[str], has_case: Callable[[str], bool],
                   stamp: str) -> tuple[list[str], list[str]]:
    """Like :func:`problems`, for the ids changed since the last check only (after an edit: ~0.1 ms)."""
    todo, orphans = [], []
    is_current = current(stamp)
    for key in keys:
        doc = table.get(key)
        if has_case(key):
            if doc is None or not is_current(doc):
                todo.append(key)
        elif doc is not None:
            orphans.append(key)
    return todo, orphans


def repair(storage: JournalStorage, todo: list[str], orphans: list[str], calendar: Any) -> None:
    """Recompute the summaries of ``todo`` and delete the ``orphans``' (see the module docstring)."""
    seq = storage.seq
    fresh: dict[str, dict[str, Any] | None] = {}
    for start in range(0, len(todo), REPAIR_BATCH):
        docs = storage.get_many(CASES, todo[start : start + REPAIR_BATCH])
        for key, doc in docs.items():
            fresh[key] = None if doc is None else repaired_doc(key, doc, calendar)
    with storage.transaction():
        touched = storage.touched_since(seq)
        for key in [*todo, *orphans]:
            if key not in fresh or touched is None or (CASES, key) in touched or (SUMMARIES, key) in touched:
                doc = storage.get(CASES, key)
                fresh[key] = None if doc is None else repaired_doc(key, doc, calendar)
            value = fresh[key]
            if value is not None:
                storage.put(SUMMARIES, key, value)
            elif storage.get(SUMMARIES, key) is not None:
                storage.delete(SUMMARIES, key)


def one(storage: JournalStorage, key: str, case_id: str, stamp: str, calendar: Any,
        table: dict[str, dict[str, Any]] | None) -> dict[str, Any]:
    """The current summary document of one case, repaired first if needed; CaseNotFound if no case."""
    doc = table.get(key) if table is not None else storage.get(SUMMARIES, key)
    if doc is not None and current(stamp)(doc):
        return doc
    if storage.get(CASES, key) is None:
        raise CaseNotFound(case_id, storage.path)
    repair(storage, [key], [], calendar)
    doc = storage.get(SUMMARIES, key)
    if doc is None:  # deleted meanwhile by another process
        raise CaseNotFound(case_id, storage.path)
    return doc
