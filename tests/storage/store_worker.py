"""A separate tousu process for the locking tests (run with ``python store_worker.py MODE ...``).

Modes:
  edits PATH WORKER N [COMPACT_LINES]   N rounds; each adds an event to the worker's own case
                                        (K-<WORKER+2>) and to the shared case K-0001
  add PATH TITLE                        add one case, print its id
  retitle PATH CASE TITLE               change one case's title (reads only that case), print "loaded=<bool>"
  hold PATH                             take the store lock, print "locked", sleep until killed
"""

from __future__ import annotations

import sys
import time

from cases.clock import FixedClock
from cases.model import Case, Event
from storage.store import Store
from tests.raw_store import another_program


def main(argv: list[str]) -> None:
    mode, path = argv[0], argv[1]
    clock = FixedClock("2026-09-29T10:00:00+08:00")
    if mode == "edits":
        worker, rounds = int(argv[2]), int(argv[3])
        options = {"compact_lines": int(argv[4])} if len(argv) > 4 else {}
        store = Store.open(path, clock, **options)
        own = f"K-{worker + 2:04d}"
        for i in range(rounds):
            label = f"w{worker}-{i}"
            store.update_case(own, lambda c, label=label: c.add_event(Event(kind="note", at="2026-09-29T10:00:00+08:00", said=label)))
            store.update_case("K-0001", lambda c, label=label: c.add_event(Event(kind="note", at="2026-09-29T10:00:00+08:00", said=label)))
            if i % 10 == 0:
                store.cases()  # readers interleave with writers
        print("done", flush=True)
    elif mode == "add":
        store = Store.open(path, clock)
        print(store.add_case(Case(title=argv[2], platform="汇想卡盟")).id, flush=True)
    elif mode == "retitle":
        store = Store.open(path, clock)
        store.update_case(argv[2], lambda c: setattr(c, "title", argv[3]))
        print(f"loaded={store.loaded}", flush=True)
    elif mode == "hold":
        with another_program(path):
            print("locked", flush=True)
            time.sleep(120)
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
