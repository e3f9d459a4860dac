"""Sample data: the hand-written cases for newcomers, and a generated bulk set for benchmarks.

``build_demo(now)`` returns the hand-written cases of ``data/demo_cases.json``
(cases.demo_cases) and their group.

``build_demo(now, n_cases=N)`` generates N cases quickly (10,000 cases with about
100,000 timeline entries in well under a second or two) plus one group of 3,000
participants, for benchmarks.

Everything is relative to ``now`` and deterministic for a given ``now`` and
``seed``. All names, phone numbers, ID numbers and company registrations are
fake (though well formed, so that masking and validation can be exercised).

Case ids are assigned in order (K-0001, K-0002, …), and the group's id too, so the
lead case can point at its group; write the result with ``store.replace_all(cases, groups)``.
"""

from __future__ import annotations

import gc
import random
from datetime import timedelta
from decimal import Decimal

import arrow

from cases.demo_cases import demo_cases, platforms
from cases.demo_people import DIVISIONS, fake_id_number, fake_name, fake_participants, fake_phone
from cases.demo_time import DemoTime
from cases.ids import format_case_id, format_group_id
from cases.model import Case, Complainant, Demands, Event, EventKind, EvidenceItem, EvidenceKind, Group, Order, Status

GROUP_PARTICIPANTS_BULK = 3000


# ------------------------------------------------------------------ bulk cases

_TITLES = {
    "recharge-missing": ("充值{amount}元游戏点卡未到账", "话费充值{amount}元迟迟未到账", "余额充值成功但账户未增加"),
    "card-invalid": ("购买的卡密提示无效", "点卡卡密已被使用", "兑换码激活失败"),
    "not-as-described": ("商品与描述不符，要求退款", "“永久授权”实际仅30天", "激活后等级与宣传不符"),
    "forced-renewal": ("未经同意自动续费扣款{amount}元", "取消自动续费后仍被扣款"),
    "slow-service": ("客服多日不回复", "客服以系统维护为由推诿", "工单提交后无人处理"),
    "broken-promise": ("售后承诺退款未兑现", "客服承诺补发卡密未兑现"),
    "membership-missing": ("会员权益未开通", "会员权益缩水，与开通时不符"),
    "false-advertising": ("“全场通用”宣传不实", "宣传返利无法提现"),
    "account-theft": ("账号被盗，余额被盗刷{amount}元", "异地登录后订单被转走"),
    "data-leak": ("注册后频繁接到推销电话", "个人信息疑似被泄露"),
    "abnormal-records": ("同一订单被重复扣款", "交易记录中出现未知订单"),
    "ran-away": ("平台关站跑路，余额{amount}元无法退回", "提现通道关闭，客服失联"),
    "illegal-goods": ("平台售卖游戏外挂", "平台售卖盗版软件激活码"),
}
_CATEGORY_IDS = tuple(_TITLES)
_PAYMENTS = ("支付宝", "支付宝", "微信支付", "微信支付", "银行卡")
_ROUTES_NORMAL = (
    ("platform-cs", "platform-complaint", "12315", "consumer-assoc", "court"),
    ("platform-cs", "platform-complaint", "heimao", "12315", "court"),
    ("platform-cs", "platform-complaint", "jutousu", "consumer-assoc", "court"),
    ("platform-cs", "platform-complaint", "12315", "court"),
)
_ROUTES_ILLEGAL = (
    ("platform-cs", "12315-report", "police", "court"),
    ("12315-report", "police"),
    ("platform-cs", "police", "court"),
)
_CONTACT_SAID = (
    "已提交技术部门处理，请耐心等待。",
    "系统维护中，稍后处理。",
    "已登记，会尽快答复。",
    "需要补充支付凭证，已补充。",
    "商家表示正在核实。",
)
_PROMISES = (("2小时内回复", 2), ("24小时内处理", 24), ("48小时内答复", 48), ("今天18点前回复", 6))
_NOTES = ("已整理聊天记录截图。", "电话未接通，稍后再打。", "已按3-5天节奏跟进。", "补充了支付凭证。")
_CLOSED = (Status.RESOLVED, Status.RESOLVED, Status.PARTLY_RESOLVED, Status.REFUSED, Status.WITHDRAWN)


