"""One calendar per store: where a store's working days come from, reads that never write,
and the recomputation of stored deadlines once per change of the calendar or the rules."""

from __future__ import annotations

import dataclasses
import json
import os
from datetime import date
from pathlib import Path

import pytest
from recomputed import counting_recomputed
from store_helpers import journal_path, sample_case

from cases import deadline_kinds, deadlines
from cases.model import Event
from cases.summary import deadline_stamp, stamp_order
from cases.workdays import WorkCalendar, default_calendar
from cases.work_schedule import YearSchedule, load_schedule
from storage import schedule, summaries
from storage.store import Store
from tests.raw_store import another_program, keys_on_disk, on_disk

#: 2027 as the State Council could publish it: Golden Week 10-01..07, Sun 09-26 and Sat 10-09 worked.
OFFICIAL_2027 = {"2027": {"holidays": [f"2027-10-0{d}" for d in range(1, 8)], "workdays": ["2027-09-26", "2027-10-09"]}}
#: A personal file with its own 2026 (another calendar than the library's: no Golden Week).
PERSONAL_2026 = {"2026": {"holidays": ["2026-10-08", "2026-10-09"], "workdays": []}}


def _file(path: Path, years: dict) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"years": years}), "utf-8")
    return path


def _years(years: dict) -> dict[int, YearSchedule]:
    return WorkCalendar(years={int(y): YearSchedule(frozenset(date.fromisoformat(d) for d in v["holidays"]),
                                                    frozenset(date.fromisoformat(d) for d in v["workdays"]))
                               for y, v in years.items()}).schedule


def _files(store_path: Path) -> tuple:
    """What a write would change: the snapshot's and the journal's mtime and size."""
    out = []
    for path in (store_path, journal_path(store_path)):
        st = os.stat(path)
        out.append((st.st_mtime_ns, st.st_size))
    return tuple(out)


def _submitted_12315(at: str):
    return lambda c: c.add_event(Event(kind="submitted", channel="12315", at=at, said="提交"))


def _filled(store: Store, n: int = 4, at: str = "2026-09-29T09:00:00+08:00") -> None:
    store.add_cases([sample_case(i) for i in range(1, n + 1)])
    store.update_case("K-0001", _submitted_12315(at))


# -- personal or shared -------------------------------------------------------------
def test_a_private_file_of_ours_is_personal_anything_else_shared(tmp_path):
    path = tmp_path / "s.json"
    assert schedule.is_personal(path)  # not there yet: tousu creates it 0600
    path.write_text("{}")
    for mode, personal in ((0o600, True), (0o400, True), (0o640, False), (0o660, False), (0o604, False)):
        os.chmod(path, mode)
        assert schedule.is_personal(path) is personal, oct(mode)


def test_a_personal_store_uses_the_users_file_a_shared_one_ignores_it(store_path, clock, tmp_path):
    personal = _file(tmp_path / "config" / "schedule.json", PERSONAL_2026)
    Store.open(store_path, clock).add_case(sample_case(1))
    mine = Store.open(store_path, clock, schedule_file=personal)
    assert mine.calendar_info().source == schedule.FILE and mine.calendar_info().personal
    assert not mine.calendar.is_working_day(date(2026, 10, 8))
    os.chmod(store_path, 0o660)  # now the group may use it
    shared = Store.open(store_path, clock, schedule_file=personal)
    info = shared.calendar_info()
    assert info.source == schedule.LIBRARY and not info.personal
    assert shared.calendar.is_working_day(date(2026, 10, 8))
    assert info.stamp == deadline_stamp(default_calendar())


def test_the_stores_schedule_wins_over_a_personal_file(store_path, clock, tmp_path):
    personal = _file(tmp_path / "config" / "schedule.json", PERSONAL_2026)
    store = Store.open(store_path, clock, schedule_file=personal)
    store.add_case(sample_case(1))
    store.add_schedule(_years(OFFICIAL_2027), "alice")
    info = Store.open(store_path, clock, schedule_file=personal).calendar_info()
    assert info.source == schedule.STORE and info.calendar.user_years == {2027}
    assert info.calendar.is_working_day(date(2026, 10, 8))  # the file's 2026 is not used any more


