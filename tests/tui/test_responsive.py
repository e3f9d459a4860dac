"""Responsive under load: store work runs in workers while the UI stays usable.

Another real process holds the store's lock (tui_helpers.LockHolder) while the
user saves: the form goes away at once, the title bar shows the busy mark, the
cursor and the filter work, and the save completes once the lock is released.
A save the store refuses brings the form back with what was typed. States are
waited for (workers, bounded polls), never slept for.
"""

from __future__ import annotations

from textual.widgets import Input, Static

from cases.deadlines import case_deadline
from storage.store import Store
from tui.screens.case_form import CaseFormScreen
from tui.screens.log_form import LogFormScreen
from tui.widgets.case_list import CaseList
from notices import said
from tui_helpers import LockHolder, settle, wait_for

BUSY = "读写中…"


def title_bar(app) -> str:
    return str(app.screen.query_one("#title-bar", Static).render())


def titles(app) -> list[str]:
    return [row.title for row in app.screen.query_one(CaseList).rows]


def writes_running(app) -> list:
    return [w for w in app.workers if w.group == "store-write" and not w.is_finished]


async def open_log_form(app, pilot, title: str) -> LogFormScreen:
    app.screen.query_one(CaseList).cursor = titles(app).index(title)
    await pilot.press("l")
    await settle(pilot)
    assert isinstance(app.screen, LogFormScreen)
    return app.screen


async def test_the_ui_stays_usable_while_another_process_holds_the_lock(filled_store, make_app, store_path, clock):
    app = make_app(filled_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert BUSY not in title_bar(app)  # quick work shows no mark
        form = await open_log_form(app, pilot, "会员权益未开通")
        form.query_one("#f-ticket", Input).value = "HM-LOCKED-1"
        with LockHolder(store_path) as holder:
            await pilot.press("ctrl+s")
            # The form is gone at once; the write waits for the lock in a worker.
            assert await wait_for(pilot, lambda: not isinstance(app.screen, LogFormScreen))
            assert await wait_for(pilot, lambda: BUSY in title_bar(app))
            assert writes_running(app)
            # Keys, the cursor and the filter work meanwhile.
            lst = app.screen.query_one(CaseList)
            await pilot.press("home")
            assert lst.cursor == 0
            await pilot.press("down", "down")
            assert lst.cursor == 2
            await pilot.press("up")
            assert lst.cursor == 1
            await pilot.press("slash", *"旺旺")
            assert titles(app) == ["卡密无效 [bold]红[/bold] [TODO]"]
            await pilot.press("escape")
            assert len(titles(app)) == 3
            moved_to = lst.highlighted.id
            # The clock keeps ticking without piling polls up behind the waiting write.
            for _ in range(3):
                app.tick()
                await pilot.pause()
            assert len([w for w in app.workers if w.group == "lane-poll" and not w.is_finished]) <= 1
            assert writes_running(app) and BUSY in title_bar(app)
            # Nothing written yet: another process reads the store as it was.
            other = Store.open(store_path, clock)
            try:
                assert all(e.ticket != "HM-LOCKED-1" for e in other.case(form.case.id).timeline)
            finally:
                other.close()
            # Quitting now would lose the save: asked first.
            await pilot.press("q")
            assert app.is_running and any("还在保存" in n for n in said(app))
            holder.release()
            await settle(pilot)
        assert not writes_running(app)
        assert BUSY not in title_bar(app)
        assert any("已记录到" in n for n in said(app))
        row = next(r for r in app.screen.query_one(CaseList).rows if r.title == "会员权益未开通")
        assert row.ticket == "HM-LOCKED-1"
        # The user moved on while it saved: the cursor stays where they put it.
        assert app.screen.query_one(CaseList).highlighted.id == moved_to != row.id
    case = next(c for c in filled_store.cases() if c.title == "会员权益未开通")
    assert [e.ticket for e in case.timeline].count("HM-LOCKED-1") == 1


async def test_a_save_the_store_refuses_brings_the_form_back_with_what_was_typed(filled_store, make_app,
                                                                                 store_path, clock):
    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one(CaseList).cursor = titles(app).index("会员权益未开通")
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        other = Store.open(store_path, clock)  # another volunteer retitles the case meanwhile
        try:
            other.update_case(form.base.id, lambda c: setattr(c, "title", "会员权益未开通（他人修改）"))
        finally:
            other.close()
        form.query_one("#f-title", Input).value = "会员权益未开通（等锁时改的）"
        with LockHolder(store_path) as holder:
            await pilot.press("ctrl+s")
            assert await wait_for(pilot, lambda: app.screen is not form and BUSY in title_bar(app))
            assert writes_running(app)  # waiting for the lock
            holder.release()
            # Then the store finds the conflict: said, and the same form comes back as it was.
            assert await wait_for(pilot, lambda: app.screen is form, timeout=10)
        await settle(pilot)
        assert form.query_one("#f-title", Input).value == "会员权益未开通（等锁时改的）"
        assert any("已被他人修改" in n for n in said(app))
        form.query_one("#f-title", Input).value = "会员权益未开通（他人修改）"  # take theirs, and
        form.query_one("#f-platform", Input).value = "好客权益卡盟（新域名）"  # change another field
        await pilot.press("ctrl+s")  # it can be saved again
        await settle(pilot)
        assert not isinstance(app.screen, CaseFormScreen)
        assert not form.is_attached  # dropped once saved
    saved = next(c for c in filled_store.cases() if c.id == form.base.id)
    assert (saved.title, saved.platform) == ("会员权益未开通（他人修改）", "好客权益卡盟（新域名）")


async def test_a_form_is_saved_once_however_often_it_is_submitted(filled_store, make_app, clock):
    app = make_app(filled_store)
    async with app.run_test(size=(110, 40)) as pilot:
        await settle(pilot)
        form = await open_log_form(app, pilot, "会员权益未开通")
        before = len(form.case.timeline)
        form.query_one("#f-ticket", Input).value = "ONCE-1"
        form.action_save()
        form.action_save()  # a second ctrl+s before the form is gone
        await settle(pilot)
    case = next(c for c in filled_store.cases() if c.title == "会员权益未开通")
    assert len(case.timeline) == before + 1
    assert case_deadline(case) is not None
