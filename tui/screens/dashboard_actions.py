"""The dashboard's key actions on the highlighted case: open, add, edit, escalate, log, end,
delete, assign, and the screens they lead to (mixed into :class:`DashboardScreen`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from cases.i18n import tr

if TYPE_CHECKING:  # pragma: no cover
    from cases.model import Case


class DashboardActions:
    """The actions; the screen gives ``case_list``, ``reload`` and Textual's ``app`` and ``notify``."""

    def _on_selected(self, act: Callable[[str], object]) -> None:
        """``act`` on the highlighted case's id; with none highlighted, say so."""
        row = self.case_list.highlighted
        if row is None:
            self.notify(tr("tui.dashboard.nothing_selected"), severity="warning")
            return
        act(row.id)

    def action_open_case(self) -> None:
        from tui import detail_view
        from tui.screens.case_detail import CaseDetailScreen

        app = self.app

        def open_case(case_id: str) -> None:
            now = app.clock.now()
            # Read and rendered in a worker (a case with 10,000 timeline entries takes a
            # while); a case gone meanwhile is said and nothing opens.
            app.read(lambda store: detail_view.read(store, case_id, now, app.lang, app.calendar),
                     lambda view: app.push_screen(CaseDetailScreen(view)))

        self._on_selected(open_case)

    def _follow(self, acted_on: str | None) -> Callable[[Case], None]:
        """After a save (which ran in the background): reload, and highlight the saved
        case if the cursor is still where the action began (else the user moved on)."""

        def then(saved: Case) -> None:
            row = self.case_list.highlighted
            self.reload(keep=saved.id if (row.id if row else None) == acted_on else None)

        return then

    def action_add_case(self) -> None:
        from tui.screens.case_form import CaseFormScreen

        if not self.app.may_write():
            return
        row = self.case_list.highlighted
        follow = self._follow(row.id if row else None)

        def added(saved: Case) -> None:
            self.notify(tr("tui.case.created", id=saved.id))
            follow(saved)

        by = self.app.volunteer
        self.app.run_form(CaseFormScreen(None), lambda case: lambda store: store.add_case(case, by=by), added)

    def action_edit_case(self) -> None:
        self._on_selected(lambda case_id: self.app.edit_case(case_id, then=self._follow(case_id)))

    def action_escalate(self) -> None:
        self._on_selected(lambda case_id: self.app.escalate(case_id, "escalate", then=lambda: self.reload()))

    def action_urge(self) -> None:
        self._on_selected(lambda case_id: self.app.escalate(case_id, "urge", then=lambda: self.reload()))

    def action_log_contact(self) -> None:
        self._on_selected(lambda case_id: self.app.log_contact(case_id, then=self._follow(case_id)))

    def action_end_case(self) -> None:
        self._on_selected(lambda case_id: self.app.end_case(case_id, then=self._follow(case_id)))

    def action_delete_case(self) -> None:
        self._on_selected(lambda case_id: self.app.delete_case(case_id, then=lambda _case: self.reload()))

    def action_undelete_last(self) -> None:
        self.app.undelete_last(then=lambda case: self.reload(keep=case.id))

    def action_show_deleted(self) -> None:
        self.app.show_deleted(then=lambda case: self.reload(keep=case.id))

    def action_show_group(self) -> None:
        self._on_selected(self.app.show_group)

    def action_show_today(self) -> None:
        from tui.screens.today import TodayScreen

        self.app.push_screen(TodayScreen())

    def action_assign_case(self) -> None:
        self._on_selected(lambda case_id: self.app.assign_case(case_id, then=self._follow(case_id)))

    def action_show_stats(self) -> None:
        from tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())
