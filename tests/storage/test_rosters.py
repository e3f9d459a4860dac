"""Group rosters in the store: one document per participant, merges, activity, old group documents,
and real processes editing one group."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from store_helpers import journal_path, sample_case, subprocess_env

from cases.roster import Participant, RosterOrder
from storage.errors import (
    AlreadyGroupCase,
    NotAGroupCase,
    ParticipantAmbiguous,
    ParticipantConflict,
    ParticipantNotFound,
)
from storage.store import Store
from tests.raw_store import another_program, on_disk

WORKER = str(Path(__file__).with_name("roster_worker.py"))


def _person(n: int, **fields) -> Participant:
    values = {"name": f"参与人{n}", "phone": f"1380013{n:04d}", "orders": [RosterOrder(f"WW{n:06d}", f"{n}.50")],
              **fields}
    return Participant(**values)


@pytest.fixture
def group(store):
    store.add_case(sample_case(1))
    return store.create_group("K-0001", "alice", "汇想卡盟集体维权")


def test_a_case_becomes_a_group_case(store, group):
    assert (group.id, group.case_id, group.name, group.updated_by) == ("G-001", "K-0001", "汇想卡盟集体维权", "alice")
    assert store.case("K-0001").group_id == "G-001"
    assert store.group_for_case("1").id == "G-001"
    with pytest.raises(AlreadyGroupCase):
        store.create_group("K-0001", "alice")
    store.add_case(sample_case(2))
    with pytest.raises(NotAGroupCase):
        store.group_for_case("K-0002")
    assert store.activity()[-1] == {"at": "2026-09-29T10:00:00+08:00", "by": "alice", "action": "group.create",
                                    "case": "K-0001", "group": "G-001"}


def test_participants_are_documents_of_their_own(store, group, store_path, clock):
    added = store.add_participants(group.id, [_person(n) for n in range(1, 4)], "alice")
    assert [p.id for p in added] == ["P-00001", "P-00002", "P-00003"]
    assert all(p.group_id == "G-001" and p.updated_by == "alice" and p.rev == 1 for p in added)
    again = Store.open(store_path, clock)
    roster = again.roster(group.id)
    assert [p.name for p in roster] == ["参与人1", "参与人2", "参与人3"]
    assert roster[1].orders[0].amount == "2.50" and roster[1].amount == 2.5
    assert "participants" not in again.group(group.id).to_dict()


def test_one_change_is_one_small_journal_line(store, group):
    store.add_participants(group.id, [_person(n) for n in range(1, 301)], "alice")
    before = journal_path(store.path).read_bytes()
    store.update_participants(group.id, ["P-00150"], lambda p: setattr(p, "notes", "已联系"), "bob")
    line = journal_path(store.path).read_bytes()[len(before):]
    assert line.count(b"\n") == 1 and len(line) < 2000, len(line)
    assert store.roster(group.id)[149].notes == "已联系"


def test_find_by_order_and_phone_and_select(store, group):
    store.add_participants(group.id, [_person(1), _person(2), _person(3, phone="13800130001")], "alice")
    assert [p.id for p in store.find_participants(group.id, order="WW000002")] == ["P-00002"]
    assert [p.id for p in store.find_participants(group.id, phone="+86 138-0013-0002")] == ["P-00002"]
    assert [p.id for p in store.select_participants(group.id, ["WW000003", "P-2", "13800130002"])] == [
        "P-00003", "P-00002"]
    with pytest.raises(ParticipantAmbiguous) as caught:
        store.select_participants(group.id, ["13800130001"])
    assert caught.value.ids == ["P-00001", "P-00003"]
    with pytest.raises(ParticipantNotFound):
        store.select_participants(group.id, ["WW999999"])


def test_bulk_update_and_totals_per_assignee(store, group):
    store.add_participants(group.id, [_person(n, consent=n % 2 == 0) for n in range(1, 6)], "alice")
    store.update_participants(group.id, ["P-1", "P-2", "P-3"], lambda p: setattr(p, "assignee", "小林"), "bob",
                              action="participant.assign")
    store.update_participants(group.id, ["P-1"], lambda p: (setattr(p, "poa", True),
                              setattr(p, "evidence", ["transaction", "communication", "anomaly"])), "bob")
    found = store.roster_totals(store.group(group.id))
    assert found.all.participants == 5 and str(found.all.amount) == "17.50"
    assert (found.all.consent, found.all.poa, found.all.evidence_complete) == (2, 1, 1)
    assert found.by_assignee["小林"].participants == 3 and str(found.by_assignee["小林"].amount) == "7.50"
    assert found.by_assignee[""].participants == 2
    entry = [e for e in store.activity() if e["action"] == "participant.assign"][-1]
    assert entry["by"] == "bob" and entry["participants"] == ["P-00001", "P-00002", "P-00003"]


def test_a_form_edit_merges_and_the_same_field_conflicts(store, group):
    store.add_participants(group.id, [_person(1)], "alice")
    base = store.participant("P-00001")
    mine = store.participant("P-00001")
    mine.notes = "我的备注"
    store.update_participants(group.id, ["P-1"], lambda p: setattr(p, "assignee", "小王"), "bob")
    saved = store.save_participant(mine, base, "alice")
    assert (saved.notes, saved.assignee, saved.rev) == ("我的备注", "小王", 3)
    theirs = store.participant("P-00001")
    store.update_participants(group.id, ["P-1"], lambda p: setattr(p, "notes", "别人的备注"), "bob")
    theirs.notes = "又一个备注"
    with pytest.raises(ParticipantConflict) as caught:
        store.save_participant(theirs, saved, "alice")
    assert caught.value.fields == ["notes"]
    assert "备注" in caught.value.message("zh") and "Notes" in caught.value.message("en")
    assert store.participant("P-00001").notes == "别人的备注"


def test_decisions_consents_and_representatives(store, group):
    store.add_participants(group.id, [_person(n, consent=True) for n in range(1, 4)], "alice")
    decision = store.add_decision(group.id, "accept_settlement", "接受平台退款80%", "alice")
    assert decision.id == "D-1"
    store.update_participants(group.id, ["P-1"], lambda p: p.consents.__setitem__("D-1", "2026-09-29T10:00:00+08:00"),
                              "alice", action="participant.consent")
    from cases.roster import missing_consents

    people = store.roster(group.id)
    assert [p.id for p in missing_consents(people, "D-1")] == ["P-00002", "P-00003"]
    assert store.roster_totals(store.group(group.id)).decisions == {"D-1": 1}
    store.change_group(group.id, lambda g: setattr(g, "representatives", ["P-00001"]), "alice", "group.representatives")
    assert store.group(group.id).representatives == ["P-00001"]


def test_removed_participants_are_recorded(store, group):
    store.add_participants(group.id, [_person(1), _person(2)], "alice")
    assert store.remove_participants(group.id, ["WW000001"], "bob") == ["P-00001"]
    assert [p.id for p in store.roster(group.id)] == ["P-00002"]
    assert store.activity()[-1]["action"] == "participant.remove" and store.activity()[-1]["by"] == "bob"


def test_an_old_group_document_opens_and_moves_its_roster_on_the_first_change(store_path, clock):
    """Before rosters had a table: participants inside the group, ``authorised``, one amount,
    comma-separated orders."""
    store = Store.open(store_path, clock)
    store.add_case(sample_case(1, group_id="G-001"))
    old = {"id": "G-001", "name": "旧的集体维权", "platform": "旺旺卡盟", "description": "", "coordinator": "小林",
           "participants": [
               {"name": "林志远", "phone": "13800132876", "amount": "2060.50", "orders": "WW1,WW2", "case_id": "K-0001",
                "authorised": True, "status": "waiting"},
               {"name": "吴倩", "phone": "13800133652", "amount": "320.00", "orders": "", "case_id": "",
                "authorised": False, "status": "open"}],
           "created": "2026-09-01T10:00:00+08:00", "updated": "2026-09-01T10:00:00+08:00", "rev": 3}
    with another_program(store.path) as raw:
        raw.put("groups", "1", old)
    again = Store.open(store_path, clock)
    people = again.roster("G-001")
    assert [(p.id, p.name, p.poa, p.order_numbers, str(p.amount)) for p in people] == [
        ("", "林志远", True, ["WW1", "WW2"], "2060.50"), ("", "吴倩", False, [], "320.00")]
    assert str(again.roster_totals(again.group("G-001")).all.amount) == "2380.50"
    assert again.group_of(again.case("K-0001")).totals.all.poa == 1
    again.update_participants("G-001", ["WW2"], lambda p: setattr(p, "assignee", "小林"), "bob")
    moved = Store.open(store_path, clock)
    people = moved.roster("G-001")
    assert [(p.id, p.assignee) for p in people] == [("P-00001", "小林"), ("P-00002", "")]
    assert "participants" not in on_disk(moved.path, "groups", "1")
    assert [e["action"] for e in moved.activity()][-2:] == ["roster.convert", "participant.update"]


def test_a_damaged_participant_is_left_out_and_named(store, group, store_path, clock):
    store.add_participants(group.id, [_person(1), _person(2)], "alice")
    with another_program(store.path) as raw:
        doc = dict(raw.get("participants", "2"))
        doc["orders"] = [{"number": "X", "amount": "很多"}]
        raw.put("participants", "2", doc)
    again = Store.open(store_path, clock)
    assert [p.id for p in again.roster(group.id)] == ["P-00001"]
    (damaged,) = again.damaged_participants(group.id)
    assert "P-00002" in str(damaged) and "orders[0].amount" in str(damaged)


# ---------------------------------------------------------------------------- processes

def _spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, WORKER, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=subprocess_env())


def _finish(proc: subprocess.Popen) -> str:
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return out.strip()


def test_processes_editing_different_participants_lose_nothing(store, group, clock):
    store.add_participants(group.id, [_person(n) for n in range(1, 5)], "alice")
    rounds = 25
    procs = [_spawn("edits", str(store.path), group.id, f"P-0000{n}", str(rounds)) for n in range(1, 5)]
    assert [_finish(p) for p in procs] == ["done"] * 4
    fresh = Store.open(store.path, clock)
    for p in fresh.roster(group.id):
        assert p.notes == "".join(f"{p.id}-{i};" for i in range(rounds)), p.notes
        assert p.rev == rounds + 1 and p.updated_by == f"worker-{p.id}"


def _ready(proc: subprocess.Popen) -> None:
    """Block until the worker has read its base (it prints "ready"; a crash gives EOF)."""
    assert proc.stdout.readline().strip() == "ready", proc.stderr.read()


def _go(proc: subprocess.Popen) -> None:
    proc.stdin.write("go\n")
    proc.stdin.flush()


@pytest.mark.parametrize(("first", "second", "outcome"), [
    (("notes", "甲的备注"), ("notes", "乙的备注"), "conflict notes"),
    (("notes", "甲的备注"), ("assignee", "小王"), "saved"),
], ids=["same-field", "different-fields"])
def test_two_processes_saving_one_participant(store, group, clock, first, second, outcome):
    store.add_participants(group.id, [_person(1)], "alice")
    a = _spawn("save", str(store.path), "P-00001", *first, "alice")
    b = _spawn("save", str(store.path), "P-00001", *second, "bob")
    _ready(a)
    _ready(b)  # both read the same base
    _go(a)
    assert _finish(a) == "saved"
    _go(b)
    assert _finish(b) == outcome
    stored = Store.open(store.path, clock).participant("P-00001")
    assert stored.notes == "甲的备注"
    assert stored.assignee == ("小王" if outcome == "saved" else "")


def test_activity_entries_are_json(store, group):
    store.add_participants(group.id, [_person(1)], "alice")
    for entry in store.activity():
        json.dumps(entry)
