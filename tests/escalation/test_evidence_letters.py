"""The evidence list of every text: each file with the time it was recorded, masked as before."""

from __future__ import annotations

import pytest
from escalation_helpers import NOW, PHONE, full_case

from cases.channels import ladder
from cases.escalation import build_submission
from cases.model import EvidenceItem

LETTERS = [cid for cid, chan in ladder().items() if chan.letter]


def _section(text: str, heading: str) -> list[str]:
    lines = text[text.index(heading):].split("\n")
    out = []
    for line in lines[1:]:
        if not line[:1].isdigit():
            break
        out.append(line)
    return out


def _attached() -> list[EvidenceItem]:
    return [
        EvidenceItem(kind="anomaly", path="K-0100/cd01-充值失败.png", sha256="cd" * 32, size=2048,
                     name="充值失败.png", subject="defect", recorded_at="2026-06-01T10:20:00+08:00"),
        EvidenceItem(kind="communication", label=f"客服答应2小时内回复（回电{PHONE}）", path="K-0100/ab01-录音.m4a",
                     sha256="ab" * 32, size=4096, name="录音.m4a", subject="promise",
                     recorded_at="2026-06-01T02:45:00Z"),
        EvidenceItem(kind="transaction", path=f"K-0100/ef01-{PHONE}.png", sha256="ef" * 32, size=1024,
                     name=f"{PHONE}.png", subject="payment", recorded_at="2026-06-01T10:05:00+08:00"),
    ]


@pytest.mark.parametrize("target", LETTERS)
def test_every_text_dates_each_attached_file(target):
    text = build_submission(full_case(evidence=_attached()), target, NOW).text()
    assert _section(text, "【证据清单】") == [
        "1. 支付凭证（文件：138****8421.png，记录于2026年6月1日 10:05）",
        "2. 客服答应2小时内回复（回电138****8421）（文件：录音.m4a，记录于2026年6月1日 10:45）",
        "3. 商品异常证据（文件：充值失败.png，记录于2026年6月1日 10:20）",
    ], target


def test_the_english_text_dates_them_too_and_reveal_shows_the_numbers():
    case = full_case(evidence=_attached())
    text = build_submission(case, "platform-complaint", NOW, letter_lang="en").text()
    assert _section(text, "[Evidence]") == [
        "1. Payment record (file: 138****8421.png, recorded 2026-06-01 10:05)",
        "2. 客服答应2小时内回复（回电138****8421） (file: 录音.m4a, recorded 2026-06-01 10:45)",
        "3. Evidence of the defect (file: 充值失败.png, recorded 2026-06-01 10:20)",
    ]
    revealed = build_submission(case, "platform-complaint", NOW, reveal=True).text()
    assert f"（文件：{PHONE}.png，记录于" in revealed


def test_records_without_a_time_or_a_file_name_read_as_before():
    """Older records (no recorded_at, no name): the label and the stored path's last part."""
    text = build_submission(full_case(), "platform-complaint", NOW).text()
    assert _section(text, "【证据清单】") == [
        "1. 支付宝账单截图（文件：支付宝账单.png）",
        "2. 客服聊天记录（文件：聊天记录.png）",
        "3. 充值失败提示截图（文件：充值失败.png）",
    ]
    other = EvidenceItem(kind="other", label="授权委托书", recorded_at="2026-06-02T09:00:00+08:00")
    text = build_submission(full_case(evidence=[other]), "12315", NOW).text()
    assert _section(text, "【证据清单】") == ["1. 授权委托书（记录于2026年6月2日 09:00）"]