def _ticket(rnd, channel: str, d: str) -> str:
    """A plausible ticket number for ``channel``; ``d`` is the date as YYYYMMDD."""
    match channel:
        case "platform-cs":
            return f"GD{d}{int(rnd() * 10000):04d}"
        case "platform-complaint":
            return f"TS-{d}-{int(rnd() * 1000):03d}"
        case "12315":
            return f"1{DIVISIONS[int(rnd() * 10)]}{d}{int(rnd() * 10000):04d}"
        case "12315-report":
            return f"2{DIVISIONS[int(rnd() * 10)]}{d}{int(rnd() * 10000):04d}"
        case "heimao":
            return f"173{int(rnd() * 10**8):08d}"
        case "jutousu":
            return f"JTS-{d}-{int(rnd() * 100000):05d}"
        case "consumer-assoc":
            return f"XH-{d[:4]}-{int(rnd() * 10000):04d}"
        case "police":
            return f"A{DIVISIONS[int(rnd() * 10)]}5000{d}{int(rnd() * 1000):03d}"
        case _:
            return f"（{d[:4]}）民初{1 + int(rnd() * 9998)}号"


_SUBMITTED, _ACCEPTED, _CONTACT, _URGED, _RESULT, _NOTE = (
    k.value for k in (EventKind.SUBMITTED, EventKind.ACCEPTED, EventKind.CONTACT,
                      EventKind.URGED, EventKind.RESULT, EventKind.NOTE)
)
_STEP_COUNTS = (1, 2, 2, 3, 3, 3, 4, 4, 5)
_CONTACT_COUNTS = (1, 1, 2, 2, 3)
_EVIDENCE_SPECS = (
    (EvidenceKind.TRANSACTION.value, "支付记录截图", "支付记录.png"),
    (EvidenceKind.COMMUNICATION.value, "客服聊天记录", "聊天记录.png"),
    (EvidenceKind.ANOMALY.value, "异常页面截图", "异常截图.png"),
)
#: About how long each channel's clock runs (working days as calendar time), for spreading urgency.
_CLOCK_SECONDS: dict[str, int | None] = {
    "platform-cs": 24 * 3600,
    "platform-complaint": 48 * 3600,
    "heimao": 48 * 3600,
    "jutousu": 48 * 3600,
    "12315": 9 * 86400,  # 7 working days
    "12315-accepted": 63 * 86400,  # 45 working days after acceptance
    "12315-report": 21 * 86400,  # 15 working days
    "consumer-assoc": None,
    "police": None,
    "court": None,
}
_FOLLOW_UP_SECONDS = {"consumer-assoc": 5 * 86400, "police": 7 * 86400, "court": 7 * 86400}
_OPEN_STATUS = (Status.OPEN, Status.OPEN, Status.WAITING, Status.WAITING, Status.WAITING, Status.WAITING)


def _pick(rnd, seq):
    return seq[int(rnd() * len(seq))]