# -- reading never writes ------------------------------------------------------------
def test_another_calendars_summaries_are_shown_recomputed_and_never_written(store_path, clock, tmp_path):
    writer = Store.open(store_path, clock)
    _filled(writer)
    stored = {s.id: s for s in writer.summaries()}
    before = _files(store_path)
    other = Store.open(store_path, clock, schedule_file=_file(tmp_path / "mine.json", PERSONAL_2026))
    stamp = other.calendar_info().stamp
    assert other.summary_head(10) is None  # the stored order is not this calendar's
    shown = other.summaries()
    assert {s.stamp for s in shown} == {stamp}
    assert shown[0].deadline != stored["K-0001"].deadline  # the file's 2026 replaces the library's
    assert [d["deadline"] for d in other.summary_docs()] == [s.deadline for s in shown]
    assert other.summary("K-0001") is shown[0]
    reads = dict(other.reads)
    for _ in range(5):  # a dashboard's refreshes: nothing recomputed again, nothing written
        assert other.poll() is False
        assert other.summaries() == shown
    assert other.reads == reads
    assert _files(store_path) == before
    fresh = Store.open(store_path, clock, schedule_file=tmp_path / "mine.json")
    assert fresh.summary("K-0001").deadline == shown[0].deadline  # one summary alone: computed too
    assert _files(store_path) == before


def test_corrections_follow_changes_and_only_the_changed_case_is_recomputed(store_path, clock, tmp_path, monkeypatch):
    writer = Store.open(store_path, clock)
    _filled(writer)
    other = Store.open(store_path, clock, schedule_file=_file(tmp_path / "mine.json", PERSONAL_2026))
    computed = counting_recomputed(monkeypatch)
    first = other.summaries()
    assert sorted(computed, key=int) == ["1", "2", "3", "4"]
    computed.clear()
    writer.update_case("K-0003", lambda c: setattr(c, "title", "另一进程改的标题"))
    assert other.poll()
    second = other.summaries()
    assert second[2].title == "另一进程改的标题" and second[2].stamp == other.calendar_info().stamp
    assert computed == ["3"]  # that case alone
    assert all(second[i] is first[i] for i in (0, 1, 3))
    writer.delete_case("K-0004", "bob")
    assert other.poll() and [s.id for s in other.summaries()] == ["K-0001", "K-0002", "K-0003"]


# -- schedule add --------------------------------------------------------------------
def test_schedule_add_recomputes_every_deadline_in_one_write_for_every_reader(store_path, clock, tmp_path):
    writer = Store.open(store_path, clock)
    _filled(writer, at="2027-09-29T09:00:00+08:00")
    reader = Store.open(store_path, clock, schedule_file=_file(tmp_path / "mine.json", PERSONAL_2026))
    guessed = reader.summaries()[0]
    assert guessed.deadline_estimated  # 2027 is not published: an estimate
    version = writer.version
    done = writer.add_schedule(_years(OFFICIAL_2027), "alice")
    assert Store.open(store_path, clock).version == version + 1  # one write
    assert done.years == [2027] and done.replaced == {} and done.recomputed == 4 and done.changed == ["K-0001"]
    expected = WorkCalendar(years=_years(OFFICIAL_2027)).add_working_days(date(2027, 9, 29), 7).due
    assert expected == date(2027, 10, 14)  # Wed 09-29: Thu 30, Fri 8, Sat 9 (worked), Mon 11 … Thu 14
    assert reader.poll()
    after = reader.summaries()[0]
    assert after.deadline.startswith("2027-10-14") and not after.deadline_estimated
    assert after.deadline != guessed.deadline
    fresh = Store.open(store_path, clock)
    assert fresh.summaries()[0] == after and fresh.reads["docs"] == 0  # stored, nothing to recompute
    doc = on_disk(fresh.path, schedule.TABLE, "2027")
    assert doc["added_by"] == "alice" and doc["added_at"] == "2026-09-29T10:00:00+08:00"
    assert doc["holidays"] == OFFICIAL_2027["2027"]["holidays"]


def test_adding_a_year_again_replaces_it_and_says_so(store, store_path, clock):
    store.add_case(sample_case(1))
    store.add_schedule(_years(OFFICIAL_2027), "alice")
    later = Store.open(store_path, clock)
    changed = {"2027": {"holidays": ["2027-10-01"], "workdays": []}, "2028": {"holidays": [], "workdays": []}}
    done = later.add_schedule(_years(changed), "bob")
    assert done.years == [2027, 2028]
    assert set(done.replaced) == {2027} and done.replaced[2027]["added_by"] == "alice"
    assert later.calendar.user_years == {2027, 2028} and later.calendar.is_working_day(date(2027, 10, 4))
    assert on_disk(store_path, schedule.TABLE, "2027")["added_by"] == "bob"


