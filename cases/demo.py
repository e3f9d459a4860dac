"""Sample data: a hand-written set of cases for newcomers, and a bulk set for benchmarks.

``build_demo(now)`` returns about fifteen cases that read like real ones: several
卡盟 platforms with their legal entities, every problem category, every channel
of the ladder, promises kept and broken, deadlines both overdue and close, two
closed cases and one group complaint (集体维权) with its lead case.

``build_demo(now, n_cases=N)`` generates N cases quickly (10,000 cases with about
100,000 timeline entries in well under a second or two) plus one group of 3,000
participants, for benchmarks.

Everything is relative to ``now`` and deterministic for a given ``now`` and
``seed``. All names, phone numbers, ID numbers and company registrations are
fake (though well formed, so that masking and validation can be exercised).

Case ids are assigned here, in order (K-0001, K-0002, …), and the group's id
too, so the lead case can point at its group; write the result with
``store.replace_all(cases, groups)``.
"""

from __future__ import annotations

import gc
import hashlib
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import arrow

from cases.clock import TZ
from cases.identifiers import credit_code_check_char, id_number_check_char
from cases.ids import format_case_id, format_group_id
from cases.model import (
    Case,
    Complainant,
    Demands,
    Entity,
    Event,
    EventKind,
    EvidenceItem,
    EvidenceKind,
    Group,
    Order,
    Status,
)
from cases.roster import Participant, RosterOrder

#: Mainland China has had no daylight saving time since 1991: a fixed offset is exact.
_CST = timezone(timedelta(hours=8))

GROUP_PARTICIPANTS_DEFAULT = 40
GROUP_PARTICIPANTS_BULK = 3000


# --------------------------------------------------------------------------- ids


def _case_id(n: int) -> str:
    return format_case_id(n)


def _group_id(n: int) -> str:
    return format_group_id(n)


# --------------------------------------------------------- well-formed fake numbers

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def credit_code(division: str, org_body: str) -> str:
    """A 统一社会信用代码 (GB 32100-2015) with valid check characters.

    ``division`` is the 6-digit administrative division code, ``org_body`` the
    first 8 digits of the organisation code (GB 11714, whose check character
    is computed here too).
    """
    org_check = 11 - sum(int(c) * w for c, w in zip(org_body, _ORG_WEIGHTS, strict=True)) % 11
    org_code = org_body + ("X" if org_check == 10 else "0" if org_check == 11 else str(org_check))
    body = "91" + division + org_code  # 9: registered by 市场监管 (工商); 1: 企业
    return body + credit_code_check_char(body)


def id_number(division: str, birth: str, serial: str) -> str:
    """An 18-digit 居民身份证号码 (GB 11643) with a valid check digit."""
    body = division + birth + serial
    return body + id_number_check_char(body)


