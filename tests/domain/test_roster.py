"""The roster model (cases.roster), header mapping (cases.roster_columns) and row checking and
planning (cases.roster_import), without a store."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import arrow
import pytest

from cases.roster import Participant, RosterOrder, legacy_participant, missing_consents, totals
from cases.roster_fields import FieldValueError, read_date, read_evidence, read_flag, read_status, set_field
from cases.roster_columns import IGNORE, field_of, guess, normalise
from cases.roster_import import index_of, parse_rows, phone_key, plan

NOW = arrow.get("2026-06-15T10:00:00+08:00")
MAP = ["name", "phone", "order", "amount", "paid_at"]


def _parse(*rows: list[object], mapping: list[str | None] = MAP):
    return parse_rows([(n + 2, list(r)) for n, r in enumerate(rows)], mapping, "zh", NOW)


def test_headers_as_volunteers_write_them():
    headers = ["姓名", "手机", "电话号码", "订单编号", "金额（元）", "Paid at", "支付方式", "收款方", " 备注 ", "Order No."]
    assert guess(headers, {}) == ["name", "phone", None, "order", "amount", "paid_at", "payment_channel", "payee",
                                  "notes", None]
    assert normalise("金额（元）") == "金额" and normalise("Order No.") == "orderno"
    assert guess(["联系方式", "付了多少"], {"付了多少": "amount", "联系方式": IGNORE}) == [None, "amount"]
    assert field_of("Payment channel") == "payment_channel" and field_of("nonsense") is None


def test_a_legacy_participant_converts():
    p = legacy_participant({"name": "林志远", "amount": "2060.50", "orders": "WW1，WW2", "authorised": True,
                            "status": "waiting", "case_id": "K-0006"}, "G-001")
    assert p.poa and p.status == "waiting" and p.case_id == "K-0006" and p.group_id == "G-001" and p.id == ""
    assert [(o.number, o.amount) for o in p.orders] == [("WW1", "2060.50"), ("WW2", "0.00")]
    assert legacy_participant({"amount": "5", "orders": ""}, "G-001").orders[0].amount == "5.00"
    assert legacy_participant({"amount": "0", "orders": ""}, "G-001").orders == []


def test_participant_round_trips_and_cleans():
    p = Participant(id="P-00001", name="张\x1b[31m三", orders=[RosterOrder("A1", "1.00")], consents={"D-1": "x"})
    back = Participant.from_dict(p.to_dict())
    assert back.name == "张[31m三" and back.orders == p.orders and back.consents == {"D-1": "x"}


def test_field_values_as_typed():
    assert read_flag("是") is True and read_flag("No") is False and read_flag("") is False
    assert read_evidence("交易凭证、聊天记录, anomaly") == ["transaction", "communication", "anomaly"]
    assert read_status("等待回复") == "waiting" and read_status("Resolved") == "resolved"
    assert read_date("2027年6月30日") == "2027-06-30" and read_date("2027/6/30") == "2027-06-30"
    for reader, text in ((read_flag, "也许"), (read_evidence, "照片"), (read_status, "差不多"), (read_date, "2027-02-30")):
        with pytest.raises(FieldValueError):
            reader(text)
    p = Participant()
    set_field(p, "phone", "+86 138 0013 8000")
    set_field(p, "case_id", "k42")
    assert p.phone == "+86 138 0013 8000" and p.case_id == "K-0042"
    for name, value in (("phone", "12345"), ("id_number", "430104199003074519"), ("orders", "x"), ("rev", "3")):
        with pytest.raises(FieldValueError):
            set_field(p, name, value)


def test_totals_and_missing_consents():
    people = [
        Participant(name="a", orders=[RosterOrder("1", "10.00")], consent=True, poa=True, assignee="小林",
                    evidence=["transaction", "communication", "anomaly"], consents={"D-1": "t"}),
        Participant(name="b", orders=[RosterOrder("2", "5.50"), RosterOrder("3", "1.00")], consent=True),
        Participant(name="c", orders=[RosterOrder("4", "2.00")]),
    ]
    found = totals(people, [])
    assert found.all.to_dict() == {"participants": 3, "amount": "18.50", "evidence_complete": 1, "consent": 2, "poa": 1}
    assert found.by_assignee["小林"].participants == 1 and found.by_assignee[""].amount == Decimal("8.50")
    assert [p.name for p in missing_consents(people, "D-1")] == ["b"]  # c is not represented


def test_rows_are_checked_one_by_one():
    parsed = _parse(
        ["张三", "13800138000", "A1", "128.5", "2026-06-01 10:00"],
        ["", "", "", "", ""],  # blank: not a row
        ["李四", "13800138001", 12345678901234567890.0, "1", ""],  # a long number a spreadsheet kept as a float
        ["王五", "13800138002", "A3", "1e5", ""],
        ["赵六", "13800138003", "A4", "1", "明天"],  # a payment tomorrow
        ["钱七", "13800138004", "A5", 12.5, datetime(2026, 6, 1, 9, 30)],
        ["孙八", 13800138005, 20260601, 3, date(2026, 6, 2)],
    )
    assert parsed.total == 6
    assert [(p.line, p.key.rsplit(".", 1)[1]) for p in parsed.problems] == [
        (4, "order_as_number"), (5, "bad_amount"), (6, "bad_time")]
    people = [r.person for r in parsed.rows]
    assert [p.name for p in people] == ["张三", "钱七", "孙八"]
    assert people[1].orders[0].amount == "12.50" and people[1].orders[0].paid_at == "2026-06-01T09:30:00+08:00"
    assert people[2].phone == "13800138005" and people[2].orders[0].number == "20260601"
    assert people[2].orders[0].paid_at == "2026-06-02T00:00:00+08:00"


def test_one_person_two_rows_and_a_repeated_order():
    parsed = _parse(
        ["张三", "13800138000", "A1", "1", ""],
        ["张三", "138 0013 8000", "A2", "2", ""],  # the same phone: her second order
        ["李四", "13900139000", "A1", "3", ""],  # A1 again: skipped
    )
    assert [(r.lines, r.person.order_numbers) for r in parsed.rows] == [([2, 3], ["A1", "A2"])]
    assert [(p.line, p.values) for p in parsed.problems] == [(4, {"order": "A1", "first": 2})]
    assert phone_key("+86 138-0013-8000") == phone_key("0086 13800138000") == "13800138000"


def test_plan_adds_updates_and_refuses_a_row_matching_two_people():
    roster = [
        Participant(id="P-00001", name="张三", phone="13800138000", orders=[RosterOrder("A1", "1.00")]),
        Participant(id="P-00002", name="李四", phone="13900139000", orders=[RosterOrder("B1", "2.00")],
                    consent=True),
    ]
    parsed = _parse(
        ["", "", "A1", "1.50", ""],  # by order: amount changed
        ["", "13900139000", "B2", "4", ""],  # by phone: a new order for 李四
        ["王五", "13700137000", "C1", "5", ""],  # new
        ["", "13700137000", "C2", "6", ""],  # new person's second row (same phone)
        ["?", "13800138000", "B1", "2", ""],  # B1 is 李四's, the phone 张三's
    )
    done = plan(parsed.rows, index_of(roster))
    assert [p.name for p in done.adds] == ["王五"] and done.adds[0].order_numbers == ["C1", "C2"]
    changed = {p.id: (p, fields) for _, p, fields in done.updates}
    assert changed["P-00001"][0].orders[0].amount == "1.50" and changed["P-00001"][1] == ["orders"]
    assert changed["P-00002"][0].order_numbers == ["B1", "B2"] and changed["P-00002"][0].consent  # kept
    assert [(p.line, p.values["ids"]) for p in done.problems] == [(6, "P-00001, P-00002")]
    assert roster[0].orders[0].amount == "1.00"  # the index hands out copies
