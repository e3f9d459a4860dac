"""tui.store_work.Lane: one thread at a time, the latest request wins, stale results dropped."""

from __future__ import annotations

import threading

from textual import on
from textual.app import App

from storage.errors import CaseNotFound
from tui.store_work import Lane, LaneMessage, StoreFailed
from tui_helpers import settle, wait_for


class Result(LaneMessage):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n


class LaneApp(App):
    def __init__(self) -> None:
        super().__init__()
        self.lane = Lane(self, "test")
        self.busy = 0
        self.results: list[tuple[int, bool]] = []
        self.failures: list[tuple[str, bool]] = []

    def on_busy_changed(self, message) -> None:
        self.busy += message.delta

    @on(Result)
    def _result(self, message: Result) -> None:
        self.results.append((message.n, message.wanted))

    @on(StoreFailed)
    def _failed(self, message: StoreFailed) -> None:
        self.failures.append((type(message.error).__name__, message.wanted))


async def test_one_thread_runs_the_latest_request_and_older_results_are_stale(tmp_path):
    gate = threading.Event()
    ran: list[tuple[int, int]] = []

    def job(n: int):
        def run() -> Result:
            ran.append((n, threading.get_ident()))
            if n == 1:
                assert gate.wait(10)
            return Result(n)
        return run

    app = LaneApp()
    async with app.run_test() as pilot:
        app.lane.request(job(1))
        assert await wait_for(pilot, lambda: ran)  # 1 runs, and waits
        app.lane.request(job(2))
        app.lane.request(job(3))  # replaces 2, which never runs
        assert app.lane.busy and app.busy == 1
        gate.set()
        assert await wait_for(pilot, lambda: len(app.results) == 2)
        await settle(pilot)
        assert not app.lane.busy and app.busy == 0
    assert [n for n, _ in ran] == [1, 3]
    assert len({thread for _, thread in ran}) == 1  # one thread, one after the other
    assert app.results == [(1, False), (3, True)]  # 1 answered an older request: stale


async def test_a_store_error_comes_back_as_a_message(tmp_path):
    def gone() -> Result:
        raise CaseNotFound("K-0042", tmp_path / "store.json")

    app = LaneApp()
    async with app.run_test() as pilot:
        app.lane.request(gone)
        assert await wait_for(pilot, lambda: app.failures)
        await settle(pilot)
    assert app.failures == [("CaseNotFound", True)]
