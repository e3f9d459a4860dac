"""Recording a text as sent: the event, and the new channel's clock."""

from __future__ import annotations

import pytest
from escalation_helpers import NOW, PHONE, full_case

from cases.channels import UnknownChannel
from cases.clock import parse_instant
from cases.deadlines import case_deadline
from cases.escalation import build_submission, build_urge, record_submission


def test_recording_an_escalation_starts_the_new_channels_clock():
    case = full_case()
    sub = build_submission(case, "12315", NOW, reveal=True)
    event = record_submission(case, "12315", NOW, ticket=" 1440305202606150001 ", text=sub.text())
    assert case.current_channel == "platform-complaint"  # the argument is untouched
    assert (event.kind, event.channel, event.ticket) == ("submitted", "12315", "1440305202606150001")
    assert event.at == "2026-06-15T10:00:00+08:00"
    assert len(event.said) <= 80 and "\n" not in event.said and PHONE not in event.said
    case.add_event(event)
    deadline = case_deadline(case)
    assert deadline.channel == "12315" and deadline.kind == "clock" and deadline.working_days
    assert deadline.at == parse_instant("2026-06-25T23:59:59+08:00")  # the date the text announced
    assert "2026年6月25日24时" in sub.text()


def test_recording_at_an_hours_channel():
    case = full_case()
    sub = build_submission(case, "heimao", NOW)
    case.add_event(record_submission(case, "heimao", NOW, text=sub.text()))
    assert case_deadline(case).at == parse_instant("2026-06-17T10:00:00+08:00")
    assert case.timeline[-1].said.startswith("标题：汇想卡盟充值未到账")


def test_recording_an_urge_keeps_the_clock_and_the_ticket():
    case = full_case()
    before = case_deadline(case)
    sub = build_urge(case, NOW)
    event = record_submission(case, "platform-complaint", NOW, kind="urged", text=sub.text())
    assert event.kind == "urged" and event.ticket == "TS-20260602-0086"
    case.add_event(event)
    assert case_deadline(case) == before


def test_a_summary_without_text_and_bad_arguments():
    event = record_submission(full_case(), "12315", NOW)
    assert event.said == "已提交投诉（文本由 tousu 生成）"
    assert record_submission(full_case(), "12315", NOW, lang="en").said.startswith("Complaint filed")
    with pytest.raises(ValueError):
        record_submission(full_case(), "12315", NOW, kind="note")
    with pytest.raises(UnknownChannel):
        record_submission(full_case(), "weibo", NOW)
