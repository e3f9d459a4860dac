"""Storage and CLI figures on a generated store, each the median of several runs.

    python bench/generate.py --cases 10000 --out /tmp/bench/store.json
    python bench/storage_figures.py --store /tmp/bench/store.json [--runs 5] [--big /tmp/bench/big.json]

Measures (the store is copied first: the commands write to the copy):

- whole process, as a script sees it: ``tousu list --json``, ``tousu add …``,
  ``tousu log …`` (``[sys.executable, "-m", "tui.cli", …]`` with ``TOUSU_DB``);
- in a fresh process, timed inside it (no interpreter start-up): ``Store.open``
  + ``summaries()`` (with orjson and with ``TOUSU_JSON=json``), ``Store.open``
  + ``case(id)``, ``cases()`` (everything), and the resident memory after
  ``summaries()`` and after ``cases()``;
- in one long-lived process that has read the summaries (like the dashboard):
  ``update_case`` persisted (median of 50), the ``summaries()`` that follows
  each, and a compaction;
- open + ``summaries()`` on a 100,000-case store (``--big``; generated there
  if missing, ~1 min; ``--no-big`` skips it).

Prints a table with the target and pass/fail where the issue sets one
("info" rows have none). Machines are noisy: quote medians.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import NOW, generate, store_files  # noqa: E402

# ----------------------------------------------------------------------------- probes (run in a fresh process)

_PROBE_HEAD = f"""
import json, os, resource, sys, time
sys.path.insert(0, {str(ROOT)!r})
def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
from cases.clock import FixedClock
from storage.store import Store
path = sys.argv[1]
clock = FixedClock({NOW!r})
"""

PROBES = {
    "summaries": """
t0 = time.perf_counter(); store = Store.open(path, clock); items = store.summaries(); t1 = time.perf_counter()
print(json.dumps({"s": t1 - t0, "n": len(items), "rss": rss_mb(), "loaded": store.loaded}))
""",
    "case": """
t0 = time.perf_counter(); store = Store.open(path, clock); case = store.case(sys.argv[2]); t1 = time.perf_counter()
print(json.dumps({"s": t1 - t0, "rss": rss_mb(), "loaded": store.loaded}))
""",
    "cases": """
t0 = time.perf_counter(); store = Store.open(path, clock); items = store.cases(); t1 = time.perf_counter()
print(json.dumps({"s": t1 - t0, "n": len(items), "rss": rss_mb()}))
""",
    "edits": """
from cases.model import Event
store = Store.open(path, clock); store.summaries()
times, lists = [], []
for i in range(int(sys.argv[3])):
    t0 = time.perf_counter()
    store.update_case(sys.argv[2], lambda c, i=i: c.add_event(Event(kind="note", at={NOW!r}, said=f"bench {i}")))
    t1 = time.perf_counter()
    store.summaries()
    times.append(t1 - t0); lists.append(time.perf_counter() - t1)
