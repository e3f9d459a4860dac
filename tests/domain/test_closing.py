"""The end of a case: statuses and outcomes from one data definition, results with an
outcome, closing and reopening, filing moving a case to waiting, the deleted mark."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from domain_helpers import ev, make_case, t

from cases.closing import ClosingError, close_case, reopen_case, result_event
from cases.deadlines import case_deadline
from cases.i18n import LANGS, catalogue, tr
from cases.model import REOPENED, Case, Event, Status
from cases.statuses import (closed_statuses, find_outcome, outcome_name, outcomes, status_ids, status_name,
                            statuses_named)
from cases.summary import FORMAT, CaseSummary, summarize
from cases.urgency import DELETED_GROUP, order_key

NOW = "2026-06-15T10:00:00+08:00"
SUB = "submitted"


def _filed(amount: str = "500") -> Case:
    return make_case(ev(SUB, "12315", "2026-06-01T10:00:00+08:00", ticket="1440305"), amount=amount)


# ----------------------------------------------------------------------------- one vocabulary
def test_the_status_enum_is_the_data_in_its_order():
    assert tuple(s.value for s in Status) == status_ids()
    assert {s.value for s in Status if s.closed} == closed_statuses()
    assert not Status.OPEN.closed and not Status.WAITING.closed
    assert Status.UNANSWERED.closed and Status.RESOLVED.closed


def test_every_status_and_outcome_has_a_name_in_every_language():
    for lang in LANGS:
        words = catalogue(lang)
        for status in status_ids():
            assert words.get(f"status.{status}"), (lang, status)
        for outcome in outcomes():
            assert words.get(f"outcome.{outcome}"), (lang, outcome)
        names = [status_name(s, lang) for s in status_ids()]
        assert len(set(names)) == len(names), names  # no two statuses share a word


def test_one_status_vocabulary_no_second_set_of_keys():
    """Every screen names statuses through status_name: no tui.status.* keys, no code naming them."""
    from pathlib import Path

    for lang in LANGS:
        assert not [k for k in catalogue(lang) if k.startswith("tui.status.")], lang
    root = Path(__file__).resolve().parents[2]
    users = [str(p) for folder in ("tui", "cases", "storage") for p in (root / folder).rglob("*.py")
             if "tui.status." in p.read_text("utf-8")]
    assert users == []


def test_the_words_the_issue_names():
    assert status_name("waiting", "zh") == "等待回复"
    assert status_name("open", "zh") == "进行中"
    assert status_name("waiting", "en") == "waiting"
    assert status_name("from-a-newer-tousu") == "from-a-newer-tousu"


def test_statuses_named_matches_ids_and_parts_of_words():
    assert statuses_named("等待", "zh") == ["waiting"]
    assert statuses_named("waiting", "zh") == ["waiting"]  # an id in any language
    assert statuses_named("RESOLVED", "en") == ["resolved", "partly_resolved"]
    assert statuses_named("解决", "zh") == ["resolved", "partly_resolved"]
    assert statuses_named("nothing", "zh") == [] and statuses_named(" ", "zh") == []


def test_every_outcome_gives_a_closed_status():
    assert set(outcomes()) == {"refunded_full", "refunded_part", "delivered", "refused", "no_reply", "withdrawn"}
    assert all(o.status in closed_statuses() for o in outcomes().values())
    assert {o.id: o.status for o in outcomes().values()} == {
        "refunded_full": "resolved", "refunded_part": "partly_resolved", "delivered": "resolved",
        "refused": "refused", "no_reply": "unanswered", "withdrawn": "withdrawn"}


def test_an_outcome_is_found_by_id_or_by_name():
    assert find_outcome("refunded_part").id == "refunded_part"
    assert find_outcome(" 全额退款 ").id == "refunded_full"
    assert find_outcome("No Reply").id == "no_reply"
    assert find_outcome("refund") is None and find_outcome("") is None
    assert outcome_name("delivered", "zh") == "已补发或到账" and outcome_name("unknown-id") == "unknown-id"


def test_the_data_is_checked_when_read():
    from cases import statuses

    from importlib import resources

    good = json.loads(resources.files("cases").joinpath("data/statuses.json").read_text("utf-8"))
    assert statuses.checked(good) == good
    bad = json.loads(json.dumps(good))
    bad["outcomes"][0]["status"] = "open"
    with pytest.raises(ValueError, match="not a closed status"):
        statuses.checked(bad)
    twice = json.loads(json.dumps(good))
    twice["statuses"].append(twice["statuses"][0])
    with pytest.raises(ValueError, match="listed twice"):
        statuses.checked(twice)


# ----------------------------------------------------------------------------- results
def test_a_partial_refund_needs_an_amount_below_the_total():
    case, part = _filed(), outcomes()["refunded_part"]
    with pytest.raises(ClosingError, match="退款金额"):
        result_event(case, part, t(NOW))
    with pytest.raises(ClosingError, match="大于 0"):
        result_event(case, part, t(NOW), refunded=Decimal("0.00"))
    with pytest.raises(ClosingError, match="refunded_full") as info:
        result_event(case, part, t(NOW), refunded=Decimal("500.00"))
    assert "500.00" in info.value.message("en") and "full" in info.value.message("en")
    event = result_event(case, part, t(NOW), refunded=Decimal("200.00"), refunded_on=date(2026, 6, 12), said="一半")
    assert (event.kind, event.channel, event.at, event.said) == ("result", "12315", NOW, "一半")
    assert (event.outcome, event.refunded, event.refunded_on) == ("refunded_part", "200.00", "2026-06-12")


def test_a_full_refund_is_the_total_unless_told_and_never_less():
    case, full = _filed(), outcomes()["refunded_full"]
    event = result_event(case, full, t(NOW))
    assert (event.refunded, event.refunded_on) == ("500.00", "2026-06-15")  # the day of the result
    assert result_event(case, full, t(NOW), refunded=Decimal("1500.00")).refunded == "1500.00"  # with compensation
    with pytest.raises(ClosingError, match="refunded_part"):
        result_event(case, full, t(NOW), refunded=Decimal("499.99"))
    no_orders = make_case(ev(SUB, "heimao", "2026-06-01T10:00:00+08:00"))
    assert result_event(no_orders, full, t(NOW)).refunded == ""  # nothing known to refund
    assert result_event(no_orders, full, t(NOW), refunded_on=date(2026, 6, 1)).refunded_on == "2026-06-01"


def test_outcomes_without_money_take_no_amount_or_date():
    case = _filed()
    for outcome_id in ("delivered", "refused", "no_reply", "withdrawn"):
        outcome = outcomes()[outcome_id]
        with pytest.raises(ClosingError, match="--refunded"):
            result_event(case, outcome, t(NOW), refunded=Decimal("1.00"))
        with pytest.raises(ClosingError):
            result_event(case, outcome, t(NOW), refunded_on=date(2026, 6, 1))
        event = result_event(case, outcome, t(NOW), channel="court")
        assert (event.outcome, event.refunded, event.refunded_on, event.channel) == (outcome_id, "", "", "court")


def test_a_refund_cannot_arrive_after_the_result():
    with pytest.raises(ClosingError, match="2026-06-16"):
        result_event(_filed(), outcomes()["refunded_full"], t(NOW), refunded_on=date(2026, 6, 16))


# ----------------------------------------------------------------------------- close and reopen
@pytest.mark.parametrize("outcome_id", sorted(outcomes()))
def test_closing_sets_the_outcomes_status_and_stops_the_clock(outcome_id):
    case = _filed()
    assert case.status == Status.WAITING and case_deadline(case) is not None
    outcome = outcomes()[outcome_id]
    refunded = Decimal("100.00") if outcome_id == "refunded_part" else None
    close_case(case, result_event(case, outcome, t(NOW), refunded=refunded))
    assert case.status == Status(outcome.status) and case.closed
    assert case.timeline[-1].outcome == outcome_id
    assert case_deadline(case) is None
    summary = summarize(case)
    assert summary.closed and summary.deadline is None and summary.deadline_ts is None


def test_a_closed_case_is_not_closed_again():
    case = _filed()
    close_case(case, result_event(case, outcomes()["refused"], t(NOW)))
    again = result_event(case, outcomes()["refunded_full"], t(NOW))
    with pytest.raises(ClosingError) as info:
        close_case(case, again)
    assert "被拒绝" in str(info.value) and "tousu reopen K-0001" in str(info.value)
    assert "refused" in info.value.message("en")
    assert case.status == Status.REFUSED and len(case.timeline) == 2


def test_only_a_result_with_a_known_outcome_closes():
    case = _filed()
    with pytest.raises(ValueError):
        close_case(case, Event(kind="result", channel="12315", at=NOW))
    assert case.status == Status.WAITING and len(case.timeline) == 1


def test_reopening_records_it_and_the_clock_comes_back():
    case = _filed()
    before = case_deadline(case)
    with pytest.raises(ClosingError, match="没有结案"):
        reopen_case(case, t(NOW))
    close_case(case, result_event(case, outcomes()["no_reply"], t(NOW)))
    event = reopen_case(case, t("2026-06-16T09:00"), said="又有新情况")
    assert (event.kind, event.channel, event.said) == (REOPENED, "12315", "又有新情况")
    assert case.status == Status.OPEN and not case.closed
    assert REOPENED not in {e.kind for e in case.active_events()}  # it moves no clock
    assert case_deadline(case) == before  # the 12315 clock again, from the filing
    case.add_event(ev(SUB, "heimao", "2026-06-16T10:00:00+08:00"))
    assert case.status == Status.WAITING


# ----------------------------------------------------------------------------- filing → waiting
def test_a_filing_moves_an_open_case_to_waiting_and_nothing_else_moves_it():
    case = make_case(ev("contact", "platform-cs", "2026-06-01T09:00:00+08:00"))
    assert case.status == Status.OPEN  # a contact leaves an open case open
    case.add_event(ev(SUB, "platform-complaint", "2026-06-01T10:00:00+08:00"))
    assert case.status == Status.WAITING
    for kind in ("contact", "urged", "note", "result"):  # they keep it waiting
        case.add_event(ev(kind, "platform-complaint", "2026-06-02T10:00:00+08:00"))
        assert case.status == Status.WAITING, kind
    accepted = make_case(ev("accepted", "12315", "2026-06-01T10:00:00+08:00"))
    assert accepted.status == Status.WAITING


def test_a_filing_does_not_open_a_closed_case():
    case = make_case(status=Status.RESOLVED)
    case.add_event(ev(SUB, "12315", "2026-06-01T10:00:00+08:00"))
    assert case.status == Status.RESOLVED


# ----------------------------------------------------------------------------- stored form
def test_result_fields_are_written_only_when_set_and_old_events_load():
    plain = Event(kind="contact", channel="12315", at=NOW)
    assert not {"outcome", "refunded", "refunded_on"} & set(plain.to_dict())
    old = {"kind": "result", "channel": "12315", "at": NOW, "ticket": "", "agent": "", "said": "", "promised": "",
           "deadline": None, "seq": 3}
    loaded = Event.from_dict(old)
    assert (loaded.outcome, loaded.refunded, loaded.refunded_on, loaded.seq) == ("", "", "", 3)
    full = Event(kind="result", channel="12315", at=NOW, outcome="refunded_part", refunded="1.00", refunded_on="2026-06-01")
    assert Event.from_dict(full.to_dict()) == full


def test_the_deleted_mark_is_written_only_when_set():
    case = make_case()
    assert "deleted_at" not in case.to_dict() and not case.deleted
    case.deleted_at, case.deleted_by = NOW, "alice"
    again = Case.from_dict(case.to_dict())
    assert again.deleted and (again.deleted_at, again.deleted_by) == (NOW, "alice")
    assert Case.from_dict({"id": "K-0001"}).deleted_at == ""


def test_the_summary_carries_the_deleted_mark():
    case = _filed()
    summary = summarize(case)
    assert summary.deleted is None and not summary.hidden and "deleted" not in summary.to_dict()
    assert FORMAT >= 3 and summary.format == FORMAT
    case.deleted_at = NOW
    hidden = summarize(case)
    assert hidden.hidden and hidden.to_dict()["deleted"] == NOW
    assert CaseSummary.from_dict(hidden.to_dict()) == hidden
    key = order_key("1", hidden.to_dict())
    assert key[0] == DELETED_GROUP and key > order_key("2", {**summary.to_dict(), "status": "resolved"})


def test_closing_error_messages_in_both_languages():
    err = ClosingError("cases.closing.not_closed", "en", id="K-0009", status="waiting")
    assert str(err) == tr("cases.closing.not_closed", "en", id="K-0009", status="waiting")
    assert "K-0009" in err.message("zh") and "等待回复" in err.message("zh")
