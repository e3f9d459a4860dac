"""Complaint e-mail: a message with its attachments, sent through an SMTP mailbox.

STARTTLS on any port but 465, implicit TLS on 465 (cases.credentials); a server that
does not offer STARTTLS is refused before the password is sent. The sending is
MAIL / RCPT / DATA so the reply the server gave to the message itself (``250 OK
queued as …``) can be shown and recorded; only that reply makes it sent.
"""

from __future__ import annotations

import mimetypes
import smtplib
import socket
import ssl
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING

from storage.outbound import TIMEOUT, SendError

if TYPE_CHECKING:  # pragma: no cover
    import arrow

    from cases.credentials import Credential


@dataclass(frozen=True)
class Sent:
    message_id: str
    recipients: tuple[str, ...]
    reply: str  # the server's reply to DATA, e.g. "250 2.0.0 Ok: queued as 1A2B"


def build_message(sender: str, to: Sequence[str], subject: str, body: str, now: arrow.Arrow,
                  attachments: Sequence[tuple[str, Path]] = ()) -> EmailMessage:
    """The e-mail: plain UTF-8 text, Date from ``now``, a Message-ID on the sender's domain,
    each ``(name, path)`` attached with its type guessed from the name."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject
    msg["Date"] = format_datetime(now.datetime)
    domain = sender.rpartition("@")[2] or "localhost"
    msg["Message-ID"] = make_msgid(domain=domain)
    msg.set_content(body, charset="utf-8")
    for name, path in attachments:
        kind, _ = mimetypes.guess_type(name)
        main, _, sub = (kind or "application/octet-stream").partition("/")
        msg.add_attachment(path.read_bytes(), maintype=main, subtype=sub, filename=name)
    return msg


@contextmanager
def session(cred: Credential, password: str, *, timeout: float = TIMEOUT,
            context: ssl.SSLContext | None = None) -> Iterator[smtplib.SMTP]:
    """Connected, encrypted and logged in; SendError otherwise."""
    from cases.credentials import IMPLICIT_TLS

    context = context or ssl.create_default_context()
    smtp: smtplib.SMTP | None = None
    with _errors(cred, timeout):
        if cred.tls == IMPLICIT_TLS:
            smtp = smtplib.SMTP_SSL(cred.host, cred.port, timeout=timeout, context=context)
        else:
            smtp = smtplib.SMTP(cred.host, cred.port, timeout=timeout)
            smtp.ehlo()
            if not smtp.has_extn("starttls"):
                raise SendError("outbound.mail.no_starttls", host=cred.host)
            smtp.starttls(context=context)
            smtp.ehlo()
        smtp.login(cred.user, password)
    try:
        yield smtp
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def send(cred: Credential, password: str, msg: EmailMessage, *, timeout: float = TIMEOUT,
         context: ssl.SSLContext | None = None) -> Sent:
    """Send ``msg`` to its To addresses; the server's reply to the message, or SendError."""
    recipients = tuple(a.strip() for a in str(msg["To"]).split(",") if a.strip())
    with session(cred, password, timeout=timeout, context=context) as smtp, _errors(cred, timeout):
        code, reply = smtp.mail(cred.sender)
        if code != 250:
            raise SendError("outbound.mail.rejected", code=code, reason=_text(reply))
        for rcpt in recipients:
            code, reply = smtp.rcpt(rcpt)
            if code not in (250, 251):
                raise SendError("outbound.mail.rejected", code=code, reason=_text(reply))
        # CRLF line ends: smtplib sends bytes as given, and a server reads lines up to 1000 bytes
        code, reply = smtp.data(msg.as_bytes(policy=msg.policy.clone(linesep="\r\n")))
        if code != 250:
            raise SendError("outbound.mail.rejected", code=code, reason=_text(reply))
    return Sent(str(msg["Message-ID"]), recipients, f"{code} {_text(reply)}")


def check_login(cred: Credential, password: str, *, timeout: float = TIMEOUT,
                context: ssl.SSLContext | None = None) -> str:
    """Log in and out (``tousu cred test``); the server's greeting name, or SendError."""
    with session(cred, password, timeout=timeout, context=context) as smtp:
        return f"{cred.host}:{cred.port} {(smtp.ehlo_resp or b'').decode('utf-8', 'replace').splitlines()[0]}"


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())


@contextmanager
def _errors(cred: Credential, timeout: float) -> Iterator[None]:
    try:
        yield
    except SendError:
        raise
    except smtplib.SMTPAuthenticationError as exc:
        raise SendError("outbound.mail.auth", code=exc.smtp_code, reason=_text(exc.smtp_error)) from None
    except smtplib.SMTPServerDisconnected as exc:
        if isinstance(exc.__context__, (TimeoutError, socket.timeout)):  # smtplib's word for a silent server
            raise SendError("outbound.mail.timeout", host=cred.host, port=cred.port, seconds=timeout) from None
        raise SendError("outbound.mail.dropped", host=cred.host, reason=str(exc) or "—") from None
    except smtplib.SMTPResponseException as exc:
        raise SendError("outbound.mail.rejected", code=exc.smtp_code, reason=_text(exc.smtp_error)) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise SendError("outbound.mail.rejected", code="—", reason=str(exc)) from None
    except ssl.SSLError as exc:
        raise SendError("outbound.mail.tls", host=cred.host, reason=exc.reason or str(exc)) from None
    except (TimeoutError, socket.timeout):
        raise SendError("outbound.mail.timeout", host=cred.host, port=cred.port, seconds=timeout) from None
    except ConnectionRefusedError:
        raise SendError("outbound.mail.refused", host=cred.host, port=cred.port) from None
    except UnicodeEncodeError:  # smtplib's AUTH takes ASCII only
        raise SendError("outbound.mail.not_ascii") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise SendError("outbound.mail.failed", host=cred.host, reason=f"{type(exc).__name__}: {exc}") from None
