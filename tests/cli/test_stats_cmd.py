"""tousu stats: the figures of cases made with tousu itself, as JSON and as tables."""

from __future__ import annotations

import json
from pathlib import Path

from tests.raw_store import another_program


def _make(run) -> None:
    """K-0001 (汇想卡盟, 500): filed at 12315 06-10 10:00, accepted 06-12 10:00, closed 06-14 10:00
    refunded in part 200. K-0002 (汇想卡盟, 100): a promise at platform-cs due 06-12 18:00 with no
    reply (broken at NOW, 06-15 10:00). K-0003 (星辰卡盟, 80): filed at heimao 06-14 10:00, no reply."""
    def ok(*args: str) -> None:
        result = run(*args)
        assert result.code == 0, result.err

    ok("add", "--platform", "汇想卡盟", "--title", "充值未到账", "--amount", "500",
       "--channel", "12315", "--submitted", "2026-06-10 10:00")
    ok("log", "K-0001", "--channel", "12315", "--kind", "accepted", "--submitted", "2026-06-12 10:00")
    ok("close", "K-0001", "--outcome", "refunded_part", "--refunded", "200", "--channel", "12315",
       "--on", "2026-06-14")
    ok("add", "--platform", "汇想卡盟", "--title", "卡密无效", "--amount", "100")
    ok("log", "K-0002", "--channel", "platform-cs", "--kind", "contact", "--submitted", "2026-06-12 10:00",
       "--deadline", "2026-06-12 18:00", "--note", "客服答应当天处理")
    ok("add", "--platform", "星辰卡盟", "--title", "会员未开通", "--amount", "80",
       "--channel", "heimao", "--submitted", "2026-06-14 10:00")


def test_json_figures(run):
    _make(run)
    result = run("stats", "--json")
    assert result.code == 0 and result.err == ""
    data = result.json()
    assert data["cases"] == {"total": 3, "open": 2, "closed": 1}
    assert data["claimed"] == "680.00" and data["recovered"] == "200.00"
    assert data["promises"] == {"kept": 0, "broken": 1, "pending": 0}
    assert data["outcomes"]["refunded_part"] == 1 and sum(data["outcomes"].values()) == 1
    assert [(p["platform"], p["open"], p["closed"]) for p in data["platforms"]] == [
        ("汇想卡盟", 1, 1), ("星辰卡盟", 1, 0)]
    chans = {c["channel"]: c for c in data["channels"]}
    assert chans["12315"]["median_days_to_reply"] == 2.0 and chans["12315"]["replies"] == 1
    assert chans["12315"]["results"] == 1 and chans["12315"]["closed"] == 1
    assert chans["heimao"]["median_days_to_reply"] is None and chans["heimao"]["open"] == 1
    assert chans["platform-cs"]["open"] == 1


def test_tables_in_each_language_and_deleted_cases_left_out(run):
    _make(run)
    zh = run("stats")
    assert zh.code == 0 and zh.err == ""
    assert "案件 3 个（进行中 2，已结束 1）" in zh.out and "索赔 ¥680.00 · 已追回 ¥200.00" in zh.out
    assert "口径：首次回复" in zh.out and "全国12315平台投诉" in zh.out
    assert run("delete", "K-0003", "--yes").code == 0
    en = run("stats", "--lang", "en")
    assert "2 cases (1 open, 1 closed)" in en.out and "Definitions: a first reply" in en.out
    assert "星辰卡盟" not in en.out


def test_an_empty_store(run, store_path):
    result = run("stats", "--json")
    assert result.code == 0
    assert result.json()["cases"] == {"total": 0, "open": 0, "closed": 0}


def test_a_damaged_case_is_named_and_the_others_counted(run, store_path: Path):
    _make(run)
    with another_program(store_path) as raw:  # another program writing a bad document
        doc = json.loads(json.dumps(raw.get("cases", "2")))
        doc["orders"] = "abc"
        raw.put("cases", "2", doc)
    result = run("stats", "--json", "--lang", "en")
    assert result.code == 0
    assert result.json()["cases"]["total"] == 2
    lines = result.err.splitlines()
    assert len(lines) == 1 and "K-0002" in lines[0] and lines[0].startswith("tousu: warning:")
