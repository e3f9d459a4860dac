"""cases.today: what is due for a volunteer, in urgency order; the a: filter word."""

from __future__ import annotations

from cases.clock import parse_instant, to_iso
from cases.model import Case, Event, Group, Status
from cases.roster import Decision, Participant
from cases.summary import summarize
from cases.today import (CONSENT, DUE, EVIDENCE, OVERDUE, POA, by_volunteer, due_cases, for_volunteer,
                         ordered, participant_needs, window_end)

NOW = parse_instant("2026-11-22T10:00:00+08:00")


def _case(case_id: str, deadline_hours: float, assignee: str = "", status: Status = Status.OPEN) -> Case:
    return Case(id=case_id, title="t", platform="p", assignee=assignee, status=status, timeline=[
        Event(kind="contact", channel="heimao", at=to_iso(NOW.shift(hours=-1)),
              deadline=to_iso(NOW.shift(hours=deadline_hours)), seq=1)])


def test_the_window_is_24_hours_or_the_end_of_today_whichever_is_later():
    assert window_end(NOW) == NOW.shift(hours=24).timestamp()
    late = parse_instant("2026-11-22T23:30:00+08:00")
    assert window_end(late) == late.shift(hours=24).timestamp()
    early = parse_instant("2026-11-22T00:00:00+08:00")
    assert window_end(early) == parse_instant("2026-11-23T00:00:00+08:00").timestamp()


def test_due_cases_keep_overdue_and_due_within_the_window_only():
    summaries = [summarize(c) for c in (
        _case("K-0001", -3, "a"), _case("K-0002", 2, "a"), _case("K-0003", 23.5, "a"), _case("K-0004", 25, "a"),
        _case("K-0005", -1, "a", Status.RESOLVED))]
    found = {d.case_id: d.need for d in due_cases(summaries, NOW)}
    assert found == {"K-0001": OVERDUE, "K-0002": DUE, "K-0003": DUE}


def test_urgency_order_and_volunteers():
    summaries = [summarize(c) for c in (_case("K-0001", 2, "a"), _case("K-0002", -1, "a"), _case("K-0003", -9, "b"),
                                        _case("K-0004", 1))]
    items = due_cases(summaries, NOW)
    assert [d.case_id for d in for_volunteer(items, "a")] == ["K-0002", "K-0001"]
    assert [d.case_id for d in for_volunteer(items, "")] == ["K-0004"]
    assert {name: [d.case_id for d in found] for name, found in by_volunteer(items).items()} == {
        "a": ["K-0002", "K-0001"], "b": ["K-0003"]}


def test_participants_needs_evidence_consent_and_power_of_attorney():
    group = Group(id="G-001", case_id="K-0001", decisions=[Decision(id="D-1", at=to_iso(NOW))])
    people = [
        Participant(id="P-00001", name="张三", assignee="a", consent=True, evidence=["transaction"]),
        Participant(id="P-00002", name="李四", assignee="a", consent=True, poa=True, consents={"D-1": to_iso(NOW)},
                    evidence=["transaction", "communication", "anomaly"]),
        Participant(id="P-00003", name="王五", consent=False, evidence=["transaction", "communication", "anomaly"]),
        Participant(id="P-00004", name="赵六", status=Status.WITHDRAWN.value),
    ]
    items = ordered(participant_needs(group, people, {"D-1": NOW.timestamp()}))
    assert [(d.participant_id, d.need) for d in items] == [
        ("P-00001", CONSENT), ("P-00001", POA), ("P-00001", EVIDENCE)]
    assert items[0].missing == ("D-1",) and items[2].missing == ("communication", "anomaly")
    assert all(d.case_id == "K-0001" and d.group_id == "G-001" for d in items)
    cases = due_cases([summarize(_case("K-0009", 5, "a"))], NOW)
    assert [d.need for d in ordered(items + cases)] == [DUE, CONSENT, POA, EVIDENCE]


def test_the_assignee_filter_word():
    from tui.case_rows import CaseRow
    from tui.filter_query import parse_query

    rows = [CaseRow(summarize(_case(f"K-000{n}", 5, name)).to_dict(), "zh") for n, name in
            ((1, "小王"), (2, "小王子"), (3, ""))]

    def hits(text: str) -> list[str]:
        query = parse_query(text, "zh", me="小王")
        return [r.id for r in rows if query.matches(r)]

    assert hits("a:me") == ["K-0001"] and hits("负责人:我") == ["K-0001"]
    assert hits("a:小王") == ["K-0001", "K-0002"]
    assert hits("负责人：-") == ["K-0003"]
    assert hits("a:小李") == []


def test_a_missing_power_of_attorney_counts_while_a_decision_awaits_consents():
    person = Participant(id="P-00001", name="张三", consent=True, consents={"D-1": to_iso(NOW)},
                         evidence=["transaction", "communication", "anomaly"])
    settled = Group(id="G-001", case_id="K-0001", decisions=[Decision(id="D-1", at=to_iso(NOW))])
    assert participant_needs(settled, [person], {}) == []  # every consent given: nothing awaits
    assert participant_needs(Group(id="G-001", case_id="K-0001"), [person], {}) == []  # no decision
    pending = Group(id="G-001", case_id="K-0001", decisions=[Decision(id="D-1", at=to_iso(NOW)),
                                                             Decision(id="D-2", at=to_iso(NOW))])
    assert [d.need for d in participant_needs(pending, [person], {})] == [CONSENT, POA]
