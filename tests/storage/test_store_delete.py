"""Deleting a case: hidden everywhere, kept and restorable, logged, purged after 30 days."""

from __future__ import annotations

import json

import pytest
from store_helpers import sample_case

from cases.demo import build_demo
from cases.model import Event, Status
from cases.urgency import open_counts
from storage import evidence
from storage.errors import CaseDeleted, CaseNotFound, DamagedDocumentError, NotDeletedError
from storage.store import KEEP_DELETED_DAYS, Store
from tests.raw_store import another_program, on_disk


def _three(store: Store) -> None:
    store.add_cases([sample_case(n) for n in range(1, 4)])


def test_a_deleted_case_is_hidden_from_every_reader(store, clock):
    _three(store)
    deleted = store.delete_case("K-0002", "alice")
    assert (deleted.deleted_at, deleted.deleted_by) == ("2026-09-29T10:00:00+08:00", "alice")
    assert [c.id for c in store.cases()] == ["K-0001", "K-0003"]
    assert [s.id for s in store.summaries()] == ["K-0001", "K-0003"]
    assert [d["id"] for d in store.summary_docs()] == ["K-0001", "K-0003"]
    assert [s.id for s in store.summaries(deleted=True)] == ["K-0002"]
    assert [d["id"] for d in store.summary_docs(deleted=True)] == ["K-0002"]
    with pytest.raises(CaseDeleted) as info:
        store.case("K-0002")
    assert isinstance(info.value, CaseNotFound)  # whoever handles a missing case handles this one
    assert "alice" in str(info.value) and "2026-09-29 10:00" in str(info.value)
    assert "2026-10-29 10:00" in str(info.value) and "tousu undelete K-0002" in str(info.value)
    assert "alice" in info.value.message("en")
    with pytest.raises(CaseDeleted):
        store.summary("K-0002")
    assert store.case("K-0002", deleted=True).title == sample_case(2).title  # kept


def test_a_deleted_case_takes_no_change(store):
    _three(store)
    store.delete_case("K-0002", "alice")
    version = store.version
    with pytest.raises(CaseDeleted):
        store.update_case("K-0002", lambda c: setattr(c, "title", "改"))
    base = store.case("K-0001")
    with pytest.raises(CaseDeleted):
        store.save_case(sample_case(9, id="K-0002", title="改"), sample_case(2, id="K-0002"))
    with pytest.raises(CaseDeleted):
        store.delete_case("K-0002", "bob")
    assert store.version == version
    assert store.case("K-0002", deleted=True).deleted_by == "alice"
    assert store.case("K-0001") == base


def test_a_form_saving_a_case_keeps_the_stores_deleted_mark(store):
    _three(store)
    base = store.case("K-0001")
    edited = store.case("K-0001")
    edited.deleted_at, edited.deleted_by = "2026-09-29T10:00:00+08:00", "form"  # not a form's field
    edited.title = "新标题"
    saved = store.save_case(edited, base)
    assert saved.title == "新标题" and not saved.deleted
    assert [c.id for c in store.cases()] == ["K-0001", "K-0002", "K-0003"]


def test_restore_brings_it_back_and_everything_is_in_the_activity_log(store, clock):
    _three(store)
    store.delete_case("K-0003", "alice")
    clock.advance(days=2)
    restored = store.restore_case("K-0003", "bob")
    assert not restored.deleted and restored.deleted_by == ""
    assert store.case("K-0003").title == sample_case(3).title
    assert [s.id for s in store.summaries()] == ["K-0001", "K-0002", "K-0003"]
    assert store.summaries(deleted=True) == []
    with pytest.raises(NotDeletedError, match="K-0003"):
        store.restore_case("K-0003", "bob")
    with pytest.raises(CaseNotFound):
        store.restore_case("K-0009", "bob")
    assert store.activity() == [
        {"at": "2026-09-29T10:00:00+08:00", "by": "alice", "action": "delete", "case": "K-0003"},
        {"at": "2026-10-01T10:00:00+08:00", "by": "bob", "action": "undelete", "case": "K-0003"},
    ]


def test_purge_waits_the_full_30_days_by_the_clock(store, store_path, clock):
    _three(store)
    store.delete_case("K-0001", "alice")
    clock.advance(days=1)
    store.delete_case("K-0002", "alice")
    clock.advance(days=KEEP_DELETED_DAYS - 1, seconds=-1)  # K-0001: one second short of 30 days
    assert store.purge_expired("carol") == []
    clock.advance(seconds=1)
    assert store.purge_expired("carol") == ["K-0001"]
    with pytest.raises(CaseNotFound) as info:
        store.case("K-0001", deleted=True)
    assert not isinstance(info.value, CaseDeleted)
    assert [s.id for s in store.summaries(deleted=True)] == ["K-0002"]
    clock.advance(days=1)
    store.restore_case("K-0002", "bob")  # restored meanwhile: never purged
    assert store.purge_expired("carol") == []
    assert [c.id for c in Store.open(store_path, clock).cases()] == ["K-0002", "K-0003"]
    assert store.add_case(sample_case(4)).id == "K-0004"  # ids are not reused
    assert [(e["action"], e["case"], e["by"]) for e in store.activity()] == [
        ("delete", "K-0001", "alice"), ("delete", "K-0002", "alice"), ("purge", "K-0001", "carol"),
        ("undelete", "K-0002", "bob")]


