"""What the dashboard's first frame leaves unimported: modules its first screen does not use
(the case's dataclasses, the deadline rules, rosters, typed deadlines, backups, compaction, the
argument parser, the filter's query parser) cost start-up time in every process that opens the
dashboard, so they are imported where they are used. Arrow too (~13 ms): the first screen
computes its countdowns, deadline column and clock from POSIX times (``Clock.timestamp``), and
the first instant made imports it.

Run in a fresh interpreter (this one has imported everything): the dashboard on a store of
a few cases, compacted so the first screen is painted from the ordered summaries, as a real
store is; the modules loaded are listed when the app's first frame is out (its Ready)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from storage.store import Store
from themes.loader import stylesheet_path
from tui_helpers import NOW

REPO = Path(__file__).resolve().parents[2]

#: Modules the first frame does not need (each imported by the code that uses it).
NOT_BEFORE_FIRST_FRAME = (
    "arrow",
    "cases.deadlines",
    "cases.model",
    "cases.practice",
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
    "tui.filter_query",
    "argparse",
)

_PROBE = """
import asyncio, json, sys
from datetime import datetime
from cases.clock import TZ
import tui.cli  # as the `tousu` launcher: the command line's modules come first
from storage.settings import Settings
from storage.store import Store
from tui.app import TousuApp

path, now, settings, watched = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(",")


class PinnedClock:
    # Pinned at `now`, as FixedClock is, but holding a POSIX time: FixedClock holds an arrow
    # object, and the probe watches for arrow's import.

    def __init__(self, text):
        self.ts = datetime.fromisoformat(text).timestamp()

    def timestamp(self):
        return self.ts

    def now(self):
        import arrow

        return arrow.get(self.ts).to(TZ)


class Probe(TousuApp):
    loaded: list[str] = []
    first_row = ""
    sheets: list[str] = []

    def on_ready(self) -> None:
        Probe.loaded = [m for m in watched if m in sys.modules]
        Probe.first_row = self.screen.case_list.highlighted.id
        Probe.sheets = sorted(path for path, class_var in self.stylesheet.source if not class_var)
        super().on_ready()
        self.exit(0)


async def main() -> None:
    clock = PinnedClock(now)
    store = Store.open(path, clock)
    try:
        app = Probe(store, clock, lang="zh", settings=Settings.load(settings), tick_seconds=0)
        async with app.run_test(size=(120, 40)):
            pass
    finally:
        store.close()
    print(json.dumps({"loaded": Probe.loaded, "first": Probe.first_row, "sheets": Probe.sheets}))


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
    assert found["sheets"] == [str(stylesheet_path())]  # the other screens' stylesheets: after this frame