def test_the_schedule_survives_compaction_and_demo_force(store, store_path, clock):
    store.add_cases([sample_case(n) for n in range(1, 4)])
    store.add_schedule(_years(OFFICIAL_2027), "alice")
    store.compact()
    assert Store.open(store_path, clock).calendar.user_years == {2027}
    store.replace_all([sample_case(7, id="K-0007")], [])
    again = Store.open(store_path, clock)
    assert again.calendar.user_years == {2027}
    assert {s.stamp for s in again.summaries()} == {again.calendar_info().stamp}
    assert again.deadlines_record()[0] == summaries.CURRENT


# -- rules ---------------------------------------------------------------------------
def _later_by_a_day(monkeypatch) -> None:
    """Newer rules: RULES_VERSION bumped, and every deadline a day later."""
    original = deadlines.case_next

    def shifted(found):
        return None if found is None else dataclasses.replace(found, at=found.at.shift(days=1))

    def later(case, calendar=None, **rules):
        found = original(case, calendar, **rules)
        return dataclasses.replace(found, deadline=shifted(found.deadline), follow_up=shifted(found.follow_up))

    monkeypatch.setattr(deadline_kinds, "RULES_VERSION", deadline_kinds.RULES_VERSION + 1)
    monkeypatch.setattr(deadlines, "case_next", later)  # what summaries are computed with


def test_newer_rules_read_without_writing_and_the_first_writer_recomputes_once(store_path, clock, monkeypatch):
    old = Store.open(store_path, clock)
    _filled(old)
    stored = old.summaries()[0]
    before = _files(store_path)
    _later_by_a_day(monkeypatch)
    reader = Store.open(store_path, clock)
    assert reader.deadlines_record()[0] == summaries.BEHIND
    shown = reader.summaries()[0]
    assert shown.deadline_ts == stored.deadline_ts + 86400  # the new rules' deadline, shown ...
    assert reader.summary_docs()[0]["deadline_ts"] == shown.deadline_ts
    assert _files(store_path) == before  # ... and not written
    version = reader.version
    writer = Store.open(store_path, clock)
    writer.update_case("K-0002", lambda c: setattr(c, "notes", "新规则写的"))
    assert writer.version == version + 2  # the recomputation, then the change
    fresh = Store.open(store_path, clock)
    assert fresh.deadlines_record()[0] == summaries.CURRENT
    assert fresh.summaries()[0].deadline_ts == shown.deadline_ts and fresh.reads["docs"] == 0
    fresh.update_case("K-0003", lambda c: setattr(c, "notes", "再写一次"))
    assert fresh.version == version + 3  # once: the next writer recomputes nothing
    assert reader.poll() and reader.summaries()[0].deadline_ts == shown.deadline_ts


def test_older_rules_use_newer_summaries_as_they_are_and_never_rewrite_them(store_path, clock, monkeypatch):
    with monkeypatch.context() as newer:
        _later_by_a_day(newer)
        new = Store.open(store_path, clock)
        _filled(new)
        made = new.summaries()
        newer_stamp = made[0].stamp
    before = _files(store_path)
    old = Store.open(store_path, clock)
    assert stamp_order(newer_stamp) > stamp_order(old.calendar_info().stamp)
    assert old.deadlines_record()[0] == summaries.NEWER
    assert old.summary_head(10) is not None
    assert old.summaries() == made and old.reads["docs"] == 0  # as they are, nothing recomputed
    assert _files(store_path) == before
    version = old.version
    old.update_case("K-0002", lambda c: setattr(c, "notes", "旧版本写的"))
    assert old.version == version + 1  # its own change only
    again = Store.open(store_path, clock)
    assert again.deadlines_record()[0] == summaries.NEWER
    assert again.summary("K-0001").stamp == newer_stamp  # the newer summaries were left alone


