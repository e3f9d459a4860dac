"""The case summaries the store keeps beside the cases (TinyDB table ``summaries``).

Document ``n`` of ``summaries`` is ``CaseSummary.to_dict()`` of case ``n``
(see ``cases.summary``), written in the same journal line as the case by every
change the :class:`~storage.store.Store` makes, so the two never disagree on
disk. Lists (dashboard, ``tousu list``) read this table alone, a fraction of the
case documents' size, and never build a ``Case``.

Reading never writes. A stored summary is used as it is when it is *usable*:
its ``stamp`` (``cases.summary.deadline_stamp``: rules and calendar) is this
process's and its ``format`` this tousu's (or later), or it was made by newer
rules (``cases.summary.stamp_order``) or a later format, which an older tousu
uses as they are and never rewrites. Any other summary (another calendar,
older rules, an earlier format), a case without a summary, a summary without
its case: :class:`Shown` corrects them **in memory**, for display, recomputing
a summary from its case (one slice each) once and keeping it until that case or
summary changes, so a dashboard does not recompute at every refresh; a dashboard
on a writable store then stores them (``Store.catch_up``), so the next start
reads them.

Writes recompute, when and only when the store's calendar or the rules change,
once, by one process. ``_meta["deadlines"]`` records the stamp and format the
store's summaries were computed with (:func:`record_state`):

- ``tousu schedule add`` changes the store's calendar and recomputes every
  summary in the same transaction (``Store.add_schedule``);
- the first *write* of a process whose stamp differs from the record, and
  whose rules are not older (a newer tousu, a newer holidays library, or a store
  written before the record existed), first recomputes every summary that is not
  usable and records its own stamp (:func:`repair`): later writers of the same
  rules find the record current and recompute nothing. Writers of older rules
  never do;
- a writer whose record is current also writes the corrections its
  :class:`Shown` holds (a case another program wrote without its summary, a
  summary an older tousu wrote meanwhile) with its own change.

A case whose document is damaged (wrong types, impossible values: edited by
hand or by another program) cannot be summarised: it is shown, and written by
the next writer, as a damaged summary (:func:`storage.summary_docs.damaged_summary`,
naming the case and the field), so every list goes on with the other cases. A
summary that is malformed or holds text that would act on a terminal is not
usable as it is (:func:`usable`) and is recomputed from its case like a stale one.

The recomputation reads the cases outside the lock, then, under the lock,
checks that it is still wanted and redoes only those another process changed
meanwhile (from the journal's keys), so a 10k recomputation does not block the
other tousu processes for seconds.

:class:`SummaryList` keeps the built ``CaseSummary`` objects keyed by the
stored document object and asks the storage which ids changed since it was
built (the journal lines' keys): after an edit, here or applied by
:meth:`Store.poll`, only those are rebuilt and checked; with no change the last
list is returned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from storage.summary_docs import summary_ok
from storage.errors import DamagedDocumentError
from storage.tables import CASES, META, META_ID, SUMMARIES

if TYPE_CHECKING:  # pragma: no cover
    from cases.summary import CaseSummary
    from storage.journal_storage import JournalStorage

#: Cases read and summarised per step of a repair (bounds the documents in memory).
REPAIR_BATCH = 500


def usable(stamp: str) -> Callable[[dict[str, Any]], bool]:
    """A test for stored summary documents: used as they are by a process whose stamp is
    ``stamp`` (see the module docstring)."""
    from cases.summary import FORMAT, stamp_order

    mine = stamp_order(stamp)

    def test(doc: dict[str, Any]) -> bool:
        if not summary_ok(doc):  # malformed, or text to clean: shown recomputed from its case
            return False
        found, fmt = doc.get("stamp"), doc.get("format") or 1
        if type(fmt) is not int:
            return False
        if found == stamp:
            return fmt >= FORMAT
        return fmt > FORMAT or (isinstance(found, str) and stamp_order(found) > mine)

    return test


#: ``_meta`` field: {"stamp", "format"} the store's summaries were computed with.
RECORD = "deadlines"
CURRENT, NEWER, BEHIND = "current", "newer", "behind"


def record_of(stamp: str) -> dict[str, Any]:
    from cases.summary import FORMAT

    return {"stamp": stamp, "format": FORMAT}


def record_state(meta: dict[str, Any], stamp: str) -> str:
    """How the store's record compares with a process of ``stamp``: CURRENT (its own),
    NEWER (made by newer rules or a later format: leave the summaries alone) or BEHIND
    (recompute them: other rules or calendar, or no record yet)."""
    from cases.summary import FORMAT, stamp_order

    record = meta.get(RECORD)
    if not isinstance(record, dict) or not isinstance(record.get("stamp"), str):
        return BEHIND
    found, fmt = record["stamp"], record.get("format") or 1
    if not isinstance(fmt, int):
        return BEHIND
    if found == stamp and fmt == FORMAT:
        return CURRENT
    if fmt > FORMAT or stamp_order(found) > stamp_order(stamp):
        return NEWER
    return BEHIND


def _maker() -> Any:
    """``CaseSummary.from_dict`` with positional arguments: 6 µs instead of 8 µs a summary."""
    from cases.summary import CaseSummary

    fields = list(CaseSummary._fields)
    tags, names, fmt = fields.index("tags"), fields.index("names"), fields.index("format")
    get_all = dict.get

    def make(doc: dict[str, Any]) -> CaseSummary:
        values = [get_all(doc, name) for name in fields]
        values[tags] = tuple(values[tags] or ())
        values[names] = tuple(values[names] or ())
        values[fmt] = values[fmt] or 1
        return CaseSummary(*values)

    return make


def summary_doc(doc: dict[str, Any], calendar: Any, practice: Any = None) -> dict[str, Any]:
    """The summary document of a stored case document (built as a reader would see it), with
    the store's ``calendar`` and ``practice`` rules (:mod:`cases.practice`)."""
    from cases.model import Case
    from cases.summary import summarize

    return summarize(Case.from_dict(doc), calendar, practice).to_dict()


