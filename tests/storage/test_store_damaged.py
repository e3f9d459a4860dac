"""What the store shows is clean, and one bad document does not stop it.

Documents are poisoned the ways a user or another program would: the JSON file
edited by hand (a foreign rewrite: the summaries are then rebuilt from the cases),
or a document put through the storage layer without the Store (a summary that
disagrees with its case, text with escape sequences).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_helpers import file_state, sample_case, sample_group

from cases.model import Event
from cases.sanitize import clean_text
from cases.summary import CaseSummary, summarize
from cases.workdays import default_calendar
from storage import summary_docs
from storage.documents import Malformed
from storage.summary_docs import DAMAGED, shown_summary
from storage.errors import DamagedDocumentError, StoreError
from storage.store import Store
from tests.raw_store import another_program, on_disk

#: Everything cases.sanitize removes: OSC title, SGR colour, BEL, C1 CSI, bidi overrides and isolates.
POISON = "\x1b]0;pwned\x07\x1b[31m\x9b2J\u202e\u2066"


def _filled(store: Store) -> None:
    store.add_cases([sample_case(n) for n in range(1, 4)])
    store.compact()  # everything in the snapshot, as a hand edit finds it


def _hand_edit(store_path: Path, change) -> None:
    """Edit the JSON file as a person with a text editor would (another length: a foreign rewrite)."""
    tables = json.loads(store_path.read_bytes())
    change(tables)
    store_path.write_text(json.dumps(tables, ensure_ascii=False, indent=1), encoding="utf-8")


def _put(store: Store, table: str, key: str, change) -> None:
    """Change one stored document through the storage layer, as another program would."""
    with another_program(store.path) as raw:
        doc = json.loads(json.dumps(raw.get(table, key)))
        change(doc)
        raw.put(table, key, doc)


def _set(path: str, value):
    """A change setting ``path`` ("orders", "orders.0.amount") of a case document to ``value``."""
    def change(doc):
        *parents, last = path.split(".")
        for part in parents:
            doc = doc[int(part)] if part.isdigit() else doc[part]
        if last.isdigit():
            doc[int(last)] = value
        else:
            doc[last] = value
    return change


def _unsafe(text: str) -> bool:
    return clean_text(text) != text or any(ch in text for ch in "\x1b\x07\x9b\u202e\u2066")


DAMAGES = {
    "orders-a-string": ("orders", "abc", "orders"),
    "amount-not-a-number": ("orders.0.amount", "abc", "orders[0].amount"),
    "amount-negative": ("orders.0.amount", "-5", "orders[0].amount"),
    "timeline-entry-without-at": ("timeline.0", {"kind": "contact", "channel": "platform-cs", "said": "x"},
                                  "timeline[0].at"),
    "timeline-entry-without-kind": ("timeline.0", {"said": "x"}, "timeline[0].kind"),
    "timeline-entry-a-string": ("timeline.0", "客服说两小时", "timeline[0]"),
    "timeline-time-not-iso": ("timeline.0.at", "昨天下午", "timeline[0].at"),
    "unknown-status": ("status", "lost", "status"),
    "flag-as-text": ("fraud", "false", "fraud"),
    "title-a-number": ("title", 42, "title"),
    "complainant-a-list": ("complainant", ["张三"], "complainant"),
    "rev-as-text": ("rev", "3", "rev"),
    "created-with-escape": ("created", "2026-09-29T10:00:00+08:00\x1b[2J", "created"),
    "id-of-another-case": ("id", "K-0009", "id"),
}


@pytest.mark.parametrize("path, value, field", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_case_is_named_and_the_rest_works(store, store_path, clock, path, value, field):
    _filled(store)
    _hand_edit(store_path, lambda t: _set(path, value)(t["cases"]["2"]))
    other = Store.open(store_path, clock)
    docs = other.summary_docs()  # summaries rebuilt from the edited cases: K-0002 cannot be
    assert [d["id"] for d in docs] == ["K-0001", "K-0002", "K-0003"]
    assert [d.get(DAMAGED) for d in docs] == [None, field, None]
    assert [s.id for s in other.summaries()] == ["K-0001", "K-0002", "K-0003"]
    assert [c.id for c in other.cases()] == ["K-0001", "K-0003"]
    assert other.case("K-0003").title == "汇想卡盟充值未到账（第3号）"
    with pytest.raises(DamagedDocumentError) as caught:
        other.case("2")
    err = caught.value
    assert isinstance(err, StoreError) and (err.item_id, err.field) == ("K-0002", field)
    assert str(err).startswith(f"案件 K-0002 在数据文件中的记录已损坏（{field}）")
    assert err.message("en").startswith(f"the stored record of case K-0002 is damaged ({field})")
    with pytest.raises(DamagedDocumentError):
        other.summary("K-0002")
    before = file_state(store_path)
    with pytest.raises(DamagedDocumentError):
        other.update_case("K-0002", lambda c: c.add_event(Event(kind="note", said="x")))
    with pytest.raises(DamagedDocumentError):
        other.save_case(sample_case(2, id="K-0002"), sample_case(2, id="K-0002"))
    assert file_state(store_path) == before  # refused before anything was written
    other.update_case("K-0003", lambda c: setattr(c, "notes", "照常可改"))
    assert other.case("K-0003").notes == "照常可改"


def test_the_damaged_summary_is_kept_for_every_reader(store, store_path, clock):
    _filled(store)
    _hand_edit(store_path, lambda t: _set("orders", "abc")(t["cases"]["2"]))
    first = Store.open(store_path, clock)
    assert first.summary_docs()[1][DAMAGED] == "orders"
    first.update_case("K-0001", lambda c: setattr(c, "notes", "x"))  # the next write keeps it
    again = Store.open(store_path, clock)
    assert again.summary_docs()[1][DAMAGED] == "orders"
    assert again.reads["docs"] == 0  # written with that change: no case read again
    again.compact()  # a damaged summary sorts and compacts like any other
    head = Store.open(store_path, clock).summary_head(10)
    assert head is not None and DAMAGED in head[0][-1]


def test_a_damaged_group_leaves_its_cases_readable(store, store_path, clock):
    group = store.add_group(sample_group())
    store.add_case(sample_case(1, group_id=group.id))
    store.compact()
    _hand_edit(store_path, lambda t: _set("participants", [{"name": "王五", "amount": "很多"}])(t["groups"]["1"]))
    other = Store.open(store_path, clock)
    with pytest.raises(DamagedDocumentError) as caught:
        other.group(group.id)
    assert str(caught.value).startswith("集体投诉 G-001 在数据文件中的记录已损坏（participants[0].amount）")
    assert other.groups() == []
    case = other.case("K-0001")
    assert other.group_of(case) is None and case.group_id == "G-001"


SUMMARY_DAMAGES = {
    "deadline_ts-text": ("deadline_ts", "abc"),
    "tier-text": ("tier", "1"),
    "amount-text": ("amount", "很多"),
    "tags-a-string": ("tags", "集体维权"),
    "names-a-string": ("names", "张三"),
    "title-missing": ("title", None),
    "deadline-not-a-time": ("deadline", "明天"),
    "format-text": ("format", "2"),
    "status-a-list": ("status", ["open"]),
}


@pytest.mark.parametrize("field, value", SUMMARY_DAMAGES.values(), ids=SUMMARY_DAMAGES.keys())
def test_a_malformed_summary_is_rebuilt_from_its_case(store, store_path, clock, field, value):
    _filled(store)
    _put(store, "summaries", "2", lambda d: d.pop(field) if value is None else d.__setitem__(field, value))
    store.compact()  # the stored order copes with it too
    expected = [summarize(c, default_calendar()) for c in Store.open(store_path, clock).cases()]
    other = Store.open(store_path, clock)
    assert other.summaries() == expected
    assert [CaseSummary.from_dict(d) for d in Store.open(store_path, clock).summary_docs()] == expected
    assert other.summary("K-0002") == expected[1]
    other.update_case("K-0001", lambda c: setattr(c, "notes", "x"))  # reading never writes; a write does
    stored = on_disk(store_path, "summaries", "2")
    assert shown_summary(stored) is stored  # written back: the next reader finds it well formed


def test_a_malformed_summary_of_a_damaged_case_is_shown_damaged(store, store_path, clock):
    _filled(store)
    with another_program(store.path) as raw:  # another program: both documents of K-0002 broken
        raw.put("cases", "2", {**raw.get("cases", "2"), "orders": "abc"})
        raw.put("summaries", "2", {**raw.get("summaries", "2"), "deadline_ts": "abc"})
    docs = Store.open(store_path, clock).summary_docs()
    assert [d.get(DAMAGED) for d in docs] == [None, "orders", None]


def test_summaries_are_cleaned_on_the_way_out(store, store_path, clock):
    _filled(store)

    def poison(doc):
        for name in ("title", "platform", "ticket", "channel", "category", "deadline_basis", "group_id"):
            doc[name] = doc[name] + POISON
        doc["tags"] = [f"集体{POISON}维权"]
        doc["names"] = [f"张{POISON}三"]

    _put(store, "summaries", "2", poison)
    truth = summarize(store.case("K-0002"), default_calendar()).to_dict()
    for reader in (Store.open(store_path, clock) for _ in range(3)):
        docs = reader.summary_docs()  # recomputed from the case: the stored one is not usable as it is
        assert (docs[1]["title"], docs[1]["names"], docs[1]["tags"]) == (truth["title"], truth["names"], truth["tags"])
        objects = reader.summaries()
        single = reader.summary("K-0002")
        for doc in (docs[1], objects[1].to_dict(), single.to_dict()):
            texts = [v for v in doc.values() if isinstance(v, str)] + [*doc["tags"], *doc["names"]]
            assert not any(_unsafe(text) for text in texts), doc
        assert reader.summary_head(10) is None  # the first screenful is read whole, and cleaned
    stored = on_disk(store_path, "summaries", "2")
    assert stored["title"].endswith(POISON)  # shown clean; reading left the store as it was
    reader.update_case("K-0001", lambda c: setattr(c, "notes", "x"))  # a writer that showed it writes it
    assert on_disk(store_path, "summaries", "2")["title"] == truth["title"]


def test_clean_summaries_are_shown_as_stored(store, store_path, clock):
    _filled(store)
    other = Store.open(store_path, clock)
    docs = other.summary_docs()
    table = on_disk(other.path, "summaries")
    assert docs == [table[str(n)] for n in range(1, len(docs) + 1)]  # as stored
    assert all(a is b for a, b in zip(other.summary_docs(), docs, strict=True))  # no copy on the fast path


def test_case_text_is_cleaned_when_read(store, store_path, clock):
    _filled(store)
    _hand_edit(store_path, lambda t: t["cases"]["2"].update(title=f"标题{POISON}", notes=f"第一行{POISON}\n第二行"))
    other = Store.open(store_path, clock)
    case = other.case("K-0002")
    assert case.title == "标题]0;pwned[31m2J" and case.notes == "第一行]0;pwned[31m2J\n第二行"
    assert not _unsafe(other.summary_docs()[1]["title"])


def test_shown_summary_names_the_bad_field():
    good = summarize(sample_case(1, id="K-0001"), default_calendar()).to_dict()
    assert shown_summary(good) is good
    assert shown_summary({**good, "title": "全角　空格"})["title"] == "全角　空格"  # not printable, but safe
    for field, value in (("deadline_ts", "1"), ("tier", 1.5), ("rev", None), ("amount", "nan"),
                         ("deadline_working_days", 0), ("deadline_since", "2026"), ("names", [1])):
        with pytest.raises(Malformed) as caught:
            shown_summary({**good, field: value})
        assert caught.value.field == field
    with pytest.raises(Malformed) as caught:
        shown_summary(["not", "a", "summary"])
    assert caught.value.field == "document"
    copy = shown_summary({**good, "title": "a\x1bb"})
    assert copy["title"] == "ab" and copy is not good and good["title"] != "ab"
    assert summary_docs.summary_ok(good) and not summary_docs.summary_ok({**good, "title": "\u202e"})
