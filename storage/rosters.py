"""Group rosters in the store: one document per participant, in table ``participants``.

A participant ``P-00042`` is document 42 of ``participants`` (a store-wide counter,
``next_participant`` in ``_meta``, so ids are never reused); it names its group.
So a change to one participant appends one small journal line, two processes
changing two participants both keep their change (each change is applied under
the lock to the freshly stored document), and :meth:`RosterStore.save_participant`
merges a form's edit field by field: the same field changed by someone else since
it was read is a :class:`~storage.errors.ParticipantConflict` naming it, and nothing
is written.

Every change to a group or a participant records who (the OS login,
the volunteer name: ``TOUSU_USER``, the settings' ``user``, else the login) and when on the participant (``updated_by``,
``updated``) and in the activity log (table ``activity``): one entry per change,
an import or a bulk change being one entry listing the participants it touched.

An old group document with its participants inside (cases.roster.legacy_participant)
reads as before; the first change to the group moves them into the table (ids given
then), in the same transaction.

An import is applied in batches of :data:`IMPORT_BATCH` rows, each one transaction
(one journal line, or a new snapshot for a large batch), matched against the roster
as it is stored at that moment, so the lock is never held for long and other
volunteers keep working meanwhile.

The group document itself (created, changed, its decisions) is :mod:`storage.store_groups`.
The domain's roster (:mod:`cases.roster`, a dozen dataclasses) is imported by the methods
that use it: every process that opens a store imports this module, and the dashboard's
first screen has no roster in it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from cases.ids import format_participant_id, participant_number
from storage.errors import (
    DamagedDocumentError,
    GroupNotFound,
    InvalidIdError,
    ParticipantAmbiguous,
    ParticipantConflict,
    ParticipantNotFound,
)
from storage.tables import GROUPS, META, META_ID, PARTICIPANTS

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from cases.model import Group
    from cases.roster import Participant, Totals
    from cases.roster_import import Plan, RosterIndex, Row

IMPORT_BATCH = 5000


class RosterStore:
    """The roster part of :class:`storage.store.Store` (mixed in; uses its transaction and log)."""

    # ------------------------------------------------------------------ reading
    def roster(self: Any, group_id: str, *, damaged: list[DamagedDocumentError] | None = None) -> list[Participant]:
        """The group's participants in id order (an old group's, converted, last, without ids).
        Damaged documents are left out (appended to ``damaged`` when given; :meth:`damaged_participants`)."""
        with self._mutex:
            group = self._decoded(GROUPS, group_id)
            people, errors = self._roster_docs(group.id)
            if damaged is not None:
                damaged.extend(errors)
            return people + list(group.participants)

    def roster_docs(self: Any, group_id: str) -> tuple[Group, list[dict[str, Any]], int]:
        """The group, its participants' stored documents in id order (shared: read-only) and the
        store version they are as of, without building a :class:`Participant` each: what the
        group screen lists (30,000 people: ~0.2 s to read, the building costing ~0.4 s more).
        Only well-formed documents of the group (a dict with a string id); an old group's
        participants (inside its document) as their ``to_dict`` forms, without ids, last."""
        with self._mutex:
            version = self._storage.seq
            group = self._decoded(GROUPS, group_id)
            table = self._storage.table(PARTICIPANTS)
            keyed = [(int(k), d) for k, d in table.items()
                     if isinstance(d, dict) and d.get("group") == group.id and k.isdigit()]
            keyed.sort(key=lambda item: item[0])
            docs = [d for _, d in keyed]
            docs += [p.to_dict() for p in group.participants]
            return group, docs, version

    def damaged_participants(self: Any, group_id: str) -> list[DamagedDocumentError]:
        with self._mutex:
            return self._roster_docs(self._decoded(GROUPS, group_id).id)[1]

    def _roster_docs(self: Any, group_id: str) -> tuple[list[Participant], list[DamagedDocumentError]]:
        table = self._storage.table(PARTICIPANTS)
        cache = self.__dict__.setdefault("_roster_cache", {})
        people: list[tuple[int, Participant]] = []
        damaged = []
        for key, doc in table.items():
            if not isinstance(doc, dict) or doc.get("group") != group_id:
                continue
            stamp = (doc.get("rev"), doc.get("updated"))
            hit = cache.get(key)
            if hit is None or hit[0] != stamp or hit[2] is not doc:
                try:
                    hit = (stamp, _participant(doc, format_participant_id(int(key)), self.path), doc)
                except DamagedDocumentError as exc:
                    damaged.append(exc)
                    continue
                cache[key] = hit
            people.append((int(key), hit[1]))
        people.sort(key=lambda item: item[0])
        return [p for _, p in people], damaged

    def participant_of_case(self: Any, case_id: str) -> tuple[Group, Participant] | None:
        """(group, participant) of the participant whose own case is ``case_id``, or None.
        Scans the raw documents (nothing decoded but the one found): a member's own case need
        not be linked to the group."""
        with self._mutex:
            table = self._storage.table(PARTICIPANTS)
            for key, doc in table.items():
                if not isinstance(doc, dict) or doc.get("case_id") != case_id or not isinstance(doc.get("group"), str):
                    continue
                try:
                    group = self._decoded(GROUPS, doc["group"])
                    return group, _participant(doc, format_participant_id(int(key)), self.path)
                except (GroupNotFound, DamagedDocumentError, InvalidIdError):
                    continue
            return None

    def participant(self: Any, participant_id: str) -> Participant:
        """A fresh copy of one participant (to edit in a form and :meth:`save_participant`)."""
        with self._mutex:
            key = self._participant_key(participant_id, "")
            doc = self._storage.get(PARTICIPANTS, key)
            if doc is None:
                raise ParticipantNotFound("", participant_id, self.path)
            return _participant(doc, format_participant_id(int(key)), self.path)

    def select_participants(self: Any, group_id: str, selectors: list[str]) -> list[Participant]:
        """The participants named (id, order number or phone), as stored; reads only."""
        with self._mutex:
            return [_participant(self._storage.get(PARTICIPANTS, key), format_participant_id(int(key)), self.path)
                    for key in self._select(self._decoded(GROUPS, group_id).id, selectors)]

    def roster_totals(self: Any, group: Group) -> Totals:
        """Participants, total amount, evidence complete, consents, 委托书 on file; per assignee too."""
        from cases.roster import totals

        return totals(self.roster(group.id), group.decisions)

    def find_participants(self: Any, group_id: str, *, order: str = "", phone: str = "") -> list[Participant]:
        """Participants holding the order number, or with the phone (compared by its digits)."""
        from cases.roster_import import phone_key

        wanted = phone_key(phone) if phone else ""
        return [p for p in self.roster(group_id)
                if (order and order.strip() in p.order_numbers) or (wanted and phone_key(p.phone) == wanted)]

    # ------------------------------------------------------------------ changing
    def add_participants(self: Any, group_id: str, people: Iterable[Participant], by: str) -> list[Participant]:
        """Store new participants in the group, as one change."""
        with self._writing():
            group = self._migrate(group_id, by)
            now = self._now()
            added = [self._put_new(group.id, p, now, by) for p in people]
            self._log("participant.add", group.case_id, by, now, group=group.id, participants=[p.id for p in added])
        return added

    def update_participants(self: Any, group_id: str, selectors: list[str], change: Callable[[Participant], None],
                            by: str, action: str = "participant.update", **details: Any) -> list[Participant]:
        """Apply ``change`` to each selected participant (an id P-…, an order number or a phone) as
        stored now, in one change (a bulk action); :class:`ParticipantNotFound`, ``ParticipantAmbiguous``."""
        with self._writing():
            group = self._migrate(group_id, by)
            now = self._now()
            keys = self._select(group.id, selectors)
            out = []
            for key in keys:
                person = _participant(self._storage.get(PARTICIPANTS, key), format_participant_id(int(key)), self.path)
                change(person)
                out.append(self._put_existing(key, person, now, by))
            self._log(action, group.case_id, by, now, group=group.id, participants=[p.id for p in out], **details)
        return out

    def save_participant(self: Any, edited: Participant, base: Participant, by: str) -> Participant:
        """Save a form's edit of a participant read as ``base``: the fields it changed are applied
        to the stored one; a field someone else also changed since is a :class:`ParticipantConflict`
        naming it, and nothing is written."""
        from cases.roster import EDITABLE, Participant

        with self._writing():
            key = self._participant_key(base.id, base.group_id)
            doc = self._storage.get(PARTICIPANTS, key)
            if doc is None:
                raise ParticipantNotFound(base.group_id, base.id, self.path)
            stored = _participant(doc, base.id, self.path)
            current, mine, old = stored.to_dict(), edited.to_dict(), base.to_dict()
            changed = [f for f in EDITABLE if mine[f] != old[f]]
            if not changed:
                return stored
            conflicts = [f for f in changed if current[f] != old[f] and current[f] != mine[f]]
            if conflicts:
                raise ParticipantConflict(base.id, conflicts, self.path)
            merged = Participant.from_dict({**current, **{f: mine[f] for f in changed}})
            now = self._now()
            group = self._decoded(GROUPS, stored.group_id)
            saved = self._put_existing(key, merged, now, by)
            self._log("participant.update", group.case_id, by, now, group=group.id, participants=[saved.id],
                      fields=changed)
        return saved

    def remove_participants(self: Any, group_id: str, selectors: list[str], by: str) -> list[str]:
        """Take participants off the roster for good (recorded with their ids); the ids removed."""
        with self._writing():
            group = self._migrate(group_id, by)
            keys = self._select(group.id, selectors)
            for key in keys:
                self._storage.delete(PARTICIPANTS, key)
            ids = [format_participant_id(int(k)) for k in keys]
            self._log("participant.remove", group.case_id, by, self._now(), group=group.id, participants=ids)
        return ids

    def import_rows(self: Any, group_id: str, rows: list[Row], by: str,
                    progress: Callable[[int, int], None] | None = None) -> list[Plan]:
        """Import parsed rows (cases.roster_import.parse_rows): per batch of :data:`IMPORT_BATCH`,
        one transaction matching them against the roster as stored then (cases.roster_import.plan,
        reading only the people a row matches) and writing the people added and changed; one
        activity entry per batch. The batches' plans."""
        from cases.roster_import import plan

        plans = []
        for start in range(0, len(rows), IMPORT_BATCH):
            batch = rows[start:start + IMPORT_BATCH]
            with self._writing():
                group = self._migrate(group_id, by)
                done = plan(batch, self._roster_index(group.id))
                now = self._now()
                added = [self._put_new(group.id, p, now, by) for p in done.adds]
                changed = [self._put_existing(key, p, now, by) for key, p, _ in done.updates]
                if added or changed:
                    self._log("roster.import", group.case_id, by, now, group=group.id,
                              added=[p.id for p in added], updated=[p.id for p in changed])
            plans.append(done)
            if progress is not None:
                progress(min(start + IMPORT_BATCH, len(rows)), len(rows))
        return plans

    def preview_rows(self: Any, group_id: str, rows: list[Row]) -> Plan:
        """What :meth:`import_rows` would do now, writing nothing (``--dry-run``)."""
        from cases.roster_import import index_of, plan

        with self._mutex:
            group = self._decoded(GROUPS, group_id)
            index = index_of(group.participants) if group.participants else self._roster_index(group.id)
            return plan(rows, index)

    def _roster_index(self: Any, group_id: str) -> RosterIndex:
        """The group's stored roster as an import's index, from the raw documents (nothing decoded
        until a row matches someone)."""
        from cases.roster_import import RosterIndex, phone_key

        by_order: dict[str, str] = {}
        by_phone: dict[str, str] = {}
        table = self._storage.table(PARTICIPANTS)
        for key, doc in table.items():
            if not isinstance(doc, dict) or doc.get("group") != group_id:
                continue
            for order in doc.get("orders") or ():
                number = order.get("number") if isinstance(order, dict) else None
                if number and isinstance(number, str):
                    by_order.setdefault(number, key)
            phone = doc.get("phone")
            if phone and isinstance(phone, str):
                by_phone.setdefault(phone_key(phone), key)

        def load(key: str) -> Participant:
            return _participant(table[key], format_participant_id(int(key)), self.path)

        return RosterIndex(by_order, by_phone, load)

    # ------------------------------------------------------------------ helpers
    def _put_new(self: Any, group_id: str, person: Participant, now: str, by: str) -> Participant:
        meta = dict(self._storage.meta)
        number = int(meta.get("next_participant", 1))
        meta["next_participant"] = number + 1
        self._storage.put(META, META_ID, meta)
        person.id, person.group_id = format_participant_id(number), group_id
        person.created = person.updated = now
        person.updated_by, person.rev = by, 1
        self._storage.put(PARTICIPANTS, str(number), person.to_dict())
        return person

    def _put_existing(self: Any, key: str, person: Participant, now: str, by: str) -> Participant:
        stored = self._storage.get(PARTICIPANTS, key) or {}
        person.id = format_participant_id(int(key))
        person.group_id = stored.get("group", person.group_id)
        person.created = stored.get("created", person.created)
        person.rev = int(stored.get("rev", 0)) + 1
        person.updated, person.updated_by = now, by
        self._storage.put(PARTICIPANTS, key, person.to_dict())
        return person

    def _participant_key(self: Any, participant_id: str, group_id: str) -> str:
        number = participant_number(participant_id)
        if number is None:
            raise ParticipantNotFound(group_id, participant_id, self.path)
        return str(number)

    def _select(self: Any, group_id: str, selectors: list[str]) -> list[str]:
        """Keys of the participants named (id, order number or phone), each once, in the order named."""
        from cases.roster_import import phone_key

        table = self._storage.table(PARTICIPANTS)
        mine = {k: d for k, d in table.items() if isinstance(d, dict) and d.get("group") == group_id}
        by_order: dict[str, list[str]] = {}
        by_phone: dict[str, list[str]] = {}
        if any(participant_number(s) is None for s in selectors):  # (maps built once, not per selector)
            for k, d in mine.items():
                for order in d.get("orders") or ():
                    if isinstance(order, dict) and isinstance(order.get("number"), str):
                        by_order.setdefault(order["number"], []).append(k)
                if isinstance(d.get("phone"), str) and d["phone"]:
                    by_phone.setdefault(phone_key(d["phone"]), []).append(k)
        keys: list[str] = []
        for selector in selectors:
            number = participant_number(selector)
            if number is not None:
                found = [str(number)] if str(number) in mine else []
            else:
                digits = phone_key(selector)
                found = list(dict.fromkeys(by_order.get(selector.strip(), [])))
                if not found and len(digits) >= 5:
                    found = by_phone.get(digits, [])
            if not found:
                raise ParticipantNotFound(group_id, selector, self.path)
            if len(found) > 1:
                raise ParticipantAmbiguous(group_id, selector, [format_participant_id(int(k)) for k in found],
                                           self.path)
            if found[0] not in keys:
                keys.append(found[0])
        return keys

    def _migrate(self: Any, group_id: str, by: str) -> Group:
        """The stored group; an old one's participants moved into the table first (same transaction)."""
        group = self._decoded(GROUPS, group_id)
        if group.participants:
            now = self._now()
            moved = [self._put_new(group.id, p, now, by) for p in group.participants]
            doc = group.to_dict()  # (without the participants)
            doc["rev"] = group.rev + 1
            doc["updated"] = now
            self._put(GROUPS, str(int(group.id.split("-")[1])), doc)
            self._log("roster.convert", group.case_id, by, now, group=group.id, participants=[p.id for p in moved])
            group.participants = []
        return group


def _participant(doc: Any, participant_id: str, path: Path) -> Participant:
    """A stored participant document, checked (:func:`storage.documents.decode_participant`,
    imported on first use: opening a store to paint its dashboard reads no roster)."""
    from storage.documents import decode_participant

    return decode_participant(doc, participant_id, path)
