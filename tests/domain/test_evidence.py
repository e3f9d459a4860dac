"""The evidence checklist and the chain 时间-事件-结果."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain_helpers import ev, make_case

from cases.evidence import chain_gaps, checklist
from cases.model import EvidenceItem, Order


def test_empty_case_misses_everything():
    checks = checklist(make_case())
    assert [c.kind for c in checks] == ["transaction", "communication", "anomaly"]
    assert [c.title for c in checks] == ["交易凭证", "沟通记录", "商品异常证据"]
    assert all(not c.present and c.missing for c in checks)
    assert any("订单号" in m for m in checks[0].missing)
    assert any("支付记录" in m for m in checks[0].missing)
    assert len(chain_gaps(make_case())) == 4


def full_case():
    orders = [Order(number="HX20260929001", amount=Decimal("128.00"), paid_at="2026-09-29T09:30:00+08:00",
                    payment_channel="支付宝")]
    evidence = [
        EvidenceItem(kind="transaction", label="支付宝账单截图", sha256="ab" * 32),
        EvidenceItem(kind="communication", label="客服聊天记录"),
        EvidenceItem(kind="anomaly", label="充值失败截图", sha256="cd" * 32),
    ]
    return make_case(
        ev("submitted", "platform-cs", "2026-09-29T10:00:00+08:00", ticket="T123"),
        ev("contact", "platform-cs", "2026-09-29T11:00:00+08:00", agent="8848", promised="2小时内退款",
           deadline="2026-09-29T13:00:00+08:00"),
        orders=orders, evidence=evidence,
    )


def test_full_case_has_everything():
    checks = checklist(full_case())
    assert all(c.complete for c in checks), [c.missing for c in checks]
    tx, comm, anomaly = checks
    assert "订单号 HX20260929001" in tx.present
    assert any("128.00" in p and "支付宝" in p for p in tx.present)
    assert "支付宝账单截图 SHA-256 ✓" in tx.present
    assert any("T123" in p and "平台在线客服" in p for p in comm.present)
    assert "客服工号 8848" in comm.present
    assert any("2小时内退款" in p and "2026-09-29 13:00" in p for p in comm.present)
    assert "客服聊天记录" in comm.present  # no hash recorded: no tick
    assert anomaly.present == ["充值失败截图 SHA-256 ✓"]
    assert chain_gaps(full_case()) == []


def test_partial_payment_record_is_named():
    case = full_case()
    case.orders.append(Order(number="B77", amount=Decimal("50.00")))
    tx = checklist(case)[0]
    assert any("B77" in m and "支付时间" in m and "支付方式" in m for m in tx.missing)
    assert not any("B77" in p and "支付记录" in p for p in tx.present)


def test_chain_gaps_name_missing_links():
    case = full_case()
    case.evidence = [e for e in case.evidence if e.kind != "anomaly"]
    case.timeline = [e for e in case.timeline if not e.promised]
    gaps = chain_gaps(case)
    assert len(gaps) == 2
    assert gaps[0].startswith("问题") and gaps[1].startswith("承诺")
    en = chain_gaps(case, lang="en")
    assert en[0].startswith("Problem") and en[1].startswith("Promise")


def test_english_titles():
    checks = checklist(make_case(), lang="en")
    assert [c.title for c in checks] == ["Transaction records", "Communication records", "Evidence of the defect"]
    assert any("Order number" in m for m in checks[0].missing)


def test_promise_times_are_shown_in_shanghai():
    case = make_case(ev("contact", "platform-cs", "2026-09-29T02:00:00Z", promised="今天退款",
                        deadline="2026-09-29T10:00:00Z"))
    comm = checklist(case)[1]
    assert "承诺记录：今天退款，期限 2026-09-29 18:00（2026-09-29 10:00）" in comm.present
    assert "Promise recorded: 今天退款, deadline 2026-09-29 18:00 (2026-09-29 10:00)" in checklist(case, "en")[1].present


# -- files attached with tousu evidence add ---------------------------------------------------
def test_each_subject_counts_for_one_checklist_kind():
    from cases.evidence import SUBJECTS

    assert {s: k.value for s, k in SUBJECTS.items()} == {
        "payment": "transaction", "promise": "communication", "communication": "communication",
        "defect": "anomaly", "other": "other",
    }


def test_attached_files_tick_their_kind_and_other_files_stand_apart():
    case = make_case(evidence=[
        EvidenceItem(kind="transaction", path="K-0001/ab-账单.png", sha256="ab" * 32, name="账单.png"),
        EvidenceItem(kind="other", path="K-0001/cd-授权委托书.pdf", sha256="cd" * 32, name="授权委托书.pdf",
                     label="授权委托书"),
    ])
    checks = checklist(case)
    assert [c.kind for c in checks] == ["transaction", "communication", "anomaly", "other"]
    assert "账单.png SHA-256 ✓" in checks[0].present
    assert "平台交易流水截图或账单" not in checks[0].missing
    assert checks[3].present == ["授权委托书 SHA-256 ✓"] and checks[3].complete
    assert checks[3].title == "其他材料" and checklist(case, "en")[3].title == "Other documents"
    assert not any(c.kind == "other" for c in checklist(make_case()))
    # "other" completes no link of the chain: the defect is still unproven.
    assert any(g.startswith("问题") for g in chain_gaps(case))


def test_older_evidence_records_still_load():
    """Stores written before size, name and subject: the keys are absent."""
    from cases.model import Case

    old = {"kind": "transaction", "label": "支付宝账单截图", "path": "证据/K-0001/支付宝账单.png",
           "sha256": "ab" * 32, "recorded_at": "2026-06-01T10:00:00+08:00"}
    item = EvidenceItem.from_dict(old)
    assert (item.size, item.name, item.subject) == (0, "", "")
    assert (item.label, item.path, item.sha256) == (old["label"], old["path"], old["sha256"])
    case = Case.from_dict({"id": "K-0001", "evidence": [old, {"label": "客服聊天记录"}]})
    assert [e.label for e in case.evidence] == ["支付宝账单截图", "客服聊天记录"]
    assert case.evidence[1].kind == "transaction"  # the default kind, as before
    assert Case.from_dict(case.to_dict()).evidence == case.evidence


@pytest.mark.parametrize("size", ["12", -1, True, None, 1.5])
def test_an_unreadable_size_reads_as_unknown(size):
    assert EvidenceItem.from_dict({"size": size}).size == 0


def test_new_fields_round_trip_and_names_are_cleaned():
    item = EvidenceItem.from_dict({"kind": "anomaly", "size": 2048, "name": "失败\x1b]0;x\x07.png",
                                   "subject": "defect"})
    assert (item.size, item.name, item.subject) == (2048, "失败]0;x.png", "defect")
    assert EvidenceItem.from_dict(item.to_dict()) == item
