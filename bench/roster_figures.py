"""Roster figures: CSV imports of 3,000 and 30,000 rows and a roster read, medians of several runs.

    python bench/roster_figures.py [--runs 3] [--sizes 3000 30000]

Each run starts from a fresh store with one group case (``tousu group create``) and
times, as whole processes (``[sys.executable, "-m", "tui.cli", …]``, as a volunteer
runs them):

- ``tousu group import CASE roster.csv`` of N generated rows (UTF-8, one order a row,
  a tenth of the people with a second order on a second row; Chinese headers, spoken
  payment times such as ``11月2日 下午3点``) into the empty roster (target: 3,000 rows
  < 3 s, 30,000 < 20 s);
- the same file again: every row matched, nothing added (re-import);
- ``tousu group show CASE --json`` on the N-person roster (a roster read, whole process);
- and, in this process, ``Store.open`` + ``Store.roster()`` (the read alone);
- the group screen (``G``, tui/screens/group.py), in this process: ``Store.open`` + what its
  worker reads (``Store.roster_docs``, the rows, the totals); the first paint, from pushing
  the screen in a running app (headless, 120×40) to the roster's rows painted; and the
  filter, from a changed query to the visible lines repainted (median over several queries:
  words, ``状态:``, ``负责人:``, ``缺:委托书``; the dashboard's target, 50 ms).

Prints a table: figure, median, target, pass/fail.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NOW = "2026-11-22T10:00:00+08:00"
TARGETS = {3000: 3.0, 30000: 20.0}
HEADER = ["姓名", "手机号", "订单号", "金额（元）", "支付时间", "支付方式", "收款方", "备注"]
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉宇浩然晨曦思雨子涵"
_TIMES = ("2026-10-{d:02d} 14:{m:02d}", "10月{d}日 下午3点", "2026/10/{d} 09:{m:02d}", "2026-10-{d:02d}")


def roster_csv(path: Path, rows: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(HEADER)
    written = person = 0
    while written < rows:
        person += 1
        name = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(_GIVEN)
        phone = f"13{rng.randrange(10)}{person:08d}"
        for k in range(2 if rng.random() < 0.1 else 1):
            if written == rows:
                break
            when = rng.choice(_TIMES).format(d=rng.randrange(1, 29), m=rng.randrange(60))
            writer.writerow([name, phone, f"WW2026{person:07d}{k}", f"{rng.randrange(50, 5000)}.{rng.randrange(100):02d}",
                             when, rng.choice(("支付宝", "微信支付", "银行卡")), "旺旺科技", ""])
            written += 1
    path.write_text(out.getvalue(), encoding="utf-8")


def _tousu(db: Path, *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    env = {**os.environ, "TOUSU_DB": str(db), "TOUSU_NOW": NOW, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "tui.cli", *args], env=env, capture_output=True, text=True,
                          encoding="utf-8", check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"tousu {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return elapsed, proc


def _read_alone(db: Path) -> float:
    from cases.clock import FixedClock
    from storage.store import Store

    start = time.perf_counter()
    store = Store.open(db, FixedClock(NOW))
    people = store.roster("G-001")
    elapsed = time.perf_counter() - start
    store.close()
    assert people
    return elapsed


def _screen_read(db: Path) -> float:
    from cases.clock import FixedClock
    from storage.store import Store
    from tui.screens.group_reads import read_roster

    start = time.perf_counter()
    store = Store.open(db, FixedClock(NOW))
    found = read_roster(store, "K-0001")
    elapsed = time.perf_counter() - start
    store.close()
    assert found.rows
    return elapsed


#: Queries typed into the group screen's filter, one key at a time for the words.
QUERIES = ("王", "王伟", "", "13", "138", "", "状态:进行", "", "负责人:-", "", "缺:委托书", "缺:委托书 王", "")


def _screen_figures(db: Path) -> tuple[float, float, list[float]]:
    """The group screen's first paint (push → rows painted) and its filter times, in a headless app."""
    import asyncio

    from cases.clock import FixedClock
    from storage.settings import Settings
    from storage.store import Store
    from tui.app import TousuApp
    from tui.screens.group import GroupScreen
    from tui.widgets.roster_list import RosterList

    out: dict[str, Any] = {"filter": []}

    async def run() -> None:
        clock = FixedClock(NOW)
        with tempfile.TemporaryDirectory() as home, Store.open(db, clock) as store:
            app = TousuApp(store, clock, settings=Settings.load(Path(home) / "settings.json"), tick_seconds=0,
                           user_theme_dir=Path(home) / "themes")
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause(0.2)
                start = time.perf_counter()
                screen = GroupScreen("K-0001")
                await app.push_screen(screen)
                while not screen.is_attached or not screen.query(RosterList) or not screen.query_one(RosterList).rows:
                    await asyncio.sleep(0.005)
                lst = screen.query_one(RosterList)
                for y in range(lst.size.height):
                    lst.render_line(y)
                out["paint"] = time.perf_counter() - start
                while not screen.loaded:  # (the totals and the other rows)
                    await asyncio.sleep(0.01)
                out["loaded"] = time.perf_counter() - start
                filt = screen.query_one("#filter")
                for text in QUERIES:
                    t = time.perf_counter()
                    with filt.prevent(type(filt).Changed):
                        filt.value = text
                    screen.apply_filter()
                    for y in range(lst.size.height):
                        lst.render_line(y)
                    out["filter"].append(time.perf_counter() - t)

    asyncio.run(run())
    return out["paint"], out["loaded"], out["filter"]


