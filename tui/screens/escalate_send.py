"""Sending the escalate screen's text by e-mail (``m``, tui.screens.escalate) to the
respondent's entity: a mailbox (asked when there are several and the settings name
none), the entity's address (asked when missing, saved to the case), the evidence files
to attach (ticked), then the send in a worker; recorded as filed only once accepted."""

from __future__ import annotations

from textual.widgets import TextArea

from cases.escalation import Submission
from cases.i18n import tr
from cases.model import Case
from tui.escalate_view import URGE


class MailActions:
    """Send (``m``) on :class:`EscalateScreen` (with :class:`FilingActions`, which records it)."""

    case: Case | None
    mode: str
    letter_lang: str
    submission: Submission | None
    _writing: bool

    def action_send_text(self) -> None:
        if self.case is None or not self.target:
            return
        if self._writing:
            self.notify(tr("tui.escalate.writing"), severity="warning")
            return
        if self._identity_held("send"):
            return
        from storage.vault import Vault

        text = self.query_one("#preview", TextArea).text
        self.app.read(lambda store: Vault(store, None).references()[0], lambda refs: self._send_via(refs, text))

    def _send_via(self, refs: list, text: str) -> None:
        from storage.outbound.complaint import mailboxes
        from tui.screens.pick import ChoiceScreen

        boxes = mailboxes(refs)
        if not boxes:
            self.notify(tr("tui.send.no_mailbox"), severity="warning", timeout=10)
            return
        chosen = self._settings_choice(boxes)
        if chosen is not None:
            self._send_to(chosen, text)
            return
        options = [(f"{c.sender}  {c.service}" + (f"  {c.label}" if c.label else ""), c) for c in boxes]
        self.app.push_screen(ChoiceScreen(tr("tui.send.which_mailbox"), options),
                             lambda box: box is not None and self._send_to(box, text))

    def _settings_choice(self, boxes: list):
        """The only mailbox, or the one the settings name (``mailbox``); None: ask."""
        from cases.credentials import CredentialError
        from storage.outbound.complaint import pick_mailbox

        try:
            return pick_mailbox(boxes, self.app.settings.effective("mailbox")[0], self.app.lang)
        except CredentialError:
            return None

    def _send_to(self, box, text: str) -> None:
        from cases.answers import ANSWERABLE, check_email
        from tui.screens.ask import AskScreen

        case = self.case
        if case is None:
            return
        if case.entity.email:
            self._pick_attachments(box, text, case)
            return
        spec = ANSWERABLE["entity.email"]
        case_id = case.id

        def answered(address: str | None) -> None:
            if not address:
                return

            def change(stored: Case) -> None:
                stored.entity.email = address

            def saved(updated: Case) -> None:
                self._writing = False
                self.case = updated
                self._pick_attachments(box, text, updated)

            self._writing = True
            self.app.write(lambda store: store.update_case(case_id, change), saved, self._write_failed)

        self.app.push_screen(AskScreen(spec.question(self.app.lang), spec.label(self.app.lang),
                                       check=lambda v: (lambda k: tr(k) if k else None)(check_email(v))), answered)

    def _pick_attachments(self, box, text: str, case: Case) -> None:
        from cases.evidence import item_name
        from tui.screens.pick import TickScreen

        if not case.evidence:
            self._send_now(box, text, case, [])
            return
        options = [(f"{n}. {item_name(item)}", n) for n, item in enumerate(case.evidence, 1)]
        self.app.push_screen(TickScreen(tr("tui.send.which_files", to=case.entity.email), options),
                             lambda picks: picks is not None and self._send_now(box, text, case, picks))

    def _send_now(self, box, text: str, case: Case, picks: list[int]) -> None:
        from storage.outbound import mail
        from storage.outbound.complaint import attachments, recorder, subject_of
        from storage.vault import Vault
        from tui.outbound_work import keyring_backend, run_outbound

        app = self.app
        store, now, lang = app.store, app.clock.now(), app.lang
        target, mode, by, case_id = self.target, self.mode, self.app.volunteer, case.id
        subject = self.submission.subject if self.submission else ""
        letter_subject = subject_of(case, subject, self.letter_lang)
        address = case.entity.email

        def failed(reason: str) -> None:
            self._writing = False
            self.notify(reason, title=tr("tui.send.failed"), severity="error", timeout=15)

        def opened(backend) -> None:
            def job():
                vault = Vault(store, backend)
                files = attachments(case, store.path, picks, lang)
                message = mail.build_message(box.sender, [address], letter_subject, text, now, files)
                return mail.send(box, vault.secret(box, lang), message)

            def sent(result) -> None:
                self.notify(tr("tui.send.sent", to=", ".join(result.recipients), reply=result.reply,
                               message_id=result.message_id), timeout=10)
                change = recorder(target, now, urge=mode == URGE, subject=subject, text=text, sent=result, by=by)

                def not_recorded(error: object) -> None:
                    self._write_failed(error)
                    self.notify(tr("tui.send.not_recorded", message_id=result.message_id), severity="error",
                                timeout=30)

                app.write(lambda s: s.update_case(case_id, change), lambda saved: self._filed(saved, target),
                          not_recorded)

            self.notify(tr("tui.send.sending", to=address))
            run_outbound(self, job, sent, failed)

        self._writing = True
        keyring_backend(self, opened, failed)
