"""outbound.mail against a real SMTP server on loopback: STARTTLS and implicit TLS with AUTH,
a wrong password, a refused connection, a line that drops, a server that never answers."""

from __future__ import annotations

import email
import socket
import threading

import arrow
import pytest
from loopback import PASSWORD, USER, free_port

from cases.credentials import reference
from storage.outbound import SendError, mail

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

NOW = arrow.get("2026-06-15T10:00:00+08:00")


def _msg(attachments=()):
    return mail.build_message(USER, ["kefu@platform.example"], "关于汇想卡盟的投诉", "投诉正文\n第二行", NOW,
                              attachments)


def test_starttls_login_and_send(smtp, tmp_path):
    shot = tmp_path / "支付宝账单.png"
    shot.write_bytes(b"\x89PNG fake image")
    cred = reference("smtp", f"127.0.0.1:{smtp.port}", USER)
    sent = mail.send(cred, PASSWORD, _msg([("支付宝账单.png", shot)]))
    assert sent.reply.startswith("250") and "TOUSU42" in sent.reply
    assert sent.recipients == ("kefu@platform.example",)
    assert sent.message_id.startswith("<") and sent.message_id.endswith("@example.com>")
    (sender, rcpts, raw), = smtp.inbox.messages
    assert sender == USER and rcpts == ["kefu@platform.example"]
    received = email.message_from_bytes(raw, policy=email.policy.default)
    assert received["Message-ID"] == sent.message_id
    assert received["Subject"] == "关于汇想卡盟的投诉"
    assert received.get_body().get_content().startswith("投诉正文")
    (part,) = list(received.iter_attachments())
    assert part.get_filename() == "支付宝账单.png" and part.get_content() == b"\x89PNG fake image"
    assert "Tue, 15 Jun 2026" not in received["Date"] and "15 Jun 2026 10:00:00 +0800" in received["Date"]


def test_implicit_tls_on_465_style_port(smtps, monkeypatch):
    cred = reference("smtp", f"127.0.0.1:{smtps.port}", USER)
    monkeypatch.setattr(type(cred), "tls", property(lambda self: "ssl"))  # the port is not 465 on loopback
    assert "127.0.0.1" in mail.check_login(cred, PASSWORD)


def test_wrong_password_gives_the_servers_reason(smtp):
    cred = reference("smtp", f"127.0.0.1:{smtp.port}", USER)
    with pytest.raises(SendError) as failed:
        mail.send(cred, "wrong", _msg())
    assert failed.value.key == "outbound.mail.auth"
    assert "535" in failed.value.message("en")
    assert smtp.inbox.messages == []


def test_a_refused_connection(cert):
    cred = reference("smtp", f"127.0.0.1:{free_port()}", USER)
    with pytest.raises(SendError) as failed:
        mail.check_login(cred, PASSWORD)
    assert failed.value.key == "outbound.mail.refused"


def test_a_dropped_line(dropping):
    cred = reference("smtp", f"127.0.0.1:{dropping.port}", USER)
    with pytest.raises(SendError) as failed:
        mail.send(cred, PASSWORD, _msg())
    assert failed.value.key == "outbound.mail.dropped"


def test_an_untrusted_certificate_is_a_tls_error(smtp, monkeypatch, tmp_path):
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "none.pem"))
    cred = reference("smtp", f"127.0.0.1:{smtp.port}", USER)
    with pytest.raises(SendError) as failed:
        mail.send(cred, PASSWORD, _msg())
    assert failed.value.key == "outbound.mail.tls"
    assert smtp.inbox.messages == []


def test_a_server_that_never_answers_times_out():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    held = []
    threading.Thread(target=lambda: held.append(sock.accept()), daemon=True).start()
    try:
        cred = reference("smtp", f"127.0.0.1:{sock.getsockname()[1]}", USER)
        with pytest.raises(SendError) as failed:
            mail.check_login(cred, PASSWORD, timeout=0.5)
        assert failed.value.key == "outbound.mail.timeout"
    finally:
        sock.close()


def test_a_password_smtp_cannot_send_is_said(smtp):
    cred = reference("smtp", f"127.0.0.1:{smtp.port}", USER)
    with pytest.raises(SendError) as failed:
        mail.check_login(cred, "密码123")
    assert failed.value.key == "outbound.mail.not_ascii"
