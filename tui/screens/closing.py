"""The end of a case from the dashboard and the detail: close with a result's outcome,
reopen, delete (asked first) and restore a deleted case.

The dialogs never write: each dismisses with what was typed, checked by the same
domain functions ``tousu close`` / ``reopen`` use (:mod:`cases.closing`, amounts by
:func:`cases.amounts.parse_amount`, dates by :func:`cases.clock.parse_instant` against
the app's clock), and the app writes in a worker (``TousuApp.end_case``,
``delete_case``, ``show_deleted``). A refusal found only under the store's lock (the
case was closed by someone else meanwhile) comes back as :class:`ChangeRefused`, a
store error: said in a notification, the dialog shown again as it was left.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList, Select, Static
from textual.widgets.option_list import Option

from cases.clock import TZ, parse_instant
from cases.closing import ClosingError, result_event
from cases.i18n import tr
from cases.model import Case
from cases.privacy import mask_case_text
from cases.sanitize import clean_text
from cases.statuses import Outcome, outcomes, status_name
from storage.errors import StoreError
from themes.loader import screen_stylesheets
from tui.screens.form_screen import FormScreen
from tui.widgets.form_field import FormField

#: ClosingError keys and the dialog field each concerns.
_ERROR_FIELD = {
    "cases.closing.refund_required": "refunded",
    "cases.closing.refund_zero": "refunded",
    "cases.closing.part_is_whole": "refunded",
    "cases.closing.full_is_part": "refunded",
    "cases.closing.no_refund": "refunded",
    "cases.closing.refund_after_result": "on",
}


class ChangeRefused(StoreError):
    """The domain refused a change inside a store write (nothing was written): reported
    like any store refusal, in the user's language. ``words(lang)`` is its message
    (a ClosingError's ``message``)."""

    code = "store.error"

    def __init__(self, words: Callable[[str], str]) -> None:
        self.words = words
        super().__init__()

    def message(self, lang: str = "zh") -> str:
        return self.words(lang)


@dataclass(frozen=True)
class CloseRequest:
    """What the close dialog was given: checked against the case it was opened on."""

    outcome: Outcome
    refunded: Decimal | None
    on: date | None
    note: str


def _title(case: Case) -> str:
    return clean_text(mask_case_text(case, case.title))


class CloseCaseScreen(FormScreen, ModalScreen):
    """Close ``case``: its outcome, the refund where the outcome takes one, a note.
    Dismisses with a :class:`CloseRequest`, or None when cancelled."""

    CSS_PATH = screen_stylesheets("dialog")
    SCOPE = "form"

    def __init__(self, case: Case) -> None:
        super().__init__(id="close-dialog")
        self.case = case

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        with Vertical(classes="dialog"):
            yield Static(Text(tr("tui.close.title", id=self.case.id, title=_title(self.case)), style="bold"),
                         classes="dialog-title")
            yield FormField(tr("tui.close.outcome"), Select(
                [(f"{o.name(lang)} → {status_name(o.status, lang)}", o.id) for o in outcomes().values()],
                prompt=tr("tui.form.choose"), id="f-outcome", compact=True))
            yield FormField(tr("tui.close.refunded"), Input(id="f-refunded", compact=True,
                                                            placeholder=tr("tui.close.refunded_ph")))
            yield FormField(tr("tui.close.on"), Input(id="f-on", compact=True, placeholder=tr("tui.close.on_ph")))
            yield FormField(tr("tui.close.note"), Input(id="f-note", compact=True))
            yield Static(Text(tr("tui.dialog.keys"), style="dim"), classes="dialog-keys")
        yield Footer()

    def on_mount(self) -> None:
        self._show_refund()
        self.query_one("#f-outcome", Select).focus()

    @on(Select.Changed, "#f-outcome")
    def _show_refund(self) -> None:
        outcome = self._outcome()
        takes = outcome is not None and outcome.takes_refund
        for key in ("refunded", "on"):
            self.query_one(f"#f-{key}").query_ancestor(FormField).display = takes

    def _outcome(self) -> Outcome | None:
        value = self.query_one("#f-outcome", Select).value
        return outcomes().get(value) if isinstance(value, str) else None

    def _value(self, key: str) -> str:
        return clean_text(self.query_one(f"#f-{key}", Input).value).strip()

    def build(self) -> tuple[CloseRequest | None, dict[str, str]]:
        from cases.amounts import AmountError, parse_amount

        lang, now = self.app.lang, self.app.clock.now()
        errors: dict[str, str] = {}
        outcome = self._outcome()
        if outcome is None:
            return None, {"outcome": tr("tui.form.required")}
        refunded = on = None
        if outcome.takes_refund:
            if self._value("refunded"):
                try:
                    refunded = parse_amount(self._value("refunded"), lang)
                except AmountError as exc:
                    errors["refunded"] = exc.message(lang)
            if self._value("on"):
                try:
                    on = parse_instant(self._value("on"), lang, now).to(TZ).date()
                except ValueError as exc:
                    errors["on"] = str(exc)
        if errors:
            return None, errors
        try:  # the domain's own checks, on the case as it was read (never changed here)
            result_event(self.case, outcome, now, refunded=refunded, refunded_on=on, lang=lang)
        except ClosingError as exc:
            return None, {_ERROR_FIELD.get(exc.key, "outcome"): exc.message(lang)}
        return CloseRequest(outcome, refunded, on, clean_text(self.query_one("#f-note", Input).value,
                                                              multiline=True).strip()), {}

    def dirty(self) -> bool:
        return self._outcome() is not None or any(self._value(k) for k in ("refunded", "on", "note"))


class ReopenCaseScreen(FormScreen, ModalScreen):
    """Open a closed case again: why (optional). Dismisses with the note ("" for none), or None."""

    CSS_PATH = screen_stylesheets("dialog")
    SCOPE = "form"

    def __init__(self, case: Case) -> None:
        super().__init__(id="reopen-dialog")
        self.case = case

    def compose(self) -> ComposeResult:
        lang = self.app.lang
        with Vertical(classes="dialog"):
            yield Static(Text(tr("tui.reopen.title", id=self.case.id, title=_title(self.case),
                                 status=status_name(self.case.status.value, lang)), style="bold"),
                         classes="dialog-title")
            yield FormField(tr("tui.reopen.note"), Input(id="f-note", compact=True))
            yield Static(Text(tr("tui.dialog.keys"), style="dim"), classes="dialog-keys")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#f-note", Input).focus()

    def build(self) -> tuple[str, dict[str, str]]:
        return clean_text(self.query_one("#f-note", Input).value, multiline=True).strip(), {}

    def dirty(self) -> bool:
        return bool(self.query_one("#f-note", Input).value.strip())


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question: ``y`` or ``⏎`` says yes, ``n`` or ``esc`` no."""

    CSS_PATH = screen_stylesheets("dialog")
    BINDINGS = [
        Binding("y,enter", "answer(True)", tr("tui.confirm.yes")),
        Binding("n,escape", "answer(False)", tr("tui.confirm.no")),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(id="confirm-dialog")
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="dialog-title")
            yield Static(Text(tr("tui.confirm.keys"), style="dim"), classes="dialog-keys")
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def delete_question(case: Case) -> str:
    from storage.store import KEEP_DELETED_DAYS

    return tr("tui.delete.ask", id=case.id, title=_title(case), days=KEEP_DELETED_DAYS)


@dataclass(frozen=True)
class DeletedCase:
    """One deleted case as the list shows it (title masked)."""

    id: str
    title: str
    deleted: str  # local time, or "—"
    by: str


def deleted_cases(store) -> list[DeletedCase]:
    """Worker: the deleted cases, last deleted first, with who deleted them (the activity log)."""
    from cases.privacy import mask_text
    from cases.instants import shown_time
    from tui.cli.cmd_closing import deleted_by

    who = deleted_by(store)
    docs = sorted(store.summary_docs(deleted=True), key=lambda d: (d.get("deleted") or "", d["id"]), reverse=True)
    return [DeletedCase(d["id"], clean_text(mask_text(str(d.get("title", "")), names=d.get("names") or ())),
                        shown_time(d.get("deleted")), who.get(d["id"]) or "—") for d in docs]


class DeletedCasesScreen(ModalScreen[str | None]):
    """The deleted cases; ``⏎`` restores the highlighted one (dismisses with its id)."""

    CSS_PATH = screen_stylesheets("dialog", "closing")
    BINDINGS = [Binding("escape", "dismiss_none", tr("tui.cmd.back"))]

    def __init__(self, cases: list[DeletedCase]) -> None:
        super().__init__(id="deleted-dialog")
        self.cases = cases

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(tr("tui.deleted.title", n=len(self.cases)), style="bold"), classes="dialog-title")
            if self.cases:
                yield OptionList(*[Option(self._line(c), id=c.id) for c in self.cases], id="deleted-list")
            else:
                yield Static(Text(tr("tui.deleted.none"), style="italic"))
            yield Static(Text(tr("tui.deleted.keys"), style="dim"), classes="dialog-keys")
        yield Footer()

    @staticmethod
    def _line(item: DeletedCase) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(item.id, style="bold")
        text.append(f"  {item.title}  ")
        text.append(tr("tui.deleted.when", at=item.deleted, by=item.by), style="dim")
        return text

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
