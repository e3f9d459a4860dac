"""Several tousu processes saving credentials at once lose nothing: the references through the
store's lock, the secrets in a file keyring through the lock beside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cli_helpers import REPO

N = 6


def test_concurrent_cred_set_keeps_every_reference_and_secret(cli_env):
    env = {"PATH": os.environ.get("PATH", ""), **cli_env, "TOUSU_KEYRING": "plaintext",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    procs = [subprocess.Popen([sys.executable, "-m", "tui.cli", "cred", "set", "account", "heimao", f"user{n}"],
                              cwd=REPO, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for n in range(N)]
    for n, proc in enumerate(procs):
        out, err = proc.communicate(f"secret-{n}\n", timeout=120)
        assert proc.returncode == 0, err
    listed = subprocess.run([sys.executable, "-m", "tui.cli", "cred", "list", "--json"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60)
    users = sorted(c["user"] for c in json.loads(listed.stdout)["credentials"])
    assert users == [f"user{n}" for n in range(N)]

    from keyrings.alt.file import PlaintextKeyring

    keyring = PlaintextKeyring()
    keyring.file_path = str(Path(cli_env["XDG_DATA_HOME"]) / "tousu" / "keyring-plaintext.cfg")
    assert [keyring.get_password("tousu/account/heimao", f"user{n}") for n in range(N)] == \
        [f"secret-{n}" for n in range(N)]