def repaired_doc(key: str, doc: dict[str, Any], calendar: Any, practice: Any = None) -> dict[str, Any]:
    """:func:`summary_doc` of a stored case document that may be damaged (written by hand or
    by another program): then the damaged summary naming the case and the field
    (:func:`storage.summary_docs.damaged_summary`), so one bad document does not stop the repair."""
    from cases.summary import deadline_stamp, summarize
    from storage.documents import decode_case
    from storage.summary_docs import damaged_summary

    case_id = _case_id(key)
    try:
        return summarize(decode_case(doc, case_id), calendar, practice).to_dict()
    except DamagedDocumentError as exc:
        return damaged_summary(case_id, exc.field, deadline_stamp(calendar, practice))
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError, IndexError):
        # well typed, yet no summary: damaged too
        return damaged_summary(case_id, "document", deadline_stamp(calendar, practice))


def _case_id(key: str) -> str:
    from cases.ids import format_case_id

    return format_case_id(int(key)) if key.isdigit() and int(key) > 0 else key


class SummaryList:
    """``CaseSummary`` objects for a summaries table, rebuilt only where documents changed."""

    def __init__(self) -> None:
        self.built: dict[str, tuple[dict[str, Any], CaseSummary]] = {}
        self.items: list[CaseSummary] = []  # in id order
        self.pos: dict[str, int] = {}  # id -> index in items
        self.seq: int | None = None  # the storage seq the list was built at
        self.table: dict[str, Any] | None = None  # ... from this table object (held: ids are reused)

    def current(self, seq: int, table: dict[str, Any]) -> list[CaseSummary] | None:
        return list(self.items) if seq == self.seq and table is self.table else None

    def since(self, table: dict[str, Any]) -> int | None:
        """The seq to look for changes after; None if the list must be built from scratch."""
        return self.seq if table is self.table else None

    def build(self, table: dict[str, dict[str, Any]], seq: int, changed: Iterable[str] | None) -> list[CaseSummary]:
        """Bring the list up to ``table``: only the ``changed`` ids, or everything when None."""
        make = _maker()
        old = self.built
        reorder = changed is None
        if changed is None:
            new: dict[str, tuple[dict[str, Any], CaseSummary]] = {}
            for doc_key, doc in table.items():
                hit = old.get(doc_key)
                new[doc_key] = hit if hit is not None and hit[0] is doc else (doc, make(doc))
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
                    old[doc_key] = (doc, make(doc))
                    if hit is None:
                        reorder = True
                    else:
                        self.items[self.pos[doc_key]] = old[doc_key][1]
        if reorder:
            ordered = sorted(self.built, key=_number)
            self.items = [self.built[k][1] for k in ordered]
            self.pos = {k: i for i, k in enumerate(ordered)}
        self.seq, self.table = seq, table
        return list(self.items)