# -- the next writer writes what readers computed -----------------------------------
def test_the_next_writer_stores_the_corrections_it_showed(store, store_path, clock):
    store.add_cases([sample_case(n) for n in range(1, 4)])
    with another_program(store.path) as raw:  # a writer that is not the Store
        raw.delete("summaries", "1")
        raw.put("summaries", "9", raw.get("summaries", "2"))
    tui = Store.open(store_path, clock)
    assert [s.id for s in tui.summaries()] == ["K-0001", "K-0002", "K-0003"]
    assert keys_on_disk(store_path, "summaries") == ["2", "3", "9"]  # reading wrote nothing
    tui.update_case("K-0003", lambda c: setattr(c, "notes", "顺便"))
    assert sorted(keys_on_disk(store_path, "summaries"), key=int) == ["1", "2", "3"]


def test_a_personal_file_edited_meanwhile_is_read_again_before_writing(store_path, clock, tmp_path):
    personal = _file(tmp_path / "mine.json", {})
    dashboard = Store.open(store_path, clock, schedule_file=personal)
    _filled(dashboard)
    _file(personal, PERSONAL_2026)  # the user adds a year; the dashboard is still open
    Store.open(store_path, clock, schedule_file=personal).update_case("K-0002", lambda c: setattr(c, "notes", "新文件"))
    version = Store.open(store_path, clock).version
    dashboard.update_case("K-0003", lambda c: setattr(c, "notes", "旧进程"))
    assert dashboard.version == version + 1  # no recomputation back to the old file
    assert dashboard.calendar_info().stamp == Store.open(store_path, clock, schedule_file=personal).calendar_info().stamp
    assert not dashboard.calendar.is_working_day(date(2026, 10, 8))


def test_a_bad_schedule_document_in_the_store_names_the_store(store, store_path, clock):
    from cases.work_schedule import ScheduleError

    store.add_schedule(_years(OFFICIAL_2027), "alice")
    with another_program(store.path) as raw:
        raw.put(schedule.TABLE, "2027", {"holidays": ["2027-13-01"], "workdays": []})
    with pytest.raises(ScheduleError, match="2027-13-01") as info:
        Store.open(store_path, clock).calendar  # noqa: B018
    assert str(store_path) in str(info.value)


def test_load_schedule_refuses_a_missing_file(tmp_path):
    from cases.work_schedule import ScheduleError

    with pytest.raises(ScheduleError, match="无法读取"):
        load_schedule(tmp_path / "none.json")


def test_a_dashboards_first_write_reuses_what_it_showed(store_path, clock, monkeypatch):
    old = Store.open(store_path, clock)
    _filled(old, n=6)
    _later_by_a_day(monkeypatch)
    dashboard = Store.open(store_path, clock)
    shown = dashboard.summaries()
    calls: list[str] = []
    summary_doc, repaired_doc = summaries.summary_doc, summaries.repaired_doc

    def counting(doc, *rules):  # a change's own summary
        calls.append(doc["id"])
        return summary_doc(doc, *rules)

    def counting_repair(key, doc, *rules):  # a recomputed one
        calls.append(doc["id"])
        return repaired_doc(key, doc, *rules)

    old.update_case("K-0002", lambda c: setattr(c, "notes", "另一进程写的"))  # meanwhile
    monkeypatch.setattr(summaries, "summary_doc", counting)
    monkeypatch.setattr(summaries, "repaired_doc", counting_repair)
    dashboard.update_case("K-0003", lambda c: setattr(c, "notes", "新规则写的"))
    assert sorted(calls) == ["K-0002", "K-0003"]  # changed since shown, and the change itself
    fresh = Store.open(store_path, clock)
    assert fresh.deadlines_record()[0] == summaries.CURRENT
    assert [s.deadline_ts for s in fresh.summaries()] == [s.deadline_ts for s in shown]
    assert fresh.summary("K-0002").stamp == deadline_stamp(fresh.calendar)


def test_catch_up_stores_the_newer_rules_deadlines_once(store_path, clock, monkeypatch):
    old = Store.open(store_path, clock)
    _filled(old)
    stored = old.summaries()[0]
    _later_by_a_day(monkeypatch)
    reader = Store.open(store_path, clock)
    assert reader.deadlines_record()[0] == summaries.BEHIND
    version = reader.version
    assert reader.catch_up() and reader.version == version + 1
    assert not reader.catch_up() and reader.version == version + 1  # current now: nothing to do
    fresh = Store.open(store_path, clock)
    assert fresh.deadlines_record()[0] == summaries.CURRENT
    assert fresh.summaries()[0].deadline_ts == stored.deadline_ts + 86400
