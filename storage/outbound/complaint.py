"""A case's letter sent by e-mail: the mailbox, the attachments, and what the case keeps.

Shared by ``tousu send`` and ``m`` in the escalate and urge screens. The letter goes to
the respondent's entity (``case.entity.email``); each evidence file ticked is attached
only if its kept copy still has the SHA-256 recorded for it. The case records the
letter as filed (cases.letters.file_text) with the recipients, the Message-ID and the
server's reply, and the timeline its submission or urge, only after the server took
the message (:func:`recorder`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cases.credentials import SMTP, Credential, CredentialError
from cases.i18n import CatalogueError

if TYPE_CHECKING:  # pragma: no cover
    import arrow

    from cases.model import Case
    from storage.outbound.mail import Sent


class AttachmentError(CatalogueError):
    """An evidence file to attach is missing, changed or unreadable."""


def mailboxes(refs: Sequence[Credential]) -> list[Credential]:
    return [c for c in refs if c.kind == SMTP]


def pick_mailbox(refs: Sequence[Credential], via: str, lang: str = "zh") -> Credential:
    """The SMTP mailbox ``via`` names: its login, its ``host:port``, or ``host:port/login``;
    without ``via`` the only one there is. CredentialError naming the choices otherwise."""
    boxes = mailboxes(refs)
    via = via.strip()
    found = [c for c in boxes if via in (c.user, c.service, f"{c.service}/{c.user}")] if via else boxes
    if len(found) == 1:
        return found[0]
    names = ", ".join(f"{c.service}/{c.user}" for c in boxes) or "—"
    key = "outbound.send.no_mailbox" if not found else "outbound.send.which_mailbox"
    raise CredentialError(key, lang, via=via or "—", names=names)


def attachments(case: Case, store_path: Path, picks: Sequence[int], lang: str = "zh") -> list[tuple[str, Path]]:
    """(the file's own name, its kept copy) for each evidence item numbered in ``picks``
    (1-based, as ``tousu evidence list`` numbers them), each checked against its SHA-256."""
    from cases.evidence import item_name
    from storage.evidence import Found, check, root_for

    root = root_for(store_path)
    out: list[tuple[str, Path]] = []
    for number in picks:
        if not 1 <= number <= len(case.evidence):
            raise AttachmentError("outbound.send.no_evidence", lang, n=number, count=len(case.evidence))
        item = case.evidence[number - 1]
        checked = check(root, item.path, item.sha256, item.size)
        if checked.found != Found.OK or checked.path is None:
            raise AttachmentError("outbound.send.evidence_bad", lang, n=number, name=item_name(item),
                                  state=checked.found.value)
        out.append((item.name or checked.path.name, checked.path))
    return out


def subject_of(case: Case, subject: str, letter_lang: str) -> str:
    from cases.i18n import tr

    return subject.strip() or tr("letter.mail_subject", letter_lang, id=case.id, platform=case.platform)


def recorder(channel_id: str, now: arrow.Arrow, *, urge: bool, subject: str, text: str, sent: Sent,
             by: str) -> Callable[[Case], None]:
    """The change to make on the stored case once the server accepted the message."""
    from cases.escalation import record_submission
    from cases.letters import file_text

    def change(case: Case) -> None:
        event = record_submission(case, channel_id, now, kind="urged" if urge else "submitted", subject=subject)
        filed = file_text(case, case.add_event(event), text, by=by, kind="urge" if urge else "escalate")
        filed.recipients = ", ".join(sent.recipients)
        filed.message_id = sent.message_id
        filed.reply = sent.reply

    return change
