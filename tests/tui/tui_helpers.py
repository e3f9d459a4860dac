"""Shared data for the dashboard tests (imported by name: tests/ has no packages)."""

from __future__ import annotations

from decimal import Decimal

from cases.clock import parse_instant, to_iso
from cases.model import Case, Complainant, Entity, Event, Order, Status

NOW = "2026-11-22T10:00:00+08:00"


def at(hours: float) -> str:
    """An instant ``hours`` after the fixture's NOW, as stored."""
    return to_iso(parse_instant(NOW).shift(hours=hours))


def sample_cases() -> list[Case]:
    """Three open cases with deadlines 2 h, 30 h and overdue 5 h, and one resolved case."""
    return [
        Case(
            title="点卡充值未到账", platform="汇想卡盟", category="recharge-missing",
            entity=Entity("杭州汇想网络科技有限公司", "91330106MA2B0XXX00", "浙ICP备2021012345号-1", "杭州市西湖区"),
            orders=[Order("HX20261120001", Decimal("128.00"), at(-40), "支付宝")],
            complainant=Complainant("张三", "13812345678", "11010519491231002X", "北京市"),
            timeline=[Event(kind="contact", channel="platform-cs", at=at(-1), ticket="CS-8812",
                            agent="1024", said="客服说两小时内处理", promised="2小时", deadline=at(2), seq=1)],
        ),
        Case(
            title="会员权益未开通", platform="好客权益卡盟", category="membership-missing",
            orders=[Order("HK-77", Decimal("399.00"), at(-100), "微信支付")],
            timeline=[Event(kind="submitted", channel="heimao", at=at(-18), ticket="HM-17342", seq=1)],
        ),
        Case(
            title="卡密无效 [bold]红[/bold] [TODO]", platform="旺旺卡盟", category="card-invalid",
            orders=[Order("WW-1", Decimal("50.00"), at(-80), "银行卡")],
            timeline=[Event(kind="submitted", channel="platform-complaint", at=at(-53), ticket="TS-1", seq=1)],
        ),
        Case(
            title="已退款的旧案", platform="未来卡盟", status=Status.RESOLVED,
            timeline=[Event(kind="result", channel="platform-cs", at=at(-200), seq=1)],
        ),
    ]


async def wait_for(pilot, condition, *, timeout: float = 5.0, step: float = 0.02) -> bool:
    """Pause until ``condition()`` holds; False after ``timeout`` seconds (a loaded
    machine gets time, a broken app does not hang the suite)."""
    for _ in range(max(1, round(timeout / step))):
        if condition():
            return True
        await pilot.pause(step)
    return bool(condition())


async def settle(pilot, *, timeout: float = 10.0) -> None:
    """Until no store work is in flight and its results are handled: wait for the
    workers, let their messages run (they may start more work: a poll's reload, a
    read's screen), and again until none runs; and until every dashboard has read all
    its cases (it paints the most urgent first and reads the rest from a timer once the
    first frame is out: before that timer no worker runs). Bounded: fails after ``timeout``."""
    import asyncio
    import time

    from textual.worker import WorkerCancelled, WorkerFailed

    app = pilot.app
    end = time.monotonic() + timeout
    while True:
        try:
            await asyncio.wait_for(app.workers.wait_for_complete(), max(0.01, end - time.monotonic()))
        except (WorkerCancelled, WorkerFailed):
            pass
        except TimeoutError:
            raise AssertionError(f"store work still running after {timeout} s") from None
        await pilot.pause()
        loaded = all(getattr(screen, "loaded", True) for screen in app.screen_stack)
        if loaded and not any(w.is_running for w in app.workers) and not app.busy:
            await pilot.pause()
            return
        if not loaded:  # the full read's timer has not fired yet: wait for that read
            waits = [screen.wait_loaded() for screen in app.screen_stack if not getattr(screen, "loaded", True)]
            try:
                await asyncio.wait_for(asyncio.gather(*waits), max(0.01, end - time.monotonic()))
            except TimeoutError:
                raise AssertionError(f"the dashboard did not read every case within {timeout} s") from None
        if time.monotonic() > end:
            raise AssertionError(f"store work still running after {timeout} s")


def detail_text(app) -> str:
    """What the case detail shows, its parts one under another, as plain text."""
    from textual.widgets import Static

    parts = app.screen.query_one("#detail-scroll").query(Static)
    return "\n".join(str(part.render()) for part in parts if part.display)


#: Run by :class:`LockHolder`: take the store's lock, say so, hold it until told.
_HOLD_LOCK = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
sys.stdin.readline()
"""


class LockHolder:
    """Another process holding the store's inter-process lock (``fcntl.flock`` on
    ``<store>.lock``, see storage/lock.py) until :meth:`release`."""

    def __init__(self, store_path) -> None:
        import subprocess
        import sys

        lock_path = store_path.with_name(store_path.name + ".lock")
        self.process = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(lock_path)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline().strip()  # blocks until the lock is taken
        assert line == "locked", line

    def release(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.write("\n")
            self.process.stdin.flush()
        self.process.wait(timeout=10)

    def __enter__(self) -> LockHolder:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


def palette_options(app) -> list[str]:
    """The command palette's listed commands (their prompts as plain text)."""
    from textual.command import CommandList, CommandPalette

    screen = app.screen
    if not isinstance(screen, CommandPalette):
        return []
    found = screen.query_one(CommandList)
    def plain(prompt) -> str:
        prompt = getattr(prompt, "renderable", prompt)  # "no matches" is centred (rich Align)
        return str(getattr(prompt, "plain", prompt))

    return [plain(option.prompt) for option in found.options]


async def palette_run(pilot, typed: str, expect: str) -> None:
    """Open the command palette, type ``typed``, wait until the first listed command
    is the one containing ``expect`` (the search runs in the background), run it."""
    from textual.command import CommandList, CommandPalette

    app = pilot.app
    await pilot.press("ctrl+p")
    assert await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*typed)

    def ready() -> bool:
        options = palette_options(app)
        return bool(options) and expect in options[0] and app.screen.query_one(CommandList).highlighted == 0

    assert await wait_for(pilot, ready), palette_options(app)
    await pilot.press("enter")
    assert await wait_for(pilot, lambda: not isinstance(app.screen, CommandPalette))
    await settle(pilot)


def help_lines(app) -> list[str]:
    """Every line of the open help screen as laid out at its width (scrolled or not)."""
    from rich.console import Console

    from tui.screens.help import help_view

    static = app.screen.query_one("#help-text")
    console = Console(width=static.content_region.width, no_color=True, legacy_windows=False)
    lines = console.render_lines(help_view(app.screen.scope), console.options, pad=False)
    return ["".join(seg.text for seg in line).rstrip() for line in lines]
