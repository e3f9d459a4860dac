"""The app's commands for the end of a case: close (its outcome, refund, note), reopen,
delete, restore, undo the last delete, the deleted cases' list.

A mixin of :class:`tui.app.TousuApp` (``self`` is the app); the close and reopen writes
run on the stored case under the store's lock (:func:`_close_job`, :func:`_reopen_job`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cases.i18n import tr

if TYPE_CHECKING:  # pragma: no cover
    from cases.model import Case
    from storage.store import Store
    from tui.app import TousuApp


class CaseEnding:
    """Close, reopen, delete, restore (mixed into TousuApp)."""

    def end_case(self, case_id: str, then: Callable[[Case], Any] | None = None) -> None:
        """Close an open case (its outcome, refund, note), or reopen a closed one."""
        from tui.screens.closing import CloseCaseScreen, ReopenCaseScreen

        if not self.may_write():
            return

        def opened(case: Case) -> None:
            def done(saved: Case) -> None:
                from cases.statuses import status_name

                key = "tui.close.done" if saved.closed else "tui.reopen.done"
                self.notify(tr(key, id=saved.id, status=status_name(saved.status.value, self.lang)))
                if then is not None:
                    then(saved)

            if case.closed:
                self.run_form(ReopenCaseScreen(case), lambda note: _reopen_job(case_id, note, self), done)
            else:
                self.run_form(CloseCaseScreen(case), lambda request: _close_job(case_id, request, self), done)

        self.read(lambda store: store.case(case_id), opened)

    def delete_case(self, case_id: str, then: Callable[[Case], Any] | None = None) -> None:
        """Ask, then delete (restorable: ``undelete_last`` or the deleted cases' list)."""
        from tui.screens.closing import ConfirmScreen, delete_question

        if not self.may_write():
            return

        def deleted(case: Case) -> None:
            from tui.commands import command

            self.last_deleted = case.id
            self.notify(tr("tui.delete.done", id=case.id, key=command("undelete_last").shown_key), timeout=10)
            if then is not None:
                then(case)

        def opened(case: Case) -> None:
            def answered(yes: bool | None) -> None:
                if yes:
                    self.write(lambda store: store.delete_case(case_id, self.volunteer), deleted)

            self.push_screen(ConfirmScreen(delete_question(case)), answered)

        self.read(lambda store: store.case(case_id), opened)

    def restore_case(self, case_id: str, then: Callable[[Case], Any] | None = None) -> None:
        from cases.statuses import status_name

        if not self.may_write():
            return

        def restored(case: Case) -> None:
            if self.last_deleted == case.id:
                self.last_deleted = None
            self.notify(tr("tui.undelete.done", id=case.id, status=status_name(case.status.value, self.lang)))
            if then is not None:
                then(case)

        self.write(lambda store: store.restore_case(case_id, self.volunteer), restored)

    def undelete_last(self, then: Callable[[Case], Any] | None = None) -> None:
        """Undo this session's last delete."""
        if self.last_deleted is None:
            self.notify(tr("tui.undelete.nothing"), severity="warning")
            return
        self.restore_case(self.last_deleted, then)

    def show_deleted(self, then: Callable[[Case], Any] | None = None) -> None:
        """The deleted cases (who deleted each and when); one chosen is restored."""
        from tui.screens.closing import DeletedCasesScreen, deleted_cases

        def chosen(case_id: str | None) -> None:
            if case_id:
                self.restore_case(case_id, then)

        self.read(deleted_cases, lambda found: self.push_screen(DeletedCasesScreen(found), chosen))


def _close_job(case_id: str, request: Any, app: TousuApp) -> Callable[[Store], Case]:
    """The write of a close dialog's request: the result recorded and the case closed, on
    the stored case under the lock (a ClosingError there writes nothing: ChangeRefused)."""
    from cases.closing import ClosingError, close_case, result_event
    from tui.screens.closing import ChangeRefused

    now, lang = app.clock.now(), app.lang

    def close(case: Case) -> None:
        try:
            event = result_event(case, request.outcome, now, refunded=request.refunded,
                                 refunded_on=request.on, said=request.note, lang=lang)
            close_case(case, event, lang)
        except ClosingError as exc:
            raise ChangeRefused(exc.message) from None

    return lambda store: store.update_case(case_id, close, by=app.volunteer, action="close")


def _reopen_job(case_id: str, note: str, app: TousuApp) -> Callable[[Store], Case]:
    from cases.closing import ClosingError, reopen_case
    from tui.screens.closing import ChangeRefused

    now, lang = app.clock.now(), app.lang

    def reopen(case: Case) -> None:
        try:
            reopen_case(case, now, note, lang)
        except ClosingError as exc:
            raise ChangeRefused(exc.message) from None

    return lambda store: store.update_case(case_id, reopen, by=app.volunteer, action="reopen")

