"""TrackingTable + JournalStorage used through plain TinyDB calls: exact journal ops."""

from __future__ import annotations

import json

import pytest
from store_helpers import journal_path
from tinydb import Query, TinyDB
from tinydb.table import Document

from storage.errors import StoreError
from storage.journal_storage import JournalStorage
from storage.tracking import TrackingDict, TrackingTable


@pytest.fixture
def db(store_path):
    storage = JournalStorage(store_path)
    storage.open()
    database = TinyDB(storage=lambda: storage)
    database.table_class = TrackingTable
    yield database, storage


def _last_entry(store_path):
    return json.loads(journal_path(store_path).read_bytes().splitlines()[-1])


def test_tracking_dict_records_item_access():
    d = TrackingDict({1: {"a": 1}, 2: {"a": 2}, 3: {}})
    d[1]["a"] = 5
    d[4] = {}
    del d[2]
    d.pop(3)
    _ = 7 in d
    with pytest.raises(KeyError):
        d[99]
    assert d.touched == {1, 2, 3, 4} and not d.everything
    d.clear()
    assert d.everything


def test_id_based_writes_journal_only_the_touched_documents(db, store_path):
    database, storage = db
    table = database.table("cases")
    with storage.transaction():
        table.insert(Document({"title": "一"}, doc_id=1))
        table.insert(Document({"title": "二"}, doc_id=2))
        table.insert(Document({"title": "三"}, doc_id=3))
    assert [op["id"] for op in _last_entry(store_path)["ops"]] == ["1", "2", "3"]
    with storage.transaction():
        table.update({"title": "二改"}, doc_ids=[2])
    entry = _last_entry(store_path)
    assert entry["ops"] == [{"op": "put", "t": "cases", "id": "2", "doc": {"title": "二改"}}]
    with storage.transaction():
        table.remove(doc_ids=[1])
    assert _last_entry(store_path)["ops"] == [{"op": "del", "t": "cases", "id": "1"}]
    assert {doc.doc_id: doc["title"] for doc in table.all()} == {2: "二改", 3: "三"}


def test_query_update_journals_every_document_it_read(db, store_path):
    database, storage = db
    table = database.table("cases")
    with storage.transaction():
        table.insert_multiple([{"n": 1}, {"n": 2}, {"n": 3}])
    with storage.transaction():
        table.update({"hit": True}, Query().n == 2)
    entry = _last_entry(store_path)
    assert sorted(op["id"] for op in entry["ops"]) == ["1", "2", "3"]  # read = maybe changed


def test_truncate_becomes_a_new_snapshot(db, store_path):
    database, storage = db
    table = database.table("cases")
    with storage.transaction():
        table.insert_multiple([{"n": 1}, {"n": 2}])
    seq = storage.seq
    with storage.transaction():
        table.truncate()
    assert storage.seq == seq + 1
    assert journal_path(store_path).read_bytes().count(b"\n") == 1  # header only
    snapshot = json.loads(store_path.read_bytes())
    assert snapshot["cases"] == {} and snapshot["_meta"]["1"]["app"] == "tousu"


def test_write_outside_a_transaction_is_optimistic(db, store_path):
    database, storage = db
    table = database.table("cases")
    table.insert({"n": 1})  # nobody else wrote: accepted
    other = JournalStorage(store_path)
    other.open()
    with other.transaction():
        other.put("cases", "9", {"n": 9})
    with pytest.raises(StoreError):
        table.insert({"n": 2})  # would be based on an old view: refused
    assert {doc["n"] for doc in table.all()} == {1, 9}
