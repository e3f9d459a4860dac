"""The group screen's rows: one per participant, built from the stored document.

A row keeps the fields the roster view and its totals need, read from the stored
dictionary (``Store.roster_docs``) without building a :class:`cases.roster.Participant`
(30,000 of them cost ~0.4 s). Text is cleaned (:func:`cases.sanitize.clean_text`) and
masked (:mod:`cases.privacy`) only for the cells painted, a screenful at a time. A row
answers what :func:`cases.roster.totals` asks of a participant (``amount``,
``evidence_complete``, ``consent``, ``poa``, ``assignee``, ``consents``), so the totals
are the same figures as ``tousu group show``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from cases.i18n import tr
from cases.privacy import mask_name, mask_phone
from cases.roster import EVIDENCE_KINDS
from cases.sanitize import clean_text
from cases.statuses import status_name

_ZERO = Decimal("0.00")


def _text(doc: dict[str, Any], name: str) -> str:
    value = doc.get(name)
    return value if isinstance(value, str) else ""


def _amount(orders: Any) -> Decimal:
    total = _ZERO
    for order in orders if isinstance(orders, list) else ():
        value = order.get("amount") if isinstance(order, dict) else None
        try:
            total += Decimal(value) if isinstance(value, str) else _ZERO
        except InvalidOperation:
            continue  # (a damaged amount counts nothing; `tousu group show` names the document)
    return total


class RosterRow:
    """One participant as the roster view shows it."""

    __slots__ = ("doc", "id", "name", "phone", "orders", "amount", "evidence", "consent", "poa", "status",
                 "assignee", "marked", "consents", "blob")

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.id = _text(doc, "id")
        self.name = _text(doc, "name")
        self.phone = _text(doc, "phone")
        orders = doc.get("orders")
        self.orders = len(orders) if isinstance(orders, list) else 0
        self.amount = _amount(orders)
        evidence = doc.get("evidence")
        self.evidence = tuple(k for k in EVIDENCE_KINDS if isinstance(evidence, list) and k in evidence)
        self.consent = doc.get("consent") is True
        self.poa = doc.get("poa") is True
        self.status = _text(doc, "status") or "open"
        self.assignee = _text(doc, "assignee")
        self.marked = doc.get("marked") is True
        consents = doc.get("consents")
        self.consents = consents if isinstance(consents, dict) else {}
        numbers = " ".join(o["number"] for o in orders if isinstance(o, dict) and isinstance(o.get("number"), str)) \
            if isinstance(orders, list) else ""
        self.blob = " ".join((self.id, self.name, self.phone, numbers, self.assignee, _text(doc, "notes"))).casefold()

    @property
    def evidence_complete(self) -> bool:
        return len(self.evidence) == len(EVIDENCE_KINDS)

    def cell(self, column: str, lang: str, reveal: bool) -> str:
        """The text of ``column`` (see :mod:`tui.widgets.roster_list`), cleaned, masked unless ``reveal``."""
        if column == "id":
            return self.id or "-"
        if column == "name":
            name = clean_text(self.name)
            return name if reveal else mask_name(name)
        if column == "phone":
            phone = clean_text(self.phone)
            return phone if reveal else mask_phone(phone)
        if column == "amount":
            return tr("tui.group.orders_amount", lang, n=self.orders, amount=f"{self.amount:,.2f}")
        if column == "evidence":
            return "".join(tr(f"cli.group.evidence.{k}", lang) if k in self.evidence else "-" for k in EVIDENCE_KINDS)
        if column == "consent":
            return tr("tui.group.yes_mark", lang) if self.consent else "-"
        if column == "poa":
            return tr("tui.group.yes_mark", lang) if self.poa else "-"
        if column == "status":
            return status_name(self.status, lang)
        if column == "assignee":
            return clean_text(self.assignee) or "-"
        if column == "marked":
            return "★" if self.marked else ""
        raise KeyError(column)


def build_rows(docs: list[dict[str, Any]]) -> list[RosterRow]:
    """Rows of the stored documents (30,000: ~0.1 s; run in a worker)."""
    return [RosterRow(d) for d in docs]