def _sha(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()


# ------------------------------------------------------------------- platforms


@dataclass(frozen=True)
class _Platform:
    name: str
    entity: Entity
    order_prefix: str
    cs_agent_prefix: str
    hotline: str
    mail: str


def _platform(
    name: str, company: str, division: str, org: str, icp: str, address: str, prefix: str, mail: str
) -> _Platform:
    return _Platform(
        name=name,
        entity=Entity(name=company, credit_code=credit_code(division, org), icp=icp, address=address),
        order_prefix=prefix,
        cs_agent_prefix="KF",
        hotline="400-" + org[:3] + "-" + org[3:7],
        mail=mail,
    )


PLATFORMS: tuple[_Platform, ...] = (
    _platform(
        "好客权益卡盟", "杭州好客权益网络科技有限公司", "330110", "58213476",
        "浙ICP备2021012345号-1", "浙江省杭州市余杭区五常街道文一西路998号5幢302室", "HK", "tousu@haokequanyi.com",
    ),
    _platform(
        "汇想卡盟", "深圳市汇想数字科技有限公司", "440305", "35920184",
        "粤ICP备2020056789号-2", "广东省深圳市南山区粤海街道科技园社区科苑路8号讯美科技广场1号楼1106", "HX",
        "kefu@huixiangkm.cn",
    ),
    _platform(
        "旺旺卡盟", "长沙旺旺网络信息服务有限公司", "430104", "67104532",
        "湘ICP备2019034567号-1", "湖南省长沙市岳麓区麓谷街道麓谷大道627号新长海中心B1栋1208", "WW",
        "service@wangwangkm.com",
    ),
    _platform(
        "未来卡盟", "成都未来卡盟网络科技有限公司", "510107", "20583917",
        "蜀ICP备2022004321号-1", "四川省成都市武侯区天府大道北段1700号环球中心W6区1806", "WL",
        "service@weilaikameng.com",
    ),
    _platform(
        "星辰卡盟", "武汉星辰互娱科技有限公司", "420111", "43718260",
        "鄂ICP备2022008765号-1", "湖北省武汉市洪山区关山大道355号光谷新世界T2栋2311", "XC",
        "complain@xingchenkm.com",
    ),
    _platform(
        "极速卡盟", "南京极速数字服务有限公司", "320105", "71649023",
        "苏ICP备2020045678号-3", "江苏省南京市建邺区江东中路311号中泰国际广场5栋907", "JS",
        "kf@jisukm.net",
    ),
    _platform(
        "乐享卡盟", "合肥乐享网络科技有限公司", "340104", "80427165",
        "皖ICP备2023011223号-1", "安徽省合肥市蜀山区长江西路669号高新区软件园2号楼405", "LX",
        "tousu@lexiangkm.cn",
    ),
    _platform(
        "云端卡盟", "郑州云端信息技术有限公司", "410105", "16375208",
        "豫ICP备2021029876号-2", "河南省郑州市金水区花园路39号国贸中心A座1702", "YD",
        "support@yunduankm.com",
    ),
)
_BY_NAME = {p.name: p for p in PLATFORMS}


def _copy_entity(e: Entity) -> Entity:
    return Entity(e.name, e.credit_code, e.icp, e.address)


# ----------------------------------------------------------------- small helpers


class _T:
    """Instants relative to the demo's ``now`` (seconds precision, Asia/Shanghai)."""

    def __init__(self, now: arrow.Arrow) -> None:
        self.now = now.to(TZ).datetime.astimezone(_CST).replace(microsecond=0)

    def ago(self, days: float = 0, hours: float = 0, minutes: float = 0) -> datetime:
        return self.now - timedelta(days=days, hours=hours, minutes=minutes)

    @staticmethod
    def iso(at: datetime) -> str:
        return at.isoformat()


def _ev(
    kind: EventKind,
    channel: str,
    at: datetime,
    *,
    ticket: str = "",
    agent: str = "",
    said: str = "",
    promised: str = "",
    deadline: datetime | None = None,
) -> Event:
    return Event(
        kind=kind.value,
        channel=channel,
        at=at.isoformat(),
        ticket=ticket,
        agent=agent,
        said=said,
        promised=promised,
        deadline=deadline.isoformat() if deadline else None,
    )


def _evidence(case_no: int, kind: EvidenceKind, label: str, filename: str, at: datetime) -> EvidenceItem:
    return EvidenceItem(
        kind=kind.value,
        label=label,
        path=f"证据/{_case_id(case_no)}/{filename}",
        sha256=_sha(str(case_no), label, filename),
        recorded_at=at.isoformat(),
    )


def _ymd(at: datetime) -> str:
    return f"{at.year}{at.month:02d}{at.day:02d}"


def _finish(case: Case, events: list[Event]) -> Case:
    for seq, event in enumerate(events, 1):
        event.seq = seq
    events.sort(key=lambda e: (e.at, e.seq))
    case.timeline = events
    times = [o.paid_at for o in case.orders if o.paid_at] + [e.at for e in events]
    case.created = min(times) if times else ""
    case.updated = max(times) if times else ""
    return case


# ------------------------------------------------------------ hand-written cases


def _handwritten(t: _T, seed: int) -> tuple[list[Case], Group]:  # noqa: PLR0915 - a long script by nature
    cases: list[Case] = []
    E, K = EventKind, EvidenceKind

    def new(no: int, platform: str, **kw) -> Case:
        p = _BY_NAME[platform]
        return Case(id=_case_id(no), platform=platform, entity=_copy_entity(p.entity), **kw)

    # 1 — 汇想卡盟: the article's story. A "2小时内" promise broken, formal complaint
    # ignored, 12315 accepted: the 45-working-day mediation clock is running.
    no = 1
    paid = t.ago(days=20, hours=3)
    c = new(
        no, "汇想卡盟", title="充值500元游戏点卡未到账，客服承诺2小时内处理后失联", category="recharge-missing",
        orders=[Order(f"HX{_ymd(paid)}104522817", Decimal("500.00"), paid.isoformat(), "支付宝")],
        complainant=Complainant(
            name="李文博", phone="13800138421", id_number=id_number("430104", "19920314", "281"),
            address="湖南省长沙市岳麓区桐梓坡路186号",
        ),
        demands=Demands(
            basic="退还500元至原支付宝账户。",
            compensation="按平台《延迟到账赔付规则》每日0.1%补偿延迟损失。",
        ),
        status=Status.WAITING, tags=["充值", "支付宝", "12315已受理"],
        notes="支付成功后订单一直显示“处理中”。\n客服工号KF2031承诺2小时内处理，之后再无回复。",
    )
    _finish(c, [
        _ev(E.SUBMITTED, "platform-cs", paid + timedelta(minutes=25), ticket=(cs_ticket := f"GD{_ymd(paid)}00417"),
            said="在线客服提交工单：订单已扣款但点卡未到账。"),
        _ev(E.CONTACT, "platform-cs", paid + timedelta(minutes=32), agent="KF2031",
            said="已提交技术部门核查，2小时内给您回复。", promised="2小时内回复",
            deadline=paid + timedelta(minutes=32, hours=2)),
        _ev(E.URGED, "platform-cs", paid + timedelta(hours=6), ticket=cs_ticket,
            said="超过承诺时间未回复，在线催办，无人应答。"),
        _ev(E.SUBMITTED, "platform-complaint", paid + timedelta(days=1, hours=2),
            ticket=f"TS-{_ymd(paid + timedelta(days=1))}-0086",
            said="向投诉邮箱 " + _BY_NAME["汇想卡盟"].mail + " 发送正式投诉，附支付截图与聊天记录。"),
        _ev(E.SUBMITTED, "12315", paid + timedelta(days=4, hours=5),
            ticket=(t12315 := f"1440305{_ymd(paid + timedelta(days=4))}0331"),
            said="在全国12315平台提交投诉，管辖地选择深圳市南山区市场监督管理局。"),
        _ev(E.ACCEPTED, "12315", paid + timedelta(days=9), ticket=t12315,
            said="南山区市场监督管理局已受理，进入调解。"),
        _ev(E.NOTE, "12315", paid + timedelta(days=9, minutes=20), said="调解员表示会联系平台，约一周内回电。"),
    ])
    c.evidence = [
        _evidence(no, K.TRANSACTION, "支付宝账单截图（500元，商户：汇想数字）", "支付宝账单.png",
                  paid + timedelta(minutes=10)),
        _evidence(no, K.COMMUNICATION, "客服聊天记录（含工号KF2031与2小时承诺）", "客服聊天记录.png",
                  paid + timedelta(hours=3)),
        _evidence(no, K.ANOMALY, "充值失败提示截图", "充值失败.png", paid + timedelta(minutes=12)),
    ]
    cases.append(c)

    # 2 — 未来卡盟: card code invalid; the agent promised a reply within 2 hours,
    # 40 minutes are left.
    no = 2
    paid = t.ago(hours=3, minutes=10)
    c = new(
        no, "未来卡盟", title="购买的游戏点卡卡密提示无效", category="card-invalid",
        orders=[Order(f"WL{_ymd(paid)}0931", Decimal("100.00"), paid.isoformat(), "微信支付")],
        demands=Demands(basic="补发有效卡密或全额退款100元。"),
        tags=["卡密"],
        notes="卡密在游戏官网激活时提示“卡号或密码错误”。",
    )
    _finish(c, [
        _ev(E.SUBMITTED, "platform-cs", t.ago(hours=1, minutes=28), ticket="WL-KF-88213",
            said="【投诉】订单卡密失效，要求核实并补发。"),
        _ev(E.CONTACT, "platform-cs", t.ago(hours=1, minutes=20), agent="KF0716",
            said="已提交技术处理，2小时内给您回复。", promised="2小时内回复",
            deadline=t.ago(hours=1, minutes=20) + timedelta(hours=2)),
    ])
    c.evidence = [
        _evidence(no, K.TRANSACTION, "微信支付凭证", "微信支付.png", paid + timedelta(minutes=5)),
        _evidence(no, K.ANOMALY, "激活失败截图", "激活失败.png", paid + timedelta(minutes=40)),
    ]
    cases.append(c)

    # 3 — 好客权益卡盟: membership not activated; formal complaint by hotline,
    # 48-hour rule, 5 hours left.
    no = 3
    paid = t.ago(days=6)
    p = _BY_NAME["好客权益卡盟"]
    c = new(
        no, "好客权益卡盟", title="年卡会员付费后权益未开通，酒店双早需另付费", category="membership-missing",
        orders=[Order(f"HK{_ymd(paid)}00283", Decimal("298.00"), paid.isoformat(), "支付宝")],
        complainant=Complainant(
            name="王思雨", phone="13800135567", id_number=id_number("330106", "19950721", "046"),
            address="浙江省杭州市西湖区文三路259号",
        ),
        demands=Demands(basic="开通承诺的全部会员权益，或退还年费298元。", compensation="补偿酒店早餐差价76元。"),
        tags=["会员", "虚假承诺"],
    )
    _finish(c, [
        _ev(E.SUBMITTED, "platform-cs", t.ago(days=5, hours=2), ticket="HKQY-506112",
            said="在线客服反映会员权益未开通。"),
        _ev(E.CONTACT, "platform-cs", t.ago(days=5, hours=1), agent="HK-031", said="系统维护中，请耐心等待。"),
        _ev(E.CONTACT, "platform-cs", t.ago(days=3), agent="HK-017", said="仍在系统维护，暂无法处理。"),
        _ev(E.SUBMITTED, "platform-complaint", t.ago(hours=43), ticket=f"HKTS-{_ymd(t.ago(hours=43))[:4]}-0419",
            agent="投诉专员 周女士",
            said="拨打投诉热线 " + p.hotline + "（已告知录音），要求48小时内书面答复。"),
    ])
    c.evidence = [
        _evidence(no, K.TRANSACTION, "支付宝账单截图", "支付宝账单.png", paid),
        _evidence(no, K.COMMUNICATION, "投诉热线通话录音", "热线录音.m4a", t.ago(hours=42)),
        _evidence(no, K.ANOMALY, "会员权益页面与宣传页对比", "权益对比.png", t.ago(days=5)),
    ]
    cases.append(c)

    # 4 — 旺旺卡盟: recharge missing; 黑猫投诉 without any reply, 2 days overdue.
    # The agent offered a "private refund plus a tip": recorded, never hidden.
    no = 4
    paid = t.ago(days=9)
    c = new(
        no, "旺旺卡盟", title="话费充值200元三天未到账，客服要求私下退款", category="recharge-missing",
        orders=[Order(f"WW{_ymd(paid)}00112", Decimal("200.00"), paid.isoformat(), "银行卡")],
        complainant=Complainant(name="赵磊", phone="13800131029"),
        demands=Demands(basic="退还200元至原银行卡。"),
        tags=["充值", "私下交易"],
        notes="客服曾提出“私下转账退款并多给20元好处费，请撤诉”，已拒绝并截图。\n"
              "原支付银行卡：6222021234567890128。",
    )
    _finish(c, [
        _ev(E.SUBMITTED, "platform-cs", t.ago(days=8, hours=20), ticket="WW-GD-77031", said="反映话费未到账。"),
        _ev(E.CONTACT, "platform-cs", t.ago(days=8, hours=2), agent="KF1024",
            said="可以私下转账退您并多给20元，您撤销投诉即可。"),
        _ev(E.SUBMITTED, "platform-complaint", t.ago(days=7), ticket="WWTS0606-19",
            said="向平台投诉邮箱提交正式投诉，附私下交易截图。"),
        _ev(E.SUBMITTED, "heimao", t.ago(days=4), ticket="17369084215",
            said="在黑猫投诉发布投诉，诉求：退款200元。"),
        _ev(E.NOTE, "heimao", t.ago(days=1), said="黑猫投诉页面显示商家仍未回复。"),
    ])
    c.evidence = [
        _evidence(no, K.TRANSACTION, "银行卡扣款短信截图", "扣款短信.png", paid),
        _evidence(no, K.COMMUNICATION, "客服私下交易提议截图", "私下交易.png", t.ago(days=8, hours=2)),
    ]
    cases.append(c)

    # 5 — 星辰卡盟: forced auto-renewal; 12315 submitted, waiting for the
    # 7-working-day decision to accept.
    no = 5
    paid = t.ago(days=12)
    c = new(
        no, "星辰卡盟", title="月卡会员未提前告知即自动续费扣款", category="forced-renewal",
        orders=[Order(f"XC{_ymd(paid)}00877", Decimal("30.00"), paid.isoformat(), "微信支付")],
        complainant=Complainant(
            name="陈晓婷", phone="13800136240", id_number=id_number("420111", "19980605", "022"),
            address="湖北省武汉市洪山区珞喻路1037号",
        ),
        demands=Demands(basic="退还自动续费扣款30元并关闭自动续费。"),
        tags=["自动续费"],
    )
    _finish(c, [
        _ev(E.SUBMITTED, "platform-cs", t.ago(days=11), ticket="XC-CS-40912", said="要求退还自动续费扣款。"),
        _ev(E.CONTACT, "platform-cs", t.ago(days=10, hours=22), agent="XC-88",
            said="续费条款已在协议中说明，不予退款。"),
        _ev(E.SUBMITTED, "platform-complaint", t.ago(days=9), ticket="XCTS-1102", said="投诉专员邮箱提交正式投诉。"),
        _ev(E.CONTACT, "platform-complaint", t.ago(days=6), said="投诉专员回复：维持原处理意见。"),
        _ev(E.SUBMITTED, "12315", t.ago(days=3, hours=4), ticket=f"1420111{_ymd(t.ago(days=3, hours=4))}0152",
            said="提交12315投诉：未显著提示自动续费。"),
    ])
    c.evidence = [
        _evidence(no, K.TRANSACTION, "微信自动扣费记录", "扣费记录.png", paid),
        _evidence(no, K.COMMUNICATION, "客服拒绝退款聊天记录", "聊天记录.png", t.ago(days=10, hours=22)),
        _evidence(no, K.ANOMALY, "开通页面未提示续费截图", "开通页面.png", t.ago(days=11)),
    ]
    cases.append(c)

    # 6 — 旺旺卡盟 ran away: the lead case of the group complaint (police).
    no = 6
    group = Group(
        id=_group_id(1), name="旺旺卡盟跑路集体维权", platform="旺旺卡盟",
        description="旺旺卡盟自6月初起关闭提现与客服，网站无法访问。\n"
                    "本群统计受害者订单与金额，统一向长沙市公安局岳麓分局经侦大队报案，并向12315举报。",
        coordinator="志愿者 小林",
    )
    paid = t.ago(days=25)
    c = new(
        no, "旺旺卡盟", title="旺旺卡盟关站跑路，余额与未发货订单无法退款（集体维权牵头案件）",
        category="ran-away",
        orders=[
            Order(f"WW{_ymd(paid)}00931", Decimal("1200.00"), paid.isoformat(), "支付宝"),
            Order(f"WW{_ymd(paid + timedelta(days=2))}00217", Decimal("860.50"),
                  (paid + timedelta(days=2)).isoformat(), "银行卡"),
        ],
        complainant=Complainant(
            name="林志远", phone="13800132876", id_number=id_number("430104", "19880909", "113"),
            address="湖南省长沙市岳麓区麓山南路932号",
        ),
        demands=Demands(basic="依法追缴涉案资金，退还全体受害者损失。"),
        status=Status.WAITING, tags=["集体维权", "跑路", "大额"],
        group_id=group.id,
        notes="受害者名单与授权委托书见群组名单。报案时携带ICP备案号与公司信息。",
    )
    _finish(c, [
        _ev(E.SUBMITTED, "platform-cs", t.ago(days=21), said="客服入口已关闭，工单无法提交。"),
        _ev(E.SUBMITTED, "12315-report", t.ago(days=18), ticket=f"2430104{_ymd(t.ago(days=18))}0088",
            said="向12315举报平台卷款跑路（不含退款诉求）。"),
        _ev(E.SUBMITTED, "police", t.ago(days=14), ticket=f"A430104500000{_ymd(t.ago(days=14))}31",
            said="向长沙市公安局岳麓分局经侦大队报案，已领取受案回执。"),
        _ev(E.CONTACT, "police", t.ago(days=5), said="办案民警：已立案侦查，请继续收集受害者材料。"),
    ])
    c.evidence = [
        _evidence(no, K.TRANSACTION, "全体受害者订单与支付记录汇总表", "受害者汇总.xlsx", t.ago(days=15)),
        _evidence(no, K.COMMUNICATION, "受案回执扫描件", "受案回执.pdf", t.ago(days=14)),
        _evidence(no, K.ANOMALY, "网站无法访问及公告截图", "关站截图.png", t.ago(days=21)),
    ]
    cases.append(c)

    # 7 — 汇想卡盟 sells game cheats: a 12315 report (15 working days).
    no = 7
    paid = t.ago(days=10)
    c = new(
        no, "汇想卡盟", title="平台公开售卖游戏外挂卡密", category="illegal-goods",
        orders=[Order(f"HX{_ymd(paid)}221903", Decimal("58.00"), paid.isoformat(), "支付宝")],
        demands=Demands(basic="依法查处售卖外挂行为。"),
        tags=["外挂", "举报"],
    )
    _finish(c, [
        _ev(E.SUBMITTED, "12315-report", t.ago(days=8), ticket=f"2440305{_ymd(t.ago(days=8))}0016",
            said="12315举报：平台商品页公开售卖外挂。"),
        _ev(E.NOTE, "12315-report", t.ago(days=2), said="举报状态：核查中。"),
    ])
    c.evidence = [
        _evidence(no, K.ANOMALY, "外挂商品页面截图", "商品页.png", t.ago(days=9)),
    ]
    cases.append(c)

    # 8 — 极速卡盟: account stolen and drained; 聚投诉, 18 hours left.
    no = 8
    paid = t.ago(days=4)
    c = new(
        no, "极速卡盟", title="账号被盗后余额被盗刷1580元", category="account-theft",
        orders=[Order(f"JS{_ymd(paid)}00045", Decimal("1580.00"), paid.isoformat(), "银行卡")],
        complainant=Complainant(
            name="孙浩然", phone="13800137731", id_number=id_number("320105", "19900218", "537"),
            address="江苏省南京市建邺区江东中路198号",
        ),
        demands=Demands(basic="冻结并追回被盗刷余额1580元。", compensation="说明异地登录未验证的原因。"),
        tags=["盗刷", "大额"],
    )
    _finish(c, [
        _ev(E.SUBMITTED, "platform-cs", t.ago(days=3, hours=20), ticket="JS-GD-3321", said="申请冻结账号。"),
        _ev(E.CONTACT, "platform-cs", t.ago(days=3, hours=2), agent="JS-105", said="需要提供身份证明，已提交。"),
        _ev(E.SUBMITTED, "jutousu", t.ago(hours=30), ticket=f"JTS-{_ymd(t.ago(hours=30))}-00731",
            said="在聚投诉发布投诉，附异地登录记录。"),
    ])
    c.evidence = [
        _evidence(no, K.TRANSACTION, "余额变动记录导出", "余额记录.csv", t.ago(days=3, hours=21)),
        _evidence(no, K.ANOMALY, "异地登录提醒短信", "登录短信.png", paid),
    ]
    cases.append(c)

    # 9 — 未来卡盟: goods not as described; the consumer association mediates
    # (no fixed clock; follow up every few days).
    no = 9
    paid = t.ago(days=30)
    c = new(
        no, "未来卡盟", title="购买的“永久会员”软件授权仅能使用30天", category="not-as-described",
        orders=[Order(f"WL{_ymd(paid)}0822", Decimal("168.00"), paid.isoformat(), "微信支付")],
        complainant=Complainant(name="周敏", phone="13800134408", address="四川省成都市武侯区人民南路四段12号"),
        demands=Demands(basic="按宣传提供永久授权，或退还168元。"),
        tags=["软件授权"],
    )
    _finish(c, [
        _ev(E.SUBMITTED, "platform-cs", t.ago(days=28), ticket="WL-KF-70112", said="授权到期，要求按宣传处理。"),
        _ev(E.CONTACT, "platform-cs", t.ago(days=27), agent="KF0302", said="“永久”指软件版本永久，不含授权。"),
        _ev(E.SUBMITTED, "platform-complaint", t.ago(days=25), ticket="WLTS-0519-07", said="投诉邮箱正式投诉。"),
        _ev(E.SUBMITTED, "jutousu", t.ago(days=21), ticket=f"JTS-{_ymd(t.ago(days=21))}-01288", said="聚投诉投诉。"),
        _ev(E.CONTACT, "jutousu", t.ago(days=19), said="商家回复：按用户协议处理，不予退款。"),
        _ev(E.SUBMITTED, "consumer-assoc", t.ago(days=12), ticket=f"CDXX-{_ymd(t.ago(days=12))[:4]}-0614",
            said="向成都市消费者协会申请调解。"),
        _ev(E.CONTACT, "consumer-assoc", t.ago(days=6), said="消协工作人员已联系平台，约定下周组织调解。"),
    ])
    c.evidence = [
        _evidence(no, K.TRANSACTION, "微信支付凭证", "微信支付.png", paid),
        _evidence(no, K.COMMUNICATION, "客服解释“永久”的聊天记录", "聊天记录.png", t.ago(days=27)),
        _evidence(no, K.ANOMALY, "宣传页“永久会员”截图与授权到期提示", "宣传对比.png", t.ago(days=28)),
    ]
    cases.append(c)

    # 10 — 好客权益卡盟: false advertising; small-claims suit filed.
    no = 10
    paid = t.ago(days=75)
    c = new(
        no, "好客权益卡盟", title="“满减券全场通用”宣传不实，要求退还会员费", category="false-advertising",
        orders=[Order(f"HK{_ymd(paid)}00041", Decimal("699.00"), paid.isoformat(), "银行卡")],
        complainant=Complainant(
            name="刘建国", phone="13800130987", id_number=id_number("330102", "19760102", "359"),
            address="浙江省杭州市上城区解放路138号",
        ),
        demands=Demands(basic="退还会员费699元。", compensation="按消费者权益保护法第五十五条主张三倍赔偿。"),
        tags=["诉讼", "虚假宣传"],
        fraud=True,  # the user's finding: the advert was notarised and the platform knew
    )
    _finish(c, [
        _ev(E.SUBMITTED, "platform-cs", t.ago(days=70), ticket="HKQY-330918", said="满减券无法使用。"),
        _ev(E.SUBMITTED, "platform-complaint", t.ago(days=66), ticket=f"HKTS-{_ymd(t.ago(days=66))[:4]}-0133",
            said="正式投诉。"),
        _ev(E.CONTACT, "platform-complaint", t.ago(days=64), said="平台答复：宣传页已注明“部分商家适用”。"),
        _ev(E.SUBMITTED, "12315", t.ago(days=60), ticket=(t12315 := f"1330110{_ymd(t.ago(days=60))}0027"),
            said="12315投诉。"),
        _ev(E.ACCEPTED, "12315", t.ago(days=55), ticket=t12315, said="已受理，组织调解。"),
        _ev(E.RESULT, "12315", t.ago(days=20), ticket=t12315, said="调解不成，终止调解。"),
        _ev(E.SUBMITTED, "court", t.ago(days=10), ticket=f"（{_ymd(t.ago(days=10))[:4]}）浙0110民初4821号",
            said="向杭州市余杭区人民法院提起小额诉讼，已立案。"),
        _ev(E.CONTACT, "court", t.ago(days=2), said="法院电话通知：平台已签收起诉状副本，近期安排开庭。"),
    ])
    c.evidence = [
        _evidence(no, K.TRANSACTION, "银行卡支付凭证", "支付凭证.png", paid),
        _evidence(no, K.COMMUNICATION, "12315终止调解告知书", "终止调解告知书.pdf", t.ago(days=20)),
        _evidence(no, K.ANOMALY, "“全场通用”宣传页（已公证）", "宣传页公证书.pdf", t.ago(days=68)),
    ]
    cases.append(c)

    # 11 — 星辰卡盟: personal data leaked; platform CS default 24 h, 6 hours overdue.
    no = 11
    c = new(
        no, "星辰卡盟", title="注册后频繁接到推销电话，疑似个人信息泄露", category="data-leak",
        complainant=Complainant(name="黄丽娟", phone="13800139315"),
        demands=Demands(basic="说明个人信息使用情况并删除已共享的数据。"),
        tags=["个人信息"],
    )
    _finish(c, [
        _ev(E.SUBMITTED, "platform-cs", t.ago(hours=30), ticket="XC-CS-41877",
            said="询问个人信息是否被共享给第三方。"),
    ])
    c.evidence = [
        _evidence(no, K.COMMUNICATION, "推销来电记录", "来电记录.png", t.ago(hours=31)),
    ]
    cases.append(c)

    # 12 — 极速卡盟: abnormal records; resolved after a formal complaint.
    no = 12
    paid = t.ago(days=40)
    c = new(
        no, "极速卡盟", title="同一订单被重复扣款两次", category="abnormal-records",
        orders=[Order(f"JS{_ymd(paid)}00512", Decimal("88.00"), paid.isoformat(), "支付宝")],
        demands=Demands(basic="退还重复扣款88元。"),
        status=Status.RESOLVED, tags=["重复扣款", "已退款"],
        notes="88元已于退款日原路退回支付宝。",
    )
    _finish(c, [
        _ev(E.SUBMITTED, "platform-cs", t.ago(days=39), ticket="JS-GD-1290", said="反映重复扣款。"),
        _ev(E.SUBMITTED, "platform-complaint", t.ago(days=37), ticket="JSTS-0507-2", said="投诉邮箱正式投诉。"),
        _ev(E.RESULT, "platform-complaint", t.ago(days=36), said="平台邮件确认重复扣款，承诺3个工作日内退回。"),
        _ev(E.NOTE, "platform-complaint", t.ago(days=33), said="退款88元已到账（支付宝）。"),
    ])
    c.evidence = [
        _evidence(no, K.TRANSACTION, "支付宝两笔扣款记录", "扣款记录.png", paid),
        _evidence(no, K.COMMUNICATION, "平台退款确认邮件", "退款邮件.eml", t.ago(days=36)),
    ]
    cases.append(c)

    # 13 — 汇想卡盟: a refund promised by after-sales never came; refused by 微信支付 and on 聚投诉.
    no = 13
    paid = t.ago(days=50)
    c = new(
        no, "汇想卡盟", title="售后承诺7天内退款未兑现", category="broken-promise",
        orders=[Order(f"HX{_ymd(paid)}090114", Decimal("45.00"), paid.isoformat(), "微信支付")],
        demands=Demands(basic="按售后承诺退款45元。"),
        status=Status.REFUSED, tags=["售后"],
        notes="平台书面拒绝：称商品已发货。金额较小，暂不继续升级。",
    )
    _finish(c, [
        _ev(E.SUBMITTED, "platform-cs", t.ago(days=48), ticket=f"GD{_ymd(t.ago(days=48))}00098", said="申请售后退款。"),
        _ev(E.CONTACT, "platform-cs", t.ago(days=48), agent="KF2207", said="7天内退款到原账户。",
            promised="7天内退款", deadline=t.ago(days=41)),
        _ev(E.SUBMITTED, "payment", t.ago(days=40), ticket=f"WXZF-{_ymd(t.ago(days=40))}-5521",
            said="微信支付交易投诉：商家未按承诺退款。"),
        _ev(E.RESULT, "payment", t.ago(days=39), said="微信支付：商家称已发货并提交凭证，投诉已关闭。"),
        _ev(E.SUBMITTED, "jutousu", t.ago(days=38), ticket=f"JTS-{_ymd(t.ago(days=38))}-00212", said="聚投诉投诉。"),
        _ev(E.RESULT, "jutousu", t.ago(days=30), said="商家回复：商品已发货，拒绝退款。"),
    ])
    cases.append(c)

    # 14 — 旺旺卡盟: a group member's own case, at the consumer association.
    no = 14
    paid = t.ago(days=26)
    c = new(
        no, "旺旺卡盟", title="平台关站前充值的余额无法提现", category="ran-away",
        orders=[Order(f"WW{_ymd(paid)}01188", Decimal("320.00"), paid.isoformat(), "微信支付")],
        complainant=Complainant(name="吴倩", phone="13800133652"),
        demands=Demands(basic="退还账户余额320元。"),
        status=Status.WAITING, tags=["集体维权"],
        group_id=group.id,
    )
    _finish(c, [
        _ev(E.SUBMITTED, "consumer-assoc", t.ago(days=16), ticket=f"CSXX-{_ymd(t.ago(days=16))[:4]}-0602",
            said="向长沙市消费者委员会反映，已登记。"),
        _ev(E.NOTE, "consumer-assoc", t.ago(days=9), said="已加入旺旺卡盟集体维权群，材料同步给志愿者。"),
        _ev(E.CONTACT, "consumer-assoc", t.ago(days=3),
            said="消委会回复：平台已失联，无法组织调解，建议同时向公安报案。"),
    ])
    cases.append(c)

    # 15 — 乐享卡盟: slow service; the agent promised "24小时内", 14 hours left.
    no = 15
    paid = t.ago(days=2)
    c = new(
        no, "乐享卡盟", title="视频会员兑换码两天未发放，客服一再推诿", category="slow-service",
        orders=[Order(f"LX{_ymd(paid)}88021", Decimal("25.80"), paid.isoformat(), "支付宝")],
        demands=Demands(basic="立即发放兑换码或退款25.80元。"),
        tags=["兑换码"],
    )
    _finish(c, [
        _ev(E.SUBMITTED, "platform-cs", t.ago(days=1, hours=20), ticket="LX-8830",
            said="兑换码未发放。"),
        _ev(E.CONTACT, "platform-cs", t.ago(hours=10), agent="LX-09", said="已加急，24小时内处理。",
            promised="24小时内", deadline=t.ago(hours=10) + timedelta(hours=24)),
    ])
    c.evidence = [
        _evidence(no, K.TRANSACTION, "支付宝账单截图", "支付宝账单.png", paid),
    ]
    cases.append(c)

    group.participants = _participants(random.Random(seed), GROUP_PARTICIPANTS_DEFAULT, t)
    # The lead case's complainant and the member with her own case are on the roster.
    group.participants[0] = Participant(
        name="林志远", phone="13800132876",
        orders=[RosterOrder(o.number, str(o.amount), o.paid_at or "", o.payment_channel, o.payee)
                for o in cases[5].orders],
        case_id=_case_id(6), poa=True, consent=True, status=Status.WAITING.value,
        evidence=["transaction", "communication", "anomaly"],
    )
    group.participants[1] = Participant(
        name="吴倩", phone="13800133652",
        orders=[RosterOrder(o.number, str(o.amount), o.paid_at or "", o.payment_channel, o.payee)
                for o in cases[13].orders[:1]],
        case_id=_case_id(14), poa=True, consent=True, status=Status.WAITING.value, evidence=["transaction"],
    )
    group.case_id = _case_id(6)
    group.representatives = ["P-00001"]  # 林志远: the roster's first participant, numbered first by the store
    for person in group.participants[2:12]:  # the volunteers share the follow-ups
        person.assignee = "小林" if len(person.name) % 2 else "阿杰"
    for case in cases:  # the lead case and the group's members follow-ups belong to the coordinator
        if case.id in (_case_id(6), _case_id(14)):
            case.assignee = "小林"
    group.created = t.iso(t.ago(days=20))
    group.updated = t.iso(t.ago(days=1))
    return cases, group


# ---------------------------------------------------------------- people (fake)

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉宇浩然晨曦思雨子涵欣怡俊杰嘉豪梓萱文博雅婷志远"
_DIVISIONS = ("430104", "440305", "330106", "510107", "420111", "320105", "340104", "410105", "110105", "310115")


def _name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _phone(rng: random.Random) -> str:
    return rng.choice(("1380013", "1390013", "1360013", "1580013", "1880013")) + f"{rng.randrange(10000):04d}"


def _id_number(rng: random.Random) -> str:
    birth = f"{rng.randrange(1965, 2005)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}"
    return id_number(rng.choice(_DIVISIONS), birth, f"{rng.randrange(1000):03d}")


def _participants(rng: random.Random, n: int, t: _T) -> list[Participant]:
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
        name, phone = _name(rng), _phone(rng)
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
            return f"1{_DIVISIONS[int(rnd() * 10)]}{d}{int(rnd() * 10000):04d}"
        case "12315-report":
            return f"2{_DIVISIONS[int(rnd() * 10)]}{d}{int(rnd() * 10000):04d}"
        case "heimao":
            return f"173{int(rnd() * 10**8):08d}"
        case "jutousu":
            return f"JTS-{d}-{int(rnd() * 100000):05d}"
        case "consumer-assoc":
            return f"XH-{d[:4]}-{int(rnd() * 10000):04d}"
        case "police":
            return f"A{_DIVISIONS[int(rnd() * 10)]}5000{d}{int(rnd() * 1000):03d}"
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


def _bulk_case(rng: random.Random, no: int, t: _T, group_id: str) -> Case:  # noqa: PLR0912, PLR0915
    rnd = rng.random
    platform = _pick(rnd, PLATFORMS)
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
        Complainant(name=_name(rng), phone=_phone(rng), id_number=_id_number(rng))
        if rnd() < 0.3
        else Complainant()
    )
    case_id = _case_id(no)
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
        entity=_copy_entity(platform.entity),
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


def _bulk(t: _T, n_cases: int, seed: int) -> tuple[list[Case], list[Group]]:
    rng = random.Random(seed)
    group = Group(
        id=_group_id(1), name="旺旺卡盟跑路集体维权", platform="旺旺卡盟",
        description="旺旺卡盟关站跑路，统一报案并向12315举报。", coordinator="志愿者 小林",
        created=t.iso(t.ago(days=30)), updated=t.iso(t.ago(hours=2)),
    )
    cases = [_bulk_case(rng, no, t, group.id) for no in range(1, n_cases + 1)]
    if cases:  # the first case leads the group
        lead = cases[0]
        lead.platform = "旺旺卡盟"
        lead.entity = _copy_entity(_BY_NAME["旺旺卡盟"].entity)
        lead.category = "ran-away"
        lead.title = "旺旺卡盟关站跑路（集体维权牵头案件）"
        lead.group_id = group.id
        group.case_id = lead.id
    group.participants = _participants(rng, GROUP_PARTICIPANTS_BULK, t)
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
    t = _T(now)
    if n_cases is None:
        cases, group = _handwritten(t, seed)
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
