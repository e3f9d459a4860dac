"""Real processes under other Unix user and group ids, as volunteers on one server run tousu.

Runs only as root (CI does), with ``setpriv`` (util-linux) and the system's
``/usr/bin/python3``: another user cannot run an interpreter installed under
/root (mode 0700), so the session builds a venv from ``/usr/bin/python3`` in a
world-readable folder under /tmp (kept between runs, keyed by the dependency
list) and copies tousu's packages beside it. Elsewhere these tests are skipped
with the reason.

The accounts need no /etc/passwd entries: ``setpriv`` takes numeric ids, and
``USER`` names the volunteer for tousu.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

import pytest
from multiuser_helpers import NOW, Result, User

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("cases", "storage", "tui", "themes")
SYSTEM_PYTHON = Path("/usr/bin/python3")

def _why_not() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root to run processes under other user ids"
    if shutil.which("setpriv") is None:
        return "needs setpriv (util-linux)"
    if not SYSTEM_PYTHON.exists():
        return "needs /usr/bin/python3 for a venv other users can run"
    return None


def _dependencies() -> list[str]:
    with open(REPO / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["dependencies"]


def _venv() -> Path:
    """A venv from /usr/bin/python3 with tousu's dependencies, readable by every user."""
    deps = _dependencies()
    key = hashlib.sha256(repr((deps, os.path.realpath(SYSTEM_PYTHON))).encode()).hexdigest()[:12]
    final = Path(tempfile.gettempdir()) / f"tousu-test-venv-{key}"
    python = final / "bin" / "python3"
    if python.exists():
        return python
    building = Path(tempfile.mkdtemp(prefix=f"tousu-test-venv-{key}-"))
    subprocess.run([str(SYSTEM_PYTHON), "-m", "venv", str(building / "v")], check=True, capture_output=True)
    pip = subprocess.run([str(building / "v" / "bin" / "python3"), "-m", "pip", "install", "-q",
                          "--disable-pip-version-check", *deps], capture_output=True, text=True)
    if pip.returncode:
        shutil.rmtree(building, ignore_errors=True)
        pytest.skip(f"could not install tousu's dependencies into a system-python venv: {pip.stderr[-500:]}")
    os.chmod(building, 0o755)
    try:
        os.rename(building / "v", final)  # a parallel worker may have won: use its venv
    except OSError:
        pass
    shutil.rmtree(building, ignore_errors=True)
    return python


@pytest.fixture(scope="session")
def system_python(tmp_path_factory) -> tuple[Path, Path]:
    """(python for other users, a world-readable folder holding a copy of tousu's packages)."""
    reason = _why_not()
    if reason:
        pytest.skip(reason)
    python = _venv()
    src = Path(tempfile.mkdtemp(prefix="tousu-test-src-"))
    os.chmod(src, 0o755)
    for name in PACKAGES:
        shutil.copytree(REPO / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    yield python, src
    shutil.rmtree(src, ignore_errors=True)


@pytest.fixture
def world(tmp_path_factory) -> Path:
    """A folder under /tmp every user can enter (tmp_path's parents are 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="tousu-mu-"))
    os.chmod(folder, 0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def as_user(system_python, world):
    """Run ``tousu ARGS`` (or ``python -c CODE`` with ``code=``) as a user; returns Result."""
    python, src = system_python

    def run(user: User, *args: str, code: str | None = None, stdin: str | None = None, timeout: float = 60) -> Result:
        home = world / f"home-{user.name}"
        if not home.exists():
            home.mkdir(mode=0o700)
            os.chown(home, user.uid, user.gid)
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "USER": user.name,
            "LOGNAME": user.name,
            "LANG": "C.UTF-8",
            "PYTHONPATH": str(src),
            "PYTHONDONTWRITEBYTECODE": "1",
            "TOUSU_NOW": NOW,
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
        }
        command = [str(python), "-c", code, *args] if code is not None else [str(python), "-m", "tui", *args]
        wrapped = ["setpriv", f"--reuid={user.uid}", f"--regid={user.gid}",
                   f"--groups={','.join(str(g) for g in user.groups)}", "--", *command]
        done = subprocess.run(wrapped, env=env, input=stdin, capture_output=True, text=True, timeout=timeout,
                              cwd=str(world))
        return Result(done.returncode, done.stdout, done.stderr)

    return run


@pytest.fixture
def as_root():
    """Run ``tousu ARGS`` as root with this interpreter (the administrator)."""

    def run(*args: str) -> Result:
        env = {**os.environ, "TOUSU_NOW": NOW, "PYTHONPATH": str(REPO)}
        done = subprocess.run([sys.executable, "-m", "tui", *args], env=env, capture_output=True, text=True,
                              timeout=60, cwd=str(REPO))
        return Result(done.returncode, done.stdout, done.stderr)

    return run
