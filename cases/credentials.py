"""Credentials: what the store keeps about a secret, never the secret itself.

Three kinds of secret (issue 12):

- ``account``: a channel account a volunteer files with (黑猫投诉, 聚投诉, 12315, a
  platform's own login); SERVICE names the channel or site, USER the login name.
- ``smtp``: a mailbox that sends complaint e-mail; SERVICE is ``host[:port]``
  (port 465: implicit TLS; any other, 587 by default: STARTTLS), USER the login,
  which is also the sender address when it is one.
- ``robot``: a group-chat robot; SERVICE is ``wecom`` (企业微信) or ``dingtalk`` (钉钉),
  USER the robot's name (``tousu notify --robot NAME``). Its secret is the
  webhook address (which carries the key or access token) and, for 钉钉 with
  加签, the signing secret on a second line.

A :class:`Credential` is the reference: kind, service, user, label, who added it
and when. The secret lives only in the keyring (storage.vault), under the
keyring service :attr:`Credential.keyring_service` and the user name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cases.i18n import CatalogueError
from cases.sanitize import clean_text

ACCOUNT, SMTP, ROBOT = "account", "smtp", "robot"
KINDS = (ACCOUNT, SMTP, ROBOT)
WECOM, DINGTALK = "wecom", "dingtalk"
ROBOT_SERVICES = (WECOM, DINGTALK)
STARTTLS, IMPLICIT_TLS = "starttls", "ssl"
SMTP_PORT_STARTTLS, SMTP_PORT_TLS = 587, 465
#: Longest service, user name or label kept (a secret is at most MAX_SECRET characters).
MAX_FIELD = 200
MAX_SECRET = 4096

_HOST = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")


class CredentialError(CatalogueError):
    """A credential refused: unknown kind, bad service or user name, empty secret ..."""


@dataclass(frozen=True)
class Credential:
    kind: str
    service: str
    user: str
    label: str = ""
    added_by: str = ""
    added_at: str = ""  # ISO 8601
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def key(self) -> str:
        """The reference's key in the store's ``credentials`` table."""
        return f"{self.kind}\x1f{self.service}\x1f{self.user}"

    @property
    def keyring_service(self) -> str:
        """The service name the secret has in the keyring."""
        return f"tousu/{self.kind}/{self.service}"

    @property
    def host(self) -> str:
        return smtp_address(self.service)[0]

    @property
    def port(self) -> int:
        return smtp_address(self.service)[1]

    @property
    def tls(self) -> str:
        """STARTTLS or implicit TLS (an SMTP mailbox): port 465 is implicit TLS."""
        return IMPLICIT_TLS if self.port == SMTP_PORT_TLS else STARTTLS

    @property
    def sender(self) -> str:
        """The From address of an SMTP mailbox: its ``from`` if set, else the login."""
        return str(self.extra.get("from") or self.user)

    def to_dict(self) -> dict[str, Any]:
        doc = {"kind": self.kind, "service": self.service, "user": self.user, "label": self.label,
               "added_by": self.added_by, "added_at": self.added_at}
        doc.update(self.extra)
        return doc

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> Credential:
        """A stored reference, cleaned (a store edited by hand shows no escape codes);
        CredentialError when it is not one."""
        if not isinstance(doc, dict):
            raise CredentialError("cases.cred.damaged")
        values = {name: clean_text(str(doc.get(name) or "")) for name in
                  ("kind", "service", "user", "label", "added_by", "added_at")}
        if values["kind"] not in KINDS or not values["service"] or not values["user"]:
            raise CredentialError("cases.cred.damaged")
        extra = {k: clean_text(str(v)) for k, v in doc.items() if k not in values and isinstance(v, str)}
        return cls(**values, extra=extra)


def reference(kind: str, service: str, user: str, lang: str = "zh", **extra: str) -> Credential:
    """A checked reference for ``kind SERVICE USER`` (labels and who added it come later);
    CredentialError, in ``lang``, naming what is wrong."""
    kind = clean_text(kind).strip().lower()
    if kind not in KINDS:
        raise CredentialError("cases.cred.bad_kind", lang, kind=kind, kinds=" | ".join(KINDS))
    service = clean_text(service).strip()
    user = clean_text(user).strip()
    if not service:
        raise CredentialError("cases.cred.empty_service", lang)
    if not user:
        raise CredentialError("cases.cred.empty_user", lang)
    for value in (service, user):
        if len(value) > MAX_FIELD:
            raise CredentialError("cases.cred.too_long", lang, max=MAX_FIELD)
    if kind == ROBOT:
        service = service.lower()
        if service not in ROBOT_SERVICES:
            raise CredentialError("cases.cred.bad_robot", lang, service=service,
                                  services=" | ".join(ROBOT_SERVICES))
    if kind == SMTP:
        host, port = smtp_address(service, lang)
        service = f"{host}:{port}"
    return Credential(kind, service, user, extra={k: clean_text(v).strip() for k, v in extra.items() if v})


def smtp_address(service: str, lang: str = "zh") -> tuple[str, int]:
    """``host[:port]`` of an SMTP mailbox (port 587 when not given)."""
    host, sep, port_text = service.strip().rpartition(":")
    if not sep:
        host, port_text = service.strip(), str(SMTP_PORT_STARTTLS)
    if not _HOST.match(host) or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise CredentialError("cases.cred.bad_smtp", lang, service=clean_text(service))
    return host.lower(), int(port_text)


def checked_secret(text: str, kind: str, lang: str = "zh") -> str:
    """The secret as read from a prompt or stdin: one line (a robot: one or two lines),
    without the line ending; CredentialError when empty, too long or with control codes."""
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    lines = [line.strip() for line in lines if line.strip()]
    if not lines:
        raise CredentialError("cases.cred.empty_secret", lang)
    if len(lines) > (2 if kind == ROBOT else 1):
        raise CredentialError("cases.cred.secret_lines", lang)
    secret = "\n".join(lines)
    if len(secret) > MAX_SECRET:
        raise CredentialError("cases.cred.too_long", lang, max=MAX_SECRET)
    if clean_text(secret, multiline=True) != secret or "\t" in secret:
        raise CredentialError("cases.cred.secret_control", lang)
    return secret


def sort_key(cred: Credential) -> tuple[int, str, str]:
    return (KINDS.index(cred.kind), cred.service.casefold(), cred.user.casefold())
