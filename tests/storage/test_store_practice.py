"""A store's practice rules (cases.practice) kept by the store: set in one write that recomputes
every stored deadline, seen by other processes at their next poll, carried by a move."""

from __future__ import annotations

from store_helpers import sample_case

from cases.model import Event
from cases.practice import NO_RULES
from cases.summary import deadline_stamp
from storage.store import Store
from storage.store_export import export_document, read_document

FILED = "2026-09-28T10:00:00+08:00"


def _complaint(n: int, platform: str):
    case = sample_case(n, platform=platform)
    case.timeline = [Event(kind="submitted", channel="platform-complaint", at=FILED, seq=1)]
    return case


def _filled(store: Store) -> None:
    store.add_cases([_complaint(1, "汇想卡盟"), _complaint(2, "旺旺卡盟")])


def _deadlines(store: Store) -> dict[str, str]:
    return {s.id: s.deadline for s in store.summaries()}


def test_setting_the_rules_recomputes_every_deadline_in_one_write(store_path, clock):
    store = Store.open(store_path, clock)
    _filled(store)
    assert _deadlines(store) == {"K-0001": "2026-09-30T10:00:00+08:00", "K-0002": "2026-09-30T10:00:00+08:00"}
    version = store.version
    rules = NO_RULES.with_promise("汇想卡盟", "platform-complaint", "72h")
    done = store.set_practice(rules, "alice")
    assert (done.recomputed, done.changed) == (2, ["K-0001"])
    assert store.version == version + 1
    assert _deadlines(store) == {"K-0001": "2026-10-01T10:00:00+08:00", "K-0002": "2026-09-30T10:00:00+08:00"}
    info = store.practice_info()
    assert (info.rules, info.by, info.at) == (rules, "alice", clock.now().isoformat())
    assert {s.stamp for s in store.summaries()} == {deadline_stamp(store.calendar, rules)}
    store.close()
    again = Store.open(store_path, clock)
    assert again.practice == rules and again.deadlines_record()[0] == "current"
    assert _deadlines(again)["K-0001"] == "2026-10-01T10:00:00+08:00"


def test_another_process_sees_the_rules_at_its_next_poll_and_writes_with_them(store_path, clock):
    dashboard = Store.open(store_path, clock)
    _filled(dashboard)
    assert dashboard.practice == NO_RULES
    cli = Store.open(store_path, clock)
    cli.set_practice(NO_RULES.with_follow_up("platform-complaint", 1).with_promise(
        "旺旺卡盟", "platform-complaint", "24h"), "bob")
    assert dashboard.poll()
    assert _deadlines(dashboard)["K-0002"] == "2026-09-29T10:00:00+08:00"
    dashboard.add_case(_complaint(3, "旺旺卡盟"))  # its own summary, with the store's rules
    fresh = Store.open(store_path, clock)
    assert _deadlines(fresh)["K-0003"] == "2026-09-29T10:00:00+08:00"
    assert fresh.summary("K-0001").follow_up == "2026-09-29T10:00:00+08:00"  # cadence: every day


def test_clearing_the_rules_brings_the_channels_clocks_back(store_path, clock):
    store = Store.open(store_path, clock)
    _filled(store)
    before = _deadlines(store)
    stamp = store.summaries()[0].stamp
    store.set_practice(NO_RULES.with_promise("汇想卡盟", "platform-complaint", "5天"), "alice")
    done = store.set_practice(NO_RULES, "alice")
    assert done.changed == ["K-0001"] and _deadlines(store) == before
    assert store.summaries()[0].stamp == stamp and store.practice_info().by == ""


def test_a_move_carries_the_rules(store_path, tmp_path, clock):
    store = Store.open(store_path, clock)
    _filled(store)
    rules = NO_RULES.with_promise("汇想卡盟", "platform-complaint", "72h")
    store.set_practice(rules, "alice")
    cases, groups, moved = store.moved_out()
    exported = tmp_path / "all.json"
    exported.write_bytes(export_document(cases, groups, moved, clock.now().isoformat(), "alice"))
    read = read_document(exported)
    target = Store.open(tmp_path / "moved.json", clock)
    target.replace_all(read.cases, read.groups, moved=read.moved)
    assert target.practice == rules and target.practice_info().by == "alice"
    assert _deadlines(target)["K-0001"] == "2026-10-01T10:00:00+08:00"
