"""Shared use: another real process's writes reach an open dashboard; a conflicting
edit is refused with a message and the form keeps what was typed."""

from __future__ import annotations

import os
import subprocess
import sys

from textual.widgets import Input

from storage.store import Store
from tui.screens.case_form import CaseFormScreen
from tui.widgets.case_list import CaseList
from notices import said
from tui_helpers import NOW, settle


def titles(app) -> list[str]:
    return [r.title for r in app.screen.query_one(CaseList).rows]


def tousu(store_path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TOUSU_DB": str(store_path), "TOUSU_NOW": NOW}
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], env=env, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=60, check=True)


async def test_dashboard_sees_a_change_made_by_another_process(filled_store, make_app, store_path):
    app = make_app(filled_store)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        added = tousu(store_path, "add", "--platform", "云端卡盟", "--title", "另一位志愿者新建的案件",
                      "--channel", "heimao", "--ticket", "HM-1").stdout.strip()
        tousu(store_path, "log", "K-0002", "--channel", "heimao", "--deadline", "1小时", "--ticket", "HM-2")
        app.tick()  # what the app's one-second timer does
        await settle(pilot)
        assert "另一位志愿者新建的案件" in titles(app)
        row = next(r for r in app.screen.query_one(CaseList).rows if r.id == "K-0002")
        assert row.ticket == "HM-2"
        assert app.screen.query_one(CaseList).cell(row, "countdown") == "剩 1小时"
        assert added.startswith("K-")


async def test_conflicting_edit_is_refused_and_nothing_typed_is_lost(filled_store, make_app, store_path, clock):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(CaseList)
        lst.cursor = titles(app).index("会员权益未开通")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        # meanwhile another volunteer retitles the same case
        other = Store.open(store_path, clock)
        try:
            other.update_case(form.base.id, lambda c: setattr(c, "title", "会员权益未开通（他人修改）"))
        finally:
            other.close()
        form.query_one("#f-title", Input).value = "会员权益未开通（我的修改）"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still open, with what was typed
        assert form.query_one("#f-title", Input).value == "会员权益未开通（我的修改）"
        assert any("已被他人修改" in n for n in said(app))
    kept = next(c for c in filled_store.cases() if c.id == form.base.id)
    assert kept.title == "会员权益未开通（他人修改）"


async def test_edits_to_different_fields_merge(filled_store, make_app, store_path, clock):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one(CaseList).cursor = titles(app).index("会员权益未开通")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        other = Store.open(store_path, clock)
        try:
            other.update_case(form.base.id, lambda c: setattr(c, "notes", "他人补充的备注"))
        finally:
            other.close()
        form.query_one("#f-platform", Input).value = "好客权益卡盟（新域名）"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CaseFormScreen)
    filled_store.poll()
    merged = filled_store.case(form.base.id)
    assert (merged.platform, merged.notes) == ("好客权益卡盟（新域名）", "他人补充的备注")


async def test_open_dashboard_shows_the_change_within_two_seconds(filled_store, make_app, store_path):
    import time

    app = make_app(filled_store, tick_seconds=1.0)  # the real one-second timer, not a manual tick
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)
        tousu(store_path, "add", "--platform", "云端卡盟", "--title", "两秒内应出现的案件")
        written = time.monotonic()
        while "两秒内应出现的案件" not in titles(app) and time.monotonic() - written < 2.0:
            await pilot.pause(0.05)
        assert "两秒内应出现的案件" in titles(app), "not shown within 2 s"


async def test_acting_on_a_case_someone_deleted_explains_instead_of_crashing(filled_store, make_app, store_path, clock):
    from tui.screens.escalate import EscalateScreen

    app = make_app(filled_store)
    async with app.run_test(size=(110, 30)) as pilot:
        await settle(pilot)  # the whole list read (not only its head): no later read removes the case meanwhile
        assert app.screen.loaded
        gone = app.screen.query_one(CaseList).highlighted.id
        other = Store.open(store_path, clock)
        try:
            other.delete_case(gone, "tester")
        finally:
            other.close()
        app.store.poll()  # the store knows; the list has not repainted yet (the race)
        from tui.screens.case_detail import CaseDetailScreen

        for key in ("x", "u", "e", "l", "enter"):
            await pilot.press(key)
            await settle(pilot)
            assert not isinstance(app.screen, (EscalateScreen, CaseFormScreen, CaseDetailScreen))
        assert any("找不到案件" in n for n in said(app))
        app.tick()
        await settle(pilot)
        assert gone not in [r.id for r in app.screen.query_one(CaseList).rows]


async def test_idle_dashboards_with_two_calendars_never_write(filled_store, make_app, store_path, clock, tmp_path):
    """Two volunteers whose own schedule files differ (one personal store opened under two
    configurations): each dashboard shows its calendar's deadlines, and neither writes."""
    import json

    from cases.summary import summarize

    def state() -> tuple:
        return tuple((os.stat(p).st_mtime_ns, os.stat(p).st_size)
                     for p in (store_path, store_path.with_name(store_path.name + ".journal")))

    from cases.model import Case, Event
    from tui_helpers import at

    filled_store.add_case(Case(title="12315 待受理", platform="汇想卡盟",  # 7 working days from Sun 11-22
                               timeline=[Event(kind="submitted", channel="12315", at=at(-1), seq=1)]))
    before = state()
    cases = {c.id: c for c in filled_store.cases()}
    stored = {d["id"]: d["deadline"] for d in filled_store.summary_docs()}
    for name, holidays in (("alice", ["2026-11-23", "2026-11-24"]), ("bob", [])):
        path = tmp_path / name / "schedule.json"
        path.parent.mkdir()
        path.write_text(json.dumps({"years": {"2026": {"holidays": holidays, "workdays": []}}}), "utf-8")
        store = Store.open(store_path, clock, schedule_file=path)
        app = make_app(store)
        async with app.run_test(size=(110, 30)) as pilot:
            await pilot.pause()
            for _ in range(5):
                app.tick()  # the one-second timer: a poll, nothing to reload
                await pilot.pause()
            rows = app.screen.query_one(CaseList).rows
            assert rows and all(r.doc["deadline"] == summarize(cases[r.id], store.calendar).deadline for r in rows)
            moved = [r.id for r in rows if r.doc["deadline"] != stored[r.id]]
            assert bool(moved) is (name == "alice")  # two days off move alice's working-day deadlines
        store.close()
        assert state() == before, name
