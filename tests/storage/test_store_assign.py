"""Assignment in the store: a mergeable field kept on the summary, recorded in the activity log."""

from __future__ import annotations

import pytest
from store_helpers import sample_case

from cases.summary import FORMAT
from storage.errors import CaseDeleted, CaseNotFound, ConflictError
from storage.store import Store
from tests.raw_store import another_program

NOW = "2026-09-29T10:00:00+08:00"


def test_assignment_is_on_the_summary_and_in_the_activity_log(store):
    store.add_cases([sample_case(n) for n in range(1, 4)])
    done = store.assign_cases(["K-0001", "K-0003"], "小王", by="alice")
    assert [c.assignee for c in done] == ["小王", "小王"]
    assert [s.assignee for s in store.summaries()] == ["小王", "", "小王"]
    assert store.summary_docs()[0]["assignee"] == "小王" and store.summary("K-0001").format == FORMAT == 5
    store.assign_cases(["K-0001", "K-0002"], "", by="bob")
    log = [(e["action"], e["case"], e["by"], e["to"], e["from"], e["at"]) for e in store.activity()]
    assert log == [("assign", "K-0001", "alice", "小王", "", NOW), ("assign", "K-0003", "alice", "小王", "", NOW),
                   ("assign", "K-0001", "bob", "", "小王", NOW)]  # K-0002 had nobody: nothing changed, nothing logged


def test_one_missing_or_deleted_case_assigns_none(store):
    store.add_cases([sample_case(n) for n in range(1, 3)])
    store.delete_case("K-0002", "alice")
    before = len(store.activity())
    with pytest.raises(CaseDeleted):
        store.assign_cases(["K-0001", "K-0002"], "小王", by="alice")
    with pytest.raises(CaseNotFound):
        store.assign_cases(["K-0001", "K-0009"], "小王", by="alice")
    assert store.case("K-0001").assignee == "" and len(store.activity()) == before


def test_forms_merge_the_assignee_like_any_field(store, store_path, clock):
    store.add_case(sample_case(1))
    base = store.case("K-0001")
    other = Store.open(store_path, clock)
    theirs = other.case("K-0001")
    theirs.title = "别人改的标题"
    other.save_case(theirs, base, by="bob")
    mine = store.case("K-0001")
    mine.assignee = "小王"
    saved = store.save_case(mine, base, by="alice")
    assert (saved.title, saved.assignee) == ("别人改的标题", "小王")  # different fields: both kept
    actions = [(e["action"], e["by"], e.get("fields"), e.get("to")) for e in store.activity()]
    assert actions == [("edit", "bob", ["title"], None), ("edit", "alice", ["assignee"], None),
                       ("assign", "alice", None, "小王")]
    again = store.case("K-0001")
    again.assignee = "小李"
    other_edit = other.case("K-0001")
    other_edit.assignee = "老张"
    other.save_case(other_edit, saved, by="bob")
    with pytest.raises(ConflictError) as err:
        store.save_case(again, saved, by="alice")
    assert err.value.fields == ["assignee"]
    other.close()


def test_a_summary_written_before_assignees_is_shown_recomputed(store, store_path, clock):
    store.add_case(sample_case(1))
    store.assign_cases(["K-0001"], "小王", by="alice")
    with another_program(store.path) as raw:  # as tousu wrote it before summary format 5
        doc = {k: v for k, v in raw.get("summaries", "1").items() if k != "assignee"}
        raw.put("summaries", "1", {**doc, "format": 4})
    fresh = Store.open(store_path, clock)
    assert fresh.summaries()[0].assignee == "小王"  # recomputed from the case, in memory
    fresh.close()
