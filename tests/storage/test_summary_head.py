"""The dashboard's first screen from the ordered summaries: the same as sorting the whole table."""

from __future__ import annotations

import dataclasses
import json

import arrow
import pytest
from store_helpers import sample_case

from cases.demo import build_demo
from cases.model import Event, Status
from cases.urgency import ORDER_NAME, open_counts, order_key
from storage.store import Store
from tests.raw_store import another_program

NOW = arrow.get("2026-09-29T10:00:00+08:00")


def _expected(store_path, clock) -> tuple[list[dict], list[list]]:
    """What reading and sorting every summary gives."""
    docs = Store.open(store_path, clock).summary_docs()
    ordered = sorted(docs, key=lambda d: order_key(str(d["id"]), d))
    return ordered, [order_key("", d) for d in ordered]


def _head(store_path, clock, count: int):
    fresh = Store.open(store_path, clock)
    found = fresh.summary_head(count)
    assert not fresh.loaded and fresh.reads["tables"] == 0  # never the whole table
    return (found if found is None else (found[0], found[1]())), fresh  # the keys: as the title asks


@pytest.fixture
def demo(store, store_path):
    cases, groups = build_demo(NOW, n_cases=60)
    store.replace_all(cases, groups)
    return store


def test_head_equals_sorted_table_written_whole(demo, store_path, clock):
    (docs, keys), fresh = _head(store_path, clock, 25)
    expected, expected_keys = _expected(store_path, clock)
    assert docs == expected[:25]
    assert keys == expected_keys
    assert fresh.reads["docs"] == 25


def test_head_merges_the_journal_and_survives_compaction(demo, store_path, clock):
    first = demo.summary_docs()[0]["id"]
    demo.add_case(sample_case(1))  # new, in the journal only
    demo.update_case(first, lambda c: c.add_event(Event(kind="contact", channel="platform_cs",
                                                        at="2026-09-29T09:00:00+08:00", promised="2小时内回复")))
    demo.update_case("K-0002", lambda c: setattr(c, "status", Status.RESOLVED))  # leaves the open ones
    demo.delete_case("K-0003", "tester")
    for stage in ("journal", "compacted"):
        (docs, keys), _ = _head(store_path, clock, 30)
        expected, expected_keys = _expected(store_path, clock)
        assert docs == expected[:30], stage
        assert keys == expected_keys, stage
        assert "K-0003" not in {d["id"] for d in expected}
        demo.compact()
    # The spliced table is still stored in order, keys alongside.
    data = json.loads(store_path.read_bytes())
    order = data["_index"]["1"]["orders"]["summaries"]
    stored = [order_key(k, d) for k, d in data["summaries"].items()]
    assert order["by"] == ORDER_NAME and order["keys"] == stored == sorted(stored)


def test_head_counts_match_the_documents(demo, store_path, clock):
    (_, keys), _ = _head(store_path, clock, 10)
    docs, _ = _expected(store_path, clock)
    now_ts = NOW.timestamp()
    open_docs = [d for d in docs if d["status"] in ("open", "waiting")]
    stamps = [d["next_ts"] for d in open_docs if d["next_ts"] is not None]  # follow-up or deadline, first
    overdue = sum(1 for t in stamps if t < now_ts)
    soon = sum(1 for t in stamps if now_ts <= t < now_ts + 86400)
    assert open_counts(keys, now_ts, 86400) == (len(open_docs), overdue, soon)
    assert overdue and soon and len(open_docs) < len(docs)  # the demo has each kind


def test_store_written_in_no_order_is_sorted_at_its_next_compaction(store_path, clock):
    cases, groups = build_demo(NOW, n_cases=30)
    plain = Store.open(store_path, clock, orders={})  # as a store written before the order existed
    plain.replace_all(cases, groups)
    assert Store.open(store_path, clock).summary_head(10) is None  # only the whole table answers
    plain.close()
    store = Store.open(store_path, clock)
    store.update_case("K-0004", lambda c: c.add_event(Event(kind="note", at="2026-09-29T09:00:00+08:00", said="备注")))
    store.compact()  # spliced: parses the unordered table once to sort it
    (docs, keys), _ = _head(store_path, clock, 10)
    expected, expected_keys = _expected(store_path, clock)
    assert docs == expected[:10] and keys == expected_keys


def test_no_head_from_stale_summaries_or_a_loaded_table(demo, store_path, clock, monkeypatch):
    from cases import deadline_kinds

    with monkeypatch.context() as newer:
        newer.setattr(deadline_kinds, "RULES_VERSION", deadline_kinds.RULES_VERSION + 1)
        other = Store.open(store_path, clock)  # summaries computed with older rules: their order may be wrong
        assert other.summary_head(10) is None
    assert Store.open(store_path, clock).summary_head(10) is not None  # (the same store, current rules)
    loaded = Store.open(store_path, clock)
    loaded.summary_docs()
    assert loaded.summary_head(10) is None  # the table is in memory: sort that instead


def test_no_head_from_summaries_of_an_earlier_format(demo, store_path, clock):
    (docs, _), _ = _head(store_path, clock, 10)
    with another_program(demo.path) as raw:  # an earlier tousu rewrote the most urgent case's summary
        key = str(int(docs[0]["id"][2:]))
        earlier = {k: v for k, v in raw.get("summaries", key).items() if k not in ("names", "format")}
        raw.put("summaries", key, earlier)
    demo.compact()
    assert Store.open(store_path, clock).summary_head(10) is None  # read it all (that one is shown recomputed)


def test_head_of_an_empty_store(store, clock, store_path):
    docs, keys = store.summary_head(10)
    assert (docs, keys()) == ([], [])
    store.add_case(dataclasses.replace(sample_case(2), id=""))
    (docs, keys), _ = _head(store_path, clock, 10)
    assert [d["id"] for d in docs] == ["K-0001"] and len(keys) == 1
