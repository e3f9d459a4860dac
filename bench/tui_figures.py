"""Dashboard figures on a generated store, measured as a user meets them.

    python bench/generate.py --cases 10000 --out /tmp/bench/store.json
    python bench/tui_figures.py --store /tmp/bench/store.json [--runs 5]

Prints, each as a median of several runs:
- first paint: process start to the first case rows on screen in a real
  terminal (tmux, 120×40), for tousu and for a minimal Textual app showing one
  line (bench/minimal_app.py), alternating in the same run, and their ratio;
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
import shlex
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SESSION = "tousu-bench"
SIZE = ("120", "40")


def _tmux(*args: str, capture: bool = False) -> str:
    result = subprocess.run(["tmux", *args], capture_output=True, text=True)
    return result.stdout if capture else ""


def _screen() -> str:
    return _tmux("capture-pane", "-p", "-t", SESSION, capture=True)


def _start(command: str) -> float:
    _tmux("kill-session", "-t", SESSION)
    t0 = time.perf_counter()
    _tmux("new-session", "-d", "-s", SESSION, "-x", SIZE[0], "-y", SIZE[1], command)
    return t0


def _wait_for(marker: str, t0: float, timeout: float = 30.0) -> float:
    while time.perf_counter() - t0 < timeout:
        if marker in _screen():
            return time.perf_counter() - t0
        time.sleep(0.004)
    return float("nan")


def first_paint(command: str, marker: str) -> float:
    t0 = _start(command)
    elapsed = _wait_for(marker, t0)
    _tmux("kill-session", "-t", SESSION)
    return elapsed


def tousu_command(store: Path, extra: str = "") -> str:
    env = f"cd {shlex.quote(str(ROOT))} && TOUSU_DB={shlex.quote(str(store))} {extra}"
    return f"{env} {shlex.quote(sys.executable)} -m tui.cli"


def compile_sources() -> None:
    """Write the bytecode of our modules first, as a normal run would have: with
    PYTHONDONTWRITEBYTECODE set (some containers set it) every start would compile
    the changed sources again (~15 ms) and the figure would measure that."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", "cases", "storage", "tui", "themes"],
                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=False)


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


def idle_and_memory(store: Path, seconds: float) -> tuple[float, float]:
    t0 = _start(tousu_command(store))
    _wait_for("K-", t0)
    time.sleep(3.0)  # let start-up work (calendar cache, first poll) finish
    pid = _pid_of("[-]m tui[.]cli")
    if pid is None:
        return float("nan"), float("nan")
    rss = _rss_mb(pid)
    before = _cpu_seconds(pid)
    time.sleep(seconds)
    used = _cpu_seconds(pid) - before
    _tmux("kill-session", "-t", SESSION)
    return 100.0 * used / seconds, rss


def filter_end_to_end(store: Path, query: str = "旺旺") -> list[float]:
    t0 = _start(tousu_command(store))
    _wait_for("K-", t0)
    time.sleep(1.0)
    times = []
    for _ in range(5):
        _tmux("send-keys", "-t", SESSION, "/")
        time.sleep(0.3)
        before = _screen()
        t = time.perf_counter()
        _tmux("send-keys", "-t", SESSION, "-l", query[0])
        while _screen() == before and time.perf_counter() - t < 5:
            time.sleep(0.002)
        times.append(time.perf_counter() - t)
        _tmux("send-keys", "-t", SESSION, "Escape")
        time.sleep(0.3)
    _tmux("kill-session", "-t", SESSION)
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
    minimal, ours = [], []
    for _ in range(args.runs):  # alternating, so both see the same moments of a noisy machine
        minimal.append(first_paint(f"{shlex.quote(sys.executable)} {ROOT / 'bench' / 'minimal_app.py'}", "READY-MARKER"))
        ours.append(first_paint(tousu_command(store), "K-"))
    m_min, m_ours = statistics.median(minimal), statistics.median(ours)
    big = [first_paint(tousu_command(args.big.resolve()), "K-") for _ in range(3)] if args.big else []
    e2e = filter_end_to_end(store)
    inner = in_process(store)
    idle, rss = idle_and_memory(store, args.idle_seconds)

    rows = [
        ("first paint, minimal Textual app", f"{m_min:.3f} s", ""),
        ("first paint, tousu", f"{m_ours:.3f} s", ""),
        ("first paint ratio", f"{m_ours / m_min:.2f}×", "≤ 1.5×"),
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
    print(f"first paint runs (s): minimal {[round(x, 3) for x in minimal]}  tousu {[round(x, 3) for x in ours]}")
    width = max(len(r[0]) for r in rows)
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>28}  {target}")


if __name__ == "__main__":
    main()
