"""The app's evidence command: ask for a file, what it shows and a note, then copy and
record it in a worker (storage.attach, as ``tousu evidence add``) with its progress.

A mixin of :class:`tui.app.TousuApp` (``self`` is the app).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cases.i18n import tr

if TYPE_CHECKING:  # pragma: no cover
    from textual.screen import Screen

    from cases.model import Case
    from storage.store import Store
    from tui.app import TousuApp


class EvidenceCommands:
    """Attach a file to a case (mixed into TousuApp)."""

    def attach_evidence(self, case_id: str, screen: Screen, then: Callable[[Case], Any] | None = None) -> None:
        """Ask for a file, what it shows and a note; copy and record it in a worker
        (storage.attach, as ``tousu evidence add``), posting AttachProgress to ``screen``."""
        from tui.screens.attach import AttachProgress, AttachScreen

        if not self.may_write():
            return

        def opened(case: Case) -> None:
            if case.closed:
                self.notify(tr("tui.attach.closed", id=case.id, key=_shown_key("end_case")), severity="warning",
                            timeout=8)
                return
            self.push_screen(AttachScreen(case), submitted)

        def submitted(request: Any) -> None:
            if request is None:
                return
            total = _size_of(request.path)
            screen.post_message(AttachProgress(0, total))
            self.write(_attach_job(case_id, request, self, lambda n: screen.post_message(AttachProgress(n, total))),
                       attached, lambda _error: screen.post_message(AttachProgress(-1, total)))

        def attached(found: tuple[Case, list[Any]]) -> None:
            from cases.privacy import mask_case_text
            from cases.evidence import size_text as _size

            case, files = found
            screen.post_message(AttachProgress(-1, 0))
            for item in files:
                name = mask_case_text(case, item.name)
                if item.outcome == "duplicate":
                    self.notify(tr("cli.evidence.add.duplicate", id=case.id, name=name, n=item.index),
                                severity="warning", timeout=8)
                elif item.outcome == "restored":
                    self.notify(tr("cli.evidence.add.restored", id=case.id, name=name, n=item.index,
                                   state=tr(f"cli.evidence.state.{item.state}")))
                else:
                    self.notify(tr("tui.attach.done", id=case.id, name=name, n=item.index,
                                   size=_size(item.copy.size)))
            if then is not None:
                then(case)

        self.read(lambda store: store.case(case_id), opened)


def _shown_key(action: str) -> str:
    from tui.commands import command

    return command(action).shown_key


def _size_of(path: str) -> int:
    import os

    try:
        return os.stat(path).st_size
    except OSError:
        return 0


#: Progress posted at most this often from a copy (a 1 MiB piece each time would be 200 for 200 MB).
PROGRESS_EVERY = 0.05


def _attach_job(case_id: str, request: Any, app: TousuApp, progress: Callable[[int], None]) -> Callable[[Store], Any]:
    """The copy and the record (storage.attach), off the UI thread; a refusal (the file
    went, the case was closed, the folder cannot be written) is a store refusal, said."""
    import time

    from storage.attach import AttachError, attach, check_source
    from tui.cli.cmd_evidence import attach_message
    from tui.screens.closing import ChangeRefused

    now = app.clock.now()
    last = [0.0]

    def report(n: int) -> None:
        tick = time.monotonic()
        if tick - last[0] >= PROGRESS_EVERY:
            last[0] = tick
            progress(n)

    def job(store: Store) -> Any:
        try:
            files = [check_source(request.path, request.name)]
            return attach(store, case_id, files, request.subject, request.note, now, report)
        except AttachError as exc:
            error = exc
            raise ChangeRefused(lambda lang: attach_message(lang, error)) from None

    return job

