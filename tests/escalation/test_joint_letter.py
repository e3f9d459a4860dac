"""The joint text of a group complaint (cases.joint_letter): the represented participants' table
and totals, who is left out, the decisions' consents, masking, and the 授权委托书 check of a joint
filing and of a participant's own case."""

from __future__ import annotations

import pytest
from escalation_helpers import NOW, full_case

from cases.escalation import build_submission, build_urge
from cases.joint_letter import JointRoster, participant_on_behalf
from cases.model import Group
from cases.roster import Decision, Participant, RosterOrder


def _person(n: int, name: str, orders: list[tuple[str, str]], *, consent=True, poa=True, **extra) -> Participant:
    return Participant(id=f"P-{n:05d}", group_id="G-001", name=name, phone=f"1380013800{n}",
                       orders=[RosterOrder(number=o, amount=a) for o, a in orders], consent=consent, poa=poa, **extra)


def _roster(decisions=(), representatives=("P-00001",)) -> JointRoster:
    people = [
        _person(1, "张三丰", [("WW1", "128.50")], consents={"D-1": "2026-06-14T09:00:00+08:00"}),
        _person(2, "李四", [("WW2", "1280.00"), ("WW5", "20.00")]),
        _person(3, "王五", [("WW3", "50.00")], poa=False),
        _person(4, "赵六", [("WW4", "20.00")], consent=False, poa=False),
    ]
    group = Group(id="G-001", name="汇想卡盟集体维权", case_id="K-0100", representatives=list(representatives),
                  decisions=list(decisions))
    return JointRoster.of(group, people)


SETTLE = Decision(id="D-1", kind="accept_settlement", text="接受平台退款50%", at="2026-06-14T08:00:00+08:00")

BLOCK_ZH = """【共同投诉（代表人投诉）】
依据《市场监督管理投诉举报处理暂行办法》第十一条，以下2名消费者基于同一消费者权益争议共同投诉同一经营者，书面推选张**（P-00001）为代表人进行投诉；代表人变更、放弃投诉请求或者达成调解协议，须经被代表的投诉人同意。
序号 | 姓名 | 订单号 | 金额
1 | 张** | WW1 | 128.50元
2 | 李** | WW2、WW5 | 1300.00元
合计：2人，3笔订单，金额1428.50元。
各被代表人签署的授权委托书原件随附（《市场监督管理投诉举报处理暂行办法》第十条）。

【须经被代表人同意的事项】
D-1 达成调解协议：接受平台退款50%（2026年6月14日提出）
被代表的2人中已有1人同意；尚未同意的1人：李**。"""


def test_the_joint_text_has_the_table_the_totals_and_the_decision():
    sub = build_submission(full_case(), "12315", NOW, joint=_roster([SETTLE]))
    assert BLOCK_ZH in sub.body
    assert "三丰" not in sub.text() and "李四" not in sub.text()  # masked
    assert "王**" not in sub.body and "赵**" not in sub.body  # left out of the table
    assert "《市场监督管理投诉举报处理暂行办法》第十一条" in sub.laws


def test_who_is_left_out_is_a_warning_naming_them_and_why():
    sub = build_submission(full_case(), "12315", NOW, joint=_roster([SETTLE]))
    found = {f.code: f for f in sub.findings}
    left = found["joint_left_out"]
    assert left.severity == "warn"
    assert left.message == "2名参与者未列入共同投诉的名单和合计：未同意被代表的1人（赵**）；授权委托书未存档的1人（王**）"
    assert found["joint_consent_missing"].message == "决定 D-1（接受和解）：被代表的2人中1人已同意，尚未同意：李**"
    assert not sub.blocked  # someone is represented with a 委托书 on file


def test_revealed_the_names_are_shown_but_never_on_a_public_page():
    revealed = build_submission(full_case(), "12315", NOW, joint=_roster(), reveal=True)
    assert "1 | 张三丰 | WW1 | 128.50元" in revealed.body and "2 | 李四 | WW2、WW5 | 1300.00元" in revealed.body
    public = build_submission(full_case(), "heimao", NOW, joint=_roster(), reveal=True)
    assert "1 | 张** | WW1 | 128.50元" in public.body and "李四" not in public.body


