"""UI-thread cost of opening the case detail of a case with a very long timeline.

    python bench/detail_figures.py [--entries 10000] [--runs 7]

Builds a store in a temporary folder (the hand-written demo cases, one case whose
timeline has ``--entries`` entries and one with 10, ``cases.demo_timeline``),
runs the dashboard in-process (Textual's headless test driver, 120×40) and opens
the detail of each with ⏎, turn about, again and again. Each opening measures,
from the key to the detail painted with nothing left in flight:

- UI-thread CPU: ``time.thread_time()`` of the thread that runs the event loop
  (store reads and rendering in worker threads do not count; the GIL they take
  shows in the next figure);
- longest freeze: the longest gap seen by a task that wakes every 2 ms on the
  event loop (the UI cannot answer a key for that long), in a second opening
  (the watcher's wake-ups would count as UI-thread CPU);
- wall time to the painted detail.

Prints the median of each for both cases (and the runs). Opening any screen costs
the UI thread something (Textual composes it and its footer): the 10-entry case
shows how much, so the difference is what the long timeline adds. The process
freezes the collector's objects first, as the dashboard does (``gc.freeze()`` in
``tui.app.run_dashboard``). Machines are noisy (the two cases alternate so they
meet the same moments): quote medians.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOW = "2026-11-22T10:00:00+08:00"
SHORT = 10  # timeline entries of the case that shows what opening any detail costs


def build_store(path: Path, entries: int) -> tuple[str, str]:
    """The demo cases plus the long and the short one; returns their ids."""
    from cases.clock import FixedClock, parse_instant
    from cases.demo import build_demo
    from cases.demo_timeline import long_timeline_case
    from storage.store import Store

    now = parse_instant(NOW)
    with Store.open(path, FixedClock(NOW)) as store:
        cases, groups = build_demo(now)
        store.replace_all(cases, groups)
        return (store.add_case(long_timeline_case(now, entries)).id,
                store.add_case(long_timeline_case(now, SHORT)).id)


class Stalls:
    """The longest time the event loop could not run a task that wakes every 2 ms."""

    def __init__(self, active: bool = True) -> None:
        self.active = active
        self.longest = 0.0
        self._task: asyncio.Task | None = None

    async def _watch(self) -> None:
        while True:
            t = time.perf_counter()
            await asyncio.sleep(0.002)
            self.longest = max(self.longest, time.perf_counter() - t - 0.002)

    def __enter__(self) -> Stalls:
        if self.active:
            self._task = asyncio.get_running_loop().create_task(self._watch())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()


def _opened(app) -> bool:
    screen = app.screen
    return (screen.id == "detail" and getattr(screen, "case", None) is not None
            and not any(w.is_running for w in app.workers))


async def _until(pilot, condition, timeout: float = 60.0) -> None:
    """Wait without polling the loop much (the figure is the loop's own CPU time): for
    the workers, then for the app to be idle with the frame painted."""
    end = time.perf_counter() + timeout
    while True:
        await pilot.app.workers.wait_for_complete()
        await pilot.wait_for_scheduled_animations()  # messages handled, the frame painted
        if condition():
            return
        if time.perf_counter() > end:
            raise TimeoutError("the detail did not open")
        await asyncio.sleep(0.01)


async def _open(pilot, stalls: bool) -> tuple[float, float, float]:
    """Press ⏎ and wait for the painted detail: (UI-thread CPU, longest freeze, wall)."""
    app = pilot.app
    with Stalls(active=stalls) as watch:
        cpu, wall = time.thread_time(), time.perf_counter()
        await pilot.press("enter")
        await _until(pilot, lambda: _opened(app))
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
    await pilot.press("escape")
    await _until(pilot, lambda: app.screen.id == "dashboard")
    return cpu, watch.longest, wall


async def measure(path: Path, case_ids: dict[str, str], runs: int) -> dict[str, dict[str, list[float]]]:
    from cases.clock import FixedClock
    from storage.settings import Settings
    from storage.store import Store
    from tui.app import TousuApp
    from tui.widgets.case_list import CaseList

    figures = {name: {"cpu": [], "freeze": [], "wall": []} for name in case_ids}
    clock = FixedClock(NOW)
    gc.freeze()  # as tui.app.run_dashboard does once everything is imported
    with Store.open(path, clock) as store:
        app = TousuApp(store, clock, settings=Settings(), tick_seconds=0)
        async with app.run_test(size=(120, 40)) as pilot:
            await _until(pilot, lambda: app.screen._version == store.version)
            lst = app.screen.query_one(CaseList)
            for _ in range(runs):
                for name, case_id in case_ids.items():
                    lst.cursor = [row.id for row in lst.rows].index(case_id)
                    await _until(pilot, lambda: True)
                    # CPU without the freeze watcher (its wake-ups are loop time too), then the freeze
                    cpu, _, wall = await _open(pilot, stalls=False)
                    _, freeze, _ = await _open(pilot, stalls=True)
                    figures[name]["cpu"].append(cpu)
                    figures[name]["freeze"].append(freeze)
                    figures[name]["wall"].append(wall)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store.json"
        long_id, short_id = build_store(path, args.entries)
        names = {f"{args.entries:,} entries": long_id, f"{SHORT} entries": short_id}
        figures = asyncio.run(measure(path, names, args.runs))

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000

    print(f"{args.runs} runs; medians in ms")
    for name, runs in figures.items():
        for figure, values in runs.items():
            print(f"  {name}, {figure} runs (ms): {[round(v * 1000, 1) for v in values]}")
    long_name, short_name = names
    rows = [
        ("UI-thread CPU, ⏎ → detail painted", "cpu"),
        ("longest freeze of the UI meanwhile", "freeze"),
        ("wall time, ⏎ → detail painted", "wall"),
    ]
    width = max(len(label) for label, _ in rows)
    print(f"{'':<{width}}  {long_name:>14}  {short_name:>14}  {'difference':>10}")
    for label, key in rows:
        a, b = ms(figures[long_name][key]), ms(figures[short_name][key])
        print(f"{label:<{width}}  {a:>14.1f}  {b:>14.1f}  {a - b:>10.1f}")


if __name__ == "__main__":
    main()
