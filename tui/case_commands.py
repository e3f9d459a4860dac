"""The app's commands that open a form or a screen on one case: edit, log, escalate / urge,
assign, its group; and ``run_form``, the form whose save runs in a worker.

A mixin of :class:`tui.app.TousuApp` (``self`` is the app: ``read``, ``write``,
``may_write`` come from :class:`tui.app_store.AppStore`). Screens are imported when
their command runs: none of them is on the dashboard's first paint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cases.i18n import tr

if TYPE_CHECKING:  # pragma: no cover
    from textual.screen import Screen

    from cases.model import Case, Group
    from storage.store import Store


class CaseCommands:
    """Forms and screens that act on a case (mixed into TousuApp)."""

    def run_form(self, form: Screen, job: Callable[[Any], Callable[[Store], Case]],
                 done: Callable[[Case], Any]) -> None:
        """Show ``form``; once it is submitted the user is back where they were at once
        while ``job(value)`` writes in a worker. If the store refuses, the same form
        comes back with everything typed (it is installed meanwhile, so kept)."""
        from tui.kept_form import keep_form

        drop = keep_form(self, form)

        def saved(case: Case) -> None:
            drop()
            done(case)

        def submitted(value: Any) -> None:
            if value is None:  # cancelled
                drop()
                return
            self.write(job(value), saved, lambda _error: self.push_screen(form, submitted))

        self.push_screen(form, submitted)

    def edit_case(self, case_id: str, then: Callable[[Case], Any] | None = None) -> None:
        from tui.screens.case_form import CaseFormScreen

        if not self.may_write():
            return
        def opened(base: Case) -> None:
            def done(saved: Case) -> None:
                self.notify(tr("tui.case.saved", id=saved.id))
                if then is not None:
                    then(saved)

            self.run_form(CaseFormScreen(base), lambda edited: lambda store: store.save_case(edited, base, by=self.volunteer),
                          done)

        # Gone meanwhile: the read says so and nothing opens.
        self.read(lambda store: store.case(case_id), opened)

    def log_contact(self, case_id: str, then: Callable[[Case], Any] | None = None) -> None:
        from tui.screens.log_form import LogFormScreen

        if not self.may_write():
            return
        def opened(case: Case) -> None:
            def done(saved: Case) -> None:
                if saved.closed and not case.closed:  # its result closed the case
                    from cases.statuses import status_name

                    self.notify(tr("tui.close.done", id=saved.id, status=status_name(saved.status.value, self.lang)))
                else:
                    self.notify(tr("tui.log.saved", id=saved.id))
                if then is not None:
                    then(saved)

            def job(entry: Any) -> Callable[[Store], Case]:
                return lambda store: store.update_case(case_id, lambda c: _log_entry(c, entry, self.lang),
                                                       by=self.volunteer, action="log")

            self.run_form(LogFormScreen(case), job, done)

        self.read(lambda store: store.case(case_id), opened)

    def escalate(self, case_id: str, mode: str, then: Callable[[], Any] | None = None) -> None:
        from tui.screens.escalate import EscalateScreen

        def done(recorded: bool | None) -> None:
            if recorded and then is not None:
                then()

        def opened(found: tuple[Case, Group | None, Any]) -> None:
            case, group, own = found
            if case.closed:  # as tousu urge / escalate refuse it (closed_refusal)
                self.refuse_closed(case, mode)
                return
            self.push_screen(EscalateScreen(case, mode, group, own=own), done)

        def job(store: Store) -> tuple[Case, Group | None, Any]:
            case = store.case(case_id)
            return case, store.group_of(case), store.participant_of_case(case.id)

        self.read(job, opened)

    def refuse_closed(self, case: Case, action: str) -> None:
        """Say that a closed case takes no ``action`` (escalate, urge) until reopened."""
        from cases.statuses import status_name
        from tui.commands import command

        self.notify(tr("tui.close.refused", id=case.id, status=status_name(case.status.value, self.lang),
                       action=tr(f"cli.close.action.{action}"), key=command("end_case").shown_key),
                    severity="warning", timeout=8)

    def assign_case(self, case_id: str, then: Callable[[Case], Any] | None = None) -> None:
        """Ask for a volunteer's name and assign the case to them (empty: nobody), as ``tousu assign``."""
        from tui.screens.assign import AssignScreen

        if not self.may_write():
            return

        def opened(case: Case) -> None:
            def done(saved: Case) -> None:
                if saved.assignee:
                    self.notify(tr("tui.assign.done", id=saved.id, name=saved.assignee))
                else:
                    self.notify(tr("tui.assign.cleared", id=saved.id))
                if then is not None:
                    then(saved)

            by = self.volunteer
            self.run_form(AssignScreen(case, by),
                          lambda name: lambda store: store.assign_cases([case_id], name, by)[0], done)

        self.read(lambda store: store.case(case_id), opened)

    def show_group(self, case_id: str) -> None:
        """The group screen of the group ``case_id`` belongs to (lead or member case); a case
        without a group is said in a notification and nothing opens."""
        from tui.screens.group import GroupScreen

        self.read(lambda store: store.group_for_case(case_id), lambda _group: self.push_screen(GroupScreen(case_id)))


def _log_entry(case: Case, entry: Any, lang: str) -> None:
    """The log form's entry on the stored case, under the lock: refused on a case closed
    meanwhile if it is a filing or an urge; a result that closes the case closes it."""
    from cases.closing import ClosingError, close_case
    from tui.screens.closing import ChangeRefused
    from tui.screens.log_form import refuse_on_closed

    try:
        refuse_on_closed(case, entry.event.kind, lang)
        if entry.close:
            close_case(case, entry.event, lang)
        else:
            case.add_event(entry.event)
    except ClosingError as exc:
        raise ChangeRefused(exc.message) from None
