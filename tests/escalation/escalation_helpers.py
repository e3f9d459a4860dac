"""Shared by the escalation tests (a unique module name, so it cannot clash with another folder's)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path


import arrow

from cases.clock import parse_instant
from cases.demo_cases import platforms
from cases.demo_people import id_number
from cases.laws import laws
from cases.model import (
    Case,
    Complainant,
    Demands,
    Entity,
    Event,
    EvidenceItem,
    Order,
)

#: A Monday; Fri 2026-06-19 (端午节) is a day off, so working-day clocks skip it.
NOW_TEXT = "2026-06-15T10:00:00+08:00"
NOW = parse_instant(NOW_TEXT)
REPO = Path(__file__).resolve().parents[2]

CREDIT_CODE = next(p.credit_code for p in platforms() if p.name == "汇想卡盟")  # 91440305359201845 + its check
ID_NUMBER = id_number("430104", "19920314", "281")
PHONE = "13800138421"
PHONE_MASKED = "138****8421"
NAME = "李文博"
ADDRESS = "湖南省长沙市岳麓区桐梓坡路186号"
ORDER_NO = "HX20260601104522817"
PAYEE = "深圳市汇想数字科技有限公司"

#: Section headings every text has, in this order.
HEADINGS = {"zh": ("【背景】", "【问题】", "【诉求】"), "en": ("[Background]", "[Problem]", "[Demands]")}
#: A law citation inside a text (names of laws, measures and provisions in 《》).
CITATION = re.compile(r"《([^》]*(?:法|办法|规定|条例))》(第[零一二三四五六七八九十百]+条(?:第[一二三四五六七八九十]+款)?)?")


def ev(kind: str, channel: str, at: str, **extra) -> Event:
    return Event(kind=kind, channel=channel, at=at, **extra)


def full_case(**changes) -> Case:
    """A complete recharge case at the platform's formal complaint: every channel's facts present.

    Timeline: CS ticket GD0001 → agent KF2031 promises a reply within 2 hours (broken) →
    an urge → a formal complaint TS-20260602-0086 that got no answer within 48 hours.
    """
    case = Case(
        id="K-0100",
        title="充值128元游戏点卡未到账",
        platform="汇想卡盟",
        entity=Entity(name="深圳市汇想数字科技有限公司", credit_code=CREDIT_CODE, icp="粤ICP备2020056789号-2",
                      address="广东省深圳市南山区科苑路8号", legal_rep="王建华", website="https://www.hxkm.example"),
        category="recharge-missing",
        orders=[Order(ORDER_NO, Decimal("128.00"), "2026-06-01T10:00:00+08:00", "支付宝", PAYEE)],
        complainant=Complainant(name=NAME, phone=PHONE, id_number=ID_NUMBER, address=ADDRESS),
        demands=Demands(basic="补充到账，或退还128元至原支付宝账户。"),
        notes="支付成功后订单一直显示“处理中”。",
        evidence=[
            EvidenceItem(kind="anomaly", label="充值失败提示截图", path="证据/K-0100/充值失败.png"),
            EvidenceItem(kind="transaction", label="支付宝账单截图", path="证据/K-0100/支付宝账单.png"),
            EvidenceItem(kind="communication", label="客服聊天记录", path="证据/K-0100/聊天记录.png"),
        ],
    )
    for event in (
        ev("submitted", "platform-cs", "2026-06-01T10:30:00+08:00", ticket="GD0001", said="提交工单：已扣款未到账。"),
        ev("contact", "platform-cs", "2026-06-01T10:40:00+08:00", agent="KF2031", said="已提交技术核查。",
           promised="2小时内回复", deadline="2026-06-01T12:40:00+08:00"),
        ev("urged", "platform-cs", "2026-06-01T18:00:00+08:00", ticket="GD0001", said="超过承诺时间，在线催办。"),
        ev("submitted", "platform-complaint", "2026-06-02T09:00:00+08:00", ticket="TS-20260602-0086",
           said="向投诉邮箱发送正式投诉。"),
    ):
        case.add_event(event)
    for key, value in changes.items():
        setattr(case, key, value)
    return case


def at(text: str) -> arrow.Arrow:
    return parse_instant(text)


def in_order(text: str, *parts: str) -> bool:
    """True if every part occurs in ``text``, each after the previous one."""
    pos = -1
    for part in parts:
        found = text.find(part, pos + 1)
        if found < 0:
            return False
        pos = found
    return True


def checked_citations() -> set[str]:
    return {entry.citation("zh") for entry in laws().values()}


def checked_law_names() -> set[str]:
    return {entry.name("zh") for entry in laws().values()}


def assert_citations_checked(text: str) -> None:
    """Every 《…法/办法/规定》 reference in ``text`` is on the checked list."""
    assert "网络游戏管理暂行办法" not in text
    allowed, names = checked_citations(), checked_law_names()
    for m in CITATION.finditer(text):
        assert m.group(1) in names, m.group(0)
        if m.group(2):
            assert m.group(0) in allowed, m.group(0)



def codes(findings, severity: str | None = None) -> list[str]:
    """The codes of ``findings`` (of one severity if given), in order."""
    return [f.code for f in findings if severity is None or f.severity == severity]


def one(findings, code: str):
    """The single finding with ``code``."""
    found = [f for f in findings if f.code == code]
    assert len(found) == 1, findings
    return found[0]
