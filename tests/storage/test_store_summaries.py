"""Summaries kept by the store: consistent with the cases, atomic with them, shown recomputed
when stale and stored again by the next write (reading never writes)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from store_helpers import journal_path, sample_case, sample_group, subprocess_env

from cases.clock import SystemClock
from cases.model import Event, Status
from cases.summary import FORMAT, CaseSummary, deadline_stamp, summarize
from cases.workdays import default_calendar
from storage import snapshot
from storage.errors import CaseDeleted, CaseNotFound
from storage.store import Store
from tests.raw_store import another_program, keys_on_disk, on_disk

WORKER = str(Path(__file__).with_name("store_worker.py"))


def _expected(store: Store, calendar: WorkCalendar | None = None) -> list[CaseSummary]:
    """What the summaries must be: computed from the cases as a full load sees them."""
    fresh = Store.open(store.path, SystemClock())  # (reads only: any clock)
    return [summarize(case, calendar or default_calendar()) for case in fresh.cases()]


def _last_keys(store_path: Path) -> list[list]:
    return json.loads(journal_path(store_path).read_bytes().splitlines()[-1])["keys"]


def _event(text: str, channel: str = "platform-cs") -> Event:
    return Event(kind="submitted", channel=channel, at="2026-09-28T09:00:00+08:00", said=text)


def test_summaries_follow_every_kind_of_change(store, store_path, clock):
    assert store.summaries() == []
    store.add_case(sample_case(1))
    store.add_cases([sample_case(n) for n in range(2, 6)])
    assert store.summaries() == _expected(store)
    store.update_case("K-0002", lambda c: c.add_event(_event("提交")))
    assert _last_keys(store_path) == [["summaries", "2", 1], ["cases", "2", 1]]  # one line, summary first
    assert store.summary("K-0002").channel == "platform-cs" and store.summary("K-0002").deadline
    base = store.case("K-0003")
    edited = store.case("K-0003")
    edited.status = Status.RESOLVED
    store.save_case(edited, base)
    assert store.summary("K-0003").closed
    store.delete_case("K-0004", "tester")  # hidden: case, summary and activity log in one line
    keys = _last_keys(store_path)
    assert keys[:2] == [["summaries", "4", 1], ["cases", "4", 1]] and ["activity", "1", 1] in keys
    with pytest.raises(CaseDeleted):
        store.summary("K-0004")
    assert store.summaries() == _expected(store)
    assert [s.id for s in store.summaries(deleted=True)] == ["K-0004"]
    store.purge_case("K-0004", "tester")  # gone for good
    assert _last_keys(store_path)[:2] == [["summaries", "4", 0], ["cases", "4", 0]]
    with pytest.raises(CaseNotFound):
        store.summary("K-0004")
    assert store.summaries(deleted=True) == []
    assert store.summaries() == _expected(store)
    assert [s.id for s in store.summaries()] == ["K-0001", "K-0002", "K-0003", "K-0005"]
    store.replace_all([sample_case(n, id=f"K-{n:04d}") for n in (7, 8)], [sample_group()])
    assert [s.id for s in store.summaries()] == ["K-0007", "K-0008"]
    assert store.summaries() == _expected(store)
    store.compact()
    assert Store.open(store_path, clock).summaries() == _expected(store)


def test_summaries_read_no_case_document(store, store_path, clock):
    store.add_cases([sample_case(n) for n in range(1, 300)])  # a snapshot (bulk) ...
    store.update_case("K-0007", lambda c: c.add_event(_event("日志里")))  # ... and a journal line
    cli = Store.open(store_path, clock)
    items = cli.summaries()
    assert len(items) == 299 and items[6].channel == "platform-cs"
    assert not cli.loaded
    assert cli.reads == {"index": 1, "docs": 0, "tables": 1}
    assert cli.summaries() == items and cli.summaries()[0] is items[0]  # cached objects


def test_summaries_are_incremental_after_poll(store_path, clock):
    tui = Store.open(store_path, clock)
    tui.add_cases([sample_case(n) for n in range(1, 6)])
    first = tui.summaries()
    other = Store.open(store_path, clock)
    other.update_case("K-0003", lambda c: setattr(c, "title", "另一进程改的标题"))
    assert tui.summaries() == first  # not visible before a poll
    assert tui.poll()
    second = tui.summaries()
    tui.update_case("K-0001", lambda c: setattr(c, "notes", "自己改的"))
    assert tui.poll() is False  # own writes are not news
    other.update_case("K-0002", lambda c: setattr(c, "notes", "别人改的"))
    tui.update_case("K-0001", lambda c: setattr(c, "notes", "自己又改"))  # catches up with K-0002 first
    assert tui.poll() is True and tui.summaries()[1].rev == 2
    assert second[2].title == "另一进程改的标题"
    assert all(second[i] is first[i] for i in (0, 1, 3, 4))  # unchanged ones are not rebuilt
    assert not tui.loaded


def test_another_process_update_is_visible_after_poll(store, store_path):
    store.add_cases([sample_case(n) for n in range(1, 4)])
    assert [s.title for s in store.summaries()][1] == sample_case(2).title
    out = subprocess.run([sys.executable, WORKER, "retitle", str(store_path), "K-0002", "子进程改名"],
                         capture_output=True, text=True, env=subprocess_env(), timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "loaded=False"  # the other process read just that case
    assert store.poll()
    assert store.summary("K-0002").title == "子进程改名"
    assert store.summaries() == _expected(store)


def _schedule(tmp_path: Path) -> Path:
    path = tmp_path / "schedule.json"
    path.write_text(json.dumps({"years": {"2026": {"holidays": ["2026-10-08", "2026-10-09"], "workdays": []}}}))
    return path


def test_stale_stamp_is_recomputed_in_memory_and_stored_by_the_next_write(store, store_path, clock, tmp_path):
    # Reading used to write the recomputed summaries (and two calendars rewrote each other's
    # forever); now reading shows them recomputed and the next write of that calendar stores them.
    store.add_cases([sample_case(n) for n in range(1, 4)])
    store.update_case("K-0001", lambda c: c.add_event(_event("提交", channel="12315")))
    old = store.summaries()
    path = _schedule(tmp_path)  # a personal store: the user's file is its calendar
    with_schedule = Store.open(store_path, clock, schedule_file=path)
    calendar = with_schedule.calendar
    assert calendar.user_years == {2026} and calendar.stamp != default_calendar().stamp
    fresh = with_schedule.summaries()
    assert {s.stamp for s in fresh} == {deadline_stamp(calendar)}
    assert fresh == [summarize(c, calendar) for c in Store.open(store_path, clock).cases()]
    assert fresh[0].deadline != old[0].deadline  # the file's 2026 moves the 12315 deadline
    stored = Store.open(store_path, clock)
    assert stored.summaries() == old and stored.reads["docs"] == 0  # nothing was written
    with_schedule.update_case("K-0003", lambda c: setattr(c, "notes", "改"))  # the first write stores them all
    again = Store.open(store_path, clock, schedule_file=path)
    assert again.summaries()[:2] == fresh[:2]
    assert again.reads["docs"] == 0  # stored: no recomputation


def _as_schema_1(store_path: Path) -> None:
    """Rewrite a store as tousu wrote it before summaries: schema 1, no index, no summaries."""
    tables = json.loads(store_path.read_bytes())
    for name in ("summaries", "_index"):
        tables.pop(name)
    meta = tables["_meta"]["1"]
    meta.pop("layout")
    meta["schema"] = 1
    size = 0
    while True:
        meta["snapshot_bytes"] = size
        data = json.dumps(tables, ensure_ascii=False, separators=(",", ":")).encode()
        if len(data) == size:
            break
        size = len(data)
    store_path.write_bytes(data)
    journal_path(store_path).unlink()


@pytest.mark.parametrize("count", [5, 300], ids=["journal-line", "compaction"])
def test_store_without_summaries_gets_them(store, store_path, clock, count):
    store.add_cases([sample_case(n) for n in range(1, count + 1)])
    store.compact()
    expected = store.summaries()
    _as_schema_1(store_path)
    old = Store.open(store_path, clock)  # a writable store of schema 1 is upgraded on open (storage.migrations)
    assert old.summaries() == expected
    fresh = Store.open(store_path, clock)
    assert fresh.summaries() == expected
    assert sorted(on_disk(fresh.path, "summaries"), key=int) == [str(n) for n in range(1, count + 1)]
    assert json.loads(store_path.read_bytes())["_meta"]["1"]["schema"] == snapshot.SCHEMA
    assert not fresh.loaded  # schema 2 with its index: no document loaded


def test_foreign_rewrite_rebuilds_summaries(store, store_path, clock):
    store.add_cases([sample_case(n) for n in range(1, 4)])
    store.compact()
    tables = json.loads(store_path.read_bytes())
    tables["cases"]["2"]["title"] = "用别的程序改的"  # the summaries table still has the old title
    store_path.write_text(json.dumps(tables))  # another program, another format and length
    rewritten = store_path.read_bytes(), journal_path(store_path).read_bytes()
    other = Store.open(store_path, clock)
    assert other.summary("K-0002").title == "用别的程序改的"
    assert other.summaries() == _expected(other)
    assert (store_path.read_bytes(), journal_path(store_path).read_bytes()) == rewritten  # reading wrote nothing
    Store.open(store_path, clock).add_group(sample_group())  # a command that never read a summary
    assert on_disk(store_path, "summaries") == {
        str(n): s.to_dict() for n, s in enumerate(_expected(other), 1)}


def test_orphan_and_missing_summaries_are_shown_repaired_and_stored_by_the_next_write(store, store_path, clock):
    store.add_cases([sample_case(n) for n in range(1, 4)])
    with another_program(store.path) as raw:  # a writer that is not the Store
        raw.delete("summaries", "1")
        raw.put("summaries", "9", raw.get("summaries", "2"))
    assert store.poll()
    assert [s.id for s in store.summaries()] == ["K-0001", "K-0002", "K-0003"]
    assert keys_on_disk(store_path, "summaries") == ["2", "3", "9"]  # reading wrote nothing
    store.update_case("K-0003", lambda c: setattr(c, "notes", "顺便"))  # the next write stores them
    assert sorted(keys_on_disk(store_path, "summaries")) == ["1", "2", "3"]


def test_summary_fast_path_matches_from_dict(store):
    store.add_cases([sample_case(n) for n in range(1, 3)])
    store.update_case("K-0001", lambda c: c.add_event(_event("提交")))
    docs = on_disk(store.path, "summaries")
    assert store.summaries() == [CaseSummary.from_dict(docs[k]) for k in ("1", "2")]


def test_incremental_list_follows_adds_deletes_and_foreign_writes(store_path, clock):
    tui = Store.open(store_path, clock)
    tui.add_cases([sample_case(n) for n in range(1, 6)])
    first = tui.summaries()
    other = Store.open(store_path, clock)
    other.add_case(sample_case(6))
    other.purge_case("K-0002", "tester")
    assert tui.poll()
    assert [s.id for s in tui.summaries()] == ["K-0001", "K-0003", "K-0004", "K-0005", "K-0006"]
    assert tui.summaries()[0] is first[0]
    with another_program(other.path) as raw:  # a writer that is not the Store: case without summary, and vice versa
        raw.delete("summaries", "3")
        raw.put("summaries", "2", raw.get("summaries", "4"))
    assert tui.poll()
    assert tui.summaries() == _expected(tui)
    assert not tui.loaded


def _as_earlier_format(doc: dict) -> dict:
    """A summary as tousu wrote it before summaries carried the complainant's names."""
    return {k: v for k, v in doc.items() if k not in ("names", "format")}


