"""Deleting, restoring and purging cases, and the activity log: part of :class:`~storage.store.Store`.

Deleting a case hides it (:meth:`StoreDeleting.delete_case`): the case stays in the store
with who deleted it and when (``deleted_at`` / ``deleted_by`` on the case, ``deleted`` on
its summary), and every reader acts as if it were gone (:class:`~storage.errors.CaseDeleted`)
until :meth:`~StoreDeleting.restore_case`. It is kept at least :data:`KEEP_DELETED_DAYS` days;
:meth:`~StoreDeleting.purge_expired` removes those deleted longer ago for good. Every such
change, and every change made with a ``by``, is an entry of the activity log (table
``activity``, :meth:`~StoreDeleting.activity`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cases.ids import case_number, format_case_id, format_group_id
from storage.errors import CaseDeleted, NotDeletedError
from storage.tables import ACTIVITY, CASES, GROUPS, META, META_ID, PARTICIPANTS, SUMMARIES

if TYPE_CHECKING:  # pragma: no cover
    from cases.model import Case

#: A deleted case is kept (hidden, restorable with :meth:`Store.restore_case`) at least this
#: many days; :meth:`Store.purge_expired` removes it for good after that, never before.
KEEP_DELETED_DAYS = 30


class StoreDeleting:
    """Deletion, restoring, purging and the activity log (mixed into ``Store``)."""

    def delete_case(self, case_id: str, by: str) -> Case:
        """Delete a case: hide it from every list and reader, keeping it restorable
        (:meth:`restore_case`) for at least :data:`KEEP_DELETED_DAYS` days. Records who
        (``by``, a user name) and when (the clock) on the case and in the activity log,
        in one change. Returns the case as stored. :class:`CaseNotFound`;
        :class:`CaseDeleted` if it is deleted already."""
        now = self._now()

        def hide(case: Case) -> None:
            case.deleted_at, case.deleted_by = now, by

        with self._writing():
            case = self._update(CASES, case_id, hide)
            self._log("delete", case.id, by, now)
        return case

    def restore_case(self, case_id: str, by: str) -> Case:
        """Undo :meth:`delete_case` (recorded in the activity log); :class:`CaseNotFound` if
        there is no such case (or it was purged), :class:`NotDeletedError` if it is not deleted."""
        now = self._now()

        def show(case: Case) -> None:
            if not case.deleted_at:
                raise NotDeletedError(case.id, self.path)
            case.deleted_at = case.deleted_by = ""

        with self._writing():
            case = self._update(CASES, case_id, show, deleted=True)
            self._log("undelete", case.id, by, now)
        return case

    def purge_case(self, case_id: str, by: str) -> None:
        """Remove a case and its summary for good, whether deleted or not (its id is not
        reused), recording it in the activity log. :class:`CaseNotFound`. ``tousu purge``
        removes only cases deleted long enough ago (:meth:`purge_expired`)."""
        with self._writing():
            self._delete(CASES, case_id)
            self._log("purge", format_case_id(self._number(CASES, case_id, missing=True)), by, self._now())

    def purge_expired(self, by: str) -> list[str]:
        """Purge every case deleted at least :data:`KEEP_DELETED_DAYS` days ago (by the
        clock), in one change; the ids purged, in id order. A case restored meanwhile by
        another process is kept."""
        from cases.clock import parse_instant

        cutoff = self._clock.now().shift(days=-KEEP_DELETED_DAYS)

        def expired(at: str | None) -> bool:
            try:
                return bool(at) and parse_instant(at) <= cutoff  # type: ignore[arg-type]
            except ValueError:
                return False

        candidates = [d["id"] for d in self.summary_docs(deleted=True) if expired(d.get("deleted"))]
        purged: list[str] = []
        if not candidates:
            return purged
        with self._writing():
            now = self._now()
            for case_id in candidates:
                doc = self._storage.get(CASES, str(case_number(case_id)))
                if isinstance(doc, dict) and expired(doc.get("deleted_at")):
                    self._delete(CASES, case_id)
                    self._log("purge", case_id, by, now)
                    purged.append(case_id)
        return purged

    def activity(self) -> list[dict[str, Any]]:
        """The activity log, oldest first: ``{"at", "by", "action", "case"}`` for every
        delete, undelete and purge, every change made with a ``by`` (add, log, close, reopen,
        escalate, assign, edit) and every roster change (text as stored by tousu; shown
        cleaned by callers)."""
        with self._mutex:
            table = self._storage.table(ACTIVITY)
            return [table[k] for k in sorted(table, key=lambda k: int(k) if k.isdigit() else 0)]

    def case_activity(self, case_id: str, group_id: str = "") -> list[dict[str, Any]]:
        """The activity entries of a case and of its group (``group_id``), newest first
        (shared dictionaries: read-only)."""
        with self._mutex:
            table = self._storage.table(ACTIVITY)
            found = [(int(k), d) for k, d in table.items() if k.isdigit() and isinstance(d, dict)
                     and (d.get("case") == case_id or (group_id and d.get("group") == group_id))]
            found.sort(key=lambda item: item[0], reverse=True)
            return [d for _, d in found]

    def _log(self, action: str, case_id: str, by: str, at: str, **details: Any) -> None:
        """One activity entry, in the current transaction (``details``: the group, the participants …)."""
        meta = dict(self._storage.meta)
        number = int(meta.get("next_activity", 1))
        meta["next_activity"] = number + 1
        self._storage.put(ACTIVITY, str(number), {"at": at, "by": by, "action": action, "case": case_id, **details})
        self._storage.put(META, META_ID, meta)

    def delete_group(self, group_id: str) -> None:
        """Remove a group and its roster (its participants' documents), in one change."""
        with self._writing():
            gid = format_group_id(self._number(GROUPS, group_id, missing=True))
            self._delete(GROUPS, group_id)
            for key, doc in list(self._storage.table(PARTICIPANTS).items()):
                if isinstance(doc, dict) and doc.get("group") == gid:
                    self._storage.delete(PARTICIPANTS, key)

    def _delete(self, name: str, item_id: str) -> None:
        with self._writing():
            key = str(self._number(name, item_id, missing=True))
            if self._storage.get(name, key) is None:
                raise self._not_found(name, item_id)
            self._storage.delete(name, key)
            self._written.add((name, key))
            if name == CASES:
                self._storage.delete(SUMMARIES, key)

    def _deleted_error(self, case: Case) -> CaseDeleted:
        from cases.clock import local, parse_instant

        try:
            at = parse_instant(case.deleted_at)
        except ValueError:
            return CaseDeleted(case.id, self.path, by=case.deleted_by, at=case.deleted_at, until="?")
        kept = at.shift(days=KEEP_DELETED_DAYS)
        return CaseDeleted(case.id, self.path, by=case.deleted_by, at=local(at).format("YYYY-MM-DD HH:mm"),
                           until=local(kept).format("YYYY-MM-DD HH:mm"))

