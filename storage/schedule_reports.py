"""What the store's calendar commands report: :class:`ScheduleAdded` (``tousu schedule add``),
:class:`PracticeSet` and :class:`PracticeInfo` (``tousu rules``).

Apart from :mod:`storage.schedule`, which every process that opens a store uses, so that
those processes do not build these classes (:mod:`storage.schedule` still exports them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from cases.practice import PracticeRules


@dataclass(frozen=True)
class ScheduleAdded:
    """What :meth:`storage.store.Store.add_schedule` did."""

    years: list[int]
    replaced: dict[int, dict[str, Any]]  # year -> the document it replaced
    recomputed: int  # summaries recomputed (every case's)
    changed: list[str]  # ids of the cases whose deadline changed


@dataclass(frozen=True)
class PracticeSet:
    """What :meth:`storage.store.Store.set_practice` did."""

    recomputed: int  # summaries recomputed (every case's)
    changed: list[str]  # ids of the cases whose deadline changed


@dataclass(frozen=True)
class PracticeInfo:
    """The store's practice rules and who set them when ("" for neither: never set)."""

    rules: PracticeRules
    by: str
    at: str
