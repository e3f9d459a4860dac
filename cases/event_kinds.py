"""The kinds of a timeline event (:class:`EventKind`), apart from the case model: the
deadline rules compare an event's kind on every event, and need not import the model's
dataclasses to do so (:mod:`cases.model` re-exports it)."""

from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    SUBMITTED = "submitted"  # a filing at a channel: starts that channel's clock
    ACCEPTED = "accepted"  # the channel accepted the case: starts its after-acceptance clock
    CONTACT = "contact"  # any exchange: a reply, a call, a chat; may carry a promise
    URGED = "urged"  # a 催办 sent after a missed deadline
    RESULT = "result"  # a written result from the channel; may carry an outcome (cases.statuses)
    NOTE = "note"  # a remark; never changes a clock
