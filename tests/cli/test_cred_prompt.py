"""On a terminal ``tousu cred set`` asks for the secret at a hidden prompt (and an encrypted
file keyring for its passphrase, twice the first time): run in a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cli_helpers import REPO

SECRET = "tty-Secret-991"


def _read_until(fd: int, text: str, seen: bytearray, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while text.encode() not in seen:
        left = end - time.monotonic()
        if left <= 0:
            raise AssertionError(f"never saw {text!r} in {seen.decode(errors='replace')!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                seen.extend(os.read(fd, 4096))
            except OSError:
                break


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")
def test_the_secret_and_the_passphrase_are_asked_hidden(cli_env):
    env = {"PATH": os.environ.get("PATH", ""), **cli_env, "TOUSU_KEYRING": "cryptfile",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "TERM": "dumb"}
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "--lang", "en", "cred", "set", "account", "heimao",
                             "alice"], cwd=REPO, env=env, stdin=follower, stdout=follower, stderr=follower,
                            start_new_session=True)
    os.close(follower)
    seen = bytearray()
    try:
        _read_until(leader, "Passphrase for the new encrypted keyring", seen)
        os.write(leader, b"pass phrase\n")
        _read_until(leader, "The passphrase again", seen)
        os.write(leader, b"pass phrase\n")
        _read_until(leader, "Password (hidden)", seen)
        os.write(leader, SECRET.encode() + b"\n")
        _read_until(leader, "Saved account heimao alice", seen)
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
    assert SECRET.encode() not in seen and b"pass phrase" not in seen  # nothing echoed
    keyfile = Path(cli_env["XDG_DATA_HOME"]) / "tousu" / "keyring.cfg"
    assert SECRET.encode() not in keyfile.read_bytes()
    listed = subprocess.run([sys.executable, "-m", "tui.cli", "cred", "test"], cwd=REPO, capture_output=True,
                            text=True, env={**env, "TOUSU_KEYRING_PASSPHRASE": "pass phrase"},
                            stdin=subprocess.DEVNULL, timeout=60)
    assert listed.returncode == 0 and "✓" in listed.stdout