def _number(key: str) -> int:
    return int(key) if key.isdigit() else 0


def problems(table: dict[str, dict[str, Any]], case_keys: list[str],
             stamp: str) -> tuple[list[str], list[str]]:
    """(case ids whose summary is missing or not usable, summary ids without a case), checking everything."""
    todo = [k for k in case_keys if k not in table]
    is_usable = usable(stamp)
    todo += [key for key, doc in table.items() if not is_usable(doc)]
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
    is_usable = usable(stamp)
    for key in keys:
        doc = table.get(key)
        if has_case(key):
            if doc is None or not is_usable(doc):
                todo.append(key)
        elif doc is not None:
            orphans.append(key)
    return todo, orphans


def _mark(doc: dict[str, Any] | None) -> tuple[Any, ...] | None:
    """What tells one stored version of a summary from another (None: no summary)."""
    if doc is None:
        return None
    return (doc.get("rev"), doc.get("updated"), doc.get("stamp"), doc.get("format"))


class Shown:
    """The summaries as this process shows them: the stored table, with the summaries
    that are not usable recomputed in memory and the orphans left out (see the
    module docstring). Never writes; :meth:`pending` hands the corrections to the
    next write.

    A correction is kept until its case or its summary changes (the journal's keys
    say which), or, after the table was read again, as long as the stored summary it
    replaces is the same version; a new calendar drops them all.
    """

    def __init__(self) -> None:
        self._reset(None)

    def _reset(self, stamp: str | None) -> None:
        self.stamp = stamp
        self.fixed: dict[str, tuple[tuple[Any, ...] | None, dict[str, Any]]] = {}  # key -> (mark replaced, doc)
        self.orphans: set[str] = set()
        self.view: dict[str, dict[str, Any]] | None = None  # None: the stored table as it is
        self.seq: int | None = None  # the storage seq it was brought up to
        self.table: dict[str, Any] | None = None  # ... from this table object

    def current(self, table: dict[str, Any], seq: int) -> dict[str, Any] | None:
        """The shown table if it is up to date with ``table`` at ``seq``."""
        if seq == self.seq and table is self.table:
            return table if self.view is None else self.view
        return None

    def update(self, storage: JournalStorage, table: dict[str, dict[str, Any]], stamp: str,
               compute: Callable[[list[str]], dict[str, dict[str, Any] | None]]) -> dict[str, dict[str, Any]]:
        """Bring the shown table up to ``table`` (the storage's summaries) for ``stamp``;
        ``compute`` recomputes summaries of case ids from their cases (None: no case)."""
        if stamp != self.stamp:
            self._reset(stamp)
        seq = storage.seq
        found = self.current(table, seq)
        if found is not None:
            return found
        touched = None
        if table is self.table and self.seq is not None:
            touched = storage.touched_since(self.seq)
        if touched is None:  # first time, or the table was read again: check everything
            keys = None
            todo, orphans = problems(table, storage.keys(CASES), stamp)
            kept = {k: hit for k, hit in self.fixed.items()
                    if hit[0] is not None and hit[0] == _mark(table.get(k))}
            gone = set(orphans)
        else:
            keys = {k for t, k in touched if t in (SUMMARIES, CASES)}
            todo, orphans = problems_among(table, keys, lambda k: storage.has(CASES, k), stamp)
            kept = {k: hit for k, hit in self.fixed.items() if k not in keys}
            gone = (self.orphans - keys) | set(orphans)
        todo_set = set(todo)
        fixed = {k: hit for k, hit in kept.items() if k in todo_set} if keys is None else kept
        need = [k for k in todo if k not in fixed]
        if need:
            for key, doc in compute(need).items():
                if doc is not None:
                    fixed[key] = (_mark(table.get(key)), doc)
                elif key in table:  # the case went meanwhile
                    gone.add(key)
        self.fixed, self.orphans = fixed, gone
        if not fixed and not gone:
            self.view = None
        elif self.view is None or keys is None:
            view = {k: doc for k, doc in table.items() if k not in gone}
            view.update((k, hit[1]) for k, hit in fixed.items())
            self.view = view
        else:
            for key in keys.union(need):
                if key in fixed:
                    self.view[key] = fixed[key][1]
                elif key in table and key not in gone:
                    self.view[key] = table[key]
                else:
                    self.view.pop(key, None)
        self.seq, self.table = seq, table
        return table if self.view is None else self.view

    def pending(self, storage: JournalStorage, stamp: str) -> tuple[dict[str, dict[str, Any]], list[str]]:
        """The corrections still valid now (call under the lock): (summaries to put, orphans to delete)."""
        if stamp != self.stamp or self.seq is None or not (self.fixed or self.orphans):
            return {}, []
        touched = storage.touched_since(self.seq)
        if touched is None:
            return {}, []
        changed = {k for t, k in touched if t in (SUMMARIES, CASES)}
        puts = {k: hit[1] for k, hit in self.fixed.items() if k not in changed}
        deletes = [k for k in self.orphans if k not in changed and not storage.has(CASES, k)]
        return puts, deletes


