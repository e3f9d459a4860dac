"""The digest of a store at an instant (cases.digest), shared by ``tousu notify`` and the
dashboard's post: the due summaries, each under the volunteer its case is assigned to."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import arrow

    from cases.digest import Digest
    from storage.store import Store


def make_digest(store: Store, now: arrow.Arrow, lang: str, cutoff_ts: float) -> Digest:
    from cases.clock import TZ
    from cases.digest import build, due

    now_ts = now.timestamp()
    rows = due(store.summaries(), now_ts, cutoff_ts)
    volunteers = {row.id: row.assignee for row in rows}  # the summaries carry it: no case is read
    local = now.to(TZ)
    return build(rows, volunteers, now_ts, local.date(), local.format("YYYY-MM-DD HH:mm"), lang, store.calendar)
