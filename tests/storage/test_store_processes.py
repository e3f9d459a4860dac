"""Several real tousu processes on one store: nothing lost, changes seen, crashes harmless."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from store_helpers import sample_case, subprocess_env

from storage.errors import StoreBusyError
from storage.store import Store

WORKER = str(Path(__file__).with_name("store_worker.py"))


def _spawn(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, WORKER, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=subprocess_env(),
    )


def _finish(proc: subprocess.Popen, timeout: float = 60) -> str:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err
    return out


@pytest.mark.parametrize("compact_lines", [None, 25], ids=["journal-only", "with-compactions"])
def test_four_processes_interleaved_edits_lose_nothing(store, store_path, clock, compact_lines):
    workers, rounds = 4, 50
    store.add_cases([sample_case(n) for n in range(1, workers + 2)])  # K-0001 shared, K-0002.. own
    extra = [] if compact_lines is None else [str(compact_lines)]
    procs = [_spawn("edits", str(store_path), str(w), str(rounds), *extra) for w in range(workers)]
    for proc in procs:
        assert _finish(proc).strip() == "done"

    final = Store.open(store_path, clock)
    shared = [e.said for e in final.case("K-0001").timeline if e.kind == "note"]
    expected = {f"w{w}-{i}" for w in range(workers) for i in range(rounds)}
    assert Counter(shared) == Counter(expected)  # every edit present exactly once
    for w in range(workers):
        own = [e.said for e in final.case(f"K-{w + 2:04d}").timeline if e.kind == "note"]
        assert own == [f"w{w}-{i}" for i in range(rounds)]  # in order, none lost or doubled
    assert final.case("K-0001").rev == 1 + workers * rounds
    seqs = [e.seq for e in final.case("K-0001").timeline]
    assert len(seqs) == len(set(seqs))
    # The long-lived store in this process catches up too.
    assert store.poll()
    assert store.case("K-0001") == final.case("K-0001")


def test_poll_sees_another_process_change(store, store_path):
    store.add_case(sample_case(1))
    assert [c.id for c in store.cases()] == ["K-0001"]
    version = store.version
    assert store.poll() is False
    out = _finish(_spawn("add", str(store_path), "另一进程的案件"))
    assert out.strip() == "K-0002"
    assert store.poll() is True
    assert store.version > version
    assert [c.title for c in store.cases()][-1] == "另一进程的案件"
    assert store.poll() is False


def test_killed_lock_holder_needs_no_recovery(store, store_path, clock):
    store.add_case(sample_case(1))
    holder = _spawn("hold", str(store_path))
    try:
        assert holder.stdout.readline().strip() == "locked"
        impatient = Store.open(store_path, clock, lock_timeout=0.2)
        with pytest.raises(StoreBusyError) as info:
            impatient.add_case(sample_case(2))
        assert "占用" in str(info.value)
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        started = time.monotonic()
        added = store.add_case(sample_case(2))
        assert time.monotonic() - started < 2
        assert added.id == "K-0002"
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        holder.stdout.close()
        holder.stderr.close()
    assert [c.id for c in Store.open(store_path, clock).cases()] == ["K-0001", "K-0002"]
