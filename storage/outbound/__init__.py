"""tousu reaching people: complaint e-mail over SMTP (mail) and group-chat robots (robots).

Pure Python on the standard library (smtplib, ssl, urllib); no textual, no tinydb.
Every network call has a timeout (:data:`TIMEOUT`); failures are :class:`SendError`
with the server's own reason, never a traceback. Secrets are passed in by the
caller (storage.vault) and never written anywhere.
"""

from __future__ import annotations

from cases.i18n import CatalogueError

#: Seconds any connection, TLS handshake or reply may take.
TIMEOUT = 20.0


class SendError(CatalogueError):
    """The server or robot did not take it: ``key`` says how (auth, refused, tls, timeout,
    dropped, rejected, robot), ``values`` carry the server's reason or the robot's error code."""
