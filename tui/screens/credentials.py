"""The credentials screen (``K``): the references (never a secret) and the keyring in use;
add (``a``), change (``e``), test (``t``), delete (``D``), and for a channel account copy
the user name (``u``) or the password (``p``) to the clipboard by OSC 52, saying that the
clipboard then holds a secret. Keyring and network work runs in workers (tui.outbound_work);
the references are read and written through the store (storage.vault)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from cases.credentials import ACCOUNT, KINDS, MAX_FIELD, ROBOT, Credential, CredentialError, checked_secret, reference
from cases.i18n import get_lang, tr
from cases.instants import shown_time
from cases.sanitize import clean_text
from themes.loader import screen_stylesheets
from tui.commands import bindings_for
from tui.outbound_work import keyring_backend, run_outbound
from tui.widgets.footer import KeyFooter as Footer
from tui.widgets.form_field import FormField


def read_credentials(store: Any, choice: str) -> tuple[Any, list[Credential]]:
    """Worker: how the keyring is described (no unlocking) and the references."""
    from storage.keyring_choice import describe
    from storage.vault import Vault

    return describe(os.environ, choice), Vault(store, None).references()[0]


class CredentialsScreen(Screen[None]):
    CSS_PATH = screen_stylesheets("credentials")
    SCOPE = "credentials"
    BINDINGS = bindings_for("credentials")

    def __init__(self) -> None:
        super().__init__(id="credentials")
        self.refs: list[Credential] = []

    def compose(self) -> ComposeResult:
        yield Static(Text(tr("tui.cred.title"), style="bold"), id="cred-title")
        yield Static(Text(""), id="cred-backend")
        yield OptionList(id="cred-list")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        choice = getattr(self.app.settings, "keyring", "")
        self.app.read(lambda store: read_credentials(store, choice), self._show)

    def _show(self, found: tuple[Any, list[Credential]]) -> None:
        from tui.cli.cmd_cred import backend_line

        described, self.refs = found
        self.query_one("#cred-backend", Static).update(Text(backend_line(tr, described)))
        options = self.query_one("#cred-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        if not self.refs:
            options.add_option(Option(Text(tr("tui.cred.none"), style="italic"), id="none", disabled=True))
            return
        options.add_options([Option(_line(c), id=c.key) for c in self.refs])
        options.highlighted = min(highlighted or 0, len(self.refs) - 1)
        options.focus()

    @property
    def current(self) -> Credential | None:
        index = self.query_one("#cred-list", OptionList).highlighted
        if index is None or not self.refs or index >= len(self.refs):
            return None
        return self.refs[index]

    def _need(self) -> Credential | None:
        cred = self.current
        if cred is None:
            self.notify(tr("tui.cred.pick_one"), severity="warning")
        return cred

    def _failed(self, message: str) -> None:
        self.notify(message, title=tr("tui.cred.failed"), severity="error", timeout=10)

    # -- actions -----------------------------------------------------------------
    def action_add_credential(self) -> None:
        self.app.push_screen(CredentialForm(None), self._save)

    def action_change_credential(self) -> None:
        cred = self._need()
        if cred is not None:
            self.app.push_screen(CredentialForm(cred), self._save)

    def _save(self, value: NewCredential | None) -> None:
        if value is None:
            return
        from cases.clock import to_iso
        from storage.vault import Vault

        store, at = self.app.store, to_iso(self.app.clock.now())

        def opened(backend: Any) -> None:
            def job() -> bool:
                return Vault(store, backend).set(value.ref, value.secret, label=value.label, by=self.app.volunteer, at=at)

            def done(replaced: bool) -> None:
                key = "tui.cred.replaced" if replaced else "tui.cred.saved"
                self.notify(tr(key, kind=value.ref.kind, service=value.ref.service, user=value.ref.user))
                self.reload()

            run_outbound(self, job, done, self._failed)

        keyring_backend(self, opened, self._failed)

    def action_delete_credential(self) -> None:
        cred = self._need()
        if cred is None:
            return
        from storage.vault import Vault
        from tui.screens.closing import ConfirmScreen

        store = self.app.store

        def answered(yes: bool | None) -> None:
            if not yes:
                return

            def opened(backend: Any) -> None:
                def done(gone: Credential) -> None:
                    self.notify(tr("tui.cred.deleted", kind=gone.kind, service=gone.service, user=gone.user))
                    self.reload()

                run_outbound(self, lambda: Vault(store, backend).delete(cred, get_lang()), done, self._failed)

            keyring_backend(self, opened, self._failed)

        self.app.push_screen(ConfirmScreen(tr("tui.cred.delete_ask", kind=cred.kind, service=cred.service,
                                              user=cred.user)), answered)

    def action_test_credential(self) -> None:
        cred = self._need()
        if cred is None:
            return
        from storage.outbound.checks import check_credential
        from storage.vault import Vault

        store, now, lang = self.app.store, self.app.clock.now(), get_lang()
        self.notify(tr("tui.cred.testing", kind=cred.kind, service=cred.service, user=cred.user))

        def opened(backend: Any) -> None:
            def done(result: tuple[bool, str]) -> None:
                ok, detail = result
                if ok:
                    self.notify(detail, title=tr("tui.cred.test_ok"))
                else:
                    self._failed(detail)

            run_outbound(self, lambda: check_credential(Vault(store, backend), cred, lang, now), done, self._failed)

        keyring_backend(self, opened, self._failed)

    def action_copy_user(self) -> None:
        cred = self._need()
        if cred is None:
            return
        self.app.copy_to_clipboard(cred.user)
        self.notify(tr("tui.cred.copied_user", user=cred.user))

    def action_copy_password(self) -> None:
        cred = self._need()
        if cred is None:
            return
        if cred.kind != ACCOUNT:
            self.notify(tr("tui.cred.copy_account_only"), severity="warning")
            return
        from storage.vault import Vault

        store = self.app.store

        def opened(backend: Any) -> None:
            def done(secret: str) -> None:
                self.app.copy_to_clipboard(secret)
                self.notify(tr("tui.cred.copied_password", service=cred.service), severity="warning", timeout=10)

            run_outbound(self, lambda: Vault(store, backend).secret(cred, get_lang()), done, self._failed)

        keyring_backend(self, opened, self._failed)

    def action_back(self) -> None:
        self.dismiss(None)


def _line(cred: Credential) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(f"{tr(f'cred.kind.{cred.kind}')}  ", style="bold")
    text.append(f"{cred.service}  {cred.user}")
    if cred.label:
        text.append(f"  {cred.label}")
    text.append(f"  {tr('tui.cred.added', by=cred.added_by or '?', at=shown_time(cred.added_at, missing=''))}",
                style="dim")
    return text


@dataclass(frozen=True)
class NewCredential:
    ref: Credential
    label: str
    secret: str


class CredentialForm(ModalScreen[NewCredential | None]):
    """Add a credential, or change one (its label and secret; kind, service and user name
    it)."""

    CSS_PATH = screen_stylesheets("dialog")
    BINDINGS = [
        Binding("ctrl+s", "save", tr("tui.cmd.save"), priority=True),
        Binding("escape", "cancel", tr("tui.cmd.cancel")),
    ]

    def __init__(self, cred: Credential | None) -> None:
        super().__init__(id="cred-dialog")
        self.cred = cred

    def compose(self) -> ComposeResult:
        cred = self.cred
        heading = tr("tui.cred.change", kind=cred.kind, service=cred.service, user=cred.user) if cred else tr(
            "tui.cred.add")
        with Vertical(classes="dialog"):
            yield Static(Text(heading), classes="dialog-title")
            kinds = [(tr(f"cred.kind.{kind}"), kind) for kind in KINDS]
            yield FormField(tr("tui.cred.field.kind"), Select(kinds, value=cred.kind if cred else ACCOUNT,
                                                              allow_blank=False, id="f-kind", compact=True,
                                                              disabled=cred is not None))
            yield FormField(tr("tui.cred.field.service"), Input(cred.service if cred else "", id="f-service",
                                                                compact=True, disabled=cred is not None),
                            required=True, note=tr("tui.cred.note.service"))
            yield FormField(tr("tui.cred.field.user"), Input(cred.user if cred else "", id="f-user", compact=True,
                                                             disabled=cred is not None), required=True)
            yield FormField(tr("tui.cred.field.label"), Input(cred.label if cred else "", id="f-label",
                                                              compact=True))
            yield FormField(tr("tui.cred.field.secret"), Input(id="f-secret", password=True, compact=True),
                            required=True, note=tr("tui.cred.note.secret"))
            yield FormField(tr("tui.cred.field.sign"), Input(id="f-sign", password=True, compact=True),
                            note=tr("tui.cred.note.sign"))
            yield Static(Text(tr("tui.cred.form_keys"), style="dim"), classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one("#f-secret" if self.cred else "#f-service", Input).focus()

    def _value(self, name: str) -> str:
        return self.query_one(f"#f-{name}", Input).value

    def action_save(self) -> None:
        """Every field judged at once; each reason under its field."""
        lang = get_lang()
        kind = str(self.query_one("#f-kind", Select).value)
        errors: dict[str, str] = {}
        ref = None
        for name, problem in (("service", "cases.cred.empty_service"), ("user", "cases.cred.empty_user")):
            if not clean_text(self._value(name)).strip():
                errors[name] = tr(problem)
        if not errors:
            try:
                ref = reference(kind, self._value("service"), self._value("user"), lang,
                                **(self.cred.extra if self.cred else {}))
            except CredentialError as exc:  # a robot or mailbox address, or a value too long
                too_long_user = exc.key == "cases.cred.too_long" and len(self._value("user").strip()) > MAX_FIELD
                errors["user" if too_long_user else "service"] = exc.message(lang)
        secret_text = self._value("secret")
        if kind == ROBOT and self._value("sign").strip():
            secret_text += "\n" + self._value("sign")
        secret = ""
        try:
            if not self._value("secret").strip():
                raise CredentialError("tui.ask.empty", lang)
            secret = checked_secret(secret_text, kind, lang)
            if kind == ROBOT and ref is not None:
                from storage.outbound.robots import parse_robot_secret

                parse_robot_secret(ref.service, secret, lang)
        except CredentialError as exc:
            errors["sign" if "sign" in exc.key else "secret"] = exc.message(lang)
        for field in self.query(FormField):
            field.set_error(errors.get((field.control.id or "").removeprefix("f-")))
        if errors or ref is None:
            return
        self.dismiss(NewCredential(ref, clean_text(self._value("label")).strip(), secret))

    def action_cancel(self) -> None:
        self.dismiss(None)
