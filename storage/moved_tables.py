"""What a store moved to another carries besides its cases and groups (``tousu export --all``,
:meth:`storage.store.Store.moved_out`, :mod:`storage.store_export`).

Apart from :mod:`storage.store_moving`, which is part of every ``Store``, so that opening a
store does not build this class.
"""

from __future__ import annotations

import dataclasses
from typing import Any

#: The ``_meta`` counters of the next ids (cases, groups, activity entries, participants).
COUNTERS = ("next_case", "next_group", "next_activity", "next_participant")


@dataclasses.dataclass(frozen=True)
class MovedTables:
    """What a store moved to another holds besides its cases and groups (:meth:`Store.moved_out`)."""

    schedule: dict[str, dict[str, Any]]  # year -> document, as storage.schedule keeps them
    activity: dict[str, dict[str, Any]]  # number -> {"at", "by", "action", "case", "details"}
    requests: dict[str, dict[str, Any]]  # request key -> {"case", "at"}
    counters: dict[str, int]  # COUNTERS -> the next number
    participants: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)  # number -> document
    practice: dict[str, Any] | None = None  # the practice rules as storage.schedule keeps them (None: none)
