"""Reading cases, groups and summaries: the read half of :class:`~storage.store.Store` (mixed in).

Lists read the summaries (:meth:`StoreReading.summaries`, :meth:`~StoreReading.summary_docs`,
:meth:`~StoreReading.summary_head`), never the case documents; one case is one slice of the
file (:meth:`~StoreReading.case`). What is handed out is checked (:mod:`storage.documents`);
``cases()`` and ``groups()`` keep the objects they built, rebuilding only changed documents
(see :mod:`storage.store`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cases.ids import case_number, format_case_id, format_group_id, group_number
from storage import summaries, summary_docs
from storage.errors import CaseNotFound, DamagedDocumentError, GroupNotFound, InvalidIdError
from storage.gc_pause import no_gc
from storage.tables import CASES, GROUPS, SUMMARIES

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Callable

    from cases.model import Case, Event, Group
    from cases.summary import CaseSummary


class StoreReading:
    """Every read of the store (its ``_storage``, ``_mutex`` and caches are set by ``Store``)."""

    def cases(self) -> list[Case]:
        """All cases in id order (deleted ones left out), loading every document. Shared
        objects: read-only.

        Lists should use :meth:`summaries` (why: :mod:`storage.store`).
        """
        with self._mutex:
            return self._all(CASES)

    def case(self, case_id: str, *, deleted: bool = False) -> Case:
        """A fresh copy of one case (reads just its document); :class:`CaseNotFound` if none,
        :class:`CaseDeleted` if it is deleted (unless ``deleted``: then it is returned too),
        :class:`DamagedDocumentError` if its stored document is damaged."""
        with self._mutex:
            return self._decoded(CASES, case_id, deleted=deleted)

    def summaries(self, *, deleted: bool = False) -> list[CaseSummary]:
        """The summary of every case, in id order, without reading the case documents;
        deleted cases left out (with ``deleted``: those alone).

        Shared immutable objects; rebuilt only where a summary changed. Stale
        (another calendar, older rules) or missing summaries are shown recomputed
        from their cases, in memory: reading never writes (:mod:`storage.summaries`).
        """
        with self._mutex, no_gc():
            table, seq, changed, found = self._fresh_summaries()
            if found is None:
                found = self._summaries.build(table, seq, changed)
            return [s for s in found if (s.deleted is not None) is deleted]

    def summary_docs(self, *, deleted: bool = False) -> list[dict[str, Any]]:
        """The summaries as their stored dictionaries (``CaseSummary.to_dict`` form), in
        id order: for one-shot bulk output such as ``tousu list --json``, which
        saves building 10,000 objects (~60 ms). Shared: read-only. Deleted cases are
        left out (with ``deleted``: those alone, for ``tousu list --deleted``)."""
        with self._mutex, no_gc():
            table = self._fresh_summaries()[0]
            out = []
            for key in sorted(table, key=int):
                doc = table[key]
                if (doc.get("deleted") is not None) is deleted:
                    out.append(doc)
            return out

    def timelines(self) -> dict[str, list[Event]]:
        """The timeline of every case in use, by case id, without building the cases: for
        figures over all of them (``tousu stats``), at about half the cost of :meth:`cases`.

        Each document is checked as :meth:`cases` checks it; damaged ones and deleted
        cases are left out. Fresh lists of fresh events (cleaned like ``Case.from_dict``)."""
        from cases.model import Event
        from storage import documents

        from_dict = Event.from_dict
        with self._mutex, no_gc():
            raw = self._storage.read().get(CASES, {})
            out: dict[str, list[Event]] = {}
            for key, doc in raw.items():
                try:
                    documents.check_case(doc)
                except documents.Malformed:
                    continue
                if doc.get("deleted_at"):
                    continue
                out[format_case_id(int(key))] = [from_dict(e) for e in doc.get("timeline") or []]
            return out

    def summary_head(self, count: int) -> tuple[list[dict[str, Any]], Callable[[], list[list[Any]]]] | None:
        """The first ``count`` summaries in dashboard order (``cases.urgency.order_key``),
        and a function giving every listed case's order key in that order (parsed when
        first called: the title's counts, once the first frame is out), without reading
        the whole table: what the dashboard paints first. The snapshot keeps the summaries
        in that order with their keys in its index (:mod:`storage.layout`), so at 10k cases
        this parses the summaries' own pieces of the index (0.75 MB of its 1.1 MB) and
        reads the ``count`` documents with one read instead of 5.4 MB. None when only the
        whole table can answer: a store written before the order existed (until its
        next compaction), summaries this process cannot use as they are (another
        calendar, older rules or an earlier format: the order may be wrong), or the
        table already in memory (then :meth:`summary_docs` costs nothing).

        A preview: a case without a summary is missing until :meth:`summary_docs`
        computes it."""
        with self._mutex:
            stamp = self._calendar_stamp()
            found = self._storage.head(SUMMARIES, count)
            if found is None:
                return None
            is_usable = summaries.usable(stamp)
            if not all(is_usable(doc) for doc in found[0]):
                return None
            from bisect import bisect_left

            from cases.urgency import DELETED_GROUP

            docs, every_key = found  # deleted cases sort last, and are listed nowhere
            if docs and docs[-1].get("deleted") is not None:
                docs = [d for d in docs if d.get("deleted") is None]

            def keys() -> list[list[Any]]:
                found_keys = every_key()
                return found_keys[: bisect_left(found_keys, [DELETED_GROUP])]

            return docs, keys

    def _fresh_summaries(self) -> tuple[dict[str, Any], int, set[str] | None, list[CaseSummary] | None]:
        """The summaries as shown (:class:`summaries.Shown`), the storage seq they are
        as of, and the ids changed since the built list (None: any), or the built list
        when it is already current."""
        stamp = self._calendar_stamp()
        for _ in range(3):
            table = self._storage.table(SUMMARIES)
            view = self._shown.update(self._storage, table, stamp, self._summarize_cases)
            seq = self._shown.seq
            if seq == self._storage.seq and self._storage.table(SUMMARIES) is table:
                break  # (else the storage caught up with another process meanwhile: again)
        listed = self._summaries
        found = listed.current(seq, view)
        if found is not None:
            return view, seq, None, found
        since = listed.since(view)
        touched = None if since is None else self._storage.touched_since(since)
        changed = None if touched is None else {k for t, k in touched if t in (SUMMARIES, CASES)}
        return view, seq, changed, None

    def _summarize_cases(self, keys: list[str]) -> dict[str, dict[str, Any] | None]:
        """Summary documents of the cases ``keys`` computed with the store's calendar (None: no case)."""
        rules = self._calendar_state()
        out: dict[str, dict[str, Any] | None] = {}
        for start in range(0, len(keys), summaries.REPAIR_BATCH):
            for key, doc in self._storage.get_many(CASES, keys[start : start + summaries.REPAIR_BATCH]).items():
                out[key] = None if doc is None else summaries.repaired_doc(key, doc, rules.calendar, rules.practice)
        return out

    def summary(self, case_id: str) -> CaseSummary:
        """One case's summary (without reading the case if it is usable); :class:`CaseNotFound`,
        :class:`CaseDeleted`, :class:`DamagedDocumentError` for a case whose document is damaged."""
        from cases.summary import CaseSummary

        with self._mutex:
            key = str(self._number(CASES, case_id, missing=True))
            stamp = self._calendar_stamp()
            if self._storage.has_table(SUMMARIES):  # in memory: as the list shows it
                doc = self._fresh_summaries()[0].get(key)
            else:
                doc = self._storage.get(SUMMARIES, key)
                if doc is None or not summaries.usable(stamp)(doc):
                    doc = self._summarize_cases([key])[key]
            if doc is None:
                raise CaseNotFound(case_id, self.path)
            damaged = summary_docs.damaged_error(doc, self.path)
            if damaged is not None:
                raise damaged
            if doc.get("deleted") is not None:
                self._decoded(CASES, case_id)  # raises CaseDeleted, saying by whom and when
            hit = self._summaries.built.get(key)
            return hit[1] if hit is not None and hit[0] is doc else CaseSummary.from_dict(doc)

    def groups(self) -> list[Group]:
        """All groups in id order (damaged documents left out, like :meth:`cases`)."""
        with self._mutex:
            return self._all(GROUPS)

    def group(self, group_id: str) -> Group:
        """One group complaint; :class:`GroupNotFound`, :class:`DamagedDocumentError`."""
        with self._mutex:
            return self._decoded(GROUPS, group_id)

    def group_of(self, case: Case) -> Group | None:
        """The group complaint ``case`` belongs to, with its roster's totals; None if it has none,
        it is gone or its document is damaged (the case is still shown)."""
        if not case.group_id:
            return None
        try:
            group = self.group(case.group_id)
            group.totals = self.roster_totals(group)
            return group
        except (GroupNotFound, InvalidIdError, DamagedDocumentError):
            return None

    def is_empty(self) -> bool:
        """No cases and no groups, without reading any document."""
        with self._mutex:
            meta = self._storage.meta
            if meta.get("next_case", 1) == 1 and meta.get("next_group", 1) == 1:
                return True
            return not self._storage.keys(CASES) and not self._storage.keys(GROUPS)

    def _all(self, table: str) -> list[Any]:
        """Every item of ``table``; those whose document is damaged are left out (a list
        reports them from the summaries: :func:`storage.summary_docs.damaged_error`)."""
        data = self._storage.read()
        raw = data.get(table, {})
        # Unchanged since the last call (same seq, same table object): no per-document work.
        key = (self._storage.seq, id(raw), len(raw))
        last = self._lists.get(table)
        if last is not None and last[0] == key:
            return list(last[1])
        epoch = self._storage.meta.get("epoch")
        if epoch != self._cache_epoch:
            self._cache = {CASES: {}, GROUPS: {}}
            self._lists = {}
            self._cache_epoch = epoch
        old = self._cache[table]
        new: dict[str, tuple[tuple[Any, ...], Any]] = {}
        items: list[tuple[int, Any]] = []
        ordered = True
        previous = -1
        for doc_key, doc in raw.items():
            stamp = (doc.get("rev"), doc.get("updated"), doc.get("created")) if isinstance(doc, dict) else None
            hit = old.get(doc_key)
            if hit is None or hit[0] != stamp or stamp is None:
                try:
                    hit = (stamp, self._decode(table, doc_key, doc))
                except DamagedDocumentError:
                    continue
            new[doc_key] = hit
            number = int(doc_key)
            ordered = ordered and number > previous
            previous = number
            if table == CASES and hit[1].deleted_at:
                continue  # deleted: hidden
            items.append((number, hit[1]))
        self._cache[table] = new
        if not ordered:
            items.sort(key=lambda item: item[0])
        result = [obj for _, obj in items]
        self._lists[table] = (key, result)
        return list(result)

    def _doc(self, name: str, item_id: str) -> dict[str, Any]:
        doc = self._storage.get(name, str(self._number(name, item_id, missing=True)))
        if doc is None:
            raise self._not_found(name, item_id)
        return doc

    def _decoded(self, name: str, item_id: str, *, deleted: bool = False) -> Any:
        """The Case or Group ``item_id``; CaseNotFound / GroupNotFound, DamagedDocumentError,
        CaseDeleted for a deleted case unless ``deleted``."""
        doc = self._doc(name, item_id)
        item = self._decode(name, str(self._number(name, item_id, missing=True)), doc)
        if name == CASES and item.deleted_at and not deleted:
            raise self._deleted_error(item)
        return item

    def _decode(self, name: str, key: str, doc: Any) -> Any:
        """``Case`` / ``Group`` of the stored document ``key`` (checked: :mod:`storage.documents`,
        imported by the first: the dashboard's first frame reads no case)."""
        from storage import documents

        if name == CASES:
            return documents.decode_case(doc, self._format(name, int(key)), self.path)
        return documents.decode_group(doc, self._format(name, int(key)), self.path)

    def _number(self, name: str, item_id: str, *, missing: bool) -> int:
        try:
            return case_number(item_id) if name == CASES else group_number(item_id)
        except ValueError:
            if missing:
                raise self._not_found(name, item_id) from None
            raise InvalidIdError(item_id, self.path) from None

    def _not_found(self, name: str, item_id: str) -> Exception:
        if name == CASES:
            return CaseNotFound(item_id, self.path)
        return GroupNotFound(item_id, self.path)

    @staticmethod
    def _format(name: str, number: int) -> str:
        return format_case_id(number) if name == CASES else format_group_id(number)