def repair(storage: JournalStorage, todo: list[str], orphans: list[str], calendar: Any, stamp: str, *,
           practice: Any = None, still: Callable[[], bool] | None = None, extra: Callable[[], None] | None = None,
           known: dict[str, dict[str, Any]] | None = None, since: int | None = None) -> bool:
    """Recompute the summaries of ``todo`` with ``calendar`` and ``practice`` (whose deadline stamp
    is ``stamp``),
    delete the ``orphans``' and record ``stamp`` (see the module docstring). Under the
    lock, nothing is written unless ``still()`` (default: the record is BEHIND), and
    ``extra()`` runs in the same transaction. ``known``: summaries already computed
    with ``calendar`` from the cases as of seq ``since`` (what :class:`Shown` holds),
    used unless their case changed since. Returns whether it wrote."""
    seq = storage.seq if since is None else min(since, storage.seq)
    fresh: dict[str, dict[str, Any] | None] = {k: known[k] for k in todo if known and k in known}
    rest = [k for k in todo if k not in fresh]
    for start in range(0, len(rest), REPAIR_BATCH):
        docs = storage.get_many(CASES, rest[start : start + REPAIR_BATCH])
        for key, doc in docs.items():
            fresh[key] = None if doc is None else repaired_doc(key, doc, calendar, practice)
    with storage.transaction():
        wanted = still() if still is not None else record_state(storage.meta, stamp) == BEHIND
        if not wanted:
            return False
        touched = storage.touched_since(seq)
        for key in [*todo, *orphans]:
            if key not in fresh or touched is None or (CASES, key) in touched or (SUMMARIES, key) in touched:
                doc = storage.get(CASES, key)
                fresh[key] = None if doc is None else repaired_doc(key, doc, calendar, practice)
            value = fresh[key]
            if value is not None:
                storage.put(SUMMARIES, key, value)
            elif storage.get(SUMMARIES, key) is not None:
                storage.delete(SUMMARIES, key)
        if extra is not None:
            extra()
        storage.put(META, META_ID, {**storage.meta, RECORD: record_of(stamp)})
    return True
