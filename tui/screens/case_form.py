"""Add or edit a case. Validation errors appear under their field; nothing typed is lost:
when the store refuses the saved case (a conflict with another volunteer's edit, a
busy or unwritable store), the app shows the form again as it was (see FormScreen).

A new case may carry its first contact, as ``tousu add --channel --submitted --ticket
--deadline`` does: the channel, when (empty: now), the ticket and the promise, the
times typed as people say them, each shown beside as understood. A title pasted with
several lines keeps its first line; the others go to the notes, and the form says so."""

from __future__ import annotations

from dataclasses import dataclass

import arrow
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, Footer, Input, Select, Static, TextArea

from cases.categories import categories
from cases.channels import ladder
from cases.clock import in_future, parse_instant, to_iso
from cases.typed_deadline import resolve_deadline
from cases.i18n import tr
from cases.identifiers import check_credit_code, check_id_number, check_phone
from cases.model import Case, Complainant, Demands, Entity, Event, EventKind, Status, split_title
from cases.sanitize import clean_text
from cases.statuses import status_name
from cases.spoken_time import shown_instant
from themes.loader import screen_stylesheets
from tui.screens.form_screen import FormScreen
from tui.order_lines import format_orders, parse_orders
from tui.widgets.form_field import FormField

# (id, label key, required); every one is a single-line Input.
_LINES = {
    "title": True, "platform": True,
    "entity_name": False, "credit_code": False, "icp": False, "entity_address": False,
    "legal_rep": False, "website": False,
    "name": False, "phone": False, "id_number": False, "address": False,
    "demand_basic": False, "demand_comp": False, "tags": False, "assignee": False,
}


class TitleInput(Input):
    """The title: a paste of several lines keeps its first line here and hands the
    others to the form (:class:`TitleInput.MoreLines`) instead of dropping them."""

    @dataclass
    class MoreLines(Message):
        text: str

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input's own paste keeps the first line and drops the rest
        event.stop()
        title, more = split_title(event.text)
        if title:
            if self.selection.is_empty:
                self.insert_text_at_cursor(title)
            else:
                self.replace(title, *self.selection)
        if more:
            self.post_message(self.MoreLines(more))


