"""Fixtures of the outbound tests: a certificate the client trusts, SMTP servers, robots."""

from __future__ import annotations

import pytest
from loopback import DroppingServer, robot_endpoint, self_signed, smtp_server


@pytest.fixture
def cert(tmp_path_factory, monkeypatch):
    """A self-signed certificate for 127.0.0.1, trusted by ssl.create_default_context here."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = self_signed(folder)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    return cert, key


@pytest.fixture
def smtp(cert):
    server = smtp_server(*cert)
    yield server
    server.stop()


@pytest.fixture
def smtps(cert):
    server = smtp_server(*cert, implicit=True)
    yield server
    server.stop()


@pytest.fixture
def dropping():
    server = DroppingServer()
    yield server
    server.stop()


@pytest.fixture
def robots():
    endpoint = robot_endpoint()
    yield endpoint
    endpoint.stop()


@pytest.fixture
def cli_now() -> str:
    """The pinned clock of the command-line runs here (the ``run`` fixture of tests/conftest.py)."""
    return "2026-06-15T10:00:00+08:00"
