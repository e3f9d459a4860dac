"""``tousu schedule add`` / ``show``, and volunteers with different schedule files on one store.

Real processes (``python -m tui.cli``), each with its own XDG_CONFIG_HOME holding its own
schedule.json, as two Unix accounts on one server would have."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from cli_helpers import NOW, assert_one_line_error
from recomputed import counting_recomputed

from cases.clock import FixedClock
from storage.store import Store

#: Two volunteers' own files for 2026: different calendars around the demo's deadlines (June 2026).
ALICE_2026 = {"2026": {"holidays": ["2026-06-16", "2026-06-17", "2026-06-18", "2026-06-19"], "workdays": []}}
BOB_2026 = {"2026": {"holidays": [], "workdays": ["2026-06-20", "2026-06-21"]}}
#: 2027 as it could be published: Golden Week 10-01..07, Sun 09-26 and Sat 10-09 worked.
OFFICIAL_2027 = {"2027": {"holidays": [f"2027-10-0{d}" for d in range(1, 8)], "workdays": ["2027-09-26", "2027-10-09"]}}


def _config(root: Path, years: dict) -> dict[str, str]:
    """An XDG_CONFIG_HOME whose tousu/schedule.json holds ``years``."""
    folder = root / "tousu"
    folder.mkdir(parents=True)
    (folder / "schedule.json").write_text(json.dumps({"years": years}), "utf-8")
    return {"XDG_CONFIG_HOME": str(root)}


def _files(store_path: Path) -> tuple:
    out = []
    for path in (store_path, store_path.with_name(store_path.name + ".journal")):
        st = os.stat(path)
        out.append((st.st_mtime_ns, st.st_size))
    return tuple(out)


def _deadlines(result) -> dict[str, str | None]:
    assert result.code == 0, result.err
    return {item["id"]: item["deadline"] for item in result.json()}


def _estimated(result) -> dict[str, bool]:
    return {item["id"]: item["deadline_estimated"] for item in result.json()}


@pytest.mark.parametrize("mode", [0o600, 0o660], ids=["personal", "shared"])
def test_two_calendars_on_one_store_never_write_by_reading(run_proc, store_path, tmp_path, mode, monkeypatch):
    assert run_proc("demo").code == 0
    store_path.chmod(mode)
    alice = _config(tmp_path / "alice", ALICE_2026)
    bob = _config(tmp_path / "bob", BOB_2026)
    before = _files(store_path)
    seen = {}
    for name, env in (("alice", alice), ("bob", bob), ("alice", alice), ("bob", bob)):
        seen[name] = _deadlines(run_proc("list", "--json", "--all", extra_env=env))
        assert _files(store_path) == before, name
    clock = FixedClock(NOW)
    idle = [Store.open(store_path, clock, schedule_file=Path(env["XDG_CONFIG_HOME"]) / "tousu" / "schedule.json")
            for env in (alice, bob)]
    recomputed = counting_recomputed(monkeypatch)
    for _ in range(5):  # two idle dashboards: a poll and a read each, every second
        for store in idle:
            assert store.poll() is False
            store.summary_docs()
    assert _files(store_path) == before
    if mode == 0o600:  # personal: each file is its user's calendar (shown, never written)
        assert seen["alice"] != seen["bob"]
        assert [s.calendar_info().source for s in idle] == ["file", "file"]
    else:  # shared: one calendar for everyone, the files are ignored
        assert seen["alice"] == seen["bob"]
        assert [s.calendar_info().source for s in idle] == ["library", "library"]
        assert recomputed == []  # nothing even recomputed in memory


def test_writes_on_a_shared_store_never_recompute_each_other(run_proc, store_path, tmp_path):
    assert run_proc("demo").code == 0
    store_path.chmod(0o660)
    alice = _config(tmp_path / "alice", ALICE_2026)
    bob = _config(tmp_path / "bob", BOB_2026)
    version = Store.open(store_path, FixedClock(NOW)).version
    assert run_proc("log", "K-0001", "--channel", "heimao", "--ticket", "HM-1", extra_env=alice).code == 0
    assert run_proc("log", "K-0002", "--channel", "heimao", "--ticket", "HM-2", extra_env=bob).code == 0
    assert Store.open(store_path, FixedClock(NOW)).version == version + 2  # one line each, nothing recomputed


def test_schedule_add_changes_every_readers_deadline_in_one_write(run_proc, store_path, tmp_path):
    submitted = "2027-09-29T09:00"
    assert run_proc("add", "--platform", "云端卡盟", "--title", "跨国庆的投诉", "--channel", "12315",
                    "--submitted", submitted, extra_env={"TOUSU_NOW": "2027-09-29T10:00:00+08:00"}).code == 0
    store_path.chmod(0o660)
    bob = _config(tmp_path / "bob", BOB_2026)
    listed = run_proc("list", "--json", extra_env=bob)
    before = _deadlines(listed)
    assert _estimated(listed)["K-0001"]  # 2027 is not published: the library guesses
    version = Store.open(store_path, FixedClock(NOW)).version
    file = tmp_path / "2027.json"
    file.write_text(json.dumps({"years": OFFICIAL_2027}), "utf-8")
    added = run_proc("schedule", "add", str(file), extra_env=_config(tmp_path / "alice", ALICE_2026))
    assert added.code == 0, added.err
    assert "2027 年：放假 7 天，调休上班 2 天" in added.out and "1 个有变化（K-0001）" in added.out
    assert Store.open(store_path, FixedClock(NOW)).version == version + 1  # one write
    listed = run_proc("list", "--json", extra_env=bob)
    after = _deadlines(listed)
    assert after["K-0001"].startswith("2027-10-14")  # Thu 30, Fri 8, Sat 9 (worked), Mon 11 … Thu 14
    assert after["K-0001"] != before["K-0001"] and not _estimated(listed)["K-0001"]
    shown = run_proc("show", "K-0001", "--json", extra_env=bob).json()
    assert shown["deadline"].startswith("2027-10-14") and shown["deadline_estimated"] is False


def test_schedule_add_replacing_a_year_says_so(run, run_proc, store_path, tmp_path):
    file = tmp_path / "2027.json"
    file.write_text(json.dumps({"years": OFFICIAL_2027}), "utf-8")
    assert run("schedule", "add", str(file)).code == 0
    again = run("--lang", "en", "schedule", "add", str(file))
    assert again.code == 0, again.err
    user = again.out.split("replaces the schedule ")[1].split(" added on ")[0]
    assert user and f"2027 replaces the schedule {user} added on 2026-06-15 10:00." in again.out
    assert "Deadlines recomputed for 0 cases: 0 changed." in again.out


def test_schedule_add_of_a_year_the_library_has_says_the_store_wins(run, tmp_path):
    file = tmp_path / "2026.json"
    file.write_text(json.dumps({"years": ALICE_2026}), "utf-8")
    result = run("--lang", "en", "schedule", "add", str(file))
    assert result.code == 0, result.err
    assert "2026: the store's schedule is used instead of the holidays library's." in result.out


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("{not json", "不是有效的 JSON"),
        (json.dumps({"years": {"2027": {"holidays": ["2027-02-30"]}}}), "2027-02-30"),
        (json.dumps({"years": {}}), "没有任何年份"),
    ],
)
def test_schedule_add_refuses_a_bad_file_and_writes_nothing(run, store_path, tmp_path, text, fragment):
    file = tmp_path / "bad.json"
    file.write_text(text, "utf-8")
    assert_one_line_error(run("schedule", "add", str(file)), "bad.json", fragment)
    assert not store_path.exists() or not Store.open(store_path, FixedClock(NOW)).calendar.user_years


def test_schedule_add_of_a_missing_file(run, tmp_path):
    assert_one_line_error(run("schedule", "add", str(tmp_path / "none.json")), "none.json", "无法读取")


def test_schedule_show_on_a_personal_store_with_the_users_file(run, cli_env, store_path):
    config = Path(cli_env["XDG_CONFIG_HOME"]) / "tousu"
    config.mkdir(parents=True)
    (config / "schedule.json").write_text(json.dumps({"years": OFFICIAL_2027}), "utf-8")
    assert run("demo").code == 0
    result = run("--lang", "en", "schedule", "show")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == f"Store {store_path}: personal (only you may read or write it)."
    assert "  (none; tousu schedule add FILE adds one)" in lines
    assert "  2026  the holidays library" in result.out
    assert "  2027  your schedule file" in lines
    assert "  2028  estimate: no official schedule yet" in result.out
    assert f"Your schedule file {config / 'schedule.json'}: used (a personal store without a schedule of its own)." in lines
    from cases.deadline_kinds import RULES_VERSION

    assert lines[-1] == f"Stored deadlines: computed with this calendar and these rules (rules {RULES_VERSION})."


def test_schedule_show_on_a_shared_store_with_its_own_schedule(run, cli_env, store_path, tmp_path):
    config = Path(cli_env["XDG_CONFIG_HOME"]) / "tousu"
    config.mkdir(parents=True)
    (config / "schedule.json").write_text(json.dumps({"years": ALICE_2026}), "utf-8")
    file = tmp_path / "2027.json"
    file.write_text(json.dumps({"years": OFFICIAL_2027}), "utf-8")
    assert run("demo").code == 0
    added = run("--lang", "en", "schedule", "add", str(file))
    assert f"Your schedule file {config / 'schedule.json'} is no longer used for this store" in added.out
    store_path.chmod(0o640)
    result = run("--lang", "en", "schedule", "show")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].endswith(": shared (its group or others may read or write it): personal schedule files are ignored.")
    assert any(line.startswith("  2027  days off: 7, weekend days worked: 2; added by ") and
               line.endswith(" on 2026-06-15 10:00") for line in lines)
    assert any(line.startswith("  2027  the store's schedule (added by ") for line in lines)
    assert f"Your schedule file {config / 'schedule.json'}: ignored: the store is shared." in lines
    assert lines[-1].startswith("Stored deadlines: computed with this calendar")


def test_schedule_needs_a_subcommand(run):
    assert_one_line_error(run("schedule"), "tousu schedule")
