"""Store.timelines: every case's timeline without building the cases, as the cases have it."""

from __future__ import annotations

import json

from store_helpers import sample_case
from tests.raw_store import another_program


def test_timelines_are_the_cases_timelines_less_deleted_and_damaged(store):
    for n in range(1, 5):
        store.add_case(sample_case(n))
    store.delete_case("K-0002", "alice")
    with another_program(store.path) as raw:  # another program writing a damaged document
        doc = json.loads(json.dumps(raw.get("cases", "3")))
        doc["timeline"] = [{"kind": "contact"}]  # no channel, no time
        raw.put("cases", "3", doc)
    assert store.poll()
    found = store.timelines()
    assert set(found) == {"K-0001", "K-0004"}
    for case_id in found:
        assert found[case_id] == store.case(case_id).timeline
    found["K-0001"].clear()  # fresh lists: the caller may change them
    assert store.timelines()["K-0001"] == store.case("K-0001").timeline
