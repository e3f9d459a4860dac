"""The checked list of laws: its content, and the choice by problem category."""

from __future__ import annotations

import json

import pytest
from escalation_helpers import REPO, full_case

from cases.categories import categories
from cases.laws import BASIS, NOTE, PROCEDURE, law, laws, laws_for_case


def test_the_checked_list_is_well_formed():
    entries = laws()
    assert len(entries) >= 10
    for entry in entries.values():
        assert entry.kind in (BASIS, PROCEDURE, NOTE)
        assert entry.summary("zh") and entry.summary("en") and entry.citation("zh").startswith("《")
        assert set(entry.categories) <= set(categories())
    raw = (REPO / "cases" / "data" / "laws.json").read_text("utf-8")
    assert "网络游戏管理暂行办法" not in json.dumps([e.__dict__ for e in entries.values()], ensure_ascii=False)
    assert "网络游戏管理暂行办法" in raw  # only in the comment that forbids it


def test_citations():
    assert law("ecl-20").citation() == "《电子商务法》第二十条"
    assert law("ecl-49-2").citation() == "《电子商务法》第四十九条第二款"
    assert law("ecl-49-2").citation("en") == "E-Commerce Law, Article 49(2)"
    assert law("cpl-55").citation() == "《消费者权益保护法》第五十五条"
    assert law("mr-complaint-9").citation() == "《市场监督管理投诉举报处理暂行办法》第九条"
    assert law("mr-penalty-procedure").citation() == "《市场监督管理行政处罚程序规定》第十八条"
    assert law("cpl-53").citation() == "《消费者权益保护法》第五十三条"
    assert law("onl-18").citation() == "《网络交易监督管理办法》第十八条"
    assert law("mr-complaint-10").citation() == "《市场监督管理投诉举报处理暂行办法》第十条"
    assert law("mr-complaint-11").citation() == "《市场监督管理投诉举报处理暂行办法》第十一条"


def test_article_58_says_what_it_says():
    summary = law("ecl-58").summary("zh")
    assert "协议设立" in summary and "先行赔偿" in summary and "适用《消费者权益保护法》" in summary
    assert "可以依约要求从中先行赔偿" not in summary  # it promises no payment by itself


def test_the_standard_terms_rule_is_49_2_not_20():
    assert "格式条款" in law("ecl-49-2").summary("zh")
    assert "格式条款" not in law("ecl-20").summary("zh")
    assert "交付" in law("ecl-20").summary("zh")


def test_the_delivery_rule_and_digital_goods_note():
    assert "在线传输" in law("ecl-51").summary("zh")
    assert law("cpl-25").kind == NOTE  # what not to ask for: never cited
    assert "五百元" in law("cpl-55").summary("zh")


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("recharge-missing", ["ecl-20", "ecl-51"]),
        ("card-invalid", ["ecl-20", "ecl-38", "cpl-44"]),
        ("not-as-described", ["ecl-20", "ecl-38", "cpl-44"]),
        ("membership-missing", ["ecl-20", "ecl-51", "cpl-53"]),
        ("false-advertising", ["ecl-20", "ecl-38"]),
        ("ran-away", ["ecl-20", "ecl-58", "cpl-44", "cpl-53"]),
        ("account-theft", ["cpl-29"]),
        ("data-leak", ["cpl-29"]),
        ("illegal-goods", ["ecl-38"]),
        ("forced-renewal", ["onl-18"]),
        ("abnormal-records", []),
        ("", []),
    ],
)
def test_laws_by_category(category, expected):
    assert [entry.id for entry in laws_for_case(full_case(category=category))] == expected


def test_what_the_user_recorded_adds_its_article_never_the_category_alone():
    ids = lambda case: [entry.id for entry in laws_for_case(case)]  # noqa: E731
    assert "ecl-49-2" in ids(full_case(contract_denied=True))
    assert "cpl-55" in ids(full_case(fraud=True))
    assert "cpl-55" not in ids(full_case(category="ran-away"))


def test_without_civil_compensation_articles():
    case = full_case(category="ran-away", fraud=True, contract_denied=True)
    kept = [entry.id for entry in laws_for_case(case, civil=False)]
    assert kept == ["ecl-20"]
    assert {"cpl-44", "ecl-58", "ecl-49-2", "cpl-55", "cpl-53"} <= {e.id for e in laws_for_case(case)}


def test_every_category_is_decided():
    mentioned = {c for entry in laws().values() for c in entry.categories}
    assert mentioned <= set(categories())
    assert set(categories()) - mentioned == {"abnormal-records"}  # no fitting checked law


def test_procedure_and_note_entries_are_never_chosen_by_category():
    for cat in categories():
        case = full_case(category=cat, fraud=True, contract_denied=True)
        assert all(entry.kind == BASIS for entry in laws_for_case(case))
