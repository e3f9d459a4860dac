"""A case's fields in words: the one mapping from a stored field id (``Case``'s
dataclass fields, ``storage.store.MERGE_FIELDS``) to the label the forms and the case
detail show, in the UI's catalogue. Used wherever a message names fields (an edit
conflict), so a message says 标题 / Title, never ``title``."""

from __future__ import annotations

from cases.i18n import tr

#: Field id -> catalogue key of its label (the form's field, or the detail's section).
FIELD_LABELS: dict[str, str] = {
    "title": "tui.field.title",
    "platform": "tui.field.platform",
    "entity": "tui.detail.section.entity",
    "category": "tui.field.category",
    "orders": "tui.field.orders",
    "complainant": "tui.detail.section.complainant",
    "demands": "tui.detail.section.demands",
    "status": "tui.field.status",
    "tags": "tui.field.tags",
    "notes": "tui.field.notes",
    "timeline": "tui.detail.section.timeline",
    "evidence": "tui.detail.section.evidence",
    "group_id": "tui.field.group",
    "assignee": "tui.field.assignee",
    "filed_for_other": "tui.field.filed_for_other",
    "power_of_attorney": "escalate.field.power_of_attorney",
    "fraud": "tui.field.fraud",
    "contract_denied": "tui.field.contract_denied",
    "drafts": "tui.field.drafts",
    "filed": "tui.detail.section.filed",
}


def field_name(field: str, lang: str | None = None) -> str:
    """The label of ``field`` in ``lang``; the id itself for a field without one."""
    key = FIELD_LABELS.get(field)
    return tr(key, lang) if key is not None else field


def field_names(fields: list[str], lang: str | None = None) -> str:
    """Several fields in words, joined as the language lists things."""
    return tr("cli.sep.list", lang).join(field_name(f, lang) for f in fields)
