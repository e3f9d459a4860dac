"""Store.add_case(request_id=…): the key → case mapping is written with the case, in one transaction."""

from __future__ import annotations

import json

import pytest
from store_helpers import journal_path, sample_case

from storage.errors import CaseNotFound
from storage.store import REQUESTS, Store
from tests.raw_store import on_disk


def _entries(store_path) -> list[dict]:
    lines = journal_path(store_path).read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if '"seq"' in line]


def test_the_key_and_the_case_are_one_journal_line(store, store_path):
    added = store.add_case(sample_case(1), request_id="row-1")
    (entry,) = _entries(store_path)
    written = {(op["t"], op["id"]) for op in entry["ops"]}
    assert {("cases", "1"), ("summaries", "1"), (REQUESTS, "row-1")} <= written
    assert added.id == "K-0001"


def test_a_known_key_returns_the_stored_case_and_writes_nothing(store, store_path, clock):
    first = store.add_case(sample_case(1), request_id="row-1")
    clock.advance(minutes=1)
    again = store.add_case(sample_case(2), request_id="row-1")
    assert again == first
    assert len(_entries(store_path)) == 1
    assert [c.id for c in store.cases()] == ["K-0001"]
    assert store.add_case(sample_case(3), request_id="row-2").id == "K-0002"


def test_the_mapping_survives_reopening_and_compaction(store, store_path, clock):
    store.add_case(sample_case(1), request_id="row-1")
    store.compact()
    store.close()
    again = Store.open(store_path, clock)
    try:
        assert again.add_case(sample_case(2), request_id="row-1").id == "K-0001"
        assert on_disk(again.path, REQUESTS, "row-1") == {"case": "K-0001", "at": "2026-09-29T10:00:00+08:00"}
    finally:
        again.close()


def test_a_key_whose_case_is_gone(store):
    store.add_case(sample_case(1), request_id="row-1")
    store.delete_case("K-0001", "tester")
    with pytest.raises(CaseNotFound):
        store.add_case(sample_case(1), request_id="row-1")
    assert store.cases() == []


def test_replace_all_forgets_the_keys(store):
    """tousu demo --force starts over: ids are handed out again, so old keys must not point at them."""
    store.add_case(sample_case(1), request_id="row-1")
    store.replace_all([sample_case(9)], [])
    assert store.add_case(sample_case(2), request_id="row-1").id == "K-0002"