class CaseFormScreen(FormScreen):
    """Dismisses with the case as typed (to be saved), or None when cancelled."""

    CSS_PATH = screen_stylesheets("form")
    def __init__(self, base: Case | None) -> None:
        super().__init__(id="case-form")
        self.base = base

    # -- layout -------------------------------------------------------------
    def compose(self) -> ComposeResult:
        base = self.base or Case()
        heading = tr("tui.form.edit_title", id=base.id) if self.base else tr("tui.form.new_title")
        yield Static(Text(heading, style="bold"), id="form-title")
        values = {
            "title": base.title, "platform": base.platform,
            "entity_name": base.entity.name, "credit_code": base.entity.credit_code,
            "icp": base.entity.icp, "entity_address": base.entity.address,
            "legal_rep": base.entity.legal_rep, "website": base.entity.website,
            "name": base.complainant.name, "phone": base.complainant.phone,
            "id_number": base.complainant.id_number, "address": base.complainant.address,
            "demand_basic": base.demands.basic, "demand_comp": base.demands.compensation,
            "tags": "、".join(base.tags), "assignee": base.assignee,
        }
        with VerticalScroll(id="form-body"):
            yield self._line("title", values["title"], TitleInput)
            yield self._line("platform", values["platform"])
            yield FormField(tr("tui.field.category"), Select(
                [(c.name(), c.id) for c in categories().values()],
                value=base.category if base.category in categories() else Select.NULL,
                prompt=tr("tui.form.choose"), id="f-category", compact=True,
            ))
            yield self._status_field(base)
            yield FormField(
                tr("tui.field.orders"),
                TextArea(format_orders(base.orders), id="f-orders", soft_wrap=False, compact=True),
                note=tr("tui.form.orders_note"),
            )
            if self.base is None:
                yield from self._first_contact()
            for key in ("entity_name", "credit_code", "icp", "entity_address", "legal_rep", "website",
                        "name", "phone", "id_number", "address",
                        "demand_basic", "demand_comp", "tags", "assignee"):
                yield self._line(key, values[key])
            # The user's own findings: never inferred from the category (cases.claims, cases.laws).
            for key, value in (("fraud", base.fraud), ("contract_denied", base.contract_denied)):
                yield FormField(tr(f"tui.field.{key}"), Checkbox(Text(tr(f"tui.form.mark.{key}")), value,
                                                                 id=f"f-{key}", compact=True))
            yield FormField(tr("tui.field.notes"), TextArea(base.notes, id="f-notes", compact=True))
        yield Footer()

    def _status_field(self, base: Case) -> FormField:
        """Open and waiting only: a case is closed, and reopened, through its result
        (``end_case``), so a closed case's status is shown here but not changed."""
        from tui.commands import command

        lang = self.app.lang
        if base.closed:
            choices = [base.status]
            note = tr("tui.form.status_closed", key=command("end_case").shown_key)
        else:
            choices = [s for s in Status if not s.closed]
            note = ""
        return FormField(tr("tui.field.status"), Select(
            [(status_name(s.value, lang), s.value) for s in choices],
            value=base.status.value, allow_blank=False, id="f-status", compact=True, disabled=base.closed,
        ), note=note)

    def _line(self, key: str, value: str, kind: type[Input] = Input) -> FormField:
        placeholder = tr(f"tui.form.ph.{key}")
        return FormField(
            tr(f"tui.field.{key}"),
            kind(value, placeholder="" if placeholder.startswith("tui.") else placeholder, id=f"f-{key}", compact=True),
            required=_LINES[key],
        )

    def _first_contact(self) -> ComposeResult:
        """The new case's first contact (all optional): channel, when, ticket, promise."""
        lang = self.app.lang
        yield Static(Text(tr("tui.form.first_contact"), style="bold"), classes="form-section")
        yield FormField(tr("tui.field.channel"), Select(
            [(f"{c.tier} · {c.name(lang)}", c.id) for c in ladder().values()],
            prompt=tr("tui.form.no_channel"), id="f-channel", compact=True,
        ))
        yield FormField(tr("tui.field.at"), Input(placeholder=tr("tui.form.ph.first_at"), id="f-at", compact=True),
                        echo=True)
        yield FormField(tr("tui.field.ticket"), Input(id="f-ticket", compact=True))
        yield FormField(tr("tui.field.promise"), Input(placeholder=tr("tui.log.promise_ph"), id="f-promise",
                                                       compact=True), echo=True)

    def on_mount(self) -> None:
        self.query_one("#f-title", Input).focus()

    @on(TitleInput.MoreLines)
    def _title_lines(self, message: TitleInput.MoreLines) -> None:
        notes = self.query_one("#f-notes", TextArea)
        notes.text = f"{notes.text.rstrip()}\n{message.text}" if notes.text.strip() else message.text
        self.notify(tr("tui.form.title_lines", n=message.text.count("\n") + 1))

    @on(Input.Changed, "#f-at, #f-promise")
    def _echo_times(self) -> None:
        """Beside the first contact's time and promise: the instant each was understood as."""
        at = deadline = None
        try:
            at = self._first_at()
            if self._text("promise"):
                deadline = self._first_deadline(at)
        except ValueError:
            pass
        for key, value, typed in (("at", at, self._text("at")), ("promise", deadline, True)):
            field = self.query_one(f"#f-{key}").query_ancestor(FormField)
            field.set_echo(f"→ {shown_instant(value, self.app.lang)}" if value is not None and typed else "")

    def _first_at(self) -> arrow.Arrow:
        """The first contact's time: as typed, read against the clock; empty: now."""
        now = self.app.clock.now()
        text = self._text("at")
        return parse_instant(text, self.app.lang, now) if text else now

    def _first_deadline(self, at: arrow.Arrow) -> arrow.Arrow:
        return resolve_deadline(self._text("promise"), at, self.app.calendar, self.app.lang,
                                now=self.app.clock.now()).at

    # -- reading the form ---------------------------------------------------
    def _text(self, key: str) -> str:
        return clean_text(self.query_one(f"#f-{key}", Input).value).strip()

    def build(self) -> tuple[Case | None, dict[str, str]]:
        """The case as typed, or the errors by field id."""
        errors: dict[str, str] = {}
        for key, required in _LINES.items():
            if required and not self._text(key):
                errors[key] = tr("tui.form.required")
        checks = {"credit_code": check_credit_code, "phone": check_phone, "id_number": check_id_number}
        base = self.base or Case()
        previous = {"credit_code": base.entity.credit_code, "phone": base.complainant.phone,
                    "id_number": base.complainant.id_number}
        for key, check in checks.items():
            value = self._text(key)
            # An unchanged stored value is not re-judged: an old record must stay editable.
            if value and value != previous[key]:
                problem = check(value)
                if problem:
                    errors[key] = tr(problem)
        orders, order_errors = parse_orders(self.query_one("#f-orders", TextArea).text, self.app.clock.now())
        if order_errors:
            errors["orders"] = "；".join(order_errors)
        first = self._first_event(errors) if self.base is None else None
        if errors:
            return None, errors

        case = Case.from_dict(base.to_dict())
        case.title = self._text("title")
        case.platform = self._text("platform")
        category = self.query_one("#f-category", Select).value
        case.category = category if isinstance(category, str) else ""
        case.status = Status(self.query_one("#f-status", Select).value)
        case.orders = orders
        case.entity = Entity(self._text("entity_name"), self._text("credit_code").upper(),
                             self._text("icp"), self._text("entity_address"),
                             self._text("legal_rep"), self._text("website"))
        case.fraud = self.query_one("#f-fraud", Checkbox).value
        case.contract_denied = self.query_one("#f-contract_denied", Checkbox).value
        case.complainant = Complainant(self._text("name"), self._text("phone"),
                                       self._text("id_number").upper(), self._text("address"))
        case.demands = Demands(self._text("demand_basic"), self._text("demand_comp"))
        tags = self._text("tags").replace(",", "、").replace("，", "、").replace(" ", "、")
        case.tags = [t for t in (x.strip() for x in tags.split("、")) if t]
        case.notes = clean_text(self.query_one("#f-notes", TextArea).text, multiline=True).strip()
        case.assignee = self._text("assignee")
        if first is not None:
            case.add_event(first)
        return case, {}

    def _first_event(self, errors: dict[str, str]) -> Event | None:
        """The first contact as typed (None when none is), its errors added to ``errors``."""
        channel = self.query_one("#f-channel", Select).value
        if not isinstance(channel, str):
            if any(self._text(key) for key in ("at", "ticket", "promise")):
                errors["channel"] = tr("tui.form.needs_channel")
            return None
        now = self.app.clock.now()
        try:
            at = self._first_at()
        except ValueError as exc:
            errors["at"] = str(exc)
            return None
        if in_future(at, now):  # as tousu add --submitted refuses it
            errors["at"] = tr("tui.form.future_time")
            return None
        deadline = None
        if self._text("promise"):
            try:
                deadline = self._first_deadline(at)
            except ValueError as exc:
                errors["promise"] = str(exc)
                return None
            if deadline < at:
                errors["promise"] = tr("tui.form.deadline_before")
                return None
        return Event(kind=EventKind.SUBMITTED.value, channel=channel, at=to_iso(at), ticket=self._text("ticket"),
                     promised=self._text("promise"), deadline=to_iso(deadline) if deadline is not None else None)

    def dirty(self) -> bool:
        case, errors = self.build()
        if errors or case is None:
            return True
        base = self.base or Case(status=Status.OPEN)
        return case.to_dict() != Case.from_dict(base.to_dict()).to_dict()
