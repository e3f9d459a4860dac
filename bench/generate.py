"""Generate a large store for the benchmarks.

    python bench/generate.py --cases 10000 --out /tmp/bench/store.json [--force] [--now ISO]

Builds ``cases.demo.build_demo(now, n_cases=N)`` (about ten timeline entries per
case and one group of 3,000 participants) and writes it with
``Store.replace_all`` (one snapshot: summaries, cases, groups, index), then
prints what it made. Refuses to overwrite an existing store without
``--force``. ``now`` defaults to a fixed instant so that runs are comparable.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOW = "2026-09-29T10:00:00+08:00"


def store_files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + ".journal"), path.with_name(path.name + ".lock")]


def generate(out: Path, cases: int, now: str = NOW, force: bool = False) -> dict[str, float]:
    """Write the store; returns the figures printed by ``main``."""
    import arrow

    from cases.clock import FixedClock
    from cases.demo import build_demo
    from storage.store import Store

    if out.exists() and not force:
        raise SystemExit(f"{out} exists; pass --force to replace it")
    for path in store_files(out):
        path.unlink(missing_ok=True)
    t0 = time.perf_counter()
    built_cases, groups = build_demo(arrow.get(now), n_cases=cases)
    t1 = time.perf_counter()
    store = Store.open(out, FixedClock(now))
    store.replace_all(built_cases, groups)
    store.close()
    t2 = time.perf_counter()
    return {
        "cases": len(built_cases),
        "timeline": sum(len(c.timeline) for c in built_cases),
        "participants": sum(len(g.participants) for g in groups),
        "bytes": out.stat().st_size,
        "build_s": t1 - t0,
        "write_s": t2 - t1,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench/store.json"))
    parser.add_argument("--now", default=NOW, help="the demo's reference instant (ISO 8601)")
    parser.add_argument("--force", action="store_true", help="replace an existing store")
    args = parser.parse_args(argv)
    made = generate(args.out.expanduser(), args.cases, args.now, args.force)
    print(f"store:        {args.out}")
    print(f"cases:        {made['cases']:,}")
    print(f"timeline:     {made['timeline']:,} entries")
    print(f"participants: {made['participants']:,} (groups)")
    print(f"file:         {made['bytes'] / 1e6:.1f} MB")
    print(f"time:         {made['build_s']:.2f} s to build, {made['write_s']:.2f} s to write")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
