"""tousu show: every field, timeline, evidence checklist; masking unless --reveal."""

from __future__ import annotations

from cli_helpers import assert_one_line_error

PHONE = "13800138421"  # K-0001's complainant (demo)


def test_show_text_masks_personal_data(run, demo_store):
    result = run("show", "K-0001")
    assert result.code == 0, result.err
    out = result.out
    assert PHONE not in out and "138****8421" in out
    assert "李**" in out and "李文博" not in out
    assert "19920314" not in out  # the birth date part of the ID number
    assert "--reveal" in out


def test_show_text_fields_timeline_checklist(run, demo_store):
    out = run("show", "1").out
    for text in (
        "K-0001", "充值500元游戏点卡未到账", "等待回复", "汇想卡盟", "充值未到账（交易类）",
        "深圳市汇想数字科技有限公司", "粤ICP备2020056789号-2", "HX20260526104522817", "¥500.00", "支付宝",
        "基础诉求", "补偿诉求", "12315已受理", "全国12315平台投诉（第2级）", "剩 39个工作日",
        "跟进：2026-06-08 07:00  跟进 逾期 7天  ← 先到", "每4天跟进一次",
        "第二十一条", "可升级至", "消费者协会",
        "时间线", "2026-05-26 07:32", "[KF2031]", "2小时内回复 → 2026-05-26 09:32", "受理",
        "证据清单", "✓ 交易凭证", "✓ 沟通记录", "✓ 商品异常证据", "证据文件", "sha256:",
    ):
        assert text in out, text


def test_show_reveal(run, demo_store):
    out = run("show", "K-0001", "--reveal").out
    assert PHONE in out and "李文博" in out and "430104199203142810" in out


def test_show_masks_a_bank_card_in_notes(run, demo_store):
    assert "6222021234567890128" not in run("show", "4").out
    assert "0128" in run("show", "4").out
    assert "6222021234567890128" in run("show", "4", "--reveal").out


def test_show_json_masked_by_default(run, demo_store):
    data = run("show", "K-0001", "--json").json()
    assert data["masked"] is True
    assert data["complainant"]["phone"] == "138****8421"
    assert "19920314" not in data["complainant"]["id_number"]
    assert data["complainant"]["name"] == "李**"
    assert PHONE not in run("show", "K-0001", "--json").out


def test_show_json_reveal_and_computed_fields(run, demo_store):
    data = run("show", "1", "--json", "--reveal").json()
    assert data["masked"] is False and data["complainant"]["phone"] == PHONE
    assert data["id"] == "K-0001" and data["status"] == "waiting"
    assert data["channel"] == "12315" and data["tier"] == 2
    assert data["deadline"].endswith("T23:59:59+08:00") and data["deadline_kind"] == "clock"
    assert data["deadline_working_days"] is True
    # silent since the acceptance on 06-04 07:00: the follow-up (every 4 days) comes first, overdue
    assert (data["next_kind"], data["follow_up"]) == ("follow_up", "2026-06-08T07:00:00+08:00")
    assert data["remaining_seconds"] < 0 and data["urgency"] == "overdue" and data["countdown"] == "跟进 逾期 7天"
    assert data["amount"] == "500.00" and data["orders"][0]["amount"] == "500.00"
    assert len(data["timeline"]) == 7
    kinds = [c["kind"] for c in data["evidence_checklist"]]
    assert kinds == ["transaction", "communication", "anomaly"]
    assert all(not c["missing"] for c in data["evidence_checklist"])


def test_show_group_case(run, demo_store):
    out = run("show", "6").out
    assert "G-001 旺旺卡盟跑路集体维权" in out and "公安机关" in out
    assert run("show", "6", "--json").json()["group_name"] == "旺旺卡盟跑路集体维权"


def test_show_closed_case(run, demo_store):
    data = run("show", "12", "--json").json()
    assert data["status"] == "resolved" and data["deadline"] is None and data["remaining_seconds"] is None
    assert "已解决" in run("show", "12").out


def test_show_missing_evidence(run):
    run("add", "--platform", "x", "--title", "y")
    out = run("show", "1").out
    assert "✗ 交易凭证" in out and "✗ 商品异常证据" in out


def test_show_in_english(run, demo_store):
    out = run("show", "1", "--lang", "en").out
    assert "Timeline" in out and "Evidence checklist" in out and "working days left" in out
    assert "Follow up" in out and "follow up overdue 7d  ← first" in out
    assert "(tier 2)" in out


def test_show_unknown_case(run, demo_store):
    assert_one_line_error(run("show", "K-0999"), "找不到案件 K-0999")
    assert_one_line_error(run("show", "x1"), "不是案件编号")
    assert_one_line_error(run("--lang", "en", "show", "K-0999"), "case K-0999 not found")


