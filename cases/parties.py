"""Who a case is against and about: the business (its registry data), the complainant, the
demands, and the orders paid."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cases.amounts import parse_amount
from cases.record import Record, clean_field


@dataclass
class Entity(Record):
    """The legal person behind a platform (国家企业信用信息公示系统)."""

    name: str = ""  # company name
    credit_code: str = ""  # 统一社会信用代码
    icp: str = ""  # ICP备案号
    address: str = ""
    legal_rep: str = ""  # 法定代表人 (public registry data, not masked)
    website: str = ""  # the platform's site address (URL), for police reports
    email: str = ""  # where complaint e-mail to it goes (tousu send, m in the escalate screen)


@dataclass
class Complainant(Record):
    """Personal data: masked in everything that leaves the app unless revealed."""

    name: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""


@dataclass
class Demands(Record):
    basic: str = ""  # 基础诉求
    compensation: str = ""  # 补偿诉求


@dataclass
class Order:
    number: str = ""
    amount: Decimal = Decimal("0.00")
    paid_at: str | None = None  # ISO 8601
    payment_channel: str = ""  # 支付宝, 微信支付, bank card ...
    payee: str = ""  # 收款方: the merchant or account the money went to (may be a person: masked)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "amount": str(self.amount),
            "paid_at": self.paid_at,
            "payment_channel": self.payment_channel,
            "payee": self.payee,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Order:
        return cls(
            number=clean_field("number", data.get("number", "")),
            amount=parse_amount(data.get("amount", "0"), maximum=None),
            paid_at=data.get("paid_at"),
            payment_channel=clean_field("payment_channel", data.get("payment_channel", "")),
            payee=clean_field("payee", data.get("payee", "")),
        )
