"""Letters kept on a case: drafts by channel, texts as filed with their hash, and a letter's
text masked and revealed from the case without losing an edit."""

from __future__ import annotations

import hashlib

from escalation_helpers import ADDRESS, ID_NUMBER, NAME, NOW, PHONE, PHONE_MASKED, full_case

from cases.channels import ladder
from cases.escalation import build_submission, record_submission
from cases.letters import draft_for, drop_draft, file_text, filed_ok, keep_draft, text_hash
from cases.model import Case
from cases.privacy import mask_letter, masked_case, reveal_letter


def test_a_draft_per_channel_and_kind_replaced_and_dropped():
    case = full_case()
    keep_draft(case, "12315", "escalate", "第一稿", by="alice", at=NOW)
    keep_draft(case, "12315", "urge", "催办稿", by="bob", at=NOW)
    keep_draft(case, "12315", "escalate", "第二稿\n第二行", by="carol", at=NOW.shift(minutes=5), letter_lang="en")
    draft = draft_for(case, "12315", "escalate")
    assert (draft.text, draft.by, draft.at, draft.letter_lang) == (
        "第二稿\n第二行", "carol", "2026-06-15T10:05:00+08:00", "en")
    assert draft_for(case, "12315", "urge").text == "催办稿" and draft_for(case, "court", "escalate") is None
    back = Case.from_dict(case.to_dict())  # the store's round trip keeps the lines
    assert back.drafts == case.drafts
    assert drop_draft(case, "12315", "escalate") and draft_for(case, "12315", "escalate") is None
    assert not drop_draft(case, "12315", "escalate")


def test_an_old_store_without_letters_loads():
    data = full_case().to_dict()
    del data["drafts"], data["filed"]
    case = Case.from_dict(data)
    assert case.drafts == [] and case.filed == []


def test_filing_keeps_the_text_its_hash_and_event_and_clears_the_draft():
    case = full_case()
    sub = build_submission(case, "12315", NOW, reveal=True)
    keep_draft(case, "12315", "escalate", "草稿", by="alice", at=NOW)
    event = case.add_event(record_submission(case, "12315", NOW, ticket="T-1"))
    filed = file_text(case, event, sub.text(), by="bob")
    assert filed.text == sub.text() and PHONE in filed.text
    assert filed.sha256 == hashlib.sha256(sub.text().encode("utf-8")).hexdigest() == text_hash(sub.text())
    assert (filed.channel, filed.kind, filed.ticket, filed.at, filed.by, filed.event) == (
        "12315", "submitted", "T-1", "2026-06-15T10:00:00+08:00", "bob", event.seq)
    assert draft_for(case, "12315", "escalate") is None
    back = Case.from_dict(case.to_dict())
    assert back.filed == case.filed and filed_ok(back.filed[0])
    back.filed[0].text += "。"
    assert not filed_ok(back.filed[0])
    # every display masks it: the real values never show
    shown = masked_case(case).filed[0].text
    for real in (PHONE, NAME, ID_NUMBER, ADDRESS):
        assert real not in shown, real
    assert PHONE_MASKED in shown


def test_an_edited_letter_masks_and_reveals_without_losing_the_edit():
    case = full_case()
    revealed = build_submission(case, "12315", NOW, reveal=True).text()
    masked = build_submission(case, "12315", NOW).text()
    assert mask_letter(case, revealed) == masked
    assert reveal_letter(case, masked) == revealed
    edited = "开头加一句。\n" + masked.replace("【背景】", "【背景】（补充）") + "\n结尾。"
    shown = reveal_letter(case, edited)
    assert shown.startswith("开头加一句。") and "（补充）" in shown and shown.endswith("结尾。")
    assert PHONE in shown and NAME in shown and ADDRESS in shown and PHONE_MASKED not in shown
    more = shown.replace("结尾。", "结尾，再补一句。")
    back = mask_letter(case, more)
    assert "再补一句" in back and "（补充）" in back and PHONE not in back and NAME not in back
    assert reveal_letter(case, back) == more


def test_a_public_page_never_gets_the_id_number_back():
    case = full_case()
    masked = f"身份证号 {mask_letter(case, ID_NUMBER)}，电话 {PHONE_MASKED}"
    assert reveal_letter(case, masked, public=True) == f"身份证号 {mask_letter(case, ID_NUMBER)}，电话 {PHONE}"
    assert ID_NUMBER in reveal_letter(case, masked)


def test_channels_that_file_under_the_real_identity():
    needs = {cid for cid, chan in ladder().items() if chan.needs_identity}
    assert needs == {"platform-complaint", "payment", "12315", "12315-report", "consumer-assoc", "police", "court"}
    assert not ladder()["heimao"].needs_identity
