"""Dashboard figures on a generated store, measured as a user meets them.

    python bench/generate.py --cases 10000 --out /tmp/bench/store.json
    python bench/tui_figures.py --store /tmp/bench/store.json [--runs 5]

Prints, each as a median of several runs:
- first paint: process start to the first case's id on screen in a real
  terminal (tmux, 120×40, a fresh HOME each run), for the ``tousu`` executable
  and for a minimal Textual app showing one line (bench/minimal_app.py),
  alternating, and their ratio (bench/first_paint.py, which also runs alone);
  then the UI thread's CPU time while every summary is read after that first
  frame (the read itself runs in a worker);
- filter: from a key to the repainted list, in-process (apply the filter and
  paint every visible line) and end to end in tmux (send-keys to the screen
  changing);
- scrolling: the cost of painting each page while paging through every row;
- idle: CPU used by an open dashboard over 20 s, as % of one core;
- memory: resident set size of the open dashboard;
- with --big: the first paint on a 100,000-case store.
Needs tmux. Machines are noisy: quote medians and ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.first_paint import (  # noqa: E402
    CASE_ID, TARGET_RATIO, Program, Tmux, compile_sources, first_paint, measure, shell_command, store_copy,
    tmux_server, tousu_program,
)


def _open_dashboard(tmux: Tmux, program: Program, home: str) -> str:
    """Start the dashboard (HOME: ``home``) and wait for its first case; the session's name."""
    name, t0 = tmux.start(shell_command(program.argv, {**program.env, "HOME": home}))
    tmux.wait_for(name, t0, CASE_ID)
    return name


def _pid_of(pattern: str) -> int | None:
    out = subprocess.run(["pgrep", "-f", "--", pattern], capture_output=True, text=True).stdout.split()
    return int(out[-1]) if out else None


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def idle_and_memory(tmux: Tmux, program: Program, seconds: float, home: str) -> tuple[float, float]:
    name = _open_dashboard(tmux, program, home)
    time.sleep(3.0)  # let start-up work (calendar cache, first poll) finish
    pid = _pid_of("[-]c import sys; from tui[.]launcher")
    if pid is None:
        return float("nan"), float("nan")
    rss = _rss_mb(pid)
    before = _cpu_seconds(pid)
    time.sleep(seconds)
    used = _cpu_seconds(pid) - before
    tmux.kill(name)
    return 100.0 * used / seconds, rss


def filter_end_to_end(tmux: Tmux, program: Program, home: str, query: str = "旺旺") -> list[float]:
    name = _open_dashboard(tmux, program, home)
    time.sleep(1.0)
    times = []
    for _ in range(5):
        tmux.run("send-keys", "-t", name, "/")
        time.sleep(0.3)
        before = tmux.screen(name)
        t = time.perf_counter()
        tmux.run("send-keys", "-t", name, "-l", query[0])
        while tmux.screen(name) == before and time.perf_counter() - t < 5:
            time.sleep(0.002)
        times.append(time.perf_counter() - t)
        tmux.run("send-keys", "-t", name, "Escape")
        time.sleep(0.3)
    tmux.kill(name)
    return times


def in_process(store: Path) -> dict[str, list[float]]:
    """Filter and scroll costs inside the app (no terminal I/O)."""
    sys.path.insert(0, str(ROOT))
    from cases.clock import SystemClock
    from storage.settings import Settings
    from storage.store import Store
    from tui.app import TousuApp
    from tui.widgets.case_list import CaseList

    figures: dict[str, list[float]] = {"filter": [], "page": [], "read_all": []}

    async def run() -> None:
        clock = SystemClock()
        with Store.open(store, clock) as s:
            app = TousuApp(s, clock, settings=Settings(), tick_seconds=0)
            async with app.run_test(size=(120, 40)) as pilot:
                screen = app.screen
                # The first frame came from the head: everything is read in a worker;
                # what the UI thread spends meanwhile (taking the result in, repainting).
                cpu = time.thread_time()
                while screen._version is None:
                    await pilot.pause(0.01)
                figures["read_all"].append(time.thread_time() - cpu)
                lst = screen.query_one(CaseList)
                filt = screen.query_one("#filter")

                def paint() -> None:
                    for y in range(lst.size.height):
                        lst.render_line(y)

                for text in ("旺", "旺旺", "旺旺卡", "旺旺卡盟", "", "12315", "充值", "", "s:waiting", ""):
                    t = time.perf_counter()
                    filt.value = text
                    screen.apply_filter()
                    paint()
                    figures["filter"].append(time.perf_counter() - t)
                lst.focus()
                rows = len(lst.rows)
                page = max(lst.size.height - 1, 1)
                for _ in range(0, rows, page):
                    t = time.perf_counter()
                    lst.action_page(1)
                    paint()
                    figures["page"].append(time.perf_counter() - t)

    asyncio.run(run())
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle-seconds", type=float, default=20.0)
    parser.add_argument("--big", type=Path, help="also time the first paint on this store (e.g. 100,000 cases)")
    args = parser.parse_args()
    store = args.store.resolve()

    compile_sources()
    with store_copy(store) as copy, tmux_server() as tmux:
        paint = measure(tmux, copy, max(args.runs, 7))  # the measure: medians of 7 at least
        ours = tousu_program(tmux, copy)
        big = []
        if args.big:
            with store_copy(args.big.resolve()) as big_copy:
                big_program = tousu_program(tmux, big_copy)
                big = [first_paint(tmux, big_program) for _ in range(3)]
        with tempfile.TemporaryDirectory(prefix="tousu-home-") as home:
            e2e = filter_end_to_end(tmux, ours, home)
            idle, rss = idle_and_memory(tmux, ours, args.idle_seconds, home)
    inner = in_process(store)

    rows = [
        ("first paint, minimal Textual app", f"{statistics.median(paint.minimal):.3f} s", ""),
        (f"first paint, tousu ({paint.marker} on screen)", f"{statistics.median(paint.tousu):.3f} s", ""),
        ("first paint ratio", f"{paint.ratio:.2f}×", f"≤ {TARGET_RATIO}×"),
        ("then every case read (UI-thread CPU meanwhile)", f"{statistics.median(inner['read_all']) * 1000:.0f} ms", ""),
        ("filter, key → repaint (in-process)", f"{statistics.median(inner['filter']) * 1000:.1f} ms"
         f" (max {max(inner['filter']) * 1000:.1f})", "≤ 50 ms"),
        ("filter, key → screen (tmux)", f"{statistics.median(e2e) * 1000:.1f} ms", "≤ 50 ms"),
        ("scroll, paint one page", f"{statistics.median(inner['page']) * 1000:.2f} ms"
         f" (max {max(inner['page']) * 1000:.1f}, {len(inner['page'])} pages)", "no stalls"),
        ("idle CPU (countdown refresh)", f"{idle:.2f} % of a core", "≤ 2 %"),
        ("resident memory", f"{rss:.0f} MB", "≤ 250 MB"),
    ]
    if big:
        rows.append((f"first paint at {args.big.name}", f"{statistics.median(big):.3f} s", "< 3 s"))
    print(f"store: {store}  runs: {args.runs}")
    print(paint.lines()[0])
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>28}  {target}")


if __name__ == "__main__":
    main()
