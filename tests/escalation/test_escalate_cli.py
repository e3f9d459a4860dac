"""tousu escalate / tousu urge: text on stdout, findings on stderr, exit 3 when blocked, --record."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from escalation_helpers import NOW_TEXT, REPO, in_order


def _no_traceback(result) -> None:
    assert "Traceback" not in result.err and "Traceback" not in result.out


def _listed(run, case_id: str) -> dict:
    return next(item for item in run("list", "--all", "--json").json() if item["id"] == case_id)


def test_blocked_exits_3_with_findings_and_questions_on_stderr(run, demo):
    result = run("escalate", "K-0002", "--to", "12315")
    assert result.code == 3 and result.out == ""
    _no_traceback(result)
    lines = result.err.strip().split("\n")
    blocks = [line for line in lines if line.startswith("[必须]")]
    assert len(blocks) == 3  # the complainant's name, phone and address
    assert "投诉人的真实姓名是什么？" in blocks[0] and "--set complainant.name=" in blocks[0]
    assert lines[-1].startswith("tousu: ") and "--force" in lines[-1]


def test_force_prints_the_text_anyway(run, demo):
    result = run("escalate", "2", "--to", "12315", "--force")
    assert result.code == 0
    assert result.out.startswith("全国12315平台投诉") and "【待补充：投诉人姓名】" in result.out
    assert "[必须]" in result.err


def test_default_target_is_the_first_suggestion_and_text_is_masked(run, demo):
    result = run("escalate", "3")  # at the platform's formal complaint, paid with 支付宝
    assert result.code == 0, result.err
    assert result.out.startswith("标题：交易投诉：")
    assert in_order(result.out, "【背景】", "【问题】", "【诉求】")
    assert "13800135567" not in result.out and "138****5567" in result.out
    assert "[提醒]" in result.err and "--reveal" in result.err  # the payment platform needs the real identity
    revealed = run("escalate", "3", "--reveal")
    assert "13800135567" in revealed.out and "--reveal" not in revealed.err


def test_warnings_and_notes_still_print_when_forced(run, demo):
    result = run("escalate", "1", "--to", "12315", "--force")  # K-0001 is already at 12315, accepted
    assert result.code == 0 and result.out.startswith("全国12315平台投诉")
    assert "[提醒] 本案已向全国12315平台投诉提交" in result.err
    assert "[必须] 全国12315平台投诉已于" in result.err
    noted = run("escalate", "4", "--to", "jutousu")  # beside the 黑猫投诉 filing
    assert "[说明]" in noted.err and "不属于多头投诉" in noted.err


def test_the_letter_is_chinese_whatever_the_ui_language(run, demo):
    result = run("escalate", "3", "--to", "12315", "--lang", "en")
    assert result.out.startswith("全国12315平台投诉") and "【背景】" in result.out
    assert "[warning]" in result.err and "12315 complaint" in result.err  # the findings follow the UI
    english = run("escalate", "3", "--to", "12315", "--letter-lang", "en")
    assert english.out.startswith("National 12315 platform complaint") and "[提醒]" in english.err


def test_record_only_bodies_have_no_text(run, demo):
    result = run("escalate", "9", "--to", "arbitration")
    assert result.code == 2 and "tousu log" in result.err


def test_reveal_on_a_public_page_says_it_is_public(run, demo):
    result = run("escalate", "4", "--to", "jutousu", "--reveal", "--force")
    assert result.code == 0 and "公开展示" in result.err


def test_record_starts_the_new_channels_clock(run, demo):
    before = _listed(run, "K-0003")
    assert before["channel"] == "platform-complaint"
    result = run("escalate", "3", "--to", "12315", "--reveal", "--record", "--ticket", "1330110202606150001")
    assert result.code == 0, result.err
    assert "已记录提交到全国12315平台投诉（编号 1330110202606150001）" in result.err
    after = _listed(run, "K-0003")
    assert after["channel"] == "12315" and after["ticket"] == "1330110202606150001"
    assert after["deadline"] == "2026-06-25T23:59:59+08:00" and after["deadline_kind"] == "clock"
    last = run("show", "3", "--json").json()["timeline"][-1]
    assert last["kind"] == "submitted" and last["at"] == NOW_TEXT and len(last["said"]) <= 80


def test_urge_prints_and_records(run, demo):
    result = run("urge", "K-0004")  # 黑猫投诉, 48 h long gone
    assert result.code == 0, result.err
    assert "【催办】黑猫投诉（工单/投诉编号：17369084215）" in result.out
    assert "向黑猫投诉提交，截至2026年6月15日仍未收到答复" in result.out
    recorded = run("urge", "4", "--record")
    assert recorded.code == 0 and "已记录催办（黑猫投诉）" in recorded.err
    last = run("show", "4", "--json").json()["timeline"][-1]
    assert last["kind"] == "urged" and last["channel"] == "heimao" and last["ticket"] == "17369084215"


def test_urge_without_any_filing_is_blocked(run, cli_env):
    case_id = run("add", "--platform", "未来卡盟", "--title", "卡密无效").out.strip()
    result = run("urge", case_id)
    assert result.code == 3 and result.out == "" and "无需催办" in result.err
    assert run("urge", case_id, "--force").code == 3  # nothing to print even when forced


def test_set_answers_the_questions_and_saves_them(run, demo):
    result = run("escalate", "2", "--to", "12315", "--set", "complainant.name=张三", "--set",
                 "complainant.phone=13800138000", "--set", "complainant.address=四川省成都市武侯区人民南路1号")
    assert result.code == 0, result.err
    assert "投诉人姓名：张**\n" in result.out and "已保存投诉人姓名" in result.err
    shown = run("show", "2", "--json", "--reveal").json()
    assert shown["complainant"]["name"] == "张三" and shown["complainant"]["phone"] == "13800138000"


def test_set_rejects_bad_values_before_saving(run, demo):
    result = run("escalate", "2", "--to", "12315", "--set", "complainant.name=张三", "--set", "complainant.phone=123")
    assert result.code == 2 and "电话号码格式不对" in result.err
    assert run("show", "2", "--json", "--reveal").json()["complainant"]["name"] == ""
    assert run("escalate", "2", "--set", "bogus=1").code == 2


@pytest.mark.parametrize(
    "args",
    [
        ("escalate", "abc"),
        ("escalate", "99"),
        ("escalate", "1", "--to", "weibo"),
        ("escalate", "1", "--ticket", "X"),  # --ticket needs --record
        ("urge", "99"),
    ],
)
def test_errors_exit_2_with_one_line(run, demo, args):
    result = run(*args)
    assert result.code == 2 and result.out == ""
    _no_traceback(result)
    assert len(result.err.strip().split("\n")) == 1 and result.err.startswith("tousu: ")


def test_top_of_the_ladder_has_no_default_target(run, demo):
    result = run("escalate", "10")  # K-0010 is at the court
    assert result.code == 2 and "--to" in result.err


def test_english(run, demo):
    result = run("escalate", "3", "--to", "12315", "--lang", "en", "--letter-lang", "en", "--force")
    assert result.code == 0
    assert result.out.startswith("National 12315 platform complaint")
    assert in_order(result.out, "[Background]", "[Problem]", "[Demands]")
    assert "[warning]" in result.err
    blocked = run("escalate", "2", "--to", "12315", "--lang", "en")
    assert blocked.code == 3 and "[required]" in blocked.err and "What is the complainant's real name?" in blocked.err
    assert run("urge", "4", "--lang", "en", "--letter-lang", "en").out.startswith("To 旺旺卡盟:")
    assert run("urge", "4", "--lang", "en").out.startswith("旺旺卡盟：")


def test_escalate_does_not_import_textual(cli_env):
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        "rc = main(['demo'])\n"
        "rc = main(['escalate', '3'])\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', rc)\n"
    )
    env = {"PATH": os.environ.get("PATH", ""), **cli_env}
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=60)
    assert proc.stdout.strip().endswith("CLEAN 0"), (proc.stdout[-200:], proc.stderr)


def test_record_keeps_the_text_as_filed_with_its_hash(run, demo):
    import hashlib

    result = run("escalate", "3", "--to", "12315", "--reveal", "--record", "--ticket", "1330110202606150001")
    assert result.code == 0, result.err
    text = result.out.removesuffix("\n")
    stored = run("show", "3", "--json").json()
    (filed,) = stored["filed"]
    assert filed["sha256"] == hashlib.sha256(text.encode("utf-8")).hexdigest()  # the text as printed
    assert (filed["channel"], filed["kind"], filed["ticket"], filed["at"]) == (
        "12315", "submitted", "1330110202606150001", NOW_TEXT)
    assert filed["event"] == stored["timeline"][-1]["seq"] and filed["by"]
    # shown masked, with its hash; revealed on request, exactly as filed
    masked = run("show", "3", "--filed")
    assert masked.code == 0 and "SHA-256: " + filed["sha256"] in masked.out
    assert "全国12315平台投诉" in masked.out and "#1 提交" in masked.out and "1330110202606150001" in masked.out
    revealed = run("show", "3", "--filed", "--reveal")
    assert text in revealed.out
    assert text not in masked.out and filed["text"] != text  # --json is masked too
    urged = run("urge", "3", "--record")
    assert urged.code == 0, urged.err
    again = run("show", "3", "--filed", "--reveal")
    assert "#2 催办" in again.out and urged.out.removesuffix("\n") in again.out


def test_show_filed_without_texts_says_so(run, demo):
    result = run("show", "3", "--filed")
    assert result.code == 0 and result.out == "" and "还没有记录为已提交的文本" in result.err
