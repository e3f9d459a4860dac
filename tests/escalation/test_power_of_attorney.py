"""The 授权委托书 one participant signs (cases.power_of_attorney): exact text, masked and revealed,
general and special authority, its term, and blanks (never invented values) for what is unknown."""

from __future__ import annotations

from escalation_helpers import full_case

from cases.power_of_attorney import Agent, power_of_attorney_text
from cases.roster import Participant, RosterOrder

PERSON = Participant(id="P-00002", name="李四", phone="13900139000", id_number="430104199003074518",
                     address="湖南省长沙市岳麓区桐梓坡路186号",
                     orders=[RosterOrder(number="WW2", amount="1280.00"), RosterOrder(number="WW5", amount="20.00")],
                     poa_until="2027-06-30")

MASKED = """授权委托书

委托人：李**
身份证号码：430***********4518
联系电话：139****9000
联系地址：湖南省****

受托人：张**
身份证号码：＿＿＿＿＿＿＿＿＿＿（受托人填写）
联系电话：＿＿＿＿＿＿＿＿＿＿（受托人填写）

委托事项：委托人在汇想卡盟（经营者：深圳市汇想数字科技有限公司）购买商品或者服务发生消费者权益争议（订单号：WW2、WW5；金额合计1300.00元），现委托受托人代为向市场监督管理部门（含全国12315平台）、消费者协会等提出投诉，提交材料，陈述事实，提供证据，接收通知和文书，参加调解。

委托权限：
一般授权。
代为变更、放弃投诉请求或者达成调解（和解）协议，须有委托人的特别授权；仅有一般授权的，受托人不得代为上述事项。

委托期限：自本委托书签署之日起至2027年6月30日止。

（依据《市场监督管理投诉举报处理暂行办法》第十条：授权委托书应当载明委托事项、权限和期限，由委托人签名，并附受托人身份证明。）

委托人（签名）：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日
受托人（签名）：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日"""


def test_the_masked_text_exactly():
    assert power_of_attorney_text(PERSON, Agent("张三丰"), full_case()) == MASKED


def test_revealed_special_authority_and_a_term_until_done():
    person = Participant(**{**PERSON.__dict__, "poa_until": "", "address": ""})
    agent = Agent("张三丰", "110101199003071234", "13800138000")
    text = power_of_attorney_text(person, agent, full_case(), reveal=True, special=True)
    assert "委托人：李四\n身份证号码：430104199003074518\n联系电话：13900139000\n" in text
    assert "联系地址：＿＿＿＿＿＿＿＿＿＿（委托人填写）" in text  # unknown: a blank to fill by hand
    assert "受托人：张三丰\n身份证号码：110101199003071234\n联系电话：13800138000" in text
    assert ("委托权限：\n特别授权：除一般授权事项外，受托人可代为变更、放弃投诉请求，代为达成、接受调解（和解）协议。\n"
            "代为变更、放弃投诉请求或者达成调解（和解）协议，须有委托人的特别授权") in text
    assert "委托期限：自本委托书签署之日起至本投诉处理完毕之日止。" in text


def test_in_english():
    text = power_of_attorney_text(PERSON, Agent(""), full_case(), lang="en")
    assert text.startswith("Power of attorney\n\nPrincipal: 李**\nID number: 430***********4518\n")
    assert "Agent: __________ (to be written by the agent)" in text
    assert "Term: from the day this is signed until 2027-06-30." in text
    assert "Article 10" in text