def test_all_consented_and_no_representatives_and_english():
    roster = _roster([SETTLE], representatives=())
    for p in roster.people:  # before anything is read from the roster
        p.consents["D-1"] = "2026-06-14T09:00:00+08:00"
    body = build_submission(full_case(), "12315", NOW, joint=roster).body
    assert "以下2名消费者基于同一消费者权益争议共同投诉同一经营者，请按共同投诉处理；代表人尚未推选。" in body
    assert "被代表的2人均已同意。" in body
    en = build_submission(full_case(), "12315", NOW, joint=roster, letter_lang="en", lang="en")
    assert "No. | Name | Orders | Amount\n1 | 张** | WW1 | 128.50 yuan" in en.body
    assert "Total: 2 people, 3 orders, 1428.50 yuan." in en.body
    assert "All 2 people represented have consented." in en.body
    assert not any(f.code == "joint_consent_missing" for f in en.findings)


def test_a_representative_needs_no_power_of_attorney_of_their_own():
    roster = _roster(representatives=("P-00003",))  # 王五: consent, no 委托书, but a representative
    body = build_submission(full_case(), "12315", NOW, joint=roster).body
    assert "3 | 王** | WW3 | 50.00元" in body and "合计：3人，4笔订单，金额1478.50元。" in body


def test_nobody_to_represent_blocks_and_the_power_of_attorney_check_fires_then_clears():
    roster = _roster(representatives=())
    for p in roster.people:  # before anything is read from the roster
        p.poa = False
    sub = build_submission(full_case(), "12315", NOW, joint=roster)
    codes = {f.code: f.severity for f in sub.findings}
    assert codes["joint_empty"] == "block" and codes["no_power_of_attorney"] == "block"
    assert "合计：0人，0笔订单，金额0.00元。" in sub.body
    roster.people[1].poa = True  # 李四's 委托书 arrives: the roster read again
    cleared = build_submission(full_case(), "12315", NOW, joint=JointRoster.of(roster.group, roster.people))
    assert not any(f.code in ("joint_empty", "no_power_of_attorney") for f in cleared.findings)
    assert not cleared.blocked


def test_a_joint_urge_carries_the_table():
    case = full_case()
    sub = build_urge(case, NOW, joint=_roster())
    assert "1 | 张** | WW1 | 128.50元" in sub.body and "合计：2人，3笔订单，金额1428.50元。" in sub.body


def test_the_left_out_list_is_cut_after_ten_names():
    people = [_person(i, f"路人{i}", [(f"X{i}", "1.00")], consent=False) for i in range(1, 14)]
    roster = JointRoster.of(Group(id="G-001", case_id="K-0100", representatives=["P-00001"]), people)
    left = next(f for f in build_submission(full_case(), "12315", NOW, joint=roster).findings
                if f.code == "joint_left_out")
    assert left.message.endswith("（" + "、".join(["路**"] * 10) + "等，另2人）")
    assert left.message.startswith("12名参与者")


@pytest.mark.parametrize("poa", [False, True])
def test_a_participants_own_case_reads_their_power_of_attorney_flag(poa):
    person = _person(3, "王五", [("WW3", "50.00")], poa=poa, case_id="K-0100")
    group = Group(id="G-001", case_id="K-0001")
    case = full_case()  # its own flags: not filed for someone else
    on_behalf = participant_on_behalf(case.id, (group, person))
    sub = build_submission(case, "12315", NOW, on_behalf=on_behalf)
    found = [f for f in sub.findings if f.code == "no_power_of_attorney"]
    if poa:
        assert not found
        assert "本投诉由受托人代为提交，授权委托书原件及受托人身份证明随附" in sub.body
    else:
        assert [f.message for f in found] == [
            "本案为参与者 P-00003 代为投诉，全国12315平台投诉需要其签署的授权委托书；"
            "存档后用 tousu group set K-0001 P-00003 poa=是 记录"]
        assert found[0].severity == "block" and found[0].field == ""


def test_the_lead_case_and_unlinked_cases_keep_their_own_flags():
    person = _person(3, "王五", [("WW3", "50.00")], poa=False, case_id="K-0100")
    assert participant_on_behalf("K-0100", (Group(id="G-001", case_id="K-0100"), person)) is None
    assert participant_on_behalf("K-0100", None) is None
