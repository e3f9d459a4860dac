"""Shell completion in the real shells: the script ``tousu completion SHELL`` prints is loaded
into bash, zsh and fish, and a TAB (or the shell's own completion query) answers with
subcommands, case ids and channel ids.

The shells are Debian packages (``.ci/run`` installs zsh and fish when they are missing); a
machine without one skips its test. ``tousu`` is a script on PATH that runs this checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import REPO


def _needs(shell: str):
    return pytest.mark.skipif(shutil.which(shell) is None, reason=f"{shell} is not installed")


@pytest.fixture
def shell_env(tmp_path, cli_env, run) -> dict[str, str]:
    """An environment whose PATH starts with a ``tousu`` that runs this checkout, on a store
    holding K-0001 and K-0002."""
    for title in ("一", "二"):
        assert run("add", "--platform", "P", "--title", title).code == 0
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tousu = bin_dir / "tousu"
    tousu.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m tui "$@"\n', "utf-8")
    tousu.chmod(0o755)
    return {**os.environ, **cli_env, "PYTHONPATH": str(REPO), "PATH": f"{bin_dir}:{os.environ['PATH']}",
            "TERM": "dumb"}


def _lines(proc: subprocess.CompletedProcess[str]) -> list[str]:
    assert proc.returncode == 0, proc.stderr
    return [line.split("\t")[0].strip() for line in proc.stdout.splitlines() if line.strip()]


@_needs("bash")
def test_bash(shell_env):
    def tab(line: str) -> list[str]:
        words = line.split(" ")
        script = (f'eval "$(tousu completion bash)"; COMP_LINE="{line}"; COMP_POINT={len(line)}; '
                  f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}; "
                  f'_python_argcomplete tousu; printf "%s\\n" "${{COMPREPLY[@]}}"')
        return _lines(subprocess.run(["bash", "--norc", "--noprofile", "-c", script], env=shell_env,
                                     stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60))

    assert tab("tousu st") == ["stats"]
    assert tab("tousu show K-") == ["K-0001", "K-0002"]
    assert tab("tousu log K-0001 --channel 12") == ["12315", "12315-report"]


@_needs("fish")
def test_fish(shell_env):
    def tab(line: str) -> list[str]:
        script = f'tousu completion fish | source; complete -C "{line}"'
        return _lines(subprocess.run(["fish", "--no-config", "-c", script], env=shell_env,
                                     stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60))

    assert tab("tousu st") == ["stats"]
    assert tab("tousu show K-") == ["K-0001", "K-0002"]
    assert tab("tousu log K-0001 --channel 12") == ["12315", "12315-report"]


@_needs("zsh")
def test_zsh(shell_env, tmp_path: Path):
    """zsh completes only in an interactive line editor: a real zsh in a pseudo-terminal, a TAB
    typed after each prefix, and the line as zsh completed it."""
    pexpect = pytest.importorskip("pexpect")
    (tmp_path / "zdot").mkdir()
    rc = tmp_path / "zdot" / ".zshrc"
    rc.write_text("autoload -U compinit && compinit -u\n"
                  'eval "$(tousu completion zsh)"\n'
                  "PS1='ready> '\n", "utf-8")
    env = {**shell_env, "ZDOTDIR": str(rc.parent), "TERM": "xterm"}
    shell = pexpect.spawn("zsh", ["-i"], env=env, encoding="utf-8", timeout=60, dimensions=(40, 200))
    try:
        shell.expect_exact("ready> ")
        cases = (("tousu st", 1, "stats"),                              # the one subcommand
                 ("tousu show K-00", 2, "K-0002"),                      # listed with K-0001
                 ("tousu log K-0001 --channel 12315-r", 1, "12315-report"))
        for n, (prefix, tabs, offered) in enumerate(cases):
            shell.send(prefix + "\t" * tabs)  # a second TAB lists what is ambiguous
            shell.expect_exact(offered)  # never typed: only the completion can show it
            shell.send(f"\x15echo line-$(({n} + 1000))\r")  # ^U, then a line that shows when all is done
            shell.expect_exact(f"line-{n + 1000}")
    finally:
        shell.close(force=True)