def test_purge_keeps_a_case_another_process_restored_meanwhile(store_path, clock):
    mine = Store.open(store_path, clock)
    _three(mine)
    mine.delete_case("K-0001", "alice")
    clock.advance(days=KEEP_DELETED_DAYS)
    assert [s.id for s in mine.summaries(deleted=True)] == ["K-0001"]
    other = Store.open(store_path, clock)
    other.restore_case("K-0001", "bob")
    assert mine.purge_expired("carol") == []  # it looks again under the lock
    assert mine.case("K-0001").id == "K-0001"


def test_another_process_sees_the_deletion_at_its_next_poll(store_path, clock):
    tui = Store.open(store_path, clock)
    _three(tui)
    first = tui.summaries()
    other = Store.open(store_path, clock)
    other.delete_case("K-0002", "alice")
    assert tui.poll()
    assert [s.id for s in tui.summaries()] == ["K-0001", "K-0003"]
    assert tui.summaries()[0] is first[0]
    other.restore_case("K-0002", "alice")
    assert tui.poll()
    assert [s.id for s in tui.summaries()] == ["K-0001", "K-0002", "K-0003"]


def test_the_dashboards_first_screen_leaves_deleted_cases_out(store, store_path, clock):
    import arrow

    cases, groups = build_demo(arrow.get("2026-09-29T10:00:00+08:00"), n_cases=30)
    store.replace_all(cases, groups)
    open_ids = [d["id"] for d in store.summary_docs() if d["status"] not in ("resolved", "partly_resolved",
                                                                             "refused", "withdrawn", "unanswered")]
    store.delete_case(open_ids[0], "alice")
    store.compact()  # the order is kept in the snapshot's index
    fresh = Store.open(store_path, clock)
    docs, every_key = fresh.summary_head(100)
    keys = every_key()
    assert open_ids[0] not in {d["id"] for d in docs}
    assert len(keys) == len(docs) == 29
    assert open_counts(keys, clock.now().timestamp(), 86400)[0] == len(open_ids) - 1


def test_summaries_of_the_earlier_format_are_recomputed_with_the_mark(store, store_path, clock):
    _three(store)
    store.delete_case("K-0002", "alice")
    with another_program(store.path) as raw:  # as an earlier tousu (format 2) would have left them
        for key in ("1", "2", "3"):
            doc = {k: v for k, v in raw.get("summaries", key).items() if k != "deleted"}
            raw.put("summaries", key, {**doc, "format": 2})
    fresh = Store.open(store_path, clock)
    assert [s.id for s in fresh.summaries()] == ["K-0001", "K-0003"]
    assert "deleted" not in on_disk(fresh.path, "summaries", "2")  # reading never writes
    fresh.update_case("K-0001", lambda c: setattr(c, "notes", "x"))  # the next write stores them
    assert on_disk(store_path, "summaries", "2")["deleted"] == "2026-09-29T10:00:00+08:00"


def test_hand_edited_marks_are_damage_not_a_crash(store):
    _three(store)
    with another_program(store.path) as raw:
        doc = dict(raw.get("cases", "1"))
        raw.put("cases", "1", {**doc, "deleted_at": "yesterday"})
        doc = dict(raw.get("cases", "2"))
        doc["timeline"] = [{**doc["timeline"][0], "refunded": "abc"}]
        raw.put("cases", "2", doc)
        summary = dict(raw.get("summaries", "3"))
        raw.put("summaries", "3", {**summary, "deleted": 7})
    assert store.poll()
    with pytest.raises(DamagedDocumentError, match="deleted_at"):
        store.case("K-0001")
    with pytest.raises(DamagedDocumentError, match="refunded"):
        store.case("K-0002")
    assert store.summary("K-0003").deleted is None  # a malformed summary: rebuilt from its case


def test_results_round_trip_through_the_store(store):
    _three(store)
    result = Event(kind="result", channel="12315", at="2026-09-29T09:00:00+08:00", outcome="refunded_part",
                   refunded="60.00", refunded_on="2026-09-28")
    store.update_case("K-0001", lambda c: (c.add_event(result), setattr(c, "status", Status.PARTLY_RESOLVED)))
    stored = on_disk(store.path, "cases", "1")
    assert stored["timeline"][-1]["refunded"] == "60.00"
    assert "outcome" not in stored["timeline"][0]  # only the result carries the fields
    assert store.case("K-0001").timeline[-1] == result


def test_a_purged_cases_evidence_folder_goes_too(tmp_path):
    store_path = tmp_path / "s.json"
    folder = evidence.case_folder(store_path, "K-0001")
    (folder / "abc-账单.png").write_bytes(b"x")
    (folder / "sub").mkdir()
    assert evidence.remove_case_folder(store_path, "K-0001")
    assert not folder.exists() and evidence.root_for(store_path).is_dir()
    assert not evidence.remove_case_folder(store_path, "K-0001")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    (evidence.root_for(store_path) / "K-0002").symlink_to(outside)
    assert evidence.remove_case_folder(store_path, "K-0002")
    assert (outside / "keep.txt").exists()  # only the link went
    with pytest.raises(ValueError):
        evidence.remove_case_folder(store_path, "..")


def test_the_activity_log_survives_compaction(store, store_path, clock):
    _three(store)
    store.delete_case("K-0001", "alice")
    store.compact()
    data = json.loads(store_path.read_bytes())
    assert data["activity"]["1"]["case"] == "K-0001"
    assert Store.open(store_path, clock).activity()[0]["by"] == "alice"
