"""A store moved whole (``Store.moved_out`` → export document → ``replace_all(moved=)``), and
the read-only TinyDB for scripts (``storage.query.open_tinydb``)."""

from __future__ import annotations

from datetime import date

import pytest
from tinydb import Query

from cases.model import Status
from cases.work_schedule import YearSchedule
from storage.errors import NotAStoreError, QueryOnlyError
from storage.query import open_tinydb
from storage.store import Store
from storage.store_export import ExportFileError, export_document, read_document
from tests.storage.store_helpers import file_state, journal_path, sample_case, sample_group


def _filled(store: Store) -> None:
    for n in range(1, 5):
        store.add_case(sample_case(n))
    store.add_group(sample_group())
    store.delete_case("K-0002", "alice")
    store.purge_case("K-0002", "alice")  # K-0002 is gone for good: its id must never come back
    store.delete_case("K-0003", "bob")  # deleted, restorable: moves with the rest
    store.add_schedule({2027: YearSchedule(holidays=frozenset({date(2027, 1, 1)}),
                                           workdays=frozenset({date(2027, 2, 14)}))}, "carol")


def test_a_moved_store_holds_everything_the_old_one_did(store, tmp_path, clock):
    _filled(store)
    cases, groups, moved = store.moved_out()
    assert [c.id for c in cases] == ["K-0001", "K-0003", "K-0004"]
    assert cases[1].deleted_at and cases[1].deleted_by == "bob"
    data = export_document(cases, groups, moved, "2026-09-29T10:00:00+08:00", "alice")
    path = tmp_path / "export.json"
    path.write_bytes(data)
    got = read_document(path)
    assert got.exported_by == "alice"

    (tmp_path / "new").mkdir()
    target = Store.open(tmp_path / "new" / "tousu.json", clock)
    target.replace_all(got.cases, got.groups, moved=got.moved)
    reopened = Store.open(target.path, clock)
    assert [c.to_dict() for c in reopened.cases()] == [c.to_dict() for c in store.cases()]
    assert reopened.case("K-0003", deleted=True).deleted_by == "bob"
    assert [g.to_dict() for g in reopened.groups()] == [g.to_dict() for g in store.groups()]
    assert reopened.activity() == store.activity()
    assert reopened.calendar_info().source == "store"
    assert reopened.calendar_info().years["2027"]["added_by"] == "carol"
    assert [s.deadline for s in reopened.summaries()] == [s.deadline for s in store.summaries()]
    assert reopened.add_case(sample_case(9)).id == "K-0005"  # counters moved: K-0002 never reused


@pytest.mark.parametrize("content, key", [
    (b"{not json", "corrupt"),
    (b"\xff\xfe", "corrupt"),
    (b'{"_meta": {"1": {"app": "tousu"}}}', "foreign"),
    (b"[1, 2]", "foreign"),
    (b'{"format": "tousu-store", "version": 99}', "too_new"),
    (b'{"format": "tousu-store", "version": 1, "cases": [{"id": "K-0001", "orders": "x"}]}', "damaged"),
    (b'{"format": "tousu-store", "version": 1, "cases": [{"id": "K-0001"}, {"id": "K-0001"}]}', "damaged"),
    (b'{"format": "tousu-store", "version": 1, "counters": {"next_case": -3}}', "damaged"),
])
def test_a_file_that_is_no_export_is_refused_with_its_reason(tmp_path, content, key):
    path = tmp_path / "file.json"
    path.write_bytes(content)
    with pytest.raises(ExportFileError) as info:
        read_document(path)
    assert info.value.key == key


def test_scripts_query_a_store_with_tinydb_and_cannot_write(store, store_path, clock):
    _filled(store)
    store.update_case("K-0004", lambda c: setattr(c, "platform", "旺旺卡盟"))  # in the journal only
    before = file_state(store_path), file_state(journal_path(store_path))
    with open_tinydb(store_path) as db:
        case = Query()
        found = db.table("cases").search(case.platform == "旺旺卡盟")
        assert [doc["id"] for doc in found] == ["K-0004"]
        assert db.table("cases").get(case.deleted_by == "bob")["id"] == "K-0003"
        with pytest.raises(QueryOnlyError):
            db.table("cases").insert({"id": "K-0099"})
        with pytest.raises(QueryOnlyError):
            db.drop_tables()
    assert (file_state(store_path), file_state(journal_path(store_path))) == before
    assert [c.id for c in Store.open(store_path, clock).cases()] == ["K-0001", "K-0004"]


def test_querying_a_missing_store_creates_nothing(tmp_path):
    with pytest.raises(NotAStoreError):
        open_tinydb(tmp_path / "nothing.json")
    assert list(tmp_path.iterdir()) == []


def test_the_readme_example_runs(store, store_path, capsys, monkeypatch):
    """The "Querying a store from a script" example of the README, run as it is written
    (on this store instead of the default path)."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    section = readme[readme.index("**Querying a store from a script.**"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    assert '"~/.local/share/tousu/tousu.json"' in code
    store.add_case(sample_case(1))
    store.add_case(sample_case(2, status=Status.WAITING))
    exec(code.replace('"~/.local/share/tousu/tousu.json"', repr(str(store_path))), {})
    assert capsys.readouterr().out == "K-0002 汇想卡盟充值未到账（第2号） 1\n"
