"""The names of the store's tables, one place for every part of :class:`~storage.store.Store`.

A case ``K-0042`` is document 42 of :data:`CASES`, its summary document 42 of
:data:`SUMMARIES`, a group ``G-007`` document 7 of :data:`GROUPS`, a participant
``P-00042`` document 42 of :data:`PARTICIPANTS`; the id counters live in the
``_meta`` document (:data:`META`, :data:`META_ID`, kept by :mod:`storage.snapshot`).
"""

from __future__ import annotations

from storage.snapshot import META, META_ID

CASES = "cases"
GROUPS = "groups"
SUMMARIES = "summaries"
#: One document per participant of a group's roster (:mod:`storage.rosters`).
PARTICIPANTS = "participants"
#: Request key (``tousu add --request-id``) → {"case": case id, "at": when it was added}.
REQUESTS = "requests"
#: Activity log: ``{"at", "by", "action", "case"}`` per delete, undelete and purge, and per change
#: made with a ``by`` (add, log, close, reopen, escalate, assign …), keyed 1, 2, …; roster changes
#: add ``group`` and the participants (storage.rosters), assignments ``to`` and ``from``.
ACTIVITY = "activity"
#: Credential references (cases.credentials): kind, service, user, label, who added it and when,
#: keyed by ``Credential.key``. Never a secret: those are only in the keyring (storage.vault).
CREDENTIALS = "credentials"

__all__ = ["ACTIVITY", "CASES", "CREDENTIALS", "GROUPS", "META", "META_ID", "PARTICIPANTS", "REQUESTS", "SUMMARIES"]
