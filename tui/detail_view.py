"""What the case detail shows, built off the UI thread: the case read, masked and
rendered to Text parts (``tui.case_view``), the timeline a page at a time.

A case with 10,000 timeline entries is ~33,000 lines: rendering them took ~1.4 s
and laying them out in one Static a few seconds more, all on the UI thread. The
detail shows the most recent :data:`PAGE` entries; each ``m`` renders one more
page (in a worker) and mounts it as its own widget above the others, so the UI
thread lays out one page per key, however many are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import arrow
from rich.text import Text

from cases.deadlines import case_next
from cases.model import Case, Group
from cases.privacy import mask_case_text, masked_case
from cases.workdays import WorkCalendar
from storage import no_gc
from storage.store import Store
from tui.activity_view import activity_text
from tui.case_view import detail_fields, detail_head, detail_tail, timeline_text

#: Timeline entries per page: ~100 lines (about three screens), a few ms to lay out.
PAGE = 50


@dataclass(frozen=True)
class DetailView:
    """One rendering of a case's detail."""

    case: Case  # as stored
    group: Group | None
    version: int  # the store's version when the case was read
    reveal: bool
    shown: Case  # ``case`` masked, unless ``reveal``
    head: Text
    fields: Text
    pages: tuple[Text, ...]  # newest first: pages[0] is the last PAGE entries
    tail: Text
    #: The activity entries of the case and its group, newest first (``Store.case_activity``).
    activity: tuple[dict, ...] = ()
    activity_shown: int = PAGE  # how many of them are shown (a page more with each ``m``)
    activity_part: Text = field(default_factory=Text)

    @property
    def hidden(self) -> int:
        """Earlier timeline entries not shown."""
        return max(0, len(self.case.timeline) - len(self.pages) * PAGE)

    @property
    def activity_hidden(self) -> int:
        """Earlier activity entries not shown."""
        return max(0, len(self.activity) - self.activity_shown)


def page_text(shown: Case, index: int, lang: str) -> Text:
    """Page ``index`` of the timeline (0: the most recent PAGE entries), oldest entry first."""
    end = len(shown.timeline) - index * PAGE
    return _ended(timeline_text(shown.timeline[max(0, end - PAGE):max(0, end)], lang))


def total_pages(case: Case, activity: int = 0) -> int:
    """Pages of the timeline, or of the ``activity`` entries when they are more."""
    return max(-(-len(case.timeline) // PAGE), -(-activity // PAGE))


def page_count(case: Case, wanted: int) -> int:
    """How many pages to show when ``wanted`` are asked for (at least one, if any entry)."""
    return min(max(wanted, 1), total_pages(case))


def render(case: Case, group: Group | None, version: int, now: arrow.Arrow, lang: str,
           calendar: WorkCalendar | None, *, reveal: bool, pages: int, activity: tuple[dict, ...] = ()) -> DetailView:
    """Every part of the detail with ``pages`` pages of the timeline and of the activity
    entries. Pure: runs in a worker."""
    shown = case if reveal else masked_case(case)
    group_name = None if reveal or group is None else mask_case_text(case, group.name)
    return DetailView(
        case=case, group=group, version=version, reveal=reveal, shown=shown,
        head=_head(view_case=case, shown=shown, now=now, lang=lang, calendar=calendar),
        fields=_ended(detail_fields(shown, lang, reveal, group, group_name)),
        pages=tuple(page_text(shown, i, lang) for i in range(page_count(case, pages))),
        tail=detail_tail(shown, lang),  # its last newline ends the page with a blank line, as always
        activity=activity, activity_shown=max(pages, 1) * PAGE,
        activity_part=activity_text(list(activity), max(pages, 1) * PAGE, lang),
    )


def _ended(text: Text) -> Text:
    """``text`` without its last newline: the parts are widgets one under another, each
    ending where the next begins (a Static shows a last newline as an empty line)."""
    text.rstrip()
    return text


def _head(*, view_case: Case, shown: Case, now: arrow.Arrow, lang: str, calendar: WorkCalendar | None) -> Text:
    due = case_next(view_case, calendar)
    return _ended(detail_head(shown, due.deadline, now, lang, calendar, due.follow_up))


def read(store: Store, case_id: str, now: arrow.Arrow, lang: str, calendar: WorkCalendar | None, *,
         reveal: bool = False, pages: int = 1) -> DetailView:
    """Read the case and its group, then :func:`render`. Raises the store's errors."""
    version = store.version  # before the read: a change meanwhile makes the next tick read again
    # 10,000 entries are ~100,000 objects that live on: a collection meanwhile would scan
    # the whole heap for nothing, holding the GIL (the UI thread's) all the while.
    with no_gc():
        case = store.case(case_id)
        activity = tuple(store.case_activity(case.id, case.group_id))
        return render(case, store.group_of(case), version, now, lang, calendar, reveal=reveal, pages=pages,
                      activity=activity)


def with_head(view: DetailView, now: arrow.Arrow, lang: str, calendar: WorkCalendar | None) -> DetailView:
    """The same view with its head (the countdown) at ``now``: cheap, for the minute's repaint."""
    return replace(view, head=_head(view_case=view.case, shown=view.shown, now=now, lang=lang, calendar=calendar))


def with_pages(view: DetailView, count: int, lang: str) -> DetailView:
    """The same view with ``count`` pages of the timeline: the pages it has are kept
    (the same objects, so the screen leaves them be) and earlier ones added."""
    if count * PAGE > view.activity_shown and view.activity_hidden:
        view = replace(view, activity_shown=count * PAGE,
                       activity_part=activity_text(list(view.activity), count * PAGE, lang))
    count = page_count(view.case, count)
    if count <= len(view.pages):
        return view
    added = tuple(page_text(view.shown, i, lang) for i in range(len(view.pages), count))
    return replace(view, pages=view.pages + added)
