"""Letters kept on a case: the draft of an edited, unrecorded text, and each text as filed.

A draft is kept per channel and kind (escalate or urge), one at a time: leaving
the escalate screen with an edited text keeps it (:func:`keep_draft`), shared
with every volunteer using the store, with who left it and when. Its text is
masked (cases.privacy.mask_letter): the screen reveals it again from the case
(cases.privacy.reveal_letter). Recording a text clears its draft.

Recording a text keeps it whole, exactly as filed (:func:`file_text`): the
revealed form lives only in the store; every display masks it
(cases.privacy.masked_case). Its SHA-256 (UTF-8) shows later that the text is
the one that was sent.
"""

from __future__ import annotations

import hashlib

import arrow

from cases.clock import to_iso
from cases.model import Case, Draft, Event, Filed
from cases.sanitize import clean_text

ESCALATE = "escalate"
URGE = "urge"


def text_hash(text: str) -> str:
    """The SHA-256 of ``text`` (UTF-8), hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def draft_for(case: Case, channel: str, kind: str) -> Draft | None:
    """The draft kept for ``channel`` and ``kind`` ("escalate" / "urge"), or None."""
    return next((d for d in case.drafts if d.channel == channel and d.kind == kind), None)


def keep_draft(case: Case, channel: str, kind: str, text: str, *, by: str, at: arrow.Arrow,
               letter_lang: str = "zh") -> Draft:
    """Keep ``text`` (masked) as ``case``'s draft for ``channel`` and ``kind``, replacing any
    earlier one; changes ``case``."""
    drop_draft(case, channel, kind)
    draft = Draft(channel=channel, kind=kind, letter_lang=letter_lang, text=clean_text(text, multiline=True),
                  by=clean_text(by), at=to_iso(at))
    case.drafts.append(draft)
    return draft


def drop_draft(case: Case, channel: str, kind: str) -> bool:
    """Remove ``case``'s draft for ``channel`` and ``kind``; True if there was one."""
    kept = [d for d in case.drafts if not (d.channel == channel and d.kind == kind)]
    dropped = len(kept) != len(case.drafts)
    case.drafts = kept
    return dropped


def file_text(case: Case, event: Event, text: str, *, by: str, kind: str = ESCALATE) -> Filed:
    """Keep ``text`` as filed with ``event`` (its submission or urge, already on ``case``'s
    timeline) and clear the draft of its channel and ``kind``; changes ``case``."""
    text = clean_text(text, multiline=True)
    filed = Filed(channel=event.channel, kind=event.kind, ticket=event.ticket, at=event.at, text=text,
                  sha256=text_hash(text), by=clean_text(by), event=event.seq)
    case.filed.append(filed)
    drop_draft(case, event.channel, kind)
    return filed


def filed_ok(filed: Filed) -> bool:
    """The text still has the hash it was filed with."""
    return text_hash(filed.text) == filed.sha256
