"""What the dashboard's first frame leaves unimported: modules its first screen does not use
(the case's dataclasses, rosters, typed deadlines, backups, compaction, argument checks) cost start-up
time in every process that opens the dashboard, so they are imported where they are used.

Run in a fresh interpreter (this one has imported everything): the dashboard on a store of
a few cases, compacted so the first screen is painted from the ordered summaries, as a real
store is; the modules loaded are listed when the app's first frame is out (its Ready)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from storage.store import Store
from tui_helpers import NOW

REPO = Path(__file__).resolve().parents[2]

#: Modules the first frame does not need (each imported by the code that uses it).
NOT_BEFORE_FIRST_FRAME = (
    "cases.model",
    "cases.roster",
    "cases.durations",
    "cases.typed_deadline",
    "storage.backup",
    "storage.compaction",
    "storage.documents",
    "storage.journal_writer",
    "storage.migrations",
    "storage.moved_tables",
    "storage.schedule_reports",
    "storage.splice",
    "tui.cli.argv",
    "tui.cli.completion",
)

_PROBE = """
import asyncio, json, sys
from cases.clock import FixedClock
from storage.settings import Settings
from storage.store import Store
from tui.app import TousuApp

path, now, settings, watched = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(",")


class Probe(TousuApp):
    loaded: list[str] = []
    first_row = ""

    def on_ready(self) -> None:
        Probe.loaded = [m for m in watched if m in sys.modules]
        Probe.first_row = self.screen.case_list.highlighted.id
        super().on_ready()
        self.exit(0)


async def main() -> None:
    clock = FixedClock(now)
    store = Store.open(path, clock)
    try:
        app = Probe(store, clock, lang="zh", settings=Settings.load(settings), tick_seconds=0)
        async with app.run_test(size=(120, 40)):
            pass
    finally:
        store.close()
    print(json.dumps({"loaded": Probe.loaded, "first": Probe.first_row}))


asyncio.run(main())
"""


def test_the_first_frame_imports_none_of_what_its_screen_does_not_use(filled_store, clock, tmp_path):
    filled_store.compact()  # the summaries stored in dashboard order: the first screen reads their head
    filled_store.close()
    reopened = Store.open(filled_store.path, clock)
    try:
        first = reopened.summary_head(1)  # what a fresh process paints first
    finally:
        reopened.close()
    assert first is not None
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(filled_store.path), NOW, str(tmp_path / "settings.json"),
         ",".join(NOT_BEFORE_FIRST_FRAME)],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["first"] == first[0][0]["id"]  # the dashboard was painted, its first case highlighted
    assert found["loaded"] == []
