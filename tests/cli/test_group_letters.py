"""``tousu escalate|urge --joint`` (the group's joint text) and ``tousu group letter
--power-of-attorney`` (the 授权委托书), and the roster's 委托书 flag in the filing-for-someone-else
check of a participant's own case; exit codes and masking."""

from __future__ import annotations

import pytest
from cli_helpers import assert_one_line_error

ROSTER = """姓名,手机号,身份证号,订单号,金额,支付时间,支付方式
张三丰,13800138000,430104199003074518,WW1,128.50,2026-06-01 10:00,支付宝
李四,13900139000,,WW2,1280,2026-06-02 15:00,微信支付
王五,13700137000,,WW3,50,2026-06-03 10:00,银行卡
"""


@pytest.fixture
def group(run, tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    for args in (("add", "--platform", "旺旺卡盟", "--title", "旺旺卡盟跑路"), ("group", "create", "K-0001"),
                 ("group", "import", "K-0001", str(path)),
                 ("group", "set", "K-0001", "P-00001", "P-00002", "consent=是", "poa=是"),
                 ("group", "represent", "K-0001", "P-00001"),
                 ("group", "decide", "K-0001", "--kind", "withdraw_demand", "--text", "不再要求三倍赔偿"),
                 ("group", "consent", "K-0001", "D-1", "P-00001")):
        result = run(*args)
        assert result.code == 0, (args, result.err)


def test_joint_text_blocked_by_missing_facts_then_forced(run, group):
    blocked = run("escalate", "K-0001", "--to", "12315", "--joint")
    assert blocked.code == 3 and blocked.out == ""
    assert "[提醒] 1名参与者未列入共同投诉的名单和合计：未同意被代表的1人（王**）" in blocked.err
    assert "[提醒] 决定 D-1（放弃请求）：被代表的2人中1人已同意，尚未同意：李**" in blocked.err
    forced = run("escalate", "K-0001", "--to", "12315", "--joint", "--force")
    assert forced.code == 0, forced.err
    assert ("序号 | 姓名 | 订单号 | 金额\n1 | 张** | WW1 | 128.50元\n2 | 李** | WW2 | 1280.00元\n"
            "合计：2人，2笔订单，金额1408.50元。") in forced.out
    assert "D-1 放弃投诉请求：不再要求三倍赔偿（2026年6月15日提出）\n被代表的2人中已有1人同意；尚未同意的1人：李**。" in forced.out
    assert "李四" not in forced.out and "王**" not in forced.out
    revealed = run("escalate", "K-0001", "--to", "12315", "--joint", "--force", "--reveal")
    assert "2 | 李四 | WW2 | 1280.00元" in revealed.out
    own = run("escalate", "K-0001", "--to", "12315", "--force")  # the case's own text: no table
    assert own.code == 0 and "序号 | 姓名" not in own.out


def test_joint_urge_and_a_case_in_no_group(run, group):
    assert run("add", "--platform", "别的卡盟", "--title", "单独的案件").code == 0
    assert_one_line_error(run("escalate", "K-0002", "--to", "12315", "--joint"), "K-0002", "--joint")
    filed = run("escalate", "K-0001", "--to", "12315", "--joint", "--force", "--record", "--ticket", "T-1")
    assert filed.code == 0, filed.err
    urge = run("urge", "K-0001", "--joint", "--force")
    assert urge.code == 0, urge.err
    assert "【催办】全国12315平台投诉（工单/投诉编号：T-1）" in urge.out and "合计：2人，2笔订单，金额1408.50元。" in urge.out


def test_power_of_attorney_letter(run, group):
    result = run("group", "letter", "K-0001", "--power-of-attorney", "WW2")
    assert result.code == 0, result.err
    assert result.out.startswith("授权委托书\n\n委托人：李**\n身份证号码：＿＿＿＿＿＿＿＿＿＿（委托人填写）\n"
                                 "联系电话：139****9000\n")
    # the first representative is the agent, with the data the roster holds, masked
    assert "受托人：张**\n身份证号码：430***********4518\n联系电话：138****8000\n" in result.out
    assert "委托事项：委托人在旺旺卡盟购买商品或者服务发生消费者权益争议（订单号：WW2；金额合计1280.00元）" in result.out
    agent = run("group", "letter", "K-0001", "--power-of-attorney", "P-00002", "--agent", "刘志愿", "--reveal",
                "--special")
    assert "委托人：李四\n" in agent.out and "受托人：刘志愿\n身份证号码：＿＿＿＿＿＿＿＿＿＿（受托人填写）" in agent.out
    assert "特别授权：" in agent.out
    en = run("group", "letter", "K-0001", "--power-of-attorney", "P-00002", "--letter-lang", "en")
    assert en.out.startswith("Power of attorney\n")


def test_power_of_attorney_letter_refusals(run, group):
    assert_one_line_error(run("group", "letter", "K-0001", "--power-of-attorney", "P-00009"), "P-00009")
    assert run("group", "letter", "K-0001").code == 2  # --power-of-attorney is required


def test_a_participants_own_case_fires_then_clears_the_power_of_attorney_check(run, group):
    assert run("add", "--platform", "旺旺卡盟", "--title", "王五的订单").code == 0
    assert run("group", "set", "K-0001", "P-00003", "case_id=K-0002").code == 0
    fired = run("escalate", "K-0002", "--to", "12315")
    assert fired.code == 3
    assert "[必须] 本案为参与者 P-00003 代为投诉，全国12315平台投诉需要其签署的授权委托书" in fired.err
    assert run("group", "set", "K-0001", "P-00003", "poa=是").code == 0
    cleared = run("escalate", "K-0002", "--to", "12315", "--force")
    assert "P-00003" not in cleared.err
    assert "本投诉由受托人代为提交，授权委托书原件及受托人身份证明随附" in cleared.out
