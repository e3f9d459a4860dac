"""Suite-wide: keep every test away from the real user's data, config and cache.

platformdirs reads the XDG variables at call time, and subprocesses inherit
them, so pointing them at a temporary directory covers in-process and
real-process tests alike.
"""

from __future__ import annotations

import os
import tempfile

_HOME = tempfile.mkdtemp(prefix="tousu-tests-")
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = os.path.join(_HOME, _name.lower())
# Never the developer's keyring: keyring's own choice is its failing backend (a test that
# needs a keyring sets one with keyring.set_keyring or TOUSU_KEYRING on a file in the
# temporary XDG_DATA_HOME), in this process and every subprocess.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
for _name in ("TOUSU_KEYRING", "TOUSU_KEYRING_PASSPHRASE", "TOUSU_DB", "TOUSU_LANG", "TOUSU_LETTER_LANG",
              "TOUSU_USER", "TOUSU_THEME", "TOUSU_TZ"):
    os.environ.pop(_name, None)


# -- running the command line in-process (tests/cli, tests/escalation) -------------
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def _times_in_china():
    """Every test starts with times shown in Asia/Shanghai: a command run in-process with
    another ``timezone`` leaves the process-wide zone (cases.clock.set_shown_zone) set."""
    from cases.clock import TZ, set_shown_zone

    set_shown_zone(TZ)
    yield
    set_shown_zone(TZ)


@pytest.fixture
def cli_env(tmp_path, monkeypatch, cli_now: str) -> dict[str, str]:
    """TOUSU_NOW pinned (each folder's ``cli_now``), TOUSU_DB in tmp_path, config and
    data directories isolated, Chinese."""
    env = {
        "TOUSU_NOW": cli_now,
        "TOUSU_DB": str(tmp_path / "store.json"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "HOME": str(tmp_path / "home"),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    for key in ("TOUSU_LANG", "TOUSU_DEBUG", "COLUMNS", "TOUSU_LETTER_LANG", "TOUSU_USER", "TOUSU_THEME",
                "TOUSU_KEYRING", "TOUSU_KEYRING_PASSPHRASE"):
        monkeypatch.delenv(key, raising=False)
    return env


@pytest.fixture
def run(cli_env, capsys):
    """Run ``tousu ARGS`` in this process; returns Result(code, out, err)."""
    from cli_run import Result
    from tui.cli import main

    def _run(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run
