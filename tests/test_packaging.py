"""The package as ``pipx install .`` builds it: a wheel with every module and every data,
locale, template and theme file, whose ``tousu`` command runs once installed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("cases", "storage", "tui", "themes")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """A wheel built from a copy of the sources (the build writes into its source tree)."""
    root = tmp_path_factory.mktemp("build")
    src = root / "src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in PACKAGES:
        shutil.copytree(REPO / name, src / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(root / "dist"), str(src)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    (found,) = (root / "dist").glob("tousu-*.whl")
    return found


def test_the_wheel_holds_every_source_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        path.relative_to(REPO).as_posix()
        for name in PACKAGES for path in (REPO / name).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    assert expected - names == set()
    assert {"cases/locales/stats.zh.json", "cases/data/channels.json", "themes/tousu.tcss",
            "themes/screens/dialog.tcss"} <= names
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "tousu = tui.launcher:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_command_runs(wheel, tmp_path):
    """Installed into a fresh environment (its dependencies taken from this one), ``tousu``
    answers --version and runs a command on a store, outside the source tree."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    python = env_dir / "bin" / "python"
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                           str(wheel)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    tousu = env_dir / "bin" / "tousu"
    store = tmp_path / "s.json"
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TOUSU_NOW": "2026-06-15T10:00:00+08:00",
           "XDG_CONFIG_HOME": str(tmp_path / "c"), "XDG_DATA_HOME": str(tmp_path / "d")}  # no PYTHONPATH
    version = subprocess.run([str(tousu), "--version"], cwd=tmp_path, env=env, capture_output=True, text=True,
                             timeout=60)
    assert version.returncode == 0 and version.stdout.strip().startswith("tousu 0.")
    assert subprocess.run([str(tousu), "--db", str(store), "demo"], cwd=tmp_path, env=env, capture_output=True,
                          timeout=120).returncode == 0
    stats = subprocess.run([str(tousu), "--db", str(store), "stats", "--json"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=120)
    assert stats.returncode == 0 and '"total":15' in stats.stdout
    code = subprocess.run([str(python), "-c", "import tui, sys; print(tui.__file__)"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60).stdout
    assert str(env_dir) in code  # the installed copy ran, not the source tree
