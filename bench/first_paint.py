"""The dashboard's first paint as a user feels it, against a minimal Textual app.

    python bench/first_paint.py --store /tmp/bench/store.json [--runs 7]

Each run starts a program in a tmux pane of 120×40 with a fresh ``HOME`` (an empty
temporary folder, and no ``XDG_*`` folders: no settings, no working-day cache, as
on a first start), then polls ``tmux capture-pane -p`` every 5 ms until a marker
is on screen; the figure is the time from the start of the process to that moment.

- tousu: the ``tousu`` executable (``tui.launcher.main``, on this checkout's code)
  on a copy of the store (``TOUSU_DB``); the marker is the id of the first case of
  the dashboard, found by one start before the timed ones (not counted).
- the yardstick: ``bench/minimal_app.py``, a Textual app that shows one line; the
  marker is that line.

The store must be written by the code measured (``bench/generate.py``): summaries computed
by other deadline rules are recomputed by every reader until a write records them
(storage.summaries), and that start is another figure.

The two alternate run by run, so both meet the same moments of a noisy machine.
Prints every run, the medians and their ratio (target ≤ 1.3×). Needs tmux; one
tmux server of its own (``-L``) for the whole measurement, so starting the
server is in no run. ``first_paint`` and ``compile_sources`` are used by
``bench/tui_figures.py`` too.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTH, HEIGHT = 120, 40
POLL_SECONDS = 0.005
TIMEOUT_SECONDS = 30.0
MINIMAL_MARKER = "READY-MARKER"  # the line bench/minimal_app.py shows
CASE_ID = re.compile(r"\b[A-Z]-\d{4,}\b")
TARGET_RATIO = 1.3
#: The ``tousu`` console script (pyproject.toml: ``tousu = "tui.launcher:main"``), run on this checkout.
TOUSU = "import sys; from tui.launcher import main; sys.exit(main())"


class Tmux:
    """A tmux server of our own (its own socket), kept up by a session that holds it."""

    def __init__(self) -> None:
        self.socket = f"tousu-first-paint-{os.getpid()}"
        self.run("new-session", "-d", "-s", "hold", "-x", str(WIDTH), "-y", str(HEIGHT))
        self._count = 0

    def run(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True).stdout

    def start(self, command: str) -> tuple[str, float]:
        """A new session running ``command``; its name and the moment just before it started."""
        self._count += 1
        name = f"run{self._count}"
        t0 = time.perf_counter()
        self.run("new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), command)
        return name, t0

    def screen(self, name: str) -> str:
        return self.run("capture-pane", "-p", "-t", name)

    def wait_for(self, name: str, t0: float, found: re.Pattern[str] | str) -> tuple[float, str]:
        """Poll the pane until ``found`` is on it: seconds since ``t0`` and the screen then
        (nan and the last screen after TIMEOUT_SECONDS)."""
        screen = ""
        while time.perf_counter() - t0 < TIMEOUT_SECONDS:
            screen = self.screen(name)
            if (found.search(screen) if isinstance(found, re.Pattern) else found in screen):
                return time.perf_counter() - t0, screen
            time.sleep(POLL_SECONDS)
        return float("nan"), screen

    def kill(self, name: str) -> None:
        self.run("kill-session", "-t", name)

    def close(self) -> None:
        self.run("kill-server")


@contextmanager
def tmux_server() -> Iterator[Tmux]:
    tmux = Tmux()
    try:
        yield tmux
    finally:
        tmux.close()


@dataclass
class Program:
    """A command to time and the marker that says its first screen is out."""

    argv: list[str]
    marker: str
    env: dict[str, str]


def fresh_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a first start: HOME an empty folder, no XDG folders, no tousu settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "TOUSU_"))}
    env.update(HOME=str(home), TERM="xterm-256color", PYTHONPATH=str(ROOT), **(extra or {}))
    return env


def shell_command(argv: list[str], env: dict[str, str]) -> str:
    """``env -i`` the given environment, then the program: the pane's shell starts it as is."""
    pairs = [f"{k}={v}" for k, v in env.items()]
    return shlex.join(["env", "-i", *pairs, *argv])