def measure(size: int, runs: int, work: Path) -> list[tuple[str, float, float | None]]:
    sheet = work / f"roster-{size}.csv"
    roster_csv(sheet, size)
    first, again, show, alone, screen_read, paint, loaded, filters = [], [], [], [], [], [], [], []
    for run in range(runs):
        db = work / f"store-{size}-{run}.json"
        _tousu(db, "add", "--platform", "旺旺卡盟", "--title", "旺旺卡盟跑路（集体维权牵头案件）")
        _tousu(db, "group", "create", "K-0001")
        first.append(_tousu(db, "group", "import", "K-0001", str(sheet))[0])
        again.append(_tousu(db, "group", "import", "K-0001", str(sheet))[0])
        show.append(_tousu(db, "group", "show", "K-0001", "--json")[0])
        alone.append(_read_alone(db))
        screen_read.append(_screen_read(db))
        shown, whole, typed = _screen_figures(db)
        paint.append(shown)
        loaded.append(whole)
        filters += typed
    target = TARGETS.get(size)
    return [
        (f"import {size:,} rows (CSV, empty roster)", statistics.median(first), target),
        (f"re-import {size:,} rows (all matched)", statistics.median(again), target),
        (f"tousu group show --json, {size:,} rows", statistics.median(show), None),
        (f"Store.open + roster(), {size:,} rows", statistics.median(alone), None),
        (f"group screen: Store.open + its read, {size:,} rows", statistics.median(screen_read), 1.0),
        (f"group screen: first paint, {size:,} rows", statistics.median(paint), 1.0),
        (f"group screen: every row and the totals, {size:,} rows", statistics.median(loaded), None),
        (f"group screen: filter, median, {size:,} rows", statistics.median(filters), 0.05),
        (f"group screen: filter, slowest, {size:,} rows", max(filters), None),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="+", default=[3000, 30000])
    args = parser.parse_args(argv)
    rows: list[tuple[str, float, float | None]] = []
    with tempfile.TemporaryDirectory(prefix="tousu-roster-bench-") as folder:
        for size in args.sizes:
            rows += measure(size, args.runs, Path(folder))
    print(f"{'figure':48} {'median':>9} {'target':>9}  result")
    for name, value, target in rows:
        verdict = "info" if target is None else ("pass" if value < target else "FAIL")
        shown_target = "" if target is None else f"< {target:g} s"
        print(f"{name:48} {value:8.2f}s {shown_target:>9}  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