def test_show_masks_free_text_but_not_tickets(run, cli_env, store_path):
    from cases.clock import FixedClock
    from cases.model import Case, Event, EvidenceItem
    from storage.store import Store

    store = Store.open(store_path, FixedClock(cli_env["TOUSU_NOW"]))
    try:
        store.add_case(Case(
            title="t", platform="p",
            timeline=[Event(kind="submitted", channel="heimao", at="2026-06-14T10:00:00+08:00",
                            ticket="17369084215", said="请拨 13912345678 联系")],
            evidence=[EvidenceItem(kind="communication", label="与 13912345678 的通话录音")],
        ))
    finally:
        store.close()
    out = run("show", "1").out
    assert "13912345678" not in out and "139****5678" in out
    assert out.count("17369084215") >= 2  # header and timeline: a ticket is not personal data
    assert "13912345678" in run("show", "1", "--reveal").out


CARD = "6222021234567890128"


def test_a_card_typed_as_the_payment_channel_is_masked_everywhere(run):
    assert run("add", "--platform", "汇想卡盟", "--title", "点卡未到账", "--amount", "128",
               "--order", "HX-1", "--paid-with", f"银行卡 {CARD}").code == 0
    for args in (("show", "1"), ("show", "1", "--json"), ("list",), ("list", "--json"), ("list", "--all")):
        out = run(*args).out
        assert CARD not in out and "6222" not in out, args
    assert "银行卡 " + "*" * 15 + "0128" in run("show", "1").out
    data = run("show", "1", "--json").json()
    assert data["orders"][0]["payment_channel"] == "银行卡 " + "*" * 15 + "0128"
    assert data["orders"][0]["number"] == "HX-1"
    assert CARD in run("show", "1", "--reveal").out
    revealed = run("show", "1", "--json", "--reveal").json()
    assert revealed["orders"][0]["payment_channel"] == f"银行卡 {CARD}" and revealed["masked"] is False


def test_show_masks_every_typed_text_and_the_name(run, cli_env, store_path):
    from decimal import Decimal

    from cases.clock import FixedClock
    from cases.model import Case, Complainant, Demands, Event, EvidenceItem, Order
    from storage.store import Store

    store = Store.open(store_path, FixedClock(cli_env["TOUSU_NOW"]))
    try:
        store.add_case(Case(
            title="王小明 Tel１３９ ８７６５ ４３２１", platform="王小明卡盟 ID110105199003071234",
            orders=[Order("HX-2", Decimal("10.00"), None, "card6222\u200b0212\u200b3456\u200b7890\u200b128")],
            complainant=Complainant(name="王小明", phone="13987654321"),
            demands=Demands("退给王小明", "回电 139.8765.4321"),
            tags=["王小明", "13987654321"],
            notes="王小明 身份证 110105 19900307 1234",
            timeline=[Event(kind="contact", channel="platform-cs", at="2026-06-14T10:00:00+08:00",
                            ticket="13912345678", agent="KF13987654321", said="王小明请留意",
                            promised="回电 13987654321")],
            evidence=[EvidenceItem(kind="communication", path="/home/wang/13987654321.png")],
        ))
    finally:
        store.close()
    for args in (("show", "1"), ("show", "1", "--json")):
        out = run(*args).out
        for secret in ("王小明", "8765", "19900307", "6222"):
            assert secret not in out.replace(" ", "").replace(".", ""), (args, secret)
        assert "13912345678" in out  # a ticket is not personal data
    data = run("show", "1", "--json").json()
    assert data["title"] == "王** Tel139****4321" and data["platform"] == "王**卡盟 ID110***********1234"
    assert data["tags"] == ["王**", "139****4321"] and data["timeline"][0]["agent"] == "KF139****4321"
    assert data["evidence"][0]["path"] == "/home/wang/139****4321.png"
    revealed = run("show", "1", "--reveal").out
    for secret in ("王小明", "13987654321", "19900307", "/home/wang/13987654321.png"):
        assert secret in revealed, secret


def test_show_lists_the_users_marks_the_payee_and_the_respondents_details(run):
    case_id = run("add", "--platform", "未来卡盟", "--title", "假店收款不发货", "--amount", "88", "--order", "WL-1",
                  "--paid-with", "支付宝", "--payee", "个人账户 李某 13912345678", "--fraud").out.strip()
    answered = run("escalate", case_id, "--to", "police", "--set", "entity.legal_rep=王五",
                   "--set", "entity.website=https://wl.example", "--force")
    assert answered.code == 0, answered.err
    out = run("show", case_id).out
    assert "用户认定：欺诈\n" in out
    assert "收款方 个人账户 李某 139****5678" in out and "13912345678" not in out
    assert "法定代表人 王五" in out and "https://wl.example" in out
    assert "13912345678" in run("show", case_id, "--reveal").out
    data = run("show", case_id, "--json").json()
    assert data["fraud"] is True and data["orders"][0]["payee"] == "个人账户 李某 139****5678"