def _bulk_case(rng: random.Random, no: int, t: DemoTime, group_id: str) -> Case:  # noqa: PLR0912, PLR0915
    rnd = rng.random
    platform = _pick(rnd, platforms())
    category = _pick(rnd, _CATEGORY_IDS)
    illegal = category in ("ran-away", "illegal-goods")
    route = _pick(rnd, _ROUTES_ILLEGAL if illegal else _ROUTES_NORMAL)
    steps = route[: _pick(rnd, _STEP_COUNTS)]
    amount = Decimal(1000 + int(rnd() * 299000)) / 100
    n_orders = 1 if rnd() < 0.85 else 2

    # Event kinds and channels first; times are spread over the case's span afterwards.
    raw: list[tuple[str, str]] = []
    for channel in steps:
        raw.append((_SUBMITTED, channel))
        if channel == "12315" and rnd() < 0.6:
            raw.append((_ACCEPTED, channel))
        for _ in range(_pick(rnd, _CONTACT_COUNTS)):
            raw.append((_CONTACT, channel))
        if rnd() < 0.35:
            raw.append((_URGED, channel))
        if rnd() < 0.3:
            raw.append((_NOTE, channel))
    closed = rnd() < 0.15
    if closed:
        raw.append((_RESULT, steps[-1]))

    # Times. The event that sets the clock of the last channel (its submission,
    # or the acceptance; the last event where there is no clock) is the anchor:
    # its age, against the channel's clock, decides how urgent the case is today.
    # Earlier events are spread over the weeks before it, later ones (contacts,
    # urges, notes, a result) between it and now.
    last_channel = steps[-1]
    anchor = max(i for i, (kind, ch) in enumerate(raw) if ch == last_channel and kind in (_SUBMITTED, _ACCEPTED))
    accepted = raw[anchor][0] == _ACCEPTED
    clock = _CLOCK_SECONDS["12315-accepted" if accepted else last_channel]
    if clock is None:  # no fixed clock: any event restarts the follow-up cadence
        anchor = len(raw) - 1
        clock = _FOLLOW_UP_SECONDS[last_channel]
    r = rnd()
    if r < 0.2:  # overdue
        left = -int((0.05 + rnd() * 2) * min(clock, 15 * 86400))
    elif r < 0.35 or clock <= 86400:  # due within a day
        left = int(rnd() * min(clock, 86400))
    else:
        left = 86400 + int(rnd() * (clock - 86400))
    anchor_age = max(clock - left, 120)
    now = t.now
    after = len(raw) - 1 - anchor
    after_ages = sorted((60 + int(rnd() * (anchor_age - 60)) for _ in range(after)), reverse=True)
    span = int((2 + rnd() * 12) * len(steps) * 86400)
    gaps = [rnd() + 0.05 for _ in range(anchor)]
    scale = span / (sum(gaps) or 1.0)
    ages: list[int] = []
    age = anchor_age + span
    for gap in gaps:
        ages.append(age)
        age -= int(gap * scale)
    ages.append(anchor_age)
    ages.extend(after_ages)

    events: list[Event] = []
    ticket = ""
    for seq, ((kind, channel), age) in enumerate(zip(raw, ages, strict=True), 1):
        at = now - timedelta(seconds=age)
        ev = Event(kind, channel, at.isoformat(), seq=seq)
        if kind == _SUBMITTED:
            ticket = _ticket(rnd, channel, f"{at.year}{at.month:02d}{at.day:02d}")
            ev.ticket = ticket
            ev.said = "提交投诉，附订单与支付凭证。"
        elif kind == _CONTACT:
            ev.said = _pick(rnd, _CONTACT_SAID)
            if channel == "platform-cs":
                ev.agent = f"KF{1000 + int(rnd() * 9000)}"
                if rnd() < 0.4:
                    promised, hours = _pick(rnd, _PROMISES)
                    ev.promised = promised
                    ev.deadline = (at + timedelta(hours=hours)).isoformat()
        elif kind == _ACCEPTED:
            ev.ticket = ticket
            ev.said = "已受理。"
        elif kind == _URGED:
            ev.ticket = ticket
            ev.said = "超过时限未处理，提交催办。"
        elif kind == _RESULT:
            ev.said = "收到书面处理结果。"
        else:
            ev.said = _pick(rnd, _NOTES)
        events.append(ev)

    first = now - timedelta(seconds=ages[0])
    paid = first - timedelta(seconds=3600 + int(rnd() * 71 * 3600))
    paid_iso = paid.isoformat()
    per_order = (amount / n_orders).quantize(Decimal("0.01"))
    total = per_order * n_orders
    prefix = f"{platform.order_prefix}{paid.year}{paid.month:02d}{paid.day:02d}"
    orders = [
        Order(f"{prefix}{int(rnd() * 10**6):06d}", per_order, paid_iso, _pick(rnd, _PAYMENTS))
        for _ in range(n_orders)
    ]
    total_text = f"{total:.2f}"
    title = _pick(rnd, _TITLES[category]).format(amount=total_text.removesuffix(".00"))
    complainant = (
        Complainant(name=fake_name(rng), phone=fake_phone(rng), id_number=fake_id_number(rng))
        if rnd() < 0.3
        else Complainant()
    )
    case_id = format_case_id(no)
    first_iso = first.isoformat()
    evidence = [
        EvidenceItem(kind, label, f"证据/{case_id}/{filename}", f"{rng.getrandbits(256):064x}", first_iso)
        for kind, label, filename in _EVIDENCE_SPECS
        if rnd() < 0.6
    ]
    status = _pick(rnd, _CLOSED) if closed else _pick(rnd, _OPEN_STATUS)
    return Case(
        id=case_id,
        title=title,
        platform=platform.name,
        entity=platform.entity(),
        category=category,
        orders=orders,
        complainant=complainant,
        demands=Demands(basic=f"退还{total_text}元至原支付账户。"),
        status=status,
        tags=[platform.name[:2]] + (["大额"] if amount >= 1000 else []),
        created=paid_iso,
        updated=events[-1].at,
        timeline=events,
        evidence=evidence,
        group_id=group_id if (platform.name == "旺旺卡盟" and category == "ran-away") else "",
    )