t0 = time.perf_counter(); store.compact(); t1 = time.perf_counter()
print(json.dumps({"times": times, "lists": lists, "compact": t1 - t0, "loaded": store.loaded, "rss": rss_mb()}))
""".replace("{NOW!r}", repr(NOW)),
}


def probe(kind: str, *args: str, env: dict[str, str] | None = None) -> dict:
    code = _PROBE_HEAD + PROBES[kind]
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         env={**os.environ, **(env or {})}, cwd=ROOT, timeout=600)
    if out.returncode != 0:
        raise SystemExit(f"probe {kind} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def whole_process(args: list[str], store: Path) -> float:
    env = {**os.environ, "TOUSU_DB": str(store), "TOUSU_NOW": NOW, "PYTHONPATH": str(ROOT)}
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "tui.cli", *args], stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, env=env, cwd=ROOT, timeout=600)
    elapsed = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"tousu {' '.join(args)} failed: {out.stderr.decode(errors='replace')}")
    return elapsed


def median(values: list[float]) -> float:
    return statistics.median(values)


# ----------------------------------------------------------------------------- the table

class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, name: str, value: float, unit: str, target: float | None = None, *, fmt: str = "{:.3f}") -> None:
        shown = fmt.format(value) + " " + unit
        if target is None:
            self.rows.append((name, shown, "", "info"))
        else:
            self.rows.append((name, shown, "≤ " + fmt.format(target) + " " + unit, "pass" if value <= target else "FAIL"))

    def print(self) -> None:
        widths = [max(len(row[i]) for row in self.rows + [("figure", "median", "target", "")]) for i in range(4)]
        line = "  ".join("{:<%d}" % w for w in widths)
        print(line.format("figure", "median", "target", "result"))
        print(line.format(*("-" * w for w in widths)))
        for row in self.rows:
            print(line.format(*row))


def run(store: Path, runs: int, big: Path | None) -> Table:
    table = Table()
    work = Path(tempfile.mkdtemp(prefix="tousu-bench-"))
    copy = work / "store.json"
    for src, dst in zip(store_files(store), store_files(copy)):
        if src.exists():
            shutil.copy2(src, dst)
    try:
        from storage.store import Store
        from cases.clock import FixedClock

        ids = [s.id for s in Store.open(copy, FixedClock(NOW)).summaries()]
        target_id = ids[len(ids) // 2]
        print(f"store: {store} ({len(ids):,} cases, {store.stat().st_size / 1e6:.1f} MB); {runs} runs each", flush=True)

        table.add("tousu list --json (process)", median([whole_process(["list", "--json"], copy) for _ in range(runs)]), "s", 0.3)
        table.add("tousu add (process)", median([
            whole_process(["add", "--title", f"基准测试 {i}", "--platform", "汇想卡盟"], copy) for i in range(runs)]), "s", 0.15)
        table.add("tousu log (process)", median([
            whole_process(["log", target_id, "--channel", "platform-cs", "--note", f"基准 {i}"], copy) for i in range(runs)]), "s", 0.15)

        edits = probe("edits", str(copy), ids[1], "50")
        table.add("update_case persisted (TUI process)", median(edits["times"]) * 1000, "ms", 20, fmt="{:.1f}")
        table.add("  then summaries() (incremental)", median(edits["lists"]) * 1000, "ms", fmt="{:.2f}")
        table.add("compaction (splice, not loaded)", edits["compact"], "s")

        summaries = [probe("summaries", str(copy)) for _ in range(runs)]
        assert not any(s["loaded"] for s in summaries), "summaries() loaded the documents"
        table.add("open + summaries() (fresh process)", median([s["s"] for s in summaries]), "s")
        pure = [probe("summaries", str(copy), env={"TOUSU_JSON": "json"}) for _ in range(runs)]
        table.add("  same with TOUSU_JSON=json", median([s["s"] for s in pure]), "s")
        cases = [probe("case", str(copy), target_id) for _ in range(runs)]
        table.add("open + case(id) (fresh process)", median([c["s"] for c in cases]) * 1000, "ms", fmt="{:.1f}")
        table.add("RSS after summaries()", median([s["rss"] for s in summaries]), "MB", 250, fmt="{:.0f}")
        full = [probe("cases", str(copy)) for _ in range(max(1, runs // 2))]
        table.add("open + cases() (everything)", median([f["s"] for f in full]), "s")
        table.add("RSS after cases()", median([f["rss"] for f in full]), "MB", fmt="{:.0f}")

        if big is not None:
            if not big.exists():
                print(f"generating {big} (100,000 cases)…", flush=True)
                generate(big, 100_000)
            at_scale = [probe("summaries", str(big)) for _ in range(runs)]
            table.add(f"open + summaries() at {at_scale[0]['n']:,}", median([s["s"] for s in at_scale]), "s", 3.0)
            table.add(f"RSS after summaries() at {at_scale[0]['n']:,}", median([s["rss"] for s in at_scale]), "MB", fmt="{:.0f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/bench/store.json"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big", type=Path, default=Path("/tmp/bench/big.json"))
    parser.add_argument("--no-big", action="store_true", help="skip the 100,000-case figure")
    args = parser.parse_args(argv)
    if not args.store.exists():
        raise SystemExit(f"{args.store} missing; run: python bench/generate.py --out {args.store}")
    table = run(args.store, max(args.runs, 1), None if args.no_big else args.big)
    print()
    table.print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
