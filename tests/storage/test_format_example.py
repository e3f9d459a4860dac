"""storage/FORMAT.md's worked example is what the code writes: the same store made again
gives the same snapshot bytes (but for the random store id) and reads as described."""

from __future__ import annotations

import re
from pathlib import Path

from storage import journal_reader
from storage.journal_storage import JournalStorage
from storage.layout import Order

FORMAT = Path(__file__).resolve().parents[2] / "storage" / "FORMAT.md"
ORDERS = {"summaries": Order("urgency", lambda key, doc: [doc["due"], int(key)])}


def _documented_snapshot() -> str:
    text = FORMAT.read_text(encoding="utf-8")
    block = re.search(r"`tousu\.json`, all 645 bytes.*?```\n(.*?)```", text, re.S)
    assert block is not None
    return "".join(block.group(1).splitlines())


def _open(path: Path) -> JournalStorage:
    s = JournalStorage(path, orders=ORDERS)
    s.open()
    return s


def _make_the_example(s: JournalStorage) -> JournalStorage:
    with s.transaction():
        s.put("cases", "1", {"id": "K-0001", "title": "充值未到账"})
        s.put("summaries", "1", {"id": "K-0001", "due": "2026-10-09"})
        s.put("_meta", "1", {**s.meta, "next_case": 2})
    s.compact()
    with s.transaction():
        s.put("cases", "2", {"id": "K-0002", "title": "退款被拒"})
        s.put("summaries", "2", {"id": "K-0002", "due": "2026-10-03"})
        s.put("_meta", "1", {**s.meta, "next_case": 3})
    with s.transaction():
        s.delete("cases", "1")
        s.delete("summaries", "1")
    return s


def test_the_documented_snapshot_is_what_the_code_writes(tmp_path):
    path = tmp_path / "tousu.json"
    store_id = _make_the_example(_open(path)).meta["store_id"]
    documented = _documented_snapshot().replace("0bf99acbd015b9c787630a99ed1af884", store_id)
    assert path.read_bytes().decode("utf-8") == documented
    lines = path.with_name("tousu.json.journal").read_bytes().splitlines()
    assert [line[:8] for line in lines] == [b'{"journa', b'{"seq":1', b'{"seq":2', b'{"seq":3']


def test_a_fresh_reader_does_what_the_example_says(tmp_path):
    path = tmp_path / "tousu.json"
    _make_the_example(_open(path))
    reader = JournalStorage(path)
    reader.open()
    assert (reader.loaded, reader.seq, reader.meta["next_case"]) == (False, 3, 3)
    assert reader.keys("cases") == ["2"]
    assert reader.reads == {"index": 1, "docs": 0, "tables": 0}
    assert reader.get("cases", "2") == {"id": "K-0002", "title": "退款被拒"}
    assert reader.get("cases", "1") is None
    assert reader.reads["docs"] == 0  # both answered from the journal
    assert reader.table("summaries") == {"2": {"id": "K-0002", "due": "2026-10-03"}}
    assert reader.reads["tables"] == 1


def test_a_fresh_reader_of_the_order_reads_the_head_from_its_pieces(tmp_path):
    path = tmp_path / "tousu.json"
    _make_the_example(_open(path))
    reader = _open(path)
    docs, keys = reader.head("summaries", 1)
    assert (docs, keys()) == ([{"id": "K-0002", "due": "2026-10-03"}], [["2026-10-03", 2]])
    assert reader.reads == {"index": 0, "docs": 0, "tables": 0}


def test_a_process_left_behind_adopts_the_new_snapshot(tmp_path, monkeypatch):
    path = tmp_path / "tousu.json"
    writer = _open(path)
    other = _open(path)  # at seq 0, before entry 1
    assert other.table("summaries") == {}

    def no_reload(files, full):
        raise AssertionError("the example says: adopted, not reloaded")

    monkeypatch.setattr(journal_reader, "load", no_reload)
    _make_the_example(writer)
    assert other.poll()
    assert (other.seq, other.meta["next_case"]) == (3, 3)
    assert other.table("summaries") == {"2": {"id": "K-0002", "due": "2026-10-03"}}
    assert other.reads["tables"] == 0  # the summaries it held, brought up to date
