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
    event = record_submission(case, "12315", NOW, ticket=" 1440305202606150001 ", subject=sub.subject)
    assert case.current_channel == "platform-complaint"  # the argument is untouched
    assert (event.kind, event.channel, event.ticket) == ("submitted", "12315", "1440305202606150001")
    assert event.at == "2026-06-15T10:00:00+08:00"
    assert event.said == ""  # the 12315 text has no subject: the kind and channel say what happened
    case.add_event(event)
    deadline = case_deadline(case)
    assert deadline.channel == "12315" and deadline.kind == "clock" and deadline.working_days
    assert deadline.at == parse_instant("2026-06-25T23:59:59+08:00")  # the date the text announced
    assert "2026年6月25日24时" in sub.text()


def test_recording_at_an_hours_channel():
    case = full_case()
    sub = build_submission(case, "heimao", NOW)
    case.add_event(record_submission(case, "heimao", NOW, subject=sub.subject))
    assert case_deadline(case).at == parse_instant("2026-06-17T10:00:00+08:00")
    assert case.timeline[-1].said.startswith("汇想卡盟充值未到账")  # the subject, without its label


def test_recording_an_urge_keeps_the_clock_and_the_ticket():
    case = full_case()
    before = case_deadline(case)
    sub = build_urge(case, NOW)
    event = record_submission(case, "platform-complaint", NOW, kind="urged", subject=sub.subject)
    assert event.kind == "urged" and event.ticket == "TS-20260602-0086"
    case.add_event(event)
    assert case_deadline(case) == before


def test_the_history_never_reads_label_on_label():
    case = full_case()
    sub = build_submission(case, "platform-complaint", NOW)
    case.add_event(record_submission(case, "platform-complaint", NOW.shift(minutes=1), subject=sub.subject))
    history = build_submission(case, "12315", NOW.shift(minutes=2)).text()
    assert "提交投诉：关于汇想卡盟订单" in history
    assert "主题：" not in history and "投诉：投诉" not in history and "提交投诉：投诉：" not in history


def test_a_summary_stored_by_an_earlier_version_loses_its_label():
    case = full_case()
    case.timeline[-1].said = "主题：投诉：汇想卡盟订单HX1（充值未到账），请书面答复"
    text = build_submission(case, "12315", NOW).text()
    assert "提交投诉：投诉：汇想卡盟订单HX1" in text and "主题：" not in text


def test_a_summary_masks_personal_data_and_bad_arguments_are_refused():
    event = record_submission(full_case(), "heimao", NOW, subject=f"联系{PHONE}")
    assert PHONE not in event.said
    assert record_submission(full_case(), "12315", NOW).said == ""
    with pytest.raises(ValueError):
        record_submission(full_case(), "12315", NOW, kind="note")
    with pytest.raises(UnknownChannel):
        record_submission(full_case(), "weibo", NOW)
