"""The 授权委托书 (power of attorney) one participant signs (暂行办法第十条).

:func:`power_of_attorney_text` writes it for one participant of a group: 委托人
(name, ID number, phone, address), 受托人 (the agent: a representative or the
volunteer), 委托事项 (the dispute, its orders and amount, the bodies it may be
taken to), 权限 (一般授权, or 特别授权 when ``special``: changing or withdrawing a
demand and accepting a settlement need it, and the text says so), 期限
(``poa_until``, else until the complaint is dealt with), the law, and the
signature lines.

Nothing is invented: a fact the roster does not hold (the agent's ID number, a
missing phone) is a marked blank the signer fills by hand ("______（受托人填写）"),
and the signatures and their dates are always blank lines. Personal data is
masked unless ``reveal`` (cases.privacy): a masked copy is for checking, the
revealed one for printing. Every sentence is a ``letter.poa.*`` key.

Pure: no storage, no UI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cases.i18n import normalise_lang
from cases.laws import law
from cases.model import Case
from cases.privacy import mask_address, mask_case_text, mask_id_number, mask_name, mask_phone
from cases.roster import Participant
from cases.templates import phrase, tidy


@dataclass(frozen=True)
class Agent:
    """The 受托人: a representative on the roster (their data known) or a volunteer (a name only)."""

    name: str
    id_number: str = ""
    phone: str = ""

    @classmethod
    def of(cls, p: Participant) -> Agent:
        return cls(p.name.strip(), p.id_number.strip(), p.phone.strip())


def power_of_attorney_text(p: Participant, agent: Agent, case: Case, *, reveal: bool = False, lang: str = "zh",
                           special: bool = False) -> str:
    """The 授权委托书 for ``p`` to sign, naming ``agent``, for the dispute of the group's lead ``case``."""
    lang = normalise_lang(lang)

    def t(key: str, **values: object) -> str:
        return phrase(f"poa.{key}", lang, **values)

    def shown(value: str, mask, blank: str) -> str:
        value = value.strip()
        if not value:
            return t(blank)
        return value if reveal else mask(value)

    sep = phrase("list_sep", lang)
    platform = case.platform.strip() if reveal else mask_case_text(case, case.platform.strip())
    platform = platform or case.entity.name.strip() or t("blank_fill")
    entity = case.entity.name.strip()
    orders = sep.join(p.order_numbers) or t("blank_fill")
    amount = phrase("amount", lang, amount=f"{p.amount:.2f}")
    if p.poa_until:
        until = date.fromisoformat(p.poa_until)
        term = t("term_until", until=phrase("date", lang, y=until.year, m=until.month, d=until.day))
    else:
        term = t("term_done")
    lines = [
        t("title"),
        "",
        t("principal", name=shown(p.name, mask_name, "blank_principal")),
        t("id_number", value=shown(p.id_number, mask_id_number, "blank_principal")),
        t("phone", value=shown(p.phone, mask_phone, "blank_principal")),
        t("address", value=shown(p.address, mask_address, "blank_principal")),
        "",
        t("agent", name=shown(agent.name, mask_name, "blank_agent")),
        t("id_number", value=shown(agent.id_number, mask_id_number, "blank_agent")),
        t("phone", value=shown(agent.phone, mask_phone, "blank_agent")),
        "",
        t("matters", platform=platform, entity=t("entity", entity=entity) if entity else "", orders=orders,
          amount=amount),
        "",
        t("authority_heading"),
        t("authority_special") if special else t("authority_general"),
        t("authority_rule"),
        "",
        t("term", term=term),
        "",
        t("law", law=law("mr-complaint-10").citation(lang)),
        "",
        t("sign_principal"),
        t("sign_agent"),
    ]
    return tidy("\n".join(lines))
