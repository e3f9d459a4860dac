"""The lines around the dashboard's list: the title bar's counts and the hint under the list."""

from __future__ import annotations

from bisect import bisect_left

from rich.text import Text

from cases.channels import ladder
from cases.clock import clock_text
from cases.countdown import DAY, Urgency
from cases.deadline_kinds import FOLLOW_UP
from cases.i18n import tr
from cases.summary import next_ts_of
from tui.case_rows import CaseRow


def due_counts(open_docs: list[dict], now_ts: float) -> tuple[tuple[int, int, int], tuple[int, int]]:
    """Open, overdue and due-within-24h counts at the POSIX time ``now_ts`` for the title
    bar, and of the overdue and due-soon ones, the follow-ups.

    Open rows are sorted by deadline, so both counts are found by bisection."""
    # the next follow-up or the deadline, whichever first (the order the docs are in)
    dues = [(due, d.get("next_kind") == FOLLOW_UP) for d in open_docs
            if (due := next_ts_of(d)) is not None]
    stamps = [due for due, _ in dues]
    overdue = bisect_left(stamps, now_ts)  # as cases.countdown.urgency_for: past the deadline
    soon = bisect_left(stamps, now_ts + DAY) - overdue
    follow_ups = (sum(f for _, f in dues[:overdue]), sum(f for _, f in dues[overdue:overdue + soon]))
    return (len(open_docs), overdue, soon), follow_ups


def title_text(now_ts: float, shown: int, counts: tuple[int, int, int] | None, follow_ups: tuple[int, int], *,
               show_closed: bool, read_only: bool, busy: bool, width: int) -> Text:
    """The title bar; the follow-ups among the counts are left out when the bar has no room,
    and the counts are not there before they are known (``counts`` None: the first frame)."""
    right = Text()
    if busy:  # store work in flight (a save waiting for the lock, a long read)
        right.append(tr("tui.busy"), style="bold")
        right.append("  ")
    right.append(clock_text(now_ts))
    text = _left_text(shown, counts, follow_ups, show_closed, read_only)
    if any(follow_ups) and text.cell_len + right.cell_len + 3 > width:
        text = _left_text(shown, counts, (0, 0), show_closed, read_only)
    pad = max(1, width - text.cell_len - right.cell_len - 2)
    text.append(" " * pad)
    text.append_text(right)
    return text


def _left_text(shown: int, counts: tuple[int, int, int] | None, follow_ups: tuple[int, int],
               show_closed: bool, read_only: bool) -> Text:
    open_count, overdue, soon = counts or (0, 0, 0)
    overdue_f, soon_f = follow_ups
    text = Text()
    text.append(tr("tui.app.title"), style="bold")
    if counts is not None:
        text.append("  ")
        text.append(tr("tui.dashboard.counts", open=open_count, shown=shown))
    if overdue:
        text.append("  ")
        text.append(tr("tui.dashboard.overdue", n=overdue), style="bold red")
        if overdue_f:
            text.append(tr("tui.dashboard.of_them_follow_up", n=overdue_f), style="red")
    if soon:
        text.append("  ")
        text.append(tr("tui.dashboard.soon", n=soon), style="yellow")
        if soon_f:
            text.append(tr("tui.dashboard.of_them_follow_up", n=soon_f), style="yellow")
    if show_closed:
        text.append("  ")
        text.append(tr("tui.dashboard.closed_shown"), style="italic")
    if read_only:
        text.append("  ")
        text.append(tr("tui.dashboard.read_only"), style="bold reverse")
    return text


def hint_text(row: CaseRow | None, now_ts: float, lang: str, next_tier: str = "") -> Text:
    """One line under the list: where the highlighted case stands and what to do next
    (``now_ts``: the POSIX time the list shows)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if row is None:
        text.append(tr("tui.hint.empty"), style="italic")
        return text
    text.append(f"{row.id} ", style="bold")
    chan = ladder().get(row.channel)
    if chan is not None:
        text.append(tr("tui.hint.at", channel=chan.name(lang)))
        if row.ticket:
            text.append(" · ")
            text.append(tr("tui.hint.ticket", ticket=row.ticket))
    else:
        text.append(tr("tui.hint.no_contact"))
    if row.assignee:
        text.append(" · ")
        text.append(tr("tui.hint.assignee", name=row.assignee))
    if row.closed:
        return text
    if row.urgency(now_ts) is Urgency.OVERDUE and chan is not None:
        text.append(" · ")
        deadline_ts = row.s.deadline_ts
        if deadline_ts is not None and deadline_ts >= now_ts:  # only the follow-up is overdue
            text.append(tr("tui.hint.follow_up_due"), style="bold red")
        elif next_tier:
            text.append(tr("tui.hint.overdue_next", next=next_tier), style="bold red")
        else:
            text.append(tr("tui.hint.overdue_urge"), style="bold red")
    elif row.s.deadline is not None and row.s.deadline_basis:
        text.append(" · ")
        text.append(row.s.deadline_basis, style="dim")
    return text