def test_summaries_carry_the_names_to_mask(store):
    store.add_case(sample_case(1))
    summary = store.summary("K-0001")
    assert summary.names == ("张三",) and summary.format == FORMAT
    store.update_case("K-0001", lambda c: setattr(c.complainant, "name", "李文博"))
    assert store.summary("K-0001").names == ("李文博",)


def test_summaries_of_an_earlier_format_are_recomputed_once(store, store_path, clock):
    store.add_cases([sample_case(n) for n in range(1, 4)])
    with another_program(store.path) as raw:  # as an earlier tousu left them (and no record of the format)
        for key in ("1", "2", "3"):
            raw.put("summaries", key, _as_earlier_format(raw.get("summaries", key)))
        raw.put("_meta", "1", {k: v for k, v in raw.meta.items() if k != "deadlines"})
    old = Store.open(store_path, clock)
    assert [s.names for s in old.summaries()] == [("张三",)] * 3  # shown recomputed, not written
    assert all("format" not in doc for doc in on_disk(store_path, "summaries").values())
    old.update_case("K-0001", lambda c: setattr(c, "notes", "新版写的"))  # the first write recomputes them, once
    again = Store.open(store_path, clock)
    assert again.summaries()[1:] == old.summaries()[1:]
    assert again.reads["docs"] == 0  # nothing left to recompute
    assert [doc["format"] for doc in on_disk(again.path, "summaries").values()] == [FORMAT] * 3


