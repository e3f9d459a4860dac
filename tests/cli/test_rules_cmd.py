"""``tousu rules``: the store's follow-up cadence per channel and the platforms' own clocks, set
for everyone on the store, with the stored deadlines recomputed in the same write."""

from __future__ import annotations

from cli_helpers import assert_one_line_error


def _filed(run, platform: str) -> str:
    case_id = run("add", "--platform", platform, "--title", "充值未到账").out.strip()
    assert run("log", case_id, "--channel", "platform-complaint", "--at", "2026-06-15 09:00").code == 0
    return case_id


def _deadline(run, case_id: str) -> str:
    return run("show", case_id, "--json").json()["deadline"]


def test_a_platforms_own_clock_moves_its_cases_deadlines_only(run):
    own, other = _filed(run, "汇想卡盟"), _filed(run, "旺旺卡盟")
    assert _deadline(run, own) == _deadline(run, other) == "2026-06-17T09:00:00+08:00"  # 48 h
    result = run("rules", "clock", "汇想卡盟", "platform-complaint", "72h")
    assert result.code == 0, result.err
    said, recomputed = result.out.splitlines()
    assert said.startswith("汇想卡盟 在平台正式投诉（platform-complaint）的处理时限：3天，对 ")
    assert said.endswith("store.json 的所有使用者生效。")
    assert recomputed == f"已为 2 个案件重新计算期限：1 个有变化（{own}）。"
    assert _deadline(run, own) == "2026-06-18T09:00:00+08:00" and _deadline(run, other) == "2026-06-17T09:00:00+08:00"
    shown = run("rules", "show").out
    assert "  汇想卡盟  平台正式投诉（platform-complaint）  3天" in shown and "最近一次修改：" in shown
    assert run("rules", "clock", " 汇想卡盟", "platform-complaint", "default").code == 0  # spaces ignored
    assert _deadline(run, own) == "2026-06-17T09:00:00+08:00"


def test_the_follow_up_cadence_per_channel(run):
    case_id = _filed(run, "汇想卡盟")
    assert run("show", case_id, "--json").json()["follow_up"] == "2026-06-17T09:00:00+08:00"
    result = run("--lang", "en", "rules", "follow-up", "platform-complaint", "1")
    assert result.code == 0 and result.out.startswith("Platform formal complaint (platform-complaint): follow up every 1 days")
    assert run("show", case_id, "--json").json()["follow_up"] == "2026-06-16T09:00:00+08:00"
    data = run("rules", "show", "--json").json()
    assert data["follow_up"]["platform-complaint"] == {"days": 1, "default": 2, "source": "store"}
    assert data["follow_up"]["heimao"]["source"] == "channels" and data["clocks"] == {}
    assert "（本存储设置；默认 2 天）" in run("rules", "show").out
    again = run("rules", "follow-up", "platform-complaint", "1")
    assert again.code == 0 and again.out.splitlines()[-1] == "规则没有变化。"
    assert run("rules", "follow-up", "platform-complaint", "default").code == 0
    assert run("rules", "show", "--json").json()["follow_up"]["platform-complaint"]["source"] == "channels"


def test_what_cannot_be_set_is_one_line_and_changes_nothing(run):
    _filed(run, "汇想卡盟")
    assert_one_line_error(run("rules", "clock", "汇想卡盟", "12315", "24h"), "12315", "不是平台惯例")
    assert_one_line_error(run("rules", "clock", "汇想卡盟", "nowhere", "24h"), "未知渠道")
    assert_one_line_error(run("rules", "clock", "汇想卡盟", "heimao", "soon"), "soon")
    assert_one_line_error(run("rules", "follow-up", "heimao", "0"), "1 至 60")
    assert_one_line_error(run("rules", "follow-up", "heimao", "three"), "three")
    assert_one_line_error(run("--lang", "en", "rules", "clock", "  ", "heimao", "24h"), "platform's name")
    assert run("rules", "show", "--json").json()["set_by"] == ""  # never set


def test_rules_in_the_settings_file_are_refused_with_where_they_belong(run, cli_env, tmp_path):
    config = tmp_path / "config" / "tousu" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('lang = "zh"\n[follow_up]\nheimao = 2\n', "utf-8")
    result = run("config")
    assert result.code == 0
    assert "第 2 行：follow_up 属于存储而不是个人设置" in result.out + result.err
    assert "tousu rules" in result.out + result.err
