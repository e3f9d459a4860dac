"""Open deadlines and follow-ups as an iCalendar file (RFC 5545) that calendar apps import.

Built from stored case summaries (``CaseSummary.to_dict`` form, as ``tousu list`` reads
them), never from case documents: one event per deadline and one per next follow-up of
each open case (a deadline that is itself the follow-up cadence is one follow-up event).

- No personal data: an event names the case id, the platform (masked with the case's
  names, as ``tousu list`` masks it), the channel and the ticket; never the title, the
  complainant or anything typed on the timeline.
- Stable UIDs, ``<case id>-deadline@tousu`` and ``<case id>-follow-up@tousu``: importing a
  later export updates the events instead of adding copies (``SEQUENCE`` is the case's
  revision, so the newer wins).
- A point in time: ``DTSTART`` alone (RFC 5545 3.6.1: the event ends when it starts), in
  Asia/Shanghai with its ``VTIMEZONE``.
- An estimate (a deadline in a year whose official schedule is not published) is marked
  in the summary (``约`` / ``~``) and carries ``X-TOUSU-ESTIMATED:TRUE``.
- An optional ``VALARM`` (``DISPLAY``) that long before each event.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from cases.clock import TZ
from cases.deadline_kinds import FOLLOW_UP
from cases.i18n import tr

if TYPE_CHECKING:  # pragma: no cover
    import arrow

PRODID = "-//tousu//tousu calendar export//EN"
UID_DOMAIN = "tousu"
DEADLINE_EVENT = "deadline"
FOLLOW_UP_EVENT = "follow-up"


def event_uid(case_id: str, which: str) -> str:
    """The stable UID of a case's deadline or follow-up event."""
    return f"{case_id}-{which}@{UID_DOMAIN}"


def due_events(row: Mapping[str, Any]) -> list[tuple[str, str, bool, str]]:
    """(which, ISO instant, estimated, deadline kind) for each event of one open case's summary."""
    out: list[tuple[str, str, bool, str]] = []
    deadline, kind = row.get("deadline"), row.get("deadline_kind") or ""
    follow_up = row.get("follow_up")
    if deadline and kind != FOLLOW_UP:
        out.append((DEADLINE_EVENT, deadline, bool(row.get("deadline_estimated")), kind))
    if follow_up or (deadline and kind == FOLLOW_UP):
        out.append((FOLLOW_UP_EVENT, follow_up or deadline, False, FOLLOW_UP))
    return out


def build_calendar(rows: Iterable[Mapping[str, Any]], now: arrow.Arrow, lang: str,
                   alarm: timedelta | None = None) -> bytes:
    """The iCalendar file (bytes, CRLF lines) of the open cases' summaries ``rows``."""
    from icalendar import Alarm, Calendar, Event, Timezone

    from cases.channels import UnknownChannel, channel
    from cases.instants import instant
    from cases.privacy import mask_text

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", tr("cases.ics.calendar_name", lang))
    cal.add("x-wr-timezone", TZ)
    cal.add_component(Timezone.from_tzid(TZ))  # (always: a calendar needs one component, RFC 5545 3.6)
    stamp = now.to("UTC").datetime
    for row in rows:
        case_id = row["id"]
        platform = mask_text(row.get("platform") or "", names=row.get("names") or ())
        channel_id = row.get("channel") or ""
        try:
            channel_name = channel(channel_id).name(lang) if channel_id else ""
        except UnknownChannel:
            channel_name = channel_id
        ticket = row.get("ticket") or ""
        for which, at, estimated, kind in due_events(row):
            try:
                start = instant(at).to(TZ).datetime
            except ValueError:
                continue  # an unreadable stored instant: no event rather than a wrong one
            mark = tr("cases.ics.estimated_mark", lang) if estimated else ""
            summary = tr(f"cases.ics.summary.{which}", lang, mark=mark, id=case_id, platform=platform or "—",
                         channel=channel_name or "—")
            lines = [tr("cases.ics.line.case", lang, id=case_id),
                     tr("cases.ics.line.platform", lang, platform=platform or "—"),
                     tr("cases.ics.line.channel", lang, channel=channel_name or "—"),
                     tr(f"cases.ics.line.kind.{kind or DEADLINE_EVENT}", lang)]
            if ticket:
                lines.append(tr("cases.ics.line.ticket", lang, ticket=ticket))
            if which == DEADLINE_EVENT and row.get("deadline_basis"):
                lines.append(tr("cases.ics.line.basis", lang, basis=row["deadline_basis"]))
            if estimated:
                lines.append(tr("cases.ics.line.estimated", lang))
            event = Event()
            event.add("uid", event_uid(case_id, which))
            event.add("dtstamp", stamp)
            event.add("dtstart", start)
            event.add("sequence", max(int(row.get("rev") or 0), 0))
            event.add("summary", summary)
            event.add("description", "\n".join(lines))
            event.add("categories", [tr("cases.ics.category", lang)])
            event.add("transp", "TRANSPARENT")
            if estimated:
                event.add("x-tousu-estimated", "TRUE")
            if alarm is not None:
                reminder = Alarm()
                reminder.add("action", "DISPLAY")
                reminder.add("description", summary)
                reminder.add("trigger", -alarm)
                event.add_component(reminder)
            cal.add_component(event)
    cal.validate()
    return cal.to_ical()