def first_paint(tmux: Tmux, program: Program, fresh_home: bool = True) -> float:
    """One start of ``program``: seconds from its start to its marker on screen."""
    with tempfile.TemporaryDirectory(prefix="tousu-home-") as home:
        env = dict(program.env)
        if fresh_home:
            env["HOME"] = home
        name, t0 = tmux.start(shell_command(program.argv, env))
        elapsed, _ = tmux.wait_for(name, t0, program.marker)
        tmux.kill(name)
    return elapsed


def first_case_id(tmux: Tmux, argv: list[str], env: dict[str, str]) -> str:
    """The id of the first case the dashboard shows (one start, not timed)."""
    with tempfile.TemporaryDirectory(prefix="tousu-home-") as home:
        name, t0 = tmux.start(shell_command(argv, {**env, "HOME": home}))
        _, screen = tmux.wait_for(name, t0, CASE_ID)
        tmux.kill(name)
    found = CASE_ID.search(screen)
    if found is None:
        raise SystemExit(f"no case id on the dashboard within {TIMEOUT_SECONDS:.0f} s:\n{screen}")
    return found.group()


def compile_sources() -> None:
    """Write the bytecode of our modules first, as a normal run would have: with
    PYTHONDONTWRITEBYTECODE set (some containers set it) every start would compile
    the changed sources again (~15 ms) and the figure would measure that."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", "cases", "storage", "tui", "themes", "bench"],
                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=False)


def minimal_program() -> Program:
    return Program([sys.executable, str(ROOT / "bench" / "minimal_app.py")], MINIMAL_MARKER,
                   fresh_env(Path(tempfile.gettempdir())))


def tousu_program(tmux: Tmux, store: Path) -> Program:
    argv = [sys.executable, "-c", TOUSU]
    env = fresh_env(Path(tempfile.gettempdir()), {"TOUSU_DB": str(store)})
    return Program(argv, first_case_id(tmux, argv, env), env)


@dataclass
class Figures:
    minimal: list[float]
    tousu: list[float]
    marker: str

    @property
    def ratio(self) -> float:
        return statistics.median(self.tousu) / statistics.median(self.minimal)

    def lines(self) -> list[str]:
        m_min, m_ours = statistics.median(self.minimal), statistics.median(self.tousu)
        verdict = "pass" if self.ratio <= TARGET_RATIO else "FAIL"
        return [
            f"first paint, {len(self.tousu)} runs each, alternating (s): "
            f"minimal {[round(x, 3) for x in self.minimal]}  tousu {[round(x, 3) for x in self.tousu]}",
            f"first paint, minimal Textual app (its line on screen)   median {m_min:.3f} s",
            f"first paint, tousu ({self.marker}, the first case, on screen)  median {m_ours:.3f} s",
            f"first paint ratio  {self.ratio:.2f}×  (target ≤ {TARGET_RATIO}×: {verdict})",
        ]


def measure(tmux: Tmux, store: Path, runs: int) -> Figures:
    """``runs`` starts of each, alternating; tousu on ``store`` as it is (copy it first)."""
    ours = tousu_program(tmux, store)
    minimal = minimal_program()
    first_paint(tmux, minimal)  # not counted: the file cache warm for both (tousu's: tousu_program)
    times: dict[str, list[float]] = {"minimal": [], "tousu": []}
    for _ in range(runs):
        times["minimal"].append(first_paint(tmux, minimal))
        times["tousu"].append(first_paint(tmux, ours))
    return Figures(times["minimal"], times["tousu"], ours.marker)


@contextmanager
def store_copy(store: Path) -> Iterator[Path]:
    """A copy of the store in a temporary folder (the dashboard may write to it)."""
    with tempfile.TemporaryDirectory(prefix="tousu-bench-") as folder:
        copy = Path(folder) / store.name
        shutil.copyfile(store, copy)
        yield copy


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, default=Path("/tmp/bench/store.json"))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is needed")
    compile_sources()
    with store_copy(args.store.resolve()) as store, tmux_server() as tmux:
        figures = measure(tmux, store, args.runs)
    print(f"store: {args.store}  terminal: tmux {WIDTH}×{HEIGHT}, fresh HOME each run")
    print("\n".join(figures.lines()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
