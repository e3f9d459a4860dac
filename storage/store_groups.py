"""Group complaints' group documents: part of :class:`~storage.store.Store` (mixed in).

A group is led by a case (``create_group`` links them both ways); changes to it
(representatives, decisions needing consent) are recorded in the activity log. An old
group with its participants inside is moved into the participants table by its first
change (``RosterStore._migrate``, :mod:`storage.rosters`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from storage.errors import AlreadyGroupCase, GroupNotFound, NotAGroupCase
from storage.tables import CASES, GROUPS

if TYPE_CHECKING:  # pragma: no cover
    from cases.model import Group
    from cases.roster import Decision


class StoreGroups:
    """Creating, reading and changing group documents (uses the Store's transaction and log)."""

    def create_group(self: Any, case_id: str, by: str, name: str = "") -> Group:
        """Make ``case_id`` a group case: a new group led by it, linked from it. :class:`AlreadyGroupCase`."""
        from cases.model import Group

        with self._writing():
            case = self._decoded(CASES, case_id)
            if case.group_id:
                raise AlreadyGroupCase(case.id, case.group_id, self.path)
            group = Group(name=name or case.title, platform=case.platform, case_id=case.id, updated_by=by)
            now = self._now()
            doc = self._insert(GROUPS, group, now)

            def link(c: Any) -> None:
                c.group_id = doc["id"]

            self._update(CASES, case.id, link)
            self._log("group.create", case.id, by, now, group=doc["id"])
        return Group.from_dict(doc)

    def group_for_case(self: Any, case_id: str) -> Group:
        """The group of a case (its lead case or a member's own case); :class:`NotAGroupCase`."""
        case = self._decoded(CASES, case_id)
        if not case.group_id:
            raise NotAGroupCase(case.id, self.path)
        try:
            return self._decoded(GROUPS, case.group_id)
        except GroupNotFound:
            raise NotAGroupCase(case.id, self.path) from None

    def change_group(self: Any, group_id: str, change: Callable[[Group], None], by: str, action: str,
                     **details: Any) -> Group:
        """Apply ``change`` to the stored group (representatives, decisions …), recorded as ``action``."""
        with self._writing():
            self._migrate(group_id, by)

            def apply(group: Any) -> None:
                change(group)
                group.updated_by = by
                group.participants = []

            group = self._update(GROUPS, group_id, apply)
            self._log(action, group.case_id, by, group.updated, group=group.id, **details)
        return group

    def add_decision(self: Any, group_id: str, kind: str, text: str, by: str) -> Decision:
        """A decision needing each represented person's consent (D-1, D-2 …)."""
        from cases.roster import Decision

        made: list[Decision] = []

        def add(group: Any) -> None:
            number = max((int(d.id[2:]) for d in group.decisions if d.id[2:].isdigit()), default=0) + 1
            made.append(Decision(id=f"D-{number}", kind=kind, text=text, at=self._now(), by=by))
            group.decisions.append(made[0])

        self.change_group(group_id, add, by, "group.decision", kind=kind)
        return made[0]
