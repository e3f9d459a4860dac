"""Group-chat robots: 企业微信 (wecom) and 钉钉 (dingtalk) webhooks.

The robot's secret (storage.vault) is its webhook address, which carries the key
(企业微信 ``…/cgi-bin/webhook/send?key=KEY``) or the access token (钉钉
``…/robot/send?access_token=TOKEN``); the bare key or token is taken too. A 钉钉 robot
with 加签 has its signing secret (``SEC…``) on a second line: each post then carries
``timestamp`` (milliseconds, from the caller's clock) and ``sign`` =
Base64(HMAC-SHA256(secret, "timestamp\\nsecret")), URL-encoded, as 钉钉 documents.
Both take ``{"msgtype": "markdown", …}`` and reply ``{"errcode": 0, "errmsg": "ok"}``;
any other errcode is the robot's refusal, reported with its code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cases.credentials import DINGTALK, WECOM, CredentialError
from storage.outbound import TIMEOUT, SendError

if TYPE_CHECKING:  # pragma: no cover
    import arrow

WECOM_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={}"
DINGTALK_URL = "https://oapi.dingtalk.com/robot/send?access_token={}"
_LOOPBACK = ("127.0.0.1", "::1", "localhost")
#: The longest message a robot takes (企业微信 markdown: 4096 bytes; 钉钉 is larger).
MAX_BYTES = 4000


@dataclass(frozen=True)
class Robot:
    service: str  # WECOM or DINGTALK
    url: str  # the webhook address with its key or token
    sign_secret: str = ""  # 钉钉 加签 secret, "" without


def parse_robot_secret(service: str, secret: str, lang: str = "zh") -> Robot:
    """The robot a stored secret describes; CredentialError when it is not a webhook."""
    lines = secret.split("\n")
    first = lines[0].strip()
    sign = lines[1].strip() if len(lines) > 1 else ""
    if "://" not in first:
        if not first.replace("-", "").replace("_", "").isalnum():
            raise CredentialError("outbound.robot.bad_webhook", lang)
        first = (WECOM_URL if service == WECOM else DINGTALK_URL).format(first)
    parts = urllib.parse.urlsplit(first)
    query = urllib.parse.parse_qs(parts.query)
    needed = "key" if service == WECOM else "access_token"
    secure = parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK)
    if not secure or not parts.hostname or not query.get(needed):
        raise CredentialError("outbound.robot.bad_webhook", lang)
    if sign and service != DINGTALK:
        raise CredentialError("outbound.robot.sign_only_dingtalk", lang)
    if sign and not sign.startswith("SEC"):
        raise CredentialError("outbound.robot.bad_sign", lang)
    return Robot(service, first, sign)


def sign(secret: str, timestamp_ms: int) -> str:
    """钉钉's 加签: Base64(HMAC-SHA256(secret, "timestamp\\nsecret")), not yet URL-encoded."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def payload(service: str, title: str, text: str) -> dict[str, object]:
    """The documented markdown message of each robot."""
    if service == WECOM:
        return {"msgtype": "markdown", "markdown": {"content": text}}
    return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}


def post(robot: Robot, title: str, text: str, now: arrow.Arrow, *, timeout: float = TIMEOUT) -> None:
    """Post one message; SendError with the robot's errcode and errmsg when refused."""
    url = robot.url
    if robot.sign_secret:
        stamp = int(now.timestamp() * 1000)
        url += "&" + urllib.parse.urlencode({"timestamp": stamp, "sign": sign(robot.sign_secret, stamp)})
    body = json.dumps(payload(robot.service, title, text), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    host = urllib.parse.urlsplit(url).hostname or "?"
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - https or loopback
            raw = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise SendError("outbound.robot.http", host=host, status=exc.code, reason=exc.reason) from None
    except (TimeoutError, socket.timeout):
        raise SendError("outbound.robot.timeout", host=host, seconds=int(timeout)) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise SendError("outbound.robot.timeout", host=host, seconds=int(timeout)) from None
        raise SendError("outbound.robot.unreachable", host=host, reason=str(reason)) from None
    except OSError as exc:
        raise SendError("outbound.robot.unreachable", host=host, reason=str(exc)) from None
    try:
        reply = json.loads(raw.decode("utf-8"))
        code = int(reply.get("errcode", -1))
        message = str(reply.get("errmsg", ""))
    except (ValueError, AttributeError, TypeError):
        raise SendError("outbound.robot.bad_reply", host=host) from None
    if code != 0:
        raise SendError("outbound.robot.refused", code=code, message=" ".join(message.split()))


def pick_robot(refs, name: str, lang: str = "zh"):
    """The group robot ``name`` names (its name, or ``service/name``); without a name the
    only one there is. CredentialError naming the choices otherwise."""
    from cases.credentials import ROBOT

    robots = [c for c in refs if c.kind == ROBOT]
    name = name.strip()
    found = [c for c in robots if name in (c.user, f"{c.service}/{c.user}")] if name else robots
    if len(found) == 1:
        return found[0]
    names = ", ".join(f"{c.service}/{c.user}" for c in robots) or "—"
    key = "outbound.notify.no_robot" if not found else "outbound.notify.which_robot"
    raise CredentialError(key, lang, name=name or "—", names=names)
