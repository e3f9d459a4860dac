"""The dashboard's upkeep once its list is read: today's backup of the store it shows
(storage.backup), never before the first frame, a copy that fails a warning; and deadlines
it recomputed (newer rules) stored, so the next start reads them."""

from __future__ import annotations

import asyncio
import os
from contextlib import asynccontextmanager

from notices import notices
from tui_helpers import settle

from storage import summaries
from storage.backup import folder_of, list_backups
from storage.store import Store
from tui.app_store import Upkept


@asynccontextmanager
async def upkept(app):
    """Run ``app``; yields once its upkeep write has ended (the Upkept message)."""
    ended = asyncio.Event()

    def seen(message) -> None:
        if isinstance(message, Upkept):
            ended.set()

    async with app.run_test(size=(110, 30), message_hook=seen) as pilot:
        await settle(pilot)
        await asyncio.wait_for(ended.wait(), timeout=30)
        yield pilot


async def test_the_dashboard_backs_the_store_up_once_it_is_up(filled_store, make_app, store_path):
    app = make_app(filled_store, tick_seconds=1.0)
    async with upkept(app):
        (made,) = list_backups(store_path)
        assert made.reason == "daily" and made.path.read_bytes() == store_path.read_bytes()


async def test_a_backup_that_cannot_be_made_is_a_warning(filled_store, make_app, store_path):
    folder = folder_of(store_path)
    folder.write_text("not a folder", "utf-8")  # where the backups would go
    app = make_app(filled_store, tick_seconds=1.0)
    async with upkept(app):
        (warning,) = [n for n in notices(app) if n.severity == "warning"]
        assert warning.message.startswith("今天的备份没能完成") and app.is_running
    assert folder.read_text("utf-8") == "not a folder" and os.path.isfile(folder)


async def test_deadlines_of_older_rules_are_stored_once_the_list_is_read(filled_store, make_app, store_path, clock,
                                                                         monkeypatch):
    from cases import deadline_kinds

    monkeypatch.setattr(deadline_kinds, "RULES_VERSION", deadline_kinds.RULES_VERSION + 1)  # this tousu's rules are newer
    store = Store.open(store_path, clock)
    assert store.deadlines_record()[0] == summaries.BEHIND
    app = make_app(store, tick_seconds=1.0)
    async with upkept(app):
        reader = Store.open(store_path, clock)
        try:
            assert reader.deadlines_record()[0] == summaries.CURRENT
        finally:
            reader.close()
