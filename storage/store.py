"""Store: the one API the TUI and the CLI use to read and change cases and groups.

Backed by TinyDB over :class:`~storage.journal_storage.JournalStorage`: a
case ``K-0042`` is the document with id 42 of table ``cases`` (so finding one
is a dict lookup), a group ``G-007`` document 7 of ``groups``; counters for
the next ids live in the ``_meta`` document and are advanced under the lock,
so two processes never hand out the same id and deleted ids are never reused.

Every change runs as one storage transaction: lock, refresh from disk, apply
to the *fresh* stored document, append one journal line, unlock. Edits by
other processes are therefore never lost; a form that edited an old copy
uses :meth:`Store.save_case`, a field-level three-way merge that refuses
(:class:`~storage.errors.ConflictError`) only when both sides changed the same
field.

Times come from the injected clock (``cases.clock.Clock``), never from an
implicit ``now()``.

``cases()`` keeps the ``Case`` objects it built, keyed by document and
validated by (rev, updated, created): ``Case.from_dict`` costs ~90-150 µs per
demo case (1.5 s for 10k), so after a small change only the changed documents
are rebuilt (15 ms for 10k), and with no change at all the last list is
returned (0.1 ms). The objects it returns are shared: treat them as
read-only and change cases through the methods here. ``case()`` returns a
fresh object each time, safe to edit in a form.

Measured on the development machine (2 cores, ext4, 10k demo cases of ~3.2 KB
JSON, 103k timeline entries, a 32 MB snapshot):

- ``Store.open``: 1.4 ms (meta head + journal scan); a CLI process that opens
  and adds a case: ~100 ms wall, of which ~50 ms is the interpreter and
  ~47 ms imports (with 3 MB of journal: ~110 ms; at the 8 MB limit for
  unloaded processes: ~125 ms);
- first ``cases()``: ~2.0 s = 0.48 s loading (``json.loads`` alone: 0.39 s,
  the floor with the standard library) + 1.55 s building ``Case`` objects;
- ``update_case``: 2.8 ms median of 20 (fsync included); ``save_case``: 3.3 ms;
- ``add_cases`` of 10k: 2.6 s (1.7 s of it is ``Case.to_dict``);
- ``poll()``: ~50 µs when nothing changed; 0.35 ms to apply a remote edit.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tinydb import TinyDB

from cases.clock import Clock, to_iso
from cases.ids import case_number, format_case_id, format_group_id, group_number
from cases.model import Case, Group
from storage import snapshot
from storage.errors import CaseNotFound, ConflictError, DuplicateIdError, GroupNotFound, InvalidIdError
from storage.journal_storage import JournalStorage
from storage.tracking import TrackingTable

CASES = "cases"
GROUPS = "groups"
META = snapshot.META
META_ID = snapshot.META_ID

#: Fields a form may change; the store owns the others.
_STORE_FIELDS = frozenset({"id", "rev", "created", "updated"})
MERGE_FIELDS = tuple(f.name for f in dataclasses.fields(Case) if f.name not in _STORE_FIELDS)


class Store:
    """Cases and groups in one store file. Create with :meth:`Store.open`."""

    def __init__(self, storage: JournalStorage, clock: Clock) -> None:
        self._storage = storage
        self._clock = clock
        self._mutex = threading.RLock()
        self._db = TinyDB(storage=lambda: storage)
        self._db.table_class = TrackingTable  # type: ignore[misc]
        self._cases = self._db.table(CASES, cache_size=0)
        self._groups = self._db.table(GROUPS, cache_size=0)
        self._cache: dict[str, dict[str, tuple[tuple[Any, ...], Any]]] = {CASES: {}, GROUPS: {}}
        self._cache_epoch: Any = None
        self._lists: dict[str, tuple[Any, list[Any]]] = {}

    @classmethod
    def open(cls, path: Path | str, clock: Clock, **options: Any) -> Store:
        """Open the store at ``path``, creating it if missing.

        Raises :class:`~storage.errors.NotAStoreError`, ``CorruptStoreError``,
        ``SchemaTooNewError`` (never writing anything) or ``StoreBusyError``.
        Cheap: reads the snapshot's ``_meta`` head and the journal only; the
        documents are parsed on first use. ``options`` go to JournalStorage
        (thresholds, lock timeout; for tests).
        """
        storage = JournalStorage(Path(path).expanduser(), **options)
        storage.open()
        return cls(storage, clock)

    # ------------------------------------------------------------------ lifecycle
    @property
    def path(self) -> Path:
        return self._storage.path

    @property
    def storage(self) -> JournalStorage:
        return self._storage

    def close(self) -> None:
        with self._mutex:
            self._db.close()
            self._cache = {CASES: {}, GROUPS: {}}
            self._lists = {}

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def poll(self) -> bool:
        """True if another process changed the store since the last look (memory is then refreshed).

        Two ``os.stat`` calls when nothing changed; call it from a timer.
        """
        with self._mutex:
            return self._storage.poll()

    @property
    def version(self) -> int:
        """Changes whenever the content changes, here or in another process (the journal seq)."""
        return self._storage.seq

    def _now(self) -> str:
        return to_iso(self._clock.now())

    # ------------------------------------------------------------------ reading
    def cases(self) -> list[Case]:
        """All cases in id order. Shared objects: read-only (see the module docstring)."""
        with self._mutex:
            return self._all(CASES, Case.from_dict)

    def case(self, case_id: str) -> Case:
        """A fresh copy of one case; :class:`CaseNotFound` if there is none."""
        with self._mutex:
            return Case.from_dict(self._doc(self._cases, CASES, case_id))

    def groups(self) -> list[Group]:
        with self._mutex:
            return self._all(GROUPS, Group.from_dict)

    def group(self, group_id: str) -> Group:
        with self._mutex:
            return Group.from_dict(self._doc(self._groups, GROUPS, group_id))

    def is_empty(self) -> bool:
        """No cases and no groups. Without loading the documents when no id was ever handed out."""
        with self._mutex:
            meta = self._storage.meta
            if meta.get("next_case", 1) == 1 and meta.get("next_group", 1) == 1:
                return True
            data = self._storage.read()
            return not data.get(CASES) and not data.get(GROUPS)

    def _all(self, table: str, build: Callable[[dict[str, Any]], Any]) -> list[Any]:
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
            stamp = (doc.get("rev"), doc.get("updated"), doc.get("created"))
            hit = old.get(doc_key)
            if hit is None or hit[0] != stamp:
                hit = (stamp, build(doc))
            new[doc_key] = hit
            number = int(doc_key)
            ordered = ordered and number > previous
            previous = number
            items.append((number, hit[1]))
        self._cache[table] = new
        if not ordered:
            items.sort(key=lambda item: item[0])
        result = [obj for _, obj in items]
        self._lists[table] = (key, result)
        return list(result)

    def _doc(self, table: Any, name: str, item_id: str) -> dict[str, Any]:
        doc = table.get(doc_id=self._number(name, item_id, missing=True))
        if doc is None:
            raise self._not_found(name, item_id)
        return doc

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

    # ------------------------------------------------------------------ adding
    def add_case(self, case: Case) -> Case:
        """Store a new case; returns it with its id (next K-0001… unless ``case.id`` is set),
        created/updated from the clock and rev 1. Does not load the other cases."""
        with self._mutex, self._storage.transaction():
            doc = self._insert(CASES, case, self._now())
        return Case.from_dict(doc)

    def add_cases(self, cases: Iterable[Case]) -> list[Case]:
        """Store many new cases as one transaction (one journal line, or a new snapshot
        for a large batch). Returns shallow copies with ids and stamps set."""
        out = []
        with self._mutex, self._storage.transaction():
            now = self._now()
            for case in cases:
                doc = self._insert(CASES, case, now)
                out.append(dataclasses.replace(case, id=doc["id"], created=now, updated=now, rev=1))
        return out

    def add_group(self, group: Group) -> Group:
        """Store a new group (next G-001… unless ``group.id`` is set)."""
        with self._mutex, self._storage.transaction():
            doc = self._insert(GROUPS, group, self._now())
        return Group.from_dict(doc)

    def _insert(self, name: str, item: Case | Group, now: str) -> dict[str, Any]:
        counter = "next_case" if name == CASES else "next_group"
        meta = dict(self._storage.meta)
        if item.id:
            number = self._number(name, item.id, missing=False)
            # Ids below the counter may exist: only then are the documents needed.
            if number < meta.get(counter, 1) and str(number) in self._storage.read().get(name, {}):
                raise DuplicateIdError(self._format(name, number), self.path)
        else:
            number = meta.get(counter, 1)
        meta[counter] = max(meta.get(counter, 1), number + 1)
        doc = item.to_dict()
        doc.update(id=self._format(name, number), created=now, updated=now, rev=1)
        self._storage.put(name, str(number), doc)
        self._storage.put(META, META_ID, meta)
        return doc

    @staticmethod
    def _format(name: str, number: int) -> str:
        return format_case_id(number) if name == CASES else format_group_id(number)

    # ------------------------------------------------------------------ changing
    def update_case(self, case_id: str, change: Callable[[Case], None]) -> Case:
        """Apply ``change`` to the freshly stored case under the lock; bumps rev, sets updated.

        ``change`` is called exactly once, on the current stored version (not on
        a copy the caller holds). Raises :class:`CaseNotFound`.
        """
        return self._update(CASES, self._cases, case_id, change, Case.from_dict)

    def update_group(self, group_id: str, change: Callable[[Group], None]) -> Group:
        return self._update(GROUPS, self._groups, group_id, change, Group.from_dict)

    def _update(self, name: str, table: Any, item_id: str, change: Callable[[Any], None], build: Any) -> Any:
        with self._mutex, self._storage.transaction():
            doc = self._doc(table, name, item_id)
            item = build(doc)
            change(item)
            item.id = doc["id"]
            item.created = doc.get("created", item.created)
            item.rev = int(doc.get("rev", 0)) + 1
            item.updated = self._now()
            self._replace(table, item.id, item.to_dict())
        return item

    def save_case(self, edited: Case, base: Case) -> Case:
        """Save a form: apply the fields where ``edited`` differs from ``base`` onto the stored case.

        A field that someone else also changed since ``base`` (stored value
        differs from ``base`` and from ``edited``) raises :class:`ConflictError`
        listing them, and nothing is written. Fields only others changed are
        kept. Returns the stored result (unchanged and unwritten if the form
        changed nothing).
        """
        with self._mutex, self._storage.transaction():
            doc = self._doc(self._cases, CASES, base.id or edited.id)
            current = Case.from_dict(doc).to_dict()
            mine, theirs_base = edited.to_dict(), base.to_dict()
            changed = [f for f in MERGE_FIELDS if mine[f] != theirs_base[f]]
            if not changed:
                return Case.from_dict(current)
            conflicts = [f for f in changed if current[f] != theirs_base[f] and current[f] != mine[f]]
            if conflicts:
                raise ConflictError(current["id"], conflicts, self.path)
            merged = dict(current)
            for f in changed:
                merged[f] = mine[f]
            merged["rev"] = int(current.get("rev", 0)) + 1
            merged["updated"] = self._now()
            self._replace(self._cases, merged["id"], merged)
        return Case.from_dict(merged)

    def _replace(self, table: Any, item_id: str, new_doc: dict[str, Any]) -> None:
        number = case_number(item_id) if table is self._cases else group_number(item_id)

        def replace(doc: dict[str, Any]) -> None:
            doc.clear()
            doc.update(new_doc)

        table.update(replace, doc_ids=[number])

    def delete_case(self, case_id: str) -> None:
        """Delete a case (its id is not reused). Raises :class:`CaseNotFound`."""
        self._delete(CASES, self._cases, case_id)

    def delete_group(self, group_id: str) -> None:
        self._delete(GROUPS, self._groups, group_id)

    def _delete(self, name: str, table: Any, item_id: str) -> None:
        with self._mutex, self._storage.transaction():
            number = self._number(name, item_id, missing=True)
            if not table.remove(doc_ids=[number]):
                raise self._not_found(name, item_id)

    def replace_all(self, cases: Iterable[Case], groups: Iterable[Group]) -> None:
        """Replace everything atomically (``tousu demo --force``): one new snapshot.

        Items keep their ids (missing ones are numbered after the highest),
        created/updated are set from the clock where empty, rev at least 1.
        Raises :class:`DuplicateIdError` on a repeated id, writing nothing.
        """
        with self._mutex, self._storage.transaction():
            now = self._now()
            meta = dict(self._storage.meta)
            meta["epoch"] = int(meta.get("epoch", 0)) + 1
            tables: dict[str, dict[str, Any]] = {}
            for name, items, counter in ((CASES, cases, "next_case"), (GROUPS, groups, "next_group")):
                table: dict[str, Any] = {}
                unnumbered = []
                for item in items:
                    if not item.id:
                        unnumbered.append(item)
                        continue
                    number = self._number(name, item.id, missing=False)
                    if str(number) in table:
                        raise DuplicateIdError(self._format(name, number), self.path)
                    table[str(number)] = _stamped(item, self._format(name, number), now)
                top = max((int(k) for k in table), default=0)
                for item in unnumbered:
                    top += 1
                    table[str(top)] = _stamped(item, self._format(name, top), now)
                if unnumbered:  # keep documents in id order
                    table = {k: table[k] for k in sorted(table, key=int)}
                tables[name] = table
                meta[counter] = top + 1
            self._storage.replace_all(tables, meta)


def _stamped(item: Case | Group, item_id: str, now: str) -> dict[str, Any]:
    doc = item.to_dict()
    doc["id"] = item_id
    doc["created"] = doc.get("created") or now
    doc["updated"] = doc.get("updated") or now
    doc["rev"] = max(int(doc.get("rev") or 0), 1)
    return doc
