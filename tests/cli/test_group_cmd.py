"""``tousu group``: group cases, roster import (CSV / XLSX, UTF-8 / BOM / GBK / GB18030), export,
changes and their activity records. Spreadsheets are written here, never binary fixtures."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest
from cli_helpers import assert_one_line_error

from storage.fsutil import login_name

HEADER = ["姓名", "手机号", "身份证号", "订单号", "金额（元）", "支付时间", "支付方式", "收款方", "备注"]
ID = "430104199003074518"  # a valid 居民身份证号码 (check digit 8)
GOOD = [
    ["张三丰", "13800138000", ID, "WW20260601001", "128.50", "2026-06-01 10:00", "支付宝", "旺旺科技", "群里登记"],
    ["李四", "139 0013 9000", "", "WW20260602002", "￥1,280", "6月2日 下午3点", "微信支付", "", ""],
    ["王五", "13700137000", "", "WW20260603003", "50", "昨天 10:30", "银行卡", "", ""],
]


def _csv(path: Path, rows: list[list[object]], encoding: str = "utf-8", header: list[str] = HEADER) -> Path:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([header, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def group_case(run):
    assert run("add", "--platform", "旺旺卡盟", "--title", "旺旺卡盟跑路").code == 0
    result = run("group", "create", "K-0001", "--name", "旺旺卡盟集体维权")
    assert result.code == 0, result.err
    assert result.out == "K-0001 已成为集体投诉 G-001（旺旺卡盟集体维权）。\n"


def _show(run, *extra: str) -> dict:
    result = run("group", "show", "K-0001", "--json", *extra)
    assert result.code == 0, result.err
    return json.loads(result.out)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_every_encoding_imports_every_row(run, group_case, tmp_path, encoding):
    rows = [list(r) for r in GOOD]
    if encoding == "gb18030":
        rows[0][8] = "𠀀 群里登记"  # a character GBK lacks: the file is GB18030 only
    path = _csv(tmp_path / "roster.csv", rows, encoding)
    result = run("group", "import", "K-0001", str(path))
    assert result.code == 0, result.err
    shown = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8-BOM", "gbk": "GBK", "gb18030": "GB18030"}[encoding]
    assert f"CSV，编码 {shown}，3 行数据" in result.out
    assert "  金额（元） → 金额 (amount)\n" in result.out and "  手机号 → 手机号 (phone)\n" in result.out
    assert "新增 3 人，更新 0 人" in result.out and result.err == ""
    data = _show(run, "--reveal")
    people = data["participants"]
    assert [p["name"] for p in people] == ["张三丰", "李四", "王五"]
    first = people[0]
    assert first["orders"] == [{"number": "WW20260601001", "amount": "128.50", "paid_at": "2026-06-01T10:00:00+08:00",
                                "payment_channel": "支付宝", "payee": "旺旺科技"}]
    assert first["id_number"] == ID and first["notes"].endswith("群里登记")
    assert people[1]["orders"][0]["amount"] == "1280.00"
    assert people[1]["orders"][0]["paid_at"] == "2026-06-02T15:00:00+08:00"
    assert people[2]["orders"][0]["paid_at"] == "2026-06-14T10:30:00+08:00"  # 昨天, the clock being 2026-06-15
    assert data["totals"]["participants"] == 3 and data["totals"]["amount"] == "1458.50"


def test_xlsx_with_spreadsheet_types(run, group_case, tmp_path):
    rows = [
        ["张三丰", 13800138000, ID, "WW20260601001", 128.5, datetime(2026, 6, 1, 10, 0), "支付宝", "", ""],
        ["李四", "13900139000", "", 20260602002, 1280, "2026/6/2 15:00", "微信支付", "", ""],
    ]
    path = _xlsx(tmp_path / "roster.xlsx", rows)
    result = run("group", "import", "K-0001", str(path))
    assert result.code == 0, result.err
    assert "XLSX，编码 -，2 行数据" in result.out
    people = _show(run, "--reveal")["participants"]
    assert people[0]["phone"] == "13800138000" and people[0]["orders"][0]["amount"] == "128.50"
    assert people[0]["orders"][0]["paid_at"] == "2026-06-01T10:00:00+08:00"
    assert people[1]["orders"][0]["number"] == "20260602002"
    assert people[1]["orders"][0]["paid_at"] == "2026-06-02T15:00:00+08:00"


def test_every_kind_of_bad_row_is_reported_and_the_good_ones_import(run, group_case, tmp_path):
    rows = [
        GOOD[0],
        ["缺单号", "13800138001", "", "", "10", "", "", "", ""],  # line 3
        ["金额错", "13800138002", "", "WW2", "十块", "", "", "", ""],  # line 4
        ["日期错", "13800138003", "", "WW3", "10", "2026-02-30 10:00", "", "", ""],  # line 5
        ["电话错", "1380013", "", "WW4", "10", "", "", "", ""],  # line 6
        ["身份证错", "13800138005", "430104199003074519", "WW5", "10", "", "", "", ""],  # line 7
        ["未来", "13800138006", "", "WW6", "10", "2026-07-01", "", "", ""],  # line 8
        ["缺金额", "13800138007", "", "WW7", "", "", "", "", ""],  # line 9
        GOOD[1],
    ]
    path = _csv(tmp_path / "roster.csv", rows)
    result = run("group", "import", "K-0001", str(path))
    assert result.code == 4
    lines = result.err.strip().split("\n")
    assert [line.split("：")[0] for line in lines] == [f"tousu: 第 {n} 行" for n in range(3, 10)]
    assert "缺少订单号" in lines[0] and "金额不是数字" in lines[1] and "没有这一天" in lines[2]
    assert "手机号格式不对" in lines[3] and "身份证号不对" in lines[4] and "晚于现在" in lines[5]
    assert "缺少金额" in lines[6]
    assert "读取 9 行，新增 2 人" in result.out and "跳过 7 行" in result.out
    assert [p["name"] for p in _show(run)["participants"]] == ["张**", "李**"]


def test_duplicates_in_the_file_and_against_the_roster(run, group_case, tmp_path):
    rows = [
        GOOD[0],
        ["张三丰", "13800138000", "", "WW20260601009", "20", "", "", "", ""],  # same phone: her next order
        ["别人", "13600136000", "", "WW20260601001", "5", "", "", "", ""],  # line 4: order repeats line 2
    ]
    result = run("group", "import", "K-0001", str(_csv(tmp_path / "a.csv", rows)))
    assert result.code == 4
    assert result.err == "tousu: 第 4 行：订单号 WW20260601001 与第 2 行重复\n"
    people = _show(run, "--reveal")["participants"]
    assert len(people) == 1 and [o["number"] for o in people[0]["orders"]] == ["WW20260601001", "WW20260601009"]
    # The same sheet again: nobody is added twice.
    again = run("group", "import", "K-0001", str(_csv(tmp_path / "b.csv", rows[:2])))
    assert again.code == 0, again.err
    assert "新增 0 人，更新 0 人，无变化 2 行" in again.out
    # A row whose order is one person's and phone another's is not guessed.
    run("group", "import", "K-0001", str(_csv(tmp_path / "c.csv", [GOOD[1]])))
    mixed = [["?", "13900139000", "", "WW20260601009", "20", "", "", "", ""]]
    result = run("group", "import", "K-0001", str(_csv(tmp_path / "d.csv", mixed)))
    assert result.code == 4 and "分属不同参与人（P-00001, P-00002）" in result.err
    assert len(_show(run)["participants"]) == 2


def test_reimporting_an_updated_sheet_updates_the_people(run, group_case, tmp_path):
    assert run("group", "import", "K-0001", str(_csv(tmp_path / "a.csv", GOOD))).code == 0
    updated = [
        ["张三丰", "13800138000", "", "WW20260601001", "130.00", "", "", "", "已退一半"],  # by order: amount, notes
        ["李四", "13900139000", "", "WW20260609999", "8", "", "", "", ""],  # by phone: a new order
        ["赵六", "13500135000", "", "WW20260610000", "9", "", "", "", ""],  # new
    ]
    result = run("group", "import", "K-0001", str(_csv(tmp_path / "b.csv", updated)))
    assert result.code == 0, result.err
    assert "新增 1 人，更新 2 人，无变化 0 行" in result.out
    people = {p["name"]: p for p in _show(run, "--reveal")["participants"]}
    assert len(people) == 4
    assert people["张三丰"]["orders"][0]["amount"] == "130.00" and people["张三丰"]["notes"] == "已退一半"
    assert people["张三丰"]["id_number"] == ID  # a blank cell keeps what the roster has
    assert [o["number"] for o in people["李四"]["orders"]] == ["WW20260602002", "WW20260609999"]
    entry = json.loads(json.dumps([e for e in _activity(run) if e["action"] == "roster.import"][-1]))
    assert entry["added"] == ["P-00004"] and entry["updated"] == ["P-00001", "P-00002"]
    assert entry["by"] == login_name() and entry["at"] == "2026-06-15T10:00:00+08:00"


def _activity(run) -> list[dict]:
    from storage.store import Store
    from cases.clock import FixedClock
    import os

    with Store.open(os.environ["TOUSU_DB"], FixedClock("2026-06-15T10:00:00+08:00")) as store:
        return store.activity()


def test_dry_run_writes_nothing_and_map_overrides(run, group_case, tmp_path):
    header = ["联系人", "联系方式", "单号", "付了多少", "乱写的"]
    path = _csv(tmp_path / "a.csv", [["张三丰", "13800138000", "WW1", "10", "x"]], header=header)
    result = run("group", "import", "K-0001", str(path), "--dry-run", "--map", "付了多少=amount", "--map", "联系方式=phone")
    assert result.code == 0, result.err
    assert "  付了多少 → 金额 (amount)\n" in result.out and "  乱写的 → （忽略）\n" in result.out
    assert "预览（未写入）" in result.out and "将新增 1 人" in result.out
    assert _show(run)["participants"] == []
    assert run("group", "import", "K-0001", str(path), "--map", "付了多少=amount").code == 0
    assert _show(run)["totals"]["amount"] == "10.00"


def test_unusable_files_exit_2(run, group_case, tmp_path):
    assert_one_line_error(run("group", "import", "K-0001", str(tmp_path / "nope.csv")), "不存在")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    assert_one_line_error(run("group", "import", "K-0001", str(tmp_path / "old.xls")), ".xls")
    (tmp_path / "bin.csv").write_bytes(b"a,b\x00c\n")
    assert_one_line_error(run("group", "import", "K-0001", str(tmp_path / "bin.csv")), "二进制")
    (tmp_path / "fake.xlsx").write_bytes(b"PK\x03\x04 not really")
    assert_one_line_error(run("group", "import", "K-0001", str(tmp_path / "fake.xlsx")), "XLSX")
    path = _csv(tmp_path / "no_order.csv", [["张三丰", "1"]], header=["姓名", "金额"])
    assert_one_line_error(run("group", "import", "K-0001", str(path)), "没有订单号列", "--map")
    (tmp_path / "empty.csv").write_bytes(b"\n\n")
    assert_one_line_error(run("group", "import", "K-0001", str(tmp_path / "empty.csv")), "没有表头行")
    assert_one_line_error(run("group", "import", "K-0001", str(path), "--map", "姓名"), "--map")
    assert_one_line_error(run("group", "import", "K-0001", str(path), "--map", "单号=order"), "单号", "不在表头中")
    assert run("add", "--platform", "P", "--title", "T").code == 0
    assert_one_line_error(run("group", "import", "K-0002", str(path)), "不是集体投诉案件")
    assert _show(run)["participants"] == []


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_is_masked_unless_revealed_and_never_overwrites_a_foreign_file(run, group_case, tmp_path, suffix):
    assert run("group", "import", "K-0001", str(_csv(tmp_path / "in.csv", GOOD))).code == 0
    out = tmp_path / f"out{suffix}"
    result = run("group", "export", "K-0001", str(out))
    assert result.code == 0, result.err
    assert "已导出 3 人（3 行，已打码）" in result.out
    text = _read_back(out)
    assert "张**" in text and "138****8000" in text and "430*" in text
    assert "张三丰" not in text and "13800138000" not in text and ID not in text and "WW20260601001" in text
    assert run("group", "export", "K-0001", str(out), "--reveal").code == 0  # an earlier export: replaced
    assert "张三丰" in _read_back(out) and ID in _read_back(out)
    foreign = tmp_path / f"mine{suffix}"
    if suffix == ".csv":
        foreign.write_text("my own notes\n", encoding="utf-8")
    else:
        _xlsx(foreign, [], header=["my", "own"])
    before = foreign.read_bytes()
    assert_one_line_error(run("group", "export", "K-0001", str(foreign)), "--force")
    assert foreign.read_bytes() == before
    assert run("group", "export", "K-0001", str(foreign), "--force").code == 0
    assert foreign.stat().st_mode & 0o777 == 0o600
    # An export reads back as an import: nothing new.
    again = run("group", "import", "K-0001", str(out))
    assert again.code == 0, again.err
    assert "新增 0 人" in again.out


def _read_back(path: Path) -> str:
    from storage.sheets import read_sheet

    sheet = read_sheet(path)
    return "\n".join(",".join("" if c is None else str(c) for c in row) for _, row in sheet.rows)


def test_set_assign_decide_consent_and_their_activity(run, group_case, tmp_path):
    assert run("group", "import", "K-0001", str(_csv(tmp_path / "in.csv", GOOD))).code == 0
    result = run("group", "set", "K-0001", "WW20260601001", "consent=是", "poa=yes", "poa_until=2027年6月30日",
                 "evidence=交易凭证、沟通记录、商品异常证据", "status=等待回复")
    assert result.code == 0, result.err
    assert result.out == "已修改 P-00001：consent, poa, poa_until, evidence, status。\n"
    assert_one_line_error(run("group", "set", "K-0001", "P-1", "phone=12"), "手机号")
    assert_one_line_error(run("group", "set", "K-0001", "P-1", "orders=1"), "不能这样修改")
    assert_one_line_error(run("group", "set", "K-0001", "P-9", "notes=x"), "找不到参与人 P-9")
    assert run("group", "assign", "K-0001", "P-1", "13900139000", "--to", "小林").out == "已把 2 人分配给 小林。\n"
    assert run("group", "represent", "K-0001", "P-1").out == "代表人：P-00001\n"
    assert run("group", "decide", "K-0001", "--kind", "accept_settlement", "--text", "接受退款八成").code == 0
    assert run("group", "consent", "K-0001", "D-1", "P-1").out == "已记录 1 人对 D-1 的同意。\n"
    data = _show(run)
    first = data["participants"][0]
    assert (first["consent"], first["poa"], first["poa_until"], first["status"]) == (True, True, "2027-06-30", "waiting")
    assert first["evidence_complete"] and first["assignee"] == "小林" and "D-1" in first["consents"]
    assert data["totals"]["by_assignee"]["小林"]["participants"] == 2
    assert data["totals"]["decisions"] == {"D-1": 1} and data["group"]["representatives"] == ["P-00001"]
    assert data["consents"] == {"D-1": {"given": 1, "missing": []}}
    text = run("group", "show", "K-0001").out
    assert "3 人，合计 1,458.50 元，证据齐全 1，同意代表 1，委托书 1" in text
    assert "决定 D-1（接受和解）：接受退款八成；已同意 1，缺 0" in text
    assert "P-00001  张**  138****8000  1单  128.50  交沟异  同意  委托  等待回复  小林" in text
    actions = [(e["action"], e["by"]) for e in _activity(run)]
    assert ("participant.update", login_name()) in actions and ("participant.assign", login_name()) in actions
    assert ("participant.consent", login_name()) in actions and ("group.decision", login_name()) in actions
    assert run("group", "set", "K-0001", "P-2", "consent=是").code == 0  # now represented: consent missing
    assert _show(run)["consents"] == {"D-1": {"given": 1, "missing": ["P-00002"]}}
    assert "决定 D-1（接受和解）：接受退款八成；已同意 1，缺 1" in run("group", "show", "K-0001").out


def test_english_messages(run, group_case, tmp_path):
    result = run("--lang", "en", "group", "import", "K-0001", str(_csv(tmp_path / "in.csv", [GOOD[0], ["x"]])))
    assert result.code == 4
    assert "1 people added" in result.out and result.err.startswith("tousu: line 3: no order number")


def test_tab_separated_with_a_blank_first_line_keeps_line_numbers(run, group_case, tmp_path):
    rows = ["", "\t".join(HEADER), "\t".join(GOOD[0]), "\t".join(["无单号", "13800138009", "", "", "1", "", "", "", ""])]
    path = tmp_path / "roster.tsv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = run("group", "import", "K-0001", str(path))
    assert result.code == 4
    assert result.err == "tousu: 第 4 行：缺少订单号\n" and "新增 1 人" in result.out


def test_card_numbers_and_names_in_free_text_are_masked(run, group_case, tmp_path):
    rows = [["张三丰", "13800138000", "", "WW1", "1", "", "银行卡 6222021234567890128", "张三丰的朋友", "张三丰说过"]]
    assert run("group", "import", "K-0001", str(_csv(tmp_path / "in.csv", rows))).code == 0
    (person,) = _show(run)["participants"]
    order = person["orders"][0]
    assert "6222021234567890128" not in order["payment_channel"] and order["payment_channel"].endswith("0128")
    assert "张三丰" not in order["payee"] and "张三丰" not in person["notes"]
    assert _show(run, "--reveal")["participants"][0]["orders"][0]["payment_channel"] == "银行卡 6222021234567890128"


def test_set_on_a_selection(run, group_case, tmp_path):
    assert run("group", "import", "K-0001", str(_csv(tmp_path / "in.csv", GOOD))).code == 0
    result = run("group", "set", "K-0001", "P-1", "WW20260603003", "status=resolved", "marked=是")
    assert result.code == 0, result.err
    assert result.out == "已修改 P-00001, P-00003：status, marked。\n"
    people = _show(run)["participants"]
    assert [(p["status"], p["marked"]) for p in people] == [("resolved", True), ("open", False), ("resolved", True)]
    assert_one_line_error(run("group", "set", "K-0001", "P-1"), "至少一名参与人和一个字段")
    assert_one_line_error(run("group", "set", "K-0001", "P-1", "status=open", "P-2"), "字段=值")
