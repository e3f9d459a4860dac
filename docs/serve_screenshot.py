"""Take the README's screenshot of ``tousu serve`` in a real headless browser.

Starts ``tousu serve`` on a demo store (clock pinned, so the countdowns are the same each
time) and Chromium in headless mode, drives it over the DevTools protocol until the
dashboard has drawn its rows, and saves ``docs/serve.png``. Needs ``chromium`` on PATH
(``apt-get install chromium``) and a CJK font (``fonts-wqy-microhei``).

    python3 docs/serve_screenshot.py
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parents[1]
NOW = "2026-11-22T10:00:00+08:00"
OUT = REPO / "docs" / "serve.png"
WIDTH, HEIGHT = 1280, 720


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _json(session: aiohttp.ClientSession, url: str, deadline: float):
    while True:
        try:
            async with session.get(url) as response:
                return await response.json(content_type=None) if url.endswith(("json", "list")) else await response.text()
        except aiohttp.ClientConnectionError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.1)


async def _shoot(serve_port: int, debug_port: int) -> bytes:
    deadline = time.monotonic() + 60
    async with aiohttp.ClientSession() as session:
        await _json(session, f"http://127.0.0.1:{serve_port}/", deadline)
        targets = await _json(session, f"http://127.0.0.1:{debug_port}/json/list", deadline)
        page = next(t for t in targets if t["type"] == "page")
        async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            ids = iter(range(1, 10_000))

            async def call(method: str, **params):
                n = next(ids)
                await ws.send_json({"id": n, "method": method, "params": params})
                while True:
                    msg = json.loads((await ws.receive()).data)
                    if msg.get("id") == n:
                        return msg.get("result", {})

            await call("Emulation.setDeviceMetricsOverride", width=WIDTH, height=HEIGHT, deviceScaleFactor=1,
                       mobile=False)
            await call("Page.navigate", url=f"http://127.0.0.1:{serve_port}/?fontsize=15")
            # The terminal is drawn on a canvas: wait until two screenshots a second apart are the
            # same and the page shows the terminal (the start dialog gone), i.e. the dashboard is still.
            last = b""
            while time.monotonic() < deadline:
                await asyncio.sleep(1.0)
                ready = await call("Runtime.evaluate", returnByValue=True, expression=(
                    "!!document.querySelector('.xterm-screen') && "
                    "getComputedStyle(document.querySelector('.intro-dialog')).display === 'none'"))
                shot = (await call("Page.captureScreenshot", format="png"))["data"]
                if ready.get("result", {}).get("value") and shot == last:
                    break
                last = shot
            else:
                raise SystemExit("the dashboard did not appear in the browser")
            shot = await call("Page.captureScreenshot", format="png")
            return base64.b64decode(shot["data"])


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "TOUSU_NOW": NOW, "TOUSU_DB": str(Path(tmp) / "demo.json"), "PYTHONPATH": str(REPO),
               "XDG_CONFIG_HOME": str(Path(tmp) / "config"), "XDG_DATA_HOME": str(Path(tmp) / "data")}
        subprocess.run([sys.executable, "-m", "tui", "demo", "--force"], env=env, check=True, cwd=REPO,
                       stdout=subprocess.DEVNULL)
        serve_port, debug_port = _free_port(), _free_port()
        server = subprocess.Popen([sys.executable, "-m", "tui", "serve", "--port", str(serve_port)], env=env, cwd=REPO,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        browser = subprocess.Popen(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                    f"--remote-debugging-port={debug_port}", f"--user-data-dir={tmp}/chromium",
                                    f"--window-size={WIDTH},{HEIGHT}", "about:blank"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            OUT.write_bytes(asyncio.run(_shoot(serve_port, debug_port)))
        finally:
            browser.terminate()
            server.terminate()
            browser.wait(30)
            server.wait(30)
    print(OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
