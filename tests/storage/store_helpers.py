"""Sample data for the storage tests (CJK text on purpose)."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from cases.model import Case, Complainant, Demands, Entity, Event, Group, Order
from cases.roster import Participant, RosterOrder

REPO = Path(__file__).resolve().parents[2]


def sample_case(n: int = 1, **overrides) -> Case:
    case = Case(
        title=f"汇想卡盟充值未到账（第{n}号）",
        platform="汇想卡盟",
        entity=Entity(name="某某网络科技有限公司", credit_code="91310000MA1FL0XX1X", icp="沪ICP备12345678号"),
        category="recharge_missing",
        orders=[Order(number=f"HX{n:08d}", amount=Decimal("128.50"), payment_channel="支付宝")],
        complainant=Complainant(name="张三", phone="13800138000", address="北京市朝阳区"),
        demands=Demands(basic="退还全部充值款项", compensation="按平台规则赔偿"),
        tags=["集体维权"],
        notes="客服承诺24小时内处理，未兑现。\n第二行",
        timeline=[Event(kind="contact", channel="platform_cs", at="2026-09-20T10:00:00+08:00", said="请耐心等待", seq=1)],
    )
    for key, value in overrides.items():
        setattr(case, key, value)
    return case


def sample_group(**overrides) -> Group:
    group = Group(
        name="汇想卡盟集体维权",
        platform="汇想卡盟",
        description="卷款跑路，多人受害",
        coordinator="李四",
        participants=[Participant(name="王五", phone="13900139000", orders=[RosterOrder("WW1", "300.00")], poa=True)],
    )
    for key, value in overrides.items():
        setattr(group, key, value)
    return group


def file_state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), os.stat(path).st_mtime_ns


def journal_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".journal")


def lock_path(store_path: Path) -> Path:
    return store_path.with_name(store_path.name + ".lock")


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    return env
