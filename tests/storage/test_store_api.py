"""The Store API: round trips, ids, stamps, merges, files and their modes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import tinydb
from store_helpers import journal_path, lock_path, sample_case, sample_group

from cases.model import Event, Status
from storage.errors import (
    CaseNotFound,
    ConflictError,
    DuplicateIdError,
    GroupNotFound,
    InvalidIdError,
    StoreError,
)
from storage.paths import default_store_path, resolve_store_path, schedule_file_path, settings_path
from storage.store import Store
from tests.raw_store import keys_on_disk


def test_round_trip_cjk_cases_and_groups(store, store_path, clock):
    added = store.add_case(sample_case(1))
    group = store.add_group(sample_group())
    store.close()

    again = Store.open(store_path, clock)
    case = again.case(added.id)
    assert case == added
    assert case.title == "汇想卡盟充值未到账（第1号）"
    assert case.notes == "客服承诺24小时内处理，未兑现。\n第二行"
    assert str(case.orders[0].amount) == "128.50"
    assert again.roster(group.id)[0].name == "王五" and again.roster(group.id)[0].id == "P-00001"
    assert again.cases() == [added]
    assert again.groups() == [group]
    # The snapshot and journal keep CJK readable (UTF-8, not \u escapes).
    assert "汇想卡盟".encode() in journal_path(store_path).read_bytes()


def test_ids_assigned_in_order_and_stamped_from_clock(store, clock):
    first = store.add_case(sample_case(1))
    clock.advance(minutes=5)
    second = store.add_case(sample_case(2))
    assert (first.id, second.id) == ("K-0001", "K-0002")
    assert first.created == first.updated == "2026-09-29T10:00:00+08:00"
    assert second.created == "2026-09-29T10:05:00+08:00"
    assert first.rev == second.rev == 1
    assert store.add_group(sample_group()).id == "G-001"
    assert store.add_group(sample_group()).id == "G-002"
    assert [c.id for c in store.cases()] == ["K-0001", "K-0002"]


def test_ids_are_not_reused_after_delete(store):
    store.add_case(sample_case(1))
    second = store.add_case(sample_case(2))
    store.delete_case(second.id, "tester")
    assert store.add_case(sample_case(3)).id == "K-0003"
    with pytest.raises(CaseNotFound):
        store.case("K-0002")


def test_explicit_id_and_duplicate(store):
    assert store.add_case(sample_case(1, id="k42")).id == "K-0042"
    assert store.add_case(sample_case(2)).id == "K-0043"  # the counter moves past explicit ids
    with pytest.raises(DuplicateIdError):
        store.add_case(sample_case(3, id="K-0042"))
    with pytest.raises(InvalidIdError):
        store.add_case(sample_case(4, id="not an id"))
    assert len(store.cases()) == 2


def test_lookup_accepts_typed_forms(store):
    store.add_case(sample_case(1))
    assert store.case("1").id == store.case("k-0001").id == "K-0001"
    with pytest.raises(CaseNotFound) as info:
        store.case("K-0099")
    assert isinstance(info.value, StoreError)
    assert "K-0099" in str(info.value) and "找不到" in str(info.value)
    assert info.value.message("en") == "case K-0099 not found."
    with pytest.raises(CaseNotFound):
        store.case("garbage")
    with pytest.raises(GroupNotFound):
        store.group("G-009")


def test_update_case_bumps_rev_and_updated(store, clock):
    case = store.add_case(sample_case(1))
    clock.advance(hours=1)
    before = store.version
    updated = store.update_case(case.id, lambda c: c.add_event(Event(kind="note", said="补充材料")))
    assert updated.rev == 2
    assert updated.updated == "2026-09-29T11:00:00+08:00"
    assert updated.created == case.created
    assert store.version > before
    assert "补充材料" in [e.said for e in store.case(case.id).timeline]


def test_update_cannot_rename_or_restamp(store):
    case = store.add_case(sample_case(1))

    def meddle(c):
        c.id = "K-0999"
        c.rev = 77
        c.created = "1999-01-01T00:00:00+08:00"

    result = store.update_case(case.id, meddle)
    assert (result.id, result.rev, result.created) == (case.id, 2, case.created)
    with pytest.raises(CaseNotFound):
        store.case("K-0999")


def test_failed_change_writes_nothing(store):
    case = store.add_case(sample_case(1))
    version = store.version

    def boom(c):
        c.title = "changed"
        raise RuntimeError("user code failed")

    with pytest.raises(RuntimeError):
        store.update_case(case.id, boom)
    assert store.version == version
    assert store.case(case.id).title == case.title


def test_cases_cache_sees_changes_and_returns_fresh_lists(store):
    for n in range(1, 6):
        store.add_case(sample_case(n))
    first = store.cases()
    again = store.cases()
    assert first == again and first is not again
    assert first[2] is again[2]  # unchanged cases are not rebuilt
    store.update_case("K-0003", lambda c: setattr(c, "title", "新标题"))
    after = store.cases()
    assert after[2].title == "新标题"
    assert after[0] is first[0]
    store.delete_case("K-0002", "tester")
    assert [c.id for c in store.cases()] == ["K-0001", "K-0003", "K-0004", "K-0005"]


def test_case_returns_a_copy_safe_to_edit(store):
    store.add_case(sample_case(1))
    editable = store.case("K-0001")
    editable.title = "form draft"
    assert store.case("K-0001").title != "form draft"
    assert store.cases()[0].title != "form draft"


def test_save_case_merges_different_fields(store_path, clock):
    a = Store.open(store_path, clock)
    b = Store.open(store_path, clock)
    a.add_case(sample_case(1))
    assert b.poll()  # reads show the store as of open, the last poll or an own write
    base = b.case("K-0001")
    # A changes the title and status while B's form is open.
    a.update_case("K-0001", lambda c: (setattr(c, "title", "A 的标题"), setattr(c, "status", Status.WAITING)))
    edited = b.case("K-0001")  # B's form was built from base
    edited.title = base.title
    edited.status = base.status
    edited.notes = "B 的备注"
    edited.tags = ["B"]
    saved = b.save_case(edited, base)
    assert saved.title == "A 的标题" and saved.status == Status.WAITING
    assert saved.notes == "B 的备注" and saved.tags == ["B"]
    assert saved.rev == 3
    assert a.poll()
    assert a.case("K-0001") == saved


def test_save_case_conflict_on_same_field(store_path, clock):
    a = Store.open(store_path, clock)
    b = Store.open(store_path, clock)
    a.add_case(sample_case(1))
    assert b.poll()
    base = b.case("K-0001")
    a.update_case("K-0001", lambda c: setattr(c, "notes", "A 写的"))
    version = a.version
    # B's form changed the notes (which A changed too) and the title (which A did not).
    edited = base.__class__.from_dict({**base.to_dict(), "notes": "B 写的", "title": "B 的标题"})
    with pytest.raises(ConflictError) as info:
        b.save_case(edited, base)
    assert info.value.fields == ["notes"]
    assert "备注" in str(info.value) and "他人" in str(info.value)  # the field in words
    assert "notes" not in str(info.value)
    assert "someone else" in info.value.message("en") and "Notes" in info.value.message("en")
    b.poll()
    assert b.version == version  # nothing written, title included
    assert b.case("K-0001").title == base.title


def test_save_case_same_value_on_both_sides_is_no_conflict(store):
    store.add_case(sample_case(1))
    base = store.case("K-0001")
    store.update_case("K-0001", lambda c: setattr(c, "notes", "一样"))
    edited = base.__class__.from_dict({**base.to_dict(), "notes": "一样"})
    assert store.save_case(edited, base).notes == "一样"


def test_save_case_unchanged_form_writes_nothing(store):
    store.add_case(sample_case(1))
    base = store.case("K-0001")
    version = store.version
    assert store.save_case(store.case("K-0001"), base) == base
    assert store.version == version


def test_groups_update_and_delete(store, clock):
    group = store.add_group(sample_group())
    clock.advance(days=1)
    updated = store.update_group(group.id, lambda g: setattr(g, "coordinator", "赵六"))
    assert updated.rev == 2 and updated.coordinator == "赵六"
    assert updated.updated == "2026-09-30T10:00:00+08:00"
    assert len(store.roster(group.id)) == 1
    store.delete_group(group.id)
    assert store.groups() == [] and keys_on_disk(store.path, "participants") == []


def test_replace_all_and_is_empty(store, store_path, clock):
    assert store.is_empty()
    store.add_case(sample_case(1))
    assert not store.is_empty()
    old_cases = store.cases()
    cases = [sample_case(n, id=f"K-{n:04d}") for n in (1, 2)] + [sample_case(9)]
    store.replace_all(cases, [sample_group(id="G-005")])
    got = store.cases()
    assert [c.id for c in got] == ["K-0001", "K-0002", "K-0003"]
    assert got[0] is not old_cases[0]  # a replaced store rebuilds everything
    assert all(c.rev == 1 and c.created for c in got)
    assert store.add_case(sample_case(4)).id == "K-0004"
    assert store.add_group(sample_group()).id == "G-006"
    with pytest.raises(DuplicateIdError):
        store.replace_all([sample_case(1, id="K-0001"), sample_case(2, id="k1")], [])
    assert len(Store.open(store_path, clock).cases()) == 4
    store.delete_case("K-0001", "tester")
    store.replace_all([], [])
    assert store.is_empty()


def test_add_cases_bulk_is_one_transaction(store, store_path):
    store.add_case(sample_case(1))
    before = store.version
    added = store.add_cases([sample_case(n) for n in range(2, 12)])
    assert [c.id for c in added] == [f"K-{n:04d}" for n in range(2, 12)]
    assert store.version == before + 1
    assert len(store.cases()) == 11


def test_add_cases_large_batch_becomes_a_snapshot(store, store_path, clock):
    added = store.add_cases([sample_case(n) for n in range(1, 400)])
    assert added[-1].id == "K-0399"
    # Written as a new snapshot: the journal holds only its header.
    assert journal_path(store_path).read_bytes().count(b"\n") == 1
    assert len(Store.open(store_path, clock).cases()) == 399


def test_file_and_directory_modes(store, store_path):
    store.add_case(sample_case(1))
    store.compact()
    store.add_case(sample_case(2))
    for path in (store_path, journal_path(store_path), lock_path(store_path)):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    assert stat.S_IMODE(os.stat(store_path.parent).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(store_path.parent.parent).st_mode) == 0o700
    leftovers = [p for p in os.listdir(store_path.parent) if ".tmp-" in p]
    assert leftovers == []


def test_snapshot_is_plain_tinydb_after_compaction(store, store_path):
    store.add_case(sample_case(1))
    store.add_group(sample_group())
    store.compact()
    db = tinydb.TinyDB(store_path, access_mode="r", encoding="utf-8")
    assert db.tables() == {"_meta", "summaries", "cases", "groups", "participants", "_index"}
    assert db.table("cases").get(doc_id=1)["title"] == "汇想卡盟充值未到账（第1号）"
    assert db.table("participants").get(doc_id=1)["group"] == "G-001"
    meta = db.table("_meta").get(doc_id=1)
    assert meta["app"] == "tousu" and meta["schema"] == 2 and meta["journal_seq"] == store.version
    assert meta["snapshot_bytes"] == os.path.getsize(store_path)
    db.close()


def test_open_is_lazy_and_add_does_not_load(store, store_path, clock):
    store.add_cases([sample_case(n) for n in range(1, 300)])
    cli = Store.open(store_path, clock)
    assert not cli.loaded
    assert cli.add_case(sample_case(300)).id == "K-0300"
    assert not cli.loaded
    assert not cli.is_empty()
    assert store.poll()
    assert store.cases()[-1].id == "K-0300"


def test_context_manager_and_path(store_path, clock):
    with Store.open(store_path, clock) as s:
        s.add_case(sample_case(1))
        assert s.path == store_path
    with Store.open(store_path, clock) as s:
        assert len(s.cases()) == 1


def test_paths(tmp_path, monkeypatch):
    assert default_store_path().name == "tousu.json"
    assert resolve_store_path("/x/a.json", env={"TOUSU_DB": "/y/b.json"}) == Path("/x/a.json")
    assert resolve_store_path(None, env={"TOUSU_DB": "/y/b.json"}) == Path("/y/b.json")
    assert resolve_store_path("", env={"TOUSU_DB": " "}) == default_store_path()
    assert resolve_store_path("~/s.json", env={}) == Path.home() / "s.json"
    assert schedule_file_path().name == "schedule.json"
    assert resolve_store_path(None, env={}, configured="/z/c.json") == Path("/z/c.json")
    assert resolve_store_path(None, env={"TOUSU_DB": "/y/b.json"}, configured="/z/c.json") == Path("/y/b.json")
    assert settings_path().name == "config.toml"
    assert schedule_file_path().parent == settings_path().parent


def test_group_ids_without_reading_the_groups(store, store_path, clock):
    for n in range(1, 4):
        store.add_group(sample_group(name=f"第{n}组"))
    store.delete_group("G-002")
    store.compact()
    fresh = Store.open(store_path, clock)
    assert fresh.group_ids() == ["G-001", "G-003"]
    assert fresh.reads["docs"] == 0 and fresh.reads["tables"] == 0 and not fresh.loaded
