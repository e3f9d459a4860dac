"""``tousu serve``: the dashboard in a web browser, through textual-serve.

Each browser tab runs its own ``tousu`` dashboard process on the same store (several
processes share a store safely), started with this interpreter, the same ``--db``,
language and environment (``TOUSU_NOW`` included). There is no authentication: the
server listens on the loopback address unless ``--public`` is given, and then says so.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from typing import TYPE_CHECKING

from tui.cli.arguments import _clean
from tui.cli.constants import EXIT_OK
from tui.cli.errors import CliError, _warn

if TYPE_CHECKING:  # pragma: no cover
    from tui.cli.context import Context

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address (127.0.0.0/8, ::1): reachable from this machine only."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def port_number(ctx: Context, text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise CliError(ctx.t("cli.serve.bad_port", value=_clean(text)))
    return port


def dashboard_command(ctx: Context) -> str:
    """The shell command textual-serve runs for each browser session."""
    return shlex.join([sys.executable, "-m", "tui", "--db", str(ctx.checked_store_path()), "--lang", ctx.lang])


def cmd_serve(ctx: Context) -> int:
    args = ctx.args
    host = args.host.strip()
    port = port_number(ctx, args.port)
    if not is_loopback(host) and not args.public:
        raise CliError(ctx.t("cli.serve.needs_public", host=_clean(host)))
    command = dashboard_command(ctx)
    if not is_loopback(host):
        _warn(ctx.lang, ctx.t("cli.serve.public_warning", host=_clean(host), port=port))
    server = _server(ctx, command, host, port)
    try:
        server.serve()
    except OSError as exc:  # the port is taken, the address is not this machine's …
        raise CliError(ctx.t("cli.serve.cannot_listen", host=_clean(host), port=port,
                             error=_clean(exc.strerror or str(exc)))) from None
    return EXIT_OK


def page_url(host: str, port: int) -> str:
    """The address browsers are given for the page and its websocket: the host as given, or
    this machine's name when listening on every address (``0.0.0.0``, ``::``), which no
    browser elsewhere can reach by that number."""
    import socket

    name = host.strip("[]")
    try:
        if ipaddress.ip_address(name).is_unspecified:
            name = socket.gethostname()
    except ValueError:
        pass
    return f"http://{'[' + name + ']' if ':' in name else name}:{port}"


def _server(ctx: Context, command: str, host: str, port: int):
    from textual_serve.server import Server

    url = page_url(host, port)

    class TousuServer(Server):
        async def on_startup(self, app) -> None:  # our words instead of the library's banner
            sys.stdout.write(ctx.t("cli.serve.serving", url=url) + "\n")
            sys.stdout.flush()

    return TousuServer(command, host=host, port=port, title="tousu", public_url=url)
