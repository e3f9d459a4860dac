"""A dashboard that fails exits with status 1 and one masked line: never Textual's traceback
with every frame's local variables (which printed a complainant's name, phone and ID number)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.app import crash_report

SCRIPT = Path(__file__).with_name("crash_dashboard.py")
REPO = Path(__file__).resolve().parents[2]
PERSONAL = ("13812345678", "11010519491231002X", "欧阳娜娜", "北京市朝阳区")


def _crash(tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    environ = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "TOUSU_NOW": "2026-11-22T10:00:00+08:00",
               "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data"),
               "XDG_CACHE_HOME": str(tmp_path / "cache"), **env}
    return subprocess.run([sys.executable, str(SCRIPT), str(tmp_path / "store.json")], cwd=REPO, env=environ,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, encoding="utf-8", timeout=60)


def test_a_crash_prints_one_masked_line_and_exits_1(tmp_path):
    proc = _crash(tmp_path)
    assert proc.returncode == 1, (proc.stdout, proc.stderr)
    for secret in PERSONAL:
        assert secret not in proc.stdout + proc.stderr
    assert proc.stderr == ("tousu: 错误：内部错误：RuntimeError: cannot list 欧** (138****5678)"
                           "（设置 TOUSU_DEBUG=1 可查看详细信息）\n")
    assert "Traceback" not in proc.stdout + proc.stderr


def test_tousu_debug_adds_the_traceback_without_locals(tmp_path):
    proc = _crash(tmp_path, TOUSU_DEBUG="1")
    assert proc.returncode == 1
    for secret in PERSONAL:
        assert secret not in proc.stdout + proc.stderr
    assert proc.stderr.startswith("Traceback (most recent call last):")
    assert "in planted_bug" in proc.stderr and "complainant =" not in proc.stderr  # no frame's locals
    assert proc.stderr.endswith("（设置 TOUSU_DEBUG=1 可查看详细信息）\n")


async def test_an_unhandled_exception_ends_the_app_with_status_1(filled_store, make_app):
    app = make_app(filled_store)
    with pytest.raises(ZeroDivisionError):  # run_test hands the exception to the test, as Textual does
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            phone = filled_store.case("K-0001").complainant.phone  # noqa: F841 - a local to leak
            app.call_later(lambda: 1 / 0)
            await pilot.pause()
    assert app.return_code == 1 and isinstance(app.crash, ZeroDivisionError)
    # (that nothing of Textual's traceback is printed then: the tests above read what a crash prints)


def test_crash_report_masks_numbers_and_names_in_every_part():
    try:
        raise ValueError("张三 13812345678 \x1b]0;title\x07")
    except ValueError as exc:
        error = exc
    line = crash_report(error, "en", names=("张三",))
    assert line == "tousu: error: internal error: ValueError: 张** 138****5678 ]0;title (set TOUSU_DEBUG=1 for details)\n"
    full = crash_report(error, "en", debug=True, names=("张三",))
    assert full.startswith("Traceback") and full.endswith(line)
    assert "13812345678" not in full and "张三" not in full and "\x1b" not in full
