"""A participant's fields as volunteers type them (a form, ``tousu group set``, a roster
file): yes/no words, evidence kinds, statuses and dates read, a field set by name, and
the refusal when a value does not fit."""

from __future__ import annotations

from typing import Any

from cases.i18n import tr
from cases.model import Status
from cases.roster import EDITABLE, EVIDENCE_KINDS, Participant
from cases.sanitize import clean_text


class FieldValueError(ValueError):
    """A value that field cannot take; ``str()`` is in the language given."""

    def __init__(self, key: str, lang: str, **values: Any) -> None:
        self.key, self.values = key, values
        super().__init__(tr(key, lang, **values))


_YES = frozenset({"1", "y", "yes", "true", "是", "有", "已", "已签", "已收", "同意", "√", "✓"})
_NO = frozenset({"", "0", "n", "no", "false", "否", "无", "没有", "未", "未签", "未收", "不同意", "×", "✗"})

#: Words for the evidence kinds as volunteers write them (besides the ids).
_EVIDENCE_WORDS = {
    "交易凭证": "transaction", "交易": "transaction", "支付记录": "transaction", "payment": "transaction",
    "沟通记录": "communication", "沟通": "communication", "聊天记录": "communication",
    "商品异常证据": "anomaly", "商品异常": "anomaly", "异常": "anomaly", "defect": "anomaly",
}


def read_flag(text: str, lang: str = "zh") -> bool:
    value = clean_text(str(text)).strip().casefold()
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise FieldValueError("cases.roster.bad_flag", lang, value=clean_text(str(text)))


def read_evidence(text: str, lang: str = "zh") -> list[str]:
    """"交易凭证、沟通记录" / "transaction,communication" → the kinds, in checklist order."""
    import re

    found = set()
    for word in re.split(r"[,，、;；/\s]+", clean_text(str(text)).strip()):
        if not word:
            continue
        kind = word.casefold() if word.casefold() in EVIDENCE_KINDS else _EVIDENCE_WORDS.get(word.casefold())
        if kind is None:
            raise FieldValueError("cases.roster.bad_evidence", lang, value=word)
        found.add(kind)
    return [k for k in EVIDENCE_KINDS if k in found]


def read_status(text: str, lang: str = "zh") -> str:
    """A status by id or by its name in either language (进行中, waiting …)."""
    from cases.i18n import LANGS
    from cases.statuses import status_name

    value = clean_text(str(text)).strip()
    for status in Status:
        if value.casefold() == status.value or any(value == status_name(status.value, lg) for lg in LANGS):
            return status.value
    raise FieldValueError("cases.roster.bad_status", lang, value=value,
                          known=", ".join(s.value for s in Status))


def read_date(text: str, lang: str = "zh") -> str:
    """A date such as a 委托书's 期限: "2027-06-30", "2027/6/30", "2027年6月30日" → "2027-06-30"."""
    import re
    from datetime import date

    value = clean_text(str(text)).strip()
    if not value:
        return ""
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?", value)
    try:
        if m is None:
            raise ValueError
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        raise FieldValueError("cases.roster.bad_date", lang, value=value) from None


def set_field(p: Participant, name: str, value: str, lang: str = "zh") -> None:
    """Set one editable field from text as typed (``tousu group set … field=value``), checked.

    ``orders`` cannot be set this way (an import or the group screen changes them);
    :class:`FieldValueError` for an unknown field or a value it cannot take."""
    from cases.identifiers import check_id_number, check_phone

    text = clean_text(str(value), multiline=name in ("notes", "address")).strip()
    if name in ("name", "assignee", "case_id"):
        if name == "case_id" and text:
            from cases.ids import parse_case_id

            try:
                text = parse_case_id(text, lang)
            except ValueError as exc:
                raise FieldValueError("cases.roster.bad_value", lang, field=name, reason=str(exc)) from None
        setattr(p, name, text)
    elif name in ("notes", "address"):
        setattr(p, name, text)
    elif name == "phone":
        if text and check_phone(text):
            raise FieldValueError("cases.roster.bad_phone", lang, value=text)
        p.phone = text
    elif name == "id_number":
        problem = check_id_number(text) if text else None
        if problem:
            raise FieldValueError("cases.roster.bad_value", lang, field=name, reason=tr(problem, lang))
        p.id_number = text.upper()
    elif name in ("consent", "poa", "marked"):
        setattr(p, name, read_flag(text, lang))
    elif name == "poa_until":
        p.poa_until = read_date(text, lang)
    elif name == "evidence":
        p.evidence = read_evidence(text, lang)
    elif name == "status":
        p.status = read_status(text, lang)
    else:
        raise FieldValueError("cases.roster.bad_field", lang, field=name,
                              known=", ".join(f for f in EDITABLE if f not in ("orders", "consents")))
