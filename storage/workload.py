"""Every volunteer's work from a store (``T`` on the dashboard, ``tousu today``): the cases
due (from the summaries, without reading the cases) and what each participant of every
group still needs (:mod:`cases.today`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cases.today import Due, decision_times, due_cases, participant_needs

if TYPE_CHECKING:  # pragma: no cover
    import arrow

    from storage.store import Store


def due_items(store: Store, now: arrow.Arrow) -> list[Due]:
    """Every item due, whoever it is assigned to (unordered: :func:`cases.today.ordered`).
    Damaged participants are left out (``tousu group show`` names them)."""
    items = due_cases(store.summaries(), now)
    for group in store.groups():
        items.extend(participant_needs(group, store.roster(group.id, damaged=[]), decision_times(group)))
    return items
