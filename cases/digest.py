"""The reminder digest posted to a group's chat (``tousu notify``, the dashboard's post):
what is overdue or due soon, per volunteer, with case ids, platforms, channels and
deadlines only. Never personal data: no titles, no complainants, and a platform written
with a phone number or a name in it is masked (cases.privacy).

A case's volunteer is the one it is assigned to (``Case.assignee``, on its summary); a case
assigned to nobody is listed as unassigned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cases.i18n import tr
from cases.privacy import mask_text
from cases.sanitize import clean_text

if TYPE_CHECKING:  # pragma: no cover
    from cases.summary import CaseSummary
    from cases.workdays import WorkCalendar

#: The longest digest posted (a robot takes about 4,000 bytes): later lines are counted instead.
MAX_BYTES = 3800


@dataclass(frozen=True)
class Digest:
    title: str
    text: str  # markdown, as both robots take it
    overdue: int
    due_soon: int

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon)


def due(summaries: Sequence[CaseSummary], now_ts: float, cutoff_ts: float) -> list[CaseSummary]:
    """The open cases whose next follow-up or deadline is at or before ``cutoff_ts``, first due first."""
    found = [s for s in summaries if not s.closed and not s.hidden and s.due_ts is not None and s.due_ts <= cutoff_ts]
    return sorted(found, key=lambda s: (s.due_ts, s.id))


def build(rows: Sequence[CaseSummary], volunteers: Mapping[str, str], now_ts: float, today: date,
          at: str, lang: str, calendar: WorkCalendar | None = None) -> Digest:
    """The digest of ``rows`` (from :func:`due`), grouped by ``volunteers[case id]``; ``at`` is
    the local time it is made, as shown in its title."""
    from cases.channels import UnknownChannel, channel

    overdue = sum(1 for s in rows if s.due_ts is not None and s.due_ts < now_ts)
    title = tr("digest.title", lang, overdue=overdue, soon=len(rows) - overdue, at=at)
    groups: dict[str, list[CaseSummary]] = {}
    for row in rows:
        groups.setdefault(volunteers.get(row.id, ""), []).append(row)
    lines = [f"### {title}"]
    size = len(lines[0].encode("utf-8"))
    shown = 0
    # The volunteer with the most urgent case first; within each, first due first. Past the
    # size a robot takes, the rest is counted, not listed.
    for who in sorted(groups, key=lambda name: (groups[name][0].due_ts, name)):
        head = tr("digest.volunteer", lang, who=who or tr("digest.unassigned", lang), n=len(groups[who]))
        items: list[str] = []
        for row in groups[who]:
            try:
                where = channel(row.channel).name(lang) if row.channel else "—"
            except UnknownChannel:
                where = row.channel
            platform = mask_text(clean_text(row.platform), names=row.names) or "—"
            countdown = row.countdown(now_ts, today, lang, calendar)
            item = tr("digest.item", lang, id=row.id, platform=platform, channel=where, countdown=countdown)
            cost = len(item.encode("utf-8")) + 1 + (0 if items else len(head.encode("utf-8")) + 1)
            if size + cost > MAX_BYTES:
                break
            items.append(item)
            size += cost
        if items:
            lines.extend([head, *items])
            shown += len(items)
        if len(items) < len(groups[who]):
            break
    if shown < len(rows):
        lines.append(tr("digest.more", lang, n=len(rows) - shown))
    if not rows:
        lines.append(tr("digest.nothing", lang))
    return Digest(title, "\n".join(lines), overdue, len(rows) - overdue)
