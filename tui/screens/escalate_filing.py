"""Where the escalate screen's text goes (tui.screens.escalate): copied (OSC 52), saved to
a file, or recorded as filed, which starts the channel's clock. A masked text for a
channel that files only under the real identity is not copied, saved or sent without a
word: ``r`` then reveals and does it, the same key again does it masked."""

from __future__ import annotations

from textual.widgets import TextArea

from cases.channels import ladder
from cases.escalation import Submission, record_submission
from cases.i18n import tr
from cases.letters import file_text
from cases.model import Case
from storage.drafts import save_draft
from tui.escalate_view import URGE
from tui.screens.record import RecordScreen, Recorded


class FilingActions:
    """Copy (``c``), save (``s``) and record (``enter``) on :class:`EscalateScreen`."""

    case: Case | None
    case_id: str
    mode: str
    reveal: bool
    submission: Submission | None
    _writing: bool  # an answer, the address or the record is being written
    _recorded: bool
    _pending: str  # "copy" / "save" / "send" of a masked text that needs the identity: r does it
    _last_out: str | None  # the text last copied or saved: what gets filed

    def _identity_held(self, action: str) -> bool:
        """True (and a word, once) when ``action`` ("copy", "save", "send") would take a masked
        text to a channel that needs the real identity: ``r`` then reveals and does it; the
        same key again does it masked."""
        needs = "" if self.reveal else self._needs_identity()
        if not needs or self._pending == action:
            self._pending = ""
            return False
        self._pending = action
        self.notify(tr("tui.escalate.needs_identity", channel=needs, key=tr(f"tui.cmd.{action}_text")),
                    severity="warning", timeout=10)
        return True

    def action_copy_text(self) -> None:
        if self._identity_held("copy"):
            return
        text = self.query_one("#preview", TextArea).text
        self.app.copy_to_clipboard(text)
        self._last_out = text
        self.notify(tr("tui.escalate.copied", n=len(text)))

    def action_save_text(self) -> None:
        if self.case is None or self._identity_held("save"):
            return
        text = self.query_one("#preview", TextArea).text
        try:
            path = save_draft(text, self.case.id, self.target or "none", self.mode, self.app.clock.now(),
                              self.app.drafts_dir)
        except OSError as exc:
            self.notify(str(exc), title=tr("tui.escalate.save_failed"), severity="error", markup=False)
            return
        self._last_out = text
        self.notify(tr("tui.escalate.saved", path=str(path)), markup=False, timeout=10)

    def action_record(self) -> None:
        if self.case is None or not self.target:
            return
        if self._writing:
            self.notify(tr("tui.escalate.writing"), severity="warning")
            return
        chan = ladder()[self.target]
        heading = tr("tui.escalate.record_title_urge" if self.mode == URGE else "tui.escalate.record_title",
                     channel=chan.name(self.app.lang))
        self.app.push_screen(RecordScreen(heading, self.app.clock.now()), self._record)

    def _record(self, recorded: Recorded | None) -> None:
        if recorded is None or self.case is None or self._writing:
            return
        kind = "urged" if self.mode == URGE else "submitted"
        subject = self.submission.subject if self.submission else ""
        target, case_id, mode, by = self.target, self.case_id, self.mode, self.app.volunteer
        # What was filed: the text last copied or saved, else the one shown.
        text = self._last_out if self._last_out is not None else self.query_one("#preview", TextArea).text
        event = record_submission(self.case, target, recorded.at, ticket=recorded.ticket, kind=kind,
                                  subject=subject)

        def change(case: Case) -> None:
            file_text(case, case.add_event(event), text, by=by, kind=mode)

        self._writing = True
        action = "urge" if mode == URGE else "escalate"
        self.app.write(lambda store: store.update_case(case_id, change, by=by, action=action, channel=target),
                       lambda saved: self._filed(saved, target), self._write_failed)

    def _filed(self, saved: Case, target: str) -> None:
        """The filing of the text to ``target`` is recorded on the case (``saved``): said, and
        the screen leaves with True."""
        self._writing = False
        self._recorded = True
        self.notify(tr("tui.escalate.recorded", id=saved.id, channel=ladder()[target].name(self.app.lang)))
        if self.is_current:  # else (help on top) esc leaves later, with True
            self.dismiss(True)
