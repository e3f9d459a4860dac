"""--set-from FILE / --set-from -: personal data never has to be on the command line (``ps`` shows it)."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from cli_helpers import REPO, assert_one_line_error

from tui.cli.answers import MAX_SET_FROM_BYTES


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def _revealed(run, case_id: str) -> dict:
    result = run("show", case_id, "--json", "--reveal")
    assert result.code == 0, result.err
    return result.json()


def test_add_takes_the_complainant_from_a_file(run, tmp_path):
    answers = tmp_path / "complainant.txt"
    answers.write_bytes(
        "\ufeff# 投诉人（不要写在命令行上）\r\n"
        "complainant.name=张三\r\n"
        "\r\n"
        "   # an indented comment\n"
        "complainant.phone = 13800138000\n"
        "complainant.id_number=110101199003074514\n"
        "order.payee=李四\n"
        "notes=a=b 也可以\n".encode("utf-8")  # BOM, CRLF, spaces around the field, "=" in the value
    )
    result = run("add", "--platform", "汇想卡盟", "--title", "充值未到账", "--amount", "128",
                 "--set-from", str(answers))
    assert (result.code, result.out, result.err) == (0, "K-0001\n", "")
    case = _revealed(run, "K-0001")
    assert case["complainant"]["name"] == "张三" and case["complainant"]["phone"] == "13800138000"
    assert case["complainant"]["id_number"] == "110101199003074514"
    assert case["orders"][0]["payee"] == "李四" and case["orders"][0]["amount"] == "128.00"
    assert case["notes"] == "a=b 也可以"


def test_add_takes_them_from_standard_input(run, monkeypatch):
    _stdin(monkeypatch, "complainant.name=王五\ncomplainant.phone=13900139000\n".encode())
    result = run("add", "--platform", "汇想卡盟", "--title", "充值未到账", "--set-from", "-")
    assert (result.code, result.out) == (0, "K-0001\n"), result.err
    assert _revealed(run, "K-0001")["complainant"]["name"] == "王五"


def test_set_and_set_from_apply_in_the_order_given(run, tmp_path):
    answers = tmp_path / "a.txt"
    answers.write_text("complainant.name=文件里的名字\n", "utf-8")
    run("add", "--platform", "P", "--title", "T", "--set", "complainant.name=先", "--set-from", str(answers))
    run("add", "--platform", "P", "--title", "T", "--set-from", str(answers), "--set", "complainant.name=后")
    assert _revealed(run, "K-0001")["complainant"]["name"] == "文件里的名字"
    assert _revealed(run, "K-0002")["complainant"]["name"] == "后"


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        (b"complainant.name=\xe5\xbc\xa0\xe4\xb8\x89\n# ok\nnot a pair\n", ["第 3 行应为 字段=值", "complainant.name"]),
        (b"complainant.nom=x\n", ["第 1 行应为 字段=值"]),
        (b"\n\ncomplainant.name=\xff\xfe\n", ["第 3 行不是有效的 UTF-8 文本"]),
        (b"complainant.name=Z\ncomplainant.phone=123\n", ["第 2 行（complainant.phone）", "电话号码格式不对"]),
        (b"order.amount=1e5\n", ["第 1 行（order.amount）", "科学计数法"]),
        (b"order.paid_at=2101-01-01 10:00\n", ["第 1 行（order.paid_at）", "时间超出范围"]),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_stored(run, tmp_path, content, fragments):
    answers = tmp_path / "answers.txt"
    answers.write_bytes(content)
    result = run("add", "--platform", "P", "--title", "T", "--set-from", str(answers))
    assert_one_line_error(result, f"--set-from {answers}", *fragments)
    assert "张三" not in result.err  # the other lines' values are not echoed
    assert run("list", "--all", "--json").json() == []


def test_unreadable_or_oversized_input(run, tmp_path, monkeypatch):
    missing = tmp_path / "missing.txt"
    assert_one_line_error(run("add", "--platform", "P", "--title", "T", "--set-from", str(missing)),
                          f"--set-from：无法读取 {missing}")
    big = tmp_path / "big.txt"
    big.write_bytes(b"# " + b"x" * MAX_SET_FROM_BYTES + b"\n")
    assert_one_line_error(run("add", "--platform", "P", "--title", "T", "--set-from", str(big)), "超过 1024 KB")
    _stdin(monkeypatch, b"complainant.name=A\n")
    assert_one_line_error(run("add", "--platform", "P", "--title", "T", "--set-from", "-", "--set-from", "-"),
                          "--set-from - 只能给一次")
    assert run("list", "--all", "--json").json() == []


def test_a_fact_given_by_an_option_and_by_set_from(run, monkeypatch):
    _stdin(monkeypatch, "order.payee=李四\n".encode())
    result = run("add", "--platform", "P", "--title", "T", "--payee", "某商户", "--set-from", "-")
    assert_one_line_error(result, "--set-from 标准输入 第 1 行（order.payee）：order.payee 已由 --payee 给出")
    assert_one_line_error(run("add", "--platform", "P", "--title", "T", "--fraud", "--set", "fraud=否"),
                          "--set fraud", "--fraud")
    assert run("list", "--all", "--json").json() == []


def test_escalate_takes_the_answers_from_a_file(run, demo_store, tmp_path):
    answers = tmp_path / "k2.txt"
    answers.write_text("complainant.name=张三\ncomplainant.phone=13800138000\n"
                       "complainant.address=四川省成都市武侯区人民南路1号\n", "utf-8")
    result = run("escalate", "2", "--to", "12315", "--set-from", str(answers))
    assert result.code == 0, result.err
    assert "投诉人姓名：张**\n" in result.out and "已保存投诉人姓名" in result.err
    assert _revealed(run, "2")["complainant"]["phone"] == "13800138000"


def test_escalate_with_a_bad_line_saves_nothing(run, demo_store, monkeypatch):
    _stdin(monkeypatch, "complainant.name=张三\ncomplainant.phone=123\n".encode())
    result = run("escalate", "2", "--to", "12315", "--set-from", "-")
    assert_one_line_error(result, "--set-from 标准输入 第 2 行（complainant.phone）", "电话号码格式不对")
    assert _revealed(run, "2")["complainant"]["name"] == ""


def test_a_real_process_reads_personal_data_from_stdin(cli_env):
    """The name and phone reach the store without being arguments of any process."""
    env = {"PATH": os.environ.get("PATH", ""), **cli_env}
    args = [sys.executable, "-m", "tui.cli", "add", "--platform", "汇想卡盟", "--title", "充值未到账",
            "--set-from", "-"]
    proc = subprocess.run(args, cwd=REPO, env=env, input="complainant.name=张三\ncomplainant.phone=13800138000\n",
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "K-0001\n", "")
    assert not any("13800138000" in a or "张三" in a for a in args)
    shown = subprocess.run([sys.executable, "-m", "tui.cli", "show", "1", "--json", "--reveal"], cwd=REPO, env=env,
                           stdin=subprocess.DEVNULL, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert '"phone": "13800138000"' in shown.stdout


def test_a_file_name_that_is_not_utf8_is_fine(run, tmp_path):
    """File names are bytes to the system; Python gives them to us with lone surrogates."""
    name = os.fsencode(tmp_path) + b"/answers-\xfe.txt"
    with open(name, "wb") as fh:
        fh.write("complainant.name=张三\n".encode())
    result = run("add", "--platform", "P", "--title", "T", "--set-from", os.fsdecode(name))
    assert (result.code, result.out) == (0, "K-0001\n"), result.err
    assert _revealed(run, "K-0001")["complainant"]["name"] == "张三"
    missing = os.fsdecode(os.fsencode(tmp_path) + b"/missing-\xfe.txt")
    assert_one_line_error(run("add", "--platform", "P", "--title", "T", "--set-from", missing),
                          "missing-\\xfe.txt")  # shown with the byte escaped
