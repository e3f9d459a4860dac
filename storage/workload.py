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
    Damaged groups and participants are left out (``tousu group show`` names them).

    Reads the summaries, the groups one by one and their rosters, never the case documents
    (``Store.groups()`` would parse the whole store: ~1 s more at 10,000 cases)."""
    from cases.summary import CaseSummary, next_ts_of
    from cases.today import window_end
    from storage.summary_docs import DAMAGED
    from storage.errors import DamagedDocumentError, GroupNotFound

    end = window_end(now)  # objects only for the summaries that may be due (10,000: ~0.15 s saved)
    docs = [d for d in store.summary_docs() if DAMAGED not in d and (due := next_ts_of(d)) is not None and due <= end]
    items = due_cases([CaseSummary.from_dict(d) for d in docs], now)
    for group_id in store.group_ids():
        try:
            group = store.group(group_id)
            people = store.roster(group.id, damaged=[])
        except (DamagedDocumentError, GroupNotFound, ValueError):
            continue
        items.extend(participant_needs(group, people, decision_times(group)))
    return items
