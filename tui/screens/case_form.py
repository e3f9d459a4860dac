"""Add or edit a case. Validation errors appear under their field; nothing typed is lost:
when the store refuses the saved case (a conflict with another volunteer's edit, a
busy or unwritable store), the app shows the form again as it was (see FormScreen)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Footer, Input, Select, Static, TextArea

from cases.categories import categories
from cases.i18n import tr
from cases.identifiers import check_credit_code, check_id_number, check_phone
from cases.model import Case, Complainant, Demands, Entity, Status
from cases.sanitize import clean_text
from tui.screens.form_screen import FormScreen
from tui.order_lines import format_orders, parse_orders
from tui.widgets.form_field import FormField

# (id, label key, required); every one is a single-line Input.
_LINES = {
    "title": True, "platform": True,
    "entity_name": False, "credit_code": False, "icp": False, "entity_address": False,
    "legal_rep": False, "website": False,
    "name": False, "phone": False, "id_number": False, "address": False,
    "demand_basic": False, "demand_comp": False, "tags": False,
}


class CaseFormScreen(FormScreen):
    """Dismisses with the case as typed (to be saved), or None when cancelled."""

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
            "tags": "、".join(base.tags),
        }
        with VerticalScroll(id="form-body"):
            for key in ("title", "platform"):
                yield self._line(key, values[key])
            yield FormField(tr("tui.field.category"), Select(
                [(c.name(), c.id) for c in categories().values()],
                value=base.category if base.category in categories() else Select.NULL,
                prompt=tr("tui.form.choose"), id="f-category", compact=True,
            ))
            yield FormField(tr("tui.field.status"), Select(
                [(tr(f"tui.status.{s.value}"), s.value) for s in Status],
                value=base.status.value, allow_blank=False, id="f-status", compact=True,
            ))
            yield FormField(
                tr("tui.field.orders"),
                TextArea(format_orders(base.orders), id="f-orders", soft_wrap=False, compact=True),
                note=tr("tui.form.orders_note"),
            )
            for key in ("entity_name", "credit_code", "icp", "entity_address", "legal_rep", "website",
                        "name", "phone", "id_number", "address",
                        "demand_basic", "demand_comp", "tags"):
                yield self._line(key, values[key])
            # The user's own findings: never inferred from the category (cases.claims, cases.laws).
            for key, value in (("fraud", base.fraud), ("contract_denied", base.contract_denied)):
                yield FormField(tr(f"tui.field.{key}"), Checkbox(Text(tr(f"tui.form.mark.{key}")), value,
                                                                 id=f"f-{key}", compact=True))
            yield FormField(tr("tui.field.notes"), TextArea(base.notes, id="f-notes", compact=True))
        yield Footer()

    def _line(self, key: str, value: str) -> FormField:
        placeholder = tr(f"tui.form.ph.{key}")
        return FormField(
            tr(f"tui.field.{key}"),
            Input(value, placeholder="" if placeholder.startswith("tui.") else placeholder, id=f"f-{key}", compact=True),
            required=_LINES[key],
        )

    def on_mount(self) -> None:
        self.query_one("#f-title", Input).focus()

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
        orders, order_errors = parse_orders(self.query_one("#f-orders", TextArea).text)
        if order_errors:
            errors["orders"] = "；".join(order_errors)
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
        return case, {}

    def dirty(self) -> bool:
        case, errors = self.build()
        if errors or case is None:
            return True
        base = self.base or Case(status=Status.OPEN)
        return case.to_dict() != Case.from_dict(base.to_dict()).to_dict()
