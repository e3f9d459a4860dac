"""tousu serve: started as a real process on a free loopback port, the page fetched over HTTP,
the websocket handshake done and the dashboard's first output received, then stopped."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from cli_helpers import REPO, assert_one_line_error

from tui.cli.cmd_serve import is_loopback, page_url

aiohttp = pytest.importorskip("aiohttp")  # textual-serve's own dependency


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _page(url: str, deadline: float) -> str:
    """GET ``url`` until it answers (the server is starting), at most until ``deadline``."""
    async with aiohttp.ClientSession() as session:
        while True:
            try:
                async with session.get(url) as response:
                    assert response.status == 200
                    return await response.text()
            except aiohttp.ClientConnectionError:
                if time.monotonic() > deadline:
                    raise AssertionError(f"{url} did not answer") from None
                await asyncio.sleep(0.05)


async def _first_frames(url: str, timeout: float) -> bytes:
    """Open the websocket the page opens, say the terminal's size, and collect what the
    dashboard process sends until it has drawn something."""
    got = b""
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(url) as ws:  # the handshake: 101 Switching Protocols
            await ws.send_json(["resize", {"width": 80, "height": 24}])
            end = time.monotonic() + timeout
            while b"tousu" not in got and time.monotonic() < end:
                message = await ws.receive(timeout=max(0.1, end - time.monotonic()))
                if message.type == aiohttp.WSMsgType.BINARY:
                    got += message.data
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    break
    return got


def test_serve_answers_on_loopback_and_runs_the_dashboard(tmp_path, cli_env):
    port = _free_port()
    env = {**os.environ, **cli_env, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "tui", "serve", "--port", str(port)], cwd=REPO, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        page = asyncio.run(_page(f"http://127.0.0.1:{port}/", time.monotonic() + 60))
        assert f"ws://127.0.0.1:{port}/ws" in page and "textual.js" in page
        frames = asyncio.run(_first_frames(f"ws://127.0.0.1:{port}/ws?width=80&height=24", 60))
        assert b"tousu" in frames  # the dashboard's title bar, drawn by its own process
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert f"看板已在 http://127.0.0.1:{port} 提供" in out
    assert "Traceback" not in err
    assert proc.returncode == 0
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=5):
        pass  # stopped: nothing listens any more


def test_another_address_needs_public(run):
    assert_one_line_error(run("serve", "--host", "0.0.0.0"), "0.0.0.0", "--public")
    assert_one_line_error(run("serve", "--host", "192.168.1.10", "--lang", "en"), "--public", "SSH")


def test_public_says_there_is_no_authentication(run, monkeypatch):
    """With --public the warning comes first (then the server would start: stopped here)."""
    from textual_serve.server import Server

    started = []
    monkeypatch.setattr(Server, "serve", lambda self, debug=False: started.append((self.host, self.port)))
    result = run("serve", "--host", "0.0.0.0", "--port", "8123", "--public", "--lang", "en")
    assert result.code == 0 and started == [("0.0.0.0", 8123)]
    assert result.err.startswith("tousu: warning: listening on 0.0.0.0:8123 with no authentication")
    assert result.err.count("\n") == 1


def test_bad_ports_and_a_taken_port(run):
    assert_one_line_error(run("serve", "--port", "99999"), "99999")
    assert_one_line_error(run("serve", "--port", "http"), "http")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        taken = sock.getsockname()[1]
        assert_one_line_error(run("serve", "--port", str(taken)), f"127.0.0.1:{taken}")


def test_loopback_addresses():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1") and is_loopback("127.0.0.2")
    assert not is_loopback("0.0.0.0") and not is_loopback("::") and not is_loopback("example.org")


def test_the_page_names_this_machine_when_listening_everywhere():
    assert page_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert page_url("::1", 8000) == "http://[::1]:8000"
    assert page_url("0.0.0.0", 8080) == f"http://{socket.gethostname()}:8080"
    assert page_url("::", 8080) == f"http://{socket.gethostname()}:8080"