def _bulk(t: DemoTime, n_cases: int, seed: int) -> tuple[list[Case], list[Group]]:
    rng = random.Random(seed)
    group = Group(
        id=format_group_id(1), name="旺旺卡盟跑路集体维权", platform="旺旺卡盟",
        description="旺旺卡盟关站跑路，统一报案并向12315举报。", coordinator="志愿者 小林",
        created=t.iso(t.ago(days=30)), updated=t.iso(t.ago(hours=2)),
    )
    cases = [_bulk_case(rng, no, t, group.id) for no in range(1, n_cases + 1)]
    if cases:  # the first case leads the group
        lead = cases[0]
        lead.platform = "旺旺卡盟"
        lead.entity = next(p for p in platforms() if p.name == "旺旺卡盟").entity()
        lead.category = "ran-away"
        lead.title = "旺旺卡盟关站跑路（集体维权牵头案件）"
        lead.group_id = group.id
        group.case_id = lead.id
    group.participants = fake_participants(rng, GROUP_PARTICIPANTS_BULK, t)
    linked = [c.id for c in cases if c.group_id == group.id]
    for participant, case_id in zip(group.participants, linked, strict=False):
        participant.case_id = case_id
    return cases, [group]


# ------------------------------------------------------------------------- API


def build_demo(now: arrow.Arrow, n_cases: int | None = None, seed: int = 7) -> tuple[list[Case], list[Group]]:
    """Sample cases and groups relative to ``now``; deterministic for ``now`` and ``seed``.

    ``n_cases=None`` gives the hand-written set for newcomers; ``n_cases=N`` gives
    N generated cases (about ten timeline entries each) and a group of 3,000.
    Ids are assigned in order; store them with ``replace_all``.
    """
    t = DemoTime(now)
    if n_cases is None:
        cases, group = demo_cases(t, seed)
        return cases, [group]
    if n_cases < 0:
        raise ValueError("n_cases must be ≥ 0")
    # Hundreds of thousands of small objects that all live on: the cyclic GC
    # would rescan them again and again (half the run time) for nothing.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _bulk(t, n_cases, seed)
    finally:
        if was_enabled:
            gc.enable()
