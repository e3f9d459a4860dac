"""Every figure of issue 4 in one run: storage/CLI figures, then dashboard figures.

    python bench/run.py [--cases 10000] [--store /tmp/bench/store.json] [--runs 5] [--no-big]

Generates the store first if it is missing. Quote medians and ratios.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10000)
    parser.add_argument("--store", type=Path, default=Path("/tmp/bench/store.json"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-big", action="store_true", help="skip the 100,000-case figure")
    args = parser.parse_args()
    py = sys.executable
    if not args.store.exists():
        subprocess.run([py, str(HERE / "generate.py"), "--cases", str(args.cases), "--out", str(args.store)], check=True)
    storage = [py, str(HERE / "storage_figures.py"), "--store", str(args.store), "--runs", str(args.runs)]
    if args.no_big:
        storage.append("--no-big")
    status = subprocess.run(storage).returncode
    status |= subprocess.run([py, str(HERE / "tui_figures.py"), "--store", str(args.store),
                              "--runs", str(args.runs)]).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
