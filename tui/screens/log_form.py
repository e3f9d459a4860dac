"""Log a contact: channel, kind, time, ticket, agent, what was said, what was promised.

The resulting deadline is previewed live under the promise field, computed by the
same domain functions the dashboard uses. The time and the promise may be typed as
people say them ("昨天 15:30", "明天上午10点"): beside each, the instant understood
("→ 2026-11-23 10:00 周一"), read against the app's clock. When the promise field is empty and what
was said mentions a duration ("客服答应2小时内回复"), the form offers it as the
deadline under that field; one key (``accept_deadline`` in tui.commands) takes
it. Nothing is applied without that key.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import arrow
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Footer, Input, Select, Static, TextArea

from cases.clock import local
from cases.channels import ladder
from cases.clock import in_future, parse_instant, to_iso
from cases.closing import MOVING_KINDS, ClosingError, result_event
from cases.countdown import format_countdown
from cases.deadlines import Deadline, case_deadline
from cases.durations import find_duration_mention
from cases.typed_deadline import resolve_deadline
from cases.i18n import tr
from cases.amounts import AmountError, parse_amount
from cases.model import Case, Event, EventKind
from cases.privacy import mask_case_text
from cases.sanitize import clean_text
from cases.spoken_time import shown_instant
from cases.statuses import Outcome, outcomes
from themes.loader import screen_stylesheets
from tui.commands import bindings_for, command
from tui.screens.form_screen import FormScreen
from tui.widgets.form_field import FormField


@dataclass(frozen=True)
class DeadlineOffer:
    """A duration found in what was said, offered as the deadline."""

    phrase: str  # as written: "2小时内"
    value: str  # what goes into the promise field: "2小时" ("2h" in English)
    at: arrow.Arrow  # the deadline it gives, from the entry's time
    estimated: bool  # working days into a year without a published schedule


@dataclass(frozen=True)
class LogEntry:
    """What the log form was given: the entry, and whether its result closes the case."""

    event: Event
    close: bool = False


def _marked(name: str, field: FormField) -> FormField:
    field.add_class(name)
    return field


def refuse_on_closed(case: Case, kind: str, lang: str) -> None:
    """A closed case takes no filing, acceptance or urge (as tousu log): ClosingError."""
    if case.closed and kind in MOVING_KINDS:
        from tui.commands import command

        raise ClosingError("tui.log.closed_kind", lang, id=case.id, status=case.status.value,
                           kind=tr(f"tui.kind.{kind}", lang), press=command("end_case").shown_key)


class LogFormScreen(FormScreen):
    """Dismisses with a :class:`LogEntry` (to be saved), or None when cancelled."""

    CSS_PATH = screen_stylesheets("form", "log_form")
    SCOPE = "log"
    BINDINGS = bindings_for("log")

    def __init__(self, case: Case) -> None:
        super().__init__(id="log-form")
        self.case = case
        self._kind_touched = False
        self.offer: DeadlineOffer | None = None
        self._before: tuple[Deadline | None] | None = None  # the case's deadline without the entry

    def compose(self) -> ComposeResult:
        app = self.app
        lang = app.lang
        current = self.case.current_channel or "platform-cs"
        title = mask_case_text(self.case, self.case.title)
        yield Static(Text(tr("tui.log.title", id=self.case.id, title=title), style="bold"), id="form-title")
        with VerticalScroll(id="form-body"):
            yield FormField(tr("tui.field.channel"), Select(
                [(f"{c.tier} · {c.name(lang)}", c.id) for c in ladder().values()],
                value=current, allow_blank=False, id="f-channel", compact=True,
            ))
            yield FormField(tr("tui.field.kind"), Select(
                [(tr(f"tui.kind.{k.value}"), k.value) for k in EventKind],
                value=self._default_kind(current), allow_blank=False, id="f-kind", compact=True,
            ))
            # A result's outcome (and refund), and whether it closes the case: shown for a result.
            yield _marked("result-only", FormField(tr("tui.close.outcome"), Select(
                [(o.name(lang), o.id) for o in outcomes().values()],
                prompt=tr("tui.log.no_outcome"), id="f-outcome", compact=True,
            )))
            yield _marked("refund-only", FormField(tr("tui.close.refunded"), Input(
                id="f-refunded", compact=True, placeholder=tr("tui.close.refunded_ph"))))
            yield _marked("close-only", FormField("", Checkbox(Text(tr("tui.log.close")), False, id="f-close",
                                                               compact=True)))
            yield FormField(tr("tui.field.at"), Input(local(app.clock.now()).format("YYYY-MM-DD HH:mm"), id="f-at", compact=True),
                            required=True, echo=True)
            yield FormField(tr("tui.field.ticket"), Input(id="f-ticket", compact=True))
            yield FormField(tr("tui.field.agent"), Input(id="f-agent", compact=True))
            yield FormField(tr("tui.field.said"), TextArea(id="f-said", compact=True))
            yield FormField(tr("tui.field.promise"), Input(placeholder=tr("tui.log.promise_ph"), id="f-promise", compact=True),
                            note=tr("tui.log.promise_note"), echo=True)
            yield Static(id="deadline-offer")
            yield Static(id="deadline-preview")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#f-channel", Select).focus()
        self._show_result_fields()
        self._preview()
        self._echo_times()

    def _default_kind(self, channel: str) -> str:
        if channel != self.case.current_channel:
            return EventKind.SUBMITTED.value
        return EventKind.CONTACT.value

    # -- live preview -----------------------------------------------------------
    @on(Select.Changed, "#f-channel")
    def _channel_changed(self, event: Select.Changed) -> None:
        if not self._kind_touched and isinstance(event.value, str):
            self.query_one("#f-kind", Select).value = self._default_kind(event.value)
        self._preview()

    @on(Select.Changed, "#f-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if event.value != self._default_kind(str(self.query_one("#f-channel", Select).value)):
            self._kind_touched = True
        self._show_result_fields()
        self._preview()

    @on(Select.Changed, "#f-outcome")
    def _outcome_changed(self) -> None:
        self._show_result_fields()

    def _outcome(self) -> Outcome | None:
        """The result's outcome chosen (None: none, or the entry is no result)."""
        if self.query_one("#f-kind", Select).value != EventKind.RESULT.value:
            return None
        value = self.query_one("#f-outcome", Select).value
        return outcomes().get(value) if isinstance(value, str) else None

    def _show_result_fields(self) -> None:
        result = self.query_one("#f-kind", Select).value == EventKind.RESULT.value
        outcome = self._outcome()
        shown = {"result-only": result, "refund-only": outcome is not None and outcome.takes_refund,
                 "close-only": outcome is not None and not self.case.closed}
        for name, show in shown.items():
            for field in self.query(f"FormField.{name}"):
                field.display = show

    @on(Input.Changed)
    @on(TextArea.Changed, "#f-said")
    def _input_changed(self) -> None:
        self._preview()

    def _deadline_before(self) -> Deadline | None:
        if self._before is None:
            self._before = (case_deadline(self.case, self.app.calendar, practice=self.app.store.practice),)
        return self._before[0]

    def _preview(self) -> None:
        self._update_offer()
        entry, errors = self.build()
        event = entry.event if entry is not None else None
        preview = self.query_one("#deadline-preview", Static)
        if event is None:
            preview.update(Text(tr("tui.log.preview_wait"), style="dim"))
            return
        # A shallow copy with its own timeline list: add_event changes only the list and
        # the new entry (a deep copy cost ~0.1 s per key on a 10,000-entry case).
        trial = replace(self.case, timeline=list(self.case.timeline))
        trial.add_event(event)
        deadline = case_deadline(trial, self.app.calendar, practice=self.app.store.practice)
        before = self._deadline_before()
        text = Text("→ ")
        if deadline is None:
            text.append(tr("tui.log.preview_none"))
        else:
            unchanged = before is not None and before.at == deadline.at
            key = "tui.log.preview_same" if unchanged else "tui.log.preview"
            text.append(tr(key, at=local(deadline.at).format("YYYY-MM-DD HH:mm")))
            text.append("  ")
            text.append(format_countdown(deadline, self.app.clock.now(), self.app.lang, self.app.calendar), style="bold")
            if deadline.basis:
                text.append(f"  {deadline.basis}", style="dim")
        preview.update(text)

    @on(Input.Changed, "#f-at, #f-promise")
    def _echo_times(self) -> None:
        """Beside the time and the promise: the instant each was understood as, or nothing."""
        at = deadline = None
        try:
            at = self._at()
            if self._value("promise"):
                deadline = self._deadline(at)
        except ValueError:
            pass
        for key, value in (("at", at), ("promise", deadline)):
            field = self.query_one(f"#f-{key}").query_ancestor(FormField)
            field.set_echo(f"→ {shown_instant(value, self.app.lang)}" if value is not None else "")

    def _at(self) -> arrow.Arrow:
        """The entry's time as typed, read against the clock (ValueError with a message)."""
        return parse_instant(self._value("at"), self.app.lang, self.app.clock.now())

    def _deadline(self, at: arrow.Arrow) -> arrow.Arrow:
        """The promise as typed, from the entry's time ``at`` (ValueError with a message)."""
        return resolve_deadline(self._value("promise"), at, self.app.calendar, self.app.lang,
                                now=self.app.clock.now()).at

    # -- a deadline offered from what was said -------------------------------------
    def _find_offer(self) -> DeadlineOffer | None:
        if self._value("promise"):
            return None  # the user said what the deadline is
        mention = find_duration_mention(self._said())
        if mention is None:
            return None
        try:
            since = self._at()
        except ValueError:
            return None  # no time to count from yet
        value = mention.duration.text(self.app.lang)
        try:
            resolved = resolve_deadline(value, since, self.app.calendar)
        except ValueError:  # pragma: no cover - defensive: a found duration's text reads back
            return None
        return DeadlineOffer(mention.phrase, value, resolved.at, resolved.estimated)

    def _update_offer(self) -> None:
        offer = self._find_offer()
        widget = self.query_one("#deadline-offer", Static)
        if offer is not None:
            at = local(offer.at).format("YYYY-MM-DD HH:mm")
            if offer.estimated:
                at = tr("cases.countdown.estimated") + at
            key = command("accept_deadline").key.split(",")[0]
            widget.update(Text(tr("tui.log.offer", phrase=offer.phrase, at=at, key=key)))
        widget.display = offer is not None
        if offer != self.offer:
            self.offer = offer
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "accept_deadline":
            return self.offer is not None  # else the key is the field's own (delete right)
        return True

    def action_accept_deadline(self) -> None:
        if self.offer is not None:
            self.query_one("#f-promise", Input).value = self.offer.value  # previewed as if typed

    # -- reading the form ---------------------------------------------------
    def _said(self) -> str:
        return clean_text(self.query_one("#f-said", TextArea).text, multiline=True).strip()

    def _value(self, key: str) -> str:
        return clean_text(self.query_one(f"#f-{key}", Input).value).strip()

    def build(self) -> tuple[Event | None, dict[str, str]]:
        errors: dict[str, str] = {}
        at_text = self._value("at")
        at = None
        if not at_text:
            errors["at"] = tr("tui.form.required")
        else:
            try:
                at = self._at()
            except ValueError as exc:
                errors["at"] = str(exc)
            else:
                if in_future(at, self.app.clock.now()):  # as tousu log --at refuses it
                    errors["at"], at = tr("tui.form.future_time"), None
        promise = self._value("promise")
        deadline_iso = None
        if promise and at is not None:
            try:
                deadline_iso = to_iso(self._deadline(at))
            except ValueError as exc:
                errors["promise"] = str(exc)
        kind = str(self.query_one("#f-kind", Select).value)
        try:
            refuse_on_closed(self.case, kind, self.app.lang)
        except ClosingError as exc:
            errors["kind"] = exc.message(self.app.lang)
        outcome = self._outcome()
        refunded = None
        if outcome is not None and outcome.takes_refund and self._value("refunded"):
            try:
                refunded = parse_amount(self._value("refunded"), self.app.lang)
            except AmountError as exc:
                errors["refunded"] = exc.message(self.app.lang)
        if errors or at is None:
            return None, errors
        channel = str(self.query_one("#f-channel", Select).value)
        event = Event(
            kind=kind,
            channel=channel,
            at=to_iso(at),
            ticket=self._value("ticket"),
            agent=self._value("agent"),
            said=self._said(),
            promised=promise,
            deadline=deadline_iso,
        )
        if outcome is not None:  # its outcome and refund, checked against the case as tousu log does
            try:
                said = result_event(self.case, outcome, at, channel=channel, refunded=refunded, lang=self.app.lang)
            except ClosingError as exc:
                return None, {"refunded" if outcome.takes_refund else "outcome": exc.message(self.app.lang)}
            event.outcome, event.refunded, event.refunded_on = said.outcome, said.refunded, said.refunded_on
        close = outcome is not None and not self.case.closed and self.query_one("#f-close", Checkbox).value
        return LogEntry(event, close), {}

    def dirty(self) -> bool:
        return bool(any(self._value(k) for k in ("ticket", "agent", "promise"))
                    or self.query_one("#f-said", TextArea).text)