def test_one_summary_written_by_an_earlier_tousu_is_repaired(store, store_path, clock):
    store.add_cases([sample_case(n) for n in range(1, 4)])
    tui = Store.open(store_path, clock)
    assert tui.summaries()[1].names == ("张三",)
    with another_program(store.path) as raw:  # an earlier tousu saved K-0002: its summary has no names
        earlier = _as_earlier_format(raw.get("summaries", "2"))
        raw.put("summaries", "2", {**earlier, "title": "旧版改的标题"})
    assert tui.poll()
    listed = tui.summaries()
    assert listed[1].names == ("张三",) and listed[1].title == sample_case(2).title  # recomputed from the case
    assert "format" not in on_disk(store_path, "summaries", "2")  # in memory only
    tui.update_case("K-0001", lambda c: setattr(c, "notes", "顺便"))  # the next write stores the correction
    assert on_disk(store_path, "summaries", "2")["format"] == FORMAT


def test_summaries_of_a_later_format_are_read_as_they_are(store, store_path, clock):
    store.add_cases([sample_case(n) for n in range(1, 3)])
    with another_program(store.path) as raw:  # a later tousu: a field this one does not know
        raw.put("summaries", "1", {**raw.get("summaries", "1"), "format": FORMAT + 1, "new": 1})
    fresh = Store.open(store_path, clock)
    assert [s.id for s in fresh.summaries()] == ["K-0001", "K-0002"]
    assert fresh.reads["docs"] == 0  # no case read to recompute anything
