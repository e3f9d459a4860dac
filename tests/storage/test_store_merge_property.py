"""Two handles on one store, random changes through both (hypothesis): nothing is lost.

Whatever the interleaving of writes, compactions (automatic and explicit),
polls and full loads, a fresh open, and each handle once it has polled, sees
exactly the documents the changes left.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from store_helpers import sample_case

from cases.clock import FixedClock
from cases.model import Event
from storage.journal_storage import JournalStorage
from storage.layout import Order
from storage.store import Store

TABLES = ("cases", "groups", "notes")
#: "groups" is kept sorted in the snapshot, like the summaries: splices must keep its order.
ORDERS = {"groups": Order("by-v", lambda key, doc: [doc["v"], int(key)])}

change = st.tuples(st.sampled_from(TABLES), st.integers(1, 3).map(str), st.none() | st.integers(0, 99))
storage_op = st.one_of(
    st.tuples(st.just("write"), st.integers(0, 1), st.lists(change, min_size=1, max_size=3)),
    st.tuples(st.sampled_from(["compact", "poll", "load"]), st.integers(0, 1), st.just(None)),
)


def _contents(storage: JournalStorage) -> dict[str, dict[str, dict]]:
    """Every document, read the way the handle reads (alone, or from memory once loaded)."""
    return {name: storage.get_many(name, storage.keys(name)) for name in TABLES}


@settings(max_examples=40, deadline=None)
@given(st.lists(storage_op, max_size=24))
def test_two_storages_on_one_file_lose_nothing(ops):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tousu.json"
        handles = [JournalStorage(path, compact_lines=3, orders=ORDERS), JournalStorage(path, orders=ORDERS)]
        for handle in handles:
            handle.open()
        handles[1].read()  # one holds every document, the other reads them one by one (until "load")
        model: dict[str, dict[str, dict]] = {name: {} for name in TABLES}
        for kind, who, changes in ops:
            handle = handles[who]
            if kind == "write":
                with handle.transaction():
                    for name, key, value in changes:
                        if value is None:
                            handle.delete(name, key)
                            model[name].pop(key, None)
                        else:
                            doc = {"v": value, "note": f"第{value}号"}
                            handle.put(name, key, doc)
                            model[name][key] = doc
            elif kind == "compact":
                handle.compact()
            elif kind == "poll":
                handle.poll()
            else:
                handle.read()
        fresh = JournalStorage(path, orders=ORDERS)
        fresh.open()
        head = fresh.head("groups", 3)
        assert head is not None  # stored in its order, answered from the index
        ordered = sorted(model["groups"].items(), key=lambda item: ORDERS["groups"].key(*item))
        assert head[0] == [doc for _, doc in ordered[:3]]
        for handle in (*handles, fresh):
            handle.poll()
            assert _contents(handle) == model
        assert {name: fresh.read().get(name, {}) for name in TABLES} == model  # parsed whole, too


store_op = st.tuples(st.sampled_from(["add", "note", "delete", "restore", "compact"]), st.integers(0, 1),
                     st.integers(0, 20))


@settings(max_examples=12, deadline=None)
@given(st.lists(store_op, max_size=14))
def test_two_stores_on_one_file_lose_nothing(ops):
    clock = FixedClock("2026-09-29T10:00:00+08:00")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tousu.json"
        stores = [Store.open(path, clock, compact_lines=4), Store.open(path, clock)]
        notes: dict[str, list[str]] = {}  # case id -> the notes added, in order
        deleted: set[str] = set()
        for step, (kind, who, pick) in enumerate(ops):
            store = stores[who]
            live = [case_id for case_id in notes if case_id not in deleted]
            gone = sorted(deleted)
            if kind == "add":
                notes[store.add_case(sample_case(len(notes) + 1)).id] = []
            elif kind == "note" and live:
                case_id = live[pick % len(live)]
                said = f"第{step}步"
                store.update_case(case_id, lambda c, said=said: c.add_event(
                    Event(kind="note", at="2026-09-29T10:00:00+08:00", said=said)))
                notes[case_id].append(said)
            elif kind == "delete" and live:
                deleted.add(store.delete_case(live[pick % len(live)], by="alice").id)
            elif kind == "restore" and gone:
                store.restore_case(gone[pick % len(gone)], by="bob")
                deleted.discard(gone[pick % len(gone)])
            elif kind == "compact":
                store.compact()
        fresh = Store.open(path, clock)
        for store in (*stores, fresh):
            store.poll()
            assert [c.id for c in store.cases()] == sorted(set(notes) - deleted)
            assert [s.id for s in store.summaries()] == sorted(set(notes) - deleted)
            for case_id, said in notes.items():
                case = store.case(case_id, deleted=True)
                assert [e.said for e in case.timeline if e.kind == "note"] == said
                assert bool(case.deleted_at) == (case_id in deleted)
