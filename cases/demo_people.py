"""Fake people for the demo: names, phone numbers, ID numbers and a group's roster.

All of them are made up, though well formed: an ID number carries a valid GB 11643
check digit, so that masking and validation can be exercised on them.
"""

from __future__ import annotations

import random
from decimal import Decimal

from cases.demo_time import DemoTime
from cases.identifiers import id_number_check_char
from cases.model import Status
from cases.roster import Participant, RosterOrder

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉宇浩然晨曦思雨子涵欣怡俊杰嘉豪梓萱文博雅婷志远"
#: Administrative division codes the fake people and tickets are drawn from.
DIVISIONS = ("430104", "440305", "330106", "510107", "420111", "320105", "340104", "410105", "110105", "310115")


def id_number(division: str, birth: str, serial: str) -> str:
    """An 18-digit 居民身份证号码 (GB 11643) with a valid check digit."""
    body = division + birth + serial
    return body + id_number_check_char(body)


def fake_name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))


def fake_phone(rng: random.Random) -> str:
    return rng.choice(("1380013", "1390013", "1360013", "1580013", "1880013")) + f"{rng.randrange(10000):04d}"


def fake_id_number(rng: random.Random) -> str:
    birth = f"{rng.randrange(1965, 2005)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    return id_number(rng.choice(DIVISIONS), birth, f"{rng.randrange(1000):03d}")


def fake_participants(rng: random.Random, n: int, t: DemoTime) -> list[Participant]:
    """Fake participants (the same random sequence as before rosters had their own table, so
    the demo's names, phones and totals are unchanged). The whole amount is on the first order;
    an order number carries the person's index after the random part, so no two are equal.
    Consent and evidence follow the index (no random draws)."""
    out: list[Participant] = []
    for i in range(n):
        amount = Decimal(rng.choice((50, 100, 200, 300, 500, 800, 1000, 1500, 2000, 5000)) + rng.randrange(0, 100))
        n_orders = rng.choice((1, 1, 1, 2, 3))
        day = t.ago(days=rng.randrange(20, 60))
        numbers = [f"WW{day:%Y%m%d}{rng.randrange(100000):05d}{i:05d}" for _ in range(n_orders)]
        orders = [RosterOrder(number, f"{amount:.2f}" if k == 0 else "0.00", t.iso(day), "支付宝")
                  for k, number in enumerate(numbers)]
        name, phone = fake_name(rng), fake_phone(rng)
        poa = rng.random() < 0.7 or i < 10
        out.append(
            Participant(
                name=name,
                phone=phone,
                orders=orders,
                poa=poa,
                consent=poa or i % 3 == 0,
                evidence=list(("transaction", "communication", "anomaly")[: 1 + i % 3] if i % 5 else ()),
                status=Status.OPEN.value,
            )
        )
    return out
