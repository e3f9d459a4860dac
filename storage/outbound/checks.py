"""``tousu cred test`` and the credentials screen's test: does the secret work?

A channel account: its secret is in the keyring (the site itself is checked by
logging in to it, in a browser); an SMTP mailbox: a login over TLS; a robot: a
short test message in the group.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cases.i18n import CatalogueError, tr

if TYPE_CHECKING:  # pragma: no cover
    import arrow

    from cases.credentials import Credential
    from storage.vault import Vault


def check_credential(vault: Vault, cred: Credential, lang: str, now: arrow.Arrow) -> tuple[bool, str]:
    """(passed, what was found: the server's answer or the reason it failed)."""
    from cases.credentials import ACCOUNT, SMTP
    from storage.outbound import mail, robots

    try:
        secret = vault.secret(cred, lang)
        if cred.kind == ACCOUNT:
            return True, tr("outbound.check.account", lang)
        if cred.kind == SMTP:
            return True, tr("outbound.check.smtp", lang, server=mail.check_login(cred, secret))
        robot = robots.parse_robot_secret(cred.service, secret, lang)
        robots.post(robot, tr("outbound.check.robot_title", lang),
                    tr("outbound.check.robot_text", lang, name=cred.user), now)
        return True, tr("outbound.check.robot", lang)
    except CatalogueError as exc:
        return False, exc.message(lang)
