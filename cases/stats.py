"""Figures over every case in use: ``tousu stats`` and the stats screen (``S``).

Computed from each case's summary (platform, status, current channel, amount
claimed, the names to mask) and its timeline, with these definitions (the
help of ``tousu stats`` and of the screen says them in words):

- **open / closed** per platform and per *current* channel (``""``: no contact yet).
- **outcome** of a closed case: that of its latest result carrying one
  (:mod:`cases.statuses` outcomes); a closed case whose results carry none counts
  as :data:`NO_OUTCOME`.
- **claimed**: what the case's orders add up to; **recovered**: the refunded amount
  of its latest result that states one (a later result restates the refund, it
  does not add to it).
- **days to a first reply** on a channel: from the case's first filing there
  (a ``submitted`` event) to the first later ``accepted``, ``contact`` or ``result``
  event on that channel (:data:`REPLY_KINDS`); **days to a result**: from that
  filing to the first later ``result`` there. Medians per channel, over the cases
  that got one; a channel never filed at has no time.
- **promise**: an event with an explicit deadline. *Kept* if a reply
  (:data:`REPLY_KINDS`) came on the same channel after it and by its deadline;
  *broken* if none came by then and the deadline has passed (``now``); *pending*
  otherwise. Counted per platform.

Pure: no store, no clock (``now`` is given), no terminal.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from cases.channels import ladder
from cases.i18n import tr
from cases.instants import instant_ts
from cases.amounts import parse_amount
from cases.model import Event, EventKind
from cases.privacy import mask_text
from cases.sanitize import clean_text
from cases.statuses import closed_statuses, outcome_name, outcomes

#: Events that answer a filing or a promise: the channel accepted, replied or gave a result.
REPLY_KINDS = frozenset({EventKind.ACCEPTED.value, EventKind.CONTACT.value, EventKind.RESULT.value})
#: The outcome bucket of a closed case whose results record none.
NO_OUTCOME = "none"
_DAY = 86400.0
_ZERO = Decimal("0.00")


@dataclass
class PlatformFigures:
    platform: str  # masked with the cases' names (cases.privacy.mask_text)
    open: int = 0
    closed: int = 0
    claimed: Decimal = _ZERO
    recovered: Decimal = _ZERO
    kept: int = 0  # promises kept
    broken: int = 0
    pending: int = 0

    @property
    def cases(self) -> int:
        return self.open + self.closed


@dataclass
class ChannelFigures:
    channel: str  # a channel id; "" for cases with no contact yet
    open: int = 0  # cases whose current channel this is
    closed: int = 0
    reply_days: list[float] = field(default_factory=list)  # one per case filed here that got a reply
    result_days: list[float] = field(default_factory=list)

    @property
    def cases(self) -> int:
        return self.open + self.closed

    @property
    def median_reply(self) -> float | None:
        return statistics.median(self.reply_days) if self.reply_days else None

    @property
    def median_result(self) -> float | None:
        return statistics.median(self.result_days) if self.result_days else None


@dataclass
class Stats:
    platforms: list[PlatformFigures]  # most cases first, then by name
    channels: list[ChannelFigures]  # in ladder order, unknown ids after, "" last
    outcomes: dict[str, int]  # every outcome id in the data's order, then NO_OUTCOME
    total: PlatformFigures  # every case together (platform "")
    left_out: list[str] = field(default_factory=list)  # ids of summaries without a timeline (damaged cases)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values: amounts as "128.00", days rounded to 0.01, None when there is none."""
        return {
            "cases": {"total": self.total.cases, "open": self.total.open, "closed": self.total.closed},
            "claimed": str(self.total.claimed),
            "recovered": str(self.total.recovered),
            "promises": {"kept": self.total.kept, "broken": self.total.broken, "pending": self.total.pending},
            "outcomes": dict(self.outcomes),
            "platforms": [
                {"platform": p.platform, "open": p.open, "closed": p.closed, "claimed": str(p.claimed),
                 "recovered": str(p.recovered),
                 "promises": {"kept": p.kept, "broken": p.broken, "pending": p.pending}}
                for p in self.platforms
            ],
            "channels": [
                {"channel": c.channel, "open": c.open, "closed": c.closed,
                 "replies": len(c.reply_days), "median_days_to_reply": _days(c.median_reply),
                 "results": len(c.result_days), "median_days_to_result": _days(c.median_result)}
                for c in self.channels
            ],
        }


def _days(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def compute(summaries: Iterable[Mapping[str, Any]], timelines: Mapping[str, Sequence[Event]],
            now: datetime) -> Stats:
    """The figures of the cases whose summary (stored dictionary form, ``CaseSummary.to_dict``)
    is in ``summaries`` and whose timeline is in ``timelines`` (by case id); a summary without
    a timeline (a case whose document could not be read) is left out and named in
    ``left_out``. ``now`` decides which promises are broken."""
    closed_ids = closed_statuses()
    now_ts = now.timestamp()
    platforms: dict[str, PlatformFigures] = {}
    channels: dict[str, ChannelFigures] = {}
    counts = {o: 0 for o in outcomes()} | {NO_OUTCOME: 0}
    masked: dict[tuple[str, tuple[str, ...]], str] = {}
    left_out: list[str] = []
    for doc in summaries:
        events = timelines.get(doc["id"])
        if events is None:
            left_out.append(doc["id"])
            continue
        names = tuple(doc.get("names") or ())
        key = (doc["platform"], names)
        name = masked.get(key)
        if name is None:
            name = masked[key] = mask_text(doc["platform"], names=names)
        plat = platforms.get(name)
        if plat is None:
            plat = platforms[name] = PlatformFigures(name)
        chan_id = doc["channel"] or ""
        chan = channels.get(chan_id)
        if chan is None:
            chan = channels[chan_id] = ChannelFigures(chan_id)
        closed = doc["status"] in closed_ids
        if closed:
            plat.closed += 1
            chan.closed += 1
        else:
            plat.open += 1
            chan.open += 1
        plat.claimed += parse_amount(doc["amount"], maximum=None)
        times = [instant_ts(e.at) for e in events]
        if closed:
            outcome = _outcome(events)
            counts[outcome if outcome in counts else NO_OUTCOME] += 1
        plat.recovered += _recovered(events)
        _reply_times(events, times, channels)
        _promises(events, times, now_ts, plat)
    total = PlatformFigures("")
    for plat in platforms.values():
        for name in ("open", "closed", "claimed", "recovered", "kept", "broken", "pending"):
            setattr(total, name, getattr(total, name) + getattr(plat, name))
    order = {cid: i for i, cid in enumerate(ladder())}
    return Stats(
        platforms=sorted(platforms.values(), key=lambda p: (-p.cases, p.platform)),
        channels=sorted(channels.values(),
                        key=lambda c: (c.channel == "", order.get(c.channel, len(order)), c.channel)),
        outcomes=counts,
        total=total,
        left_out=left_out,
    )


def _outcome(events: Sequence[Event]) -> str:
    for event in reversed(events):
        if event.kind == EventKind.RESULT.value and event.outcome:
            return event.outcome
    return NO_OUTCOME


def _recovered(events: Sequence[Event]) -> Decimal:
    for event in reversed(events):
        if event.kind == EventKind.RESULT.value and event.refunded:
            return parse_amount(event.refunded, maximum=None)
    return _ZERO


def _reply_times(events: Sequence[Event], times: Sequence[float],
                 channels: dict[str, ChannelFigures]) -> None:
    """Add, for each channel filed at, the days from its first filing to its first reply and
    to its first result."""
    filed: dict[str, float] = {}
    replied: set[str] = set()
    resulted: set[str] = set()
    for event, at in zip(events, times):
        kind, chan_id = event.kind, event.channel
        if kind == EventKind.SUBMITTED.value:
            filed.setdefault(chan_id, at)
            continue
        start = filed.get(chan_id)
        if start is None or kind not in REPLY_KINDS or at < start:
            continue
        chan = channels.get(chan_id)
        if chan is None:
            chan = channels[chan_id] = ChannelFigures(chan_id)
        if chan_id not in replied:
            replied.add(chan_id)
            chan.reply_days.append((at - start) / _DAY)
        if kind == EventKind.RESULT.value and chan_id not in resulted:
            resulted.add(chan_id)
            chan.result_days.append((at - start) / _DAY)


def _promises(events: Sequence[Event], times: Sequence[float], now_ts: float, plat: PlatformFigures) -> None:
    for i, event in enumerate(events):
        if not event.deadline:
            continue
        due = instant_ts(event.deadline)
        kept = False
        for j in range(i + 1, len(events)):  # the timeline is in time order
            if times[j] > due:
                break
            if events[j].kind in REPLY_KINDS and events[j].channel == event.channel:
                kept = True
                break
        if kept:
            plat.kept += 1
        elif due <= now_ts:
            plat.broken += 1
        else:
            plat.pending += 1


def channel_label(channel_id: str, lang: str = "zh") -> str:
    """A channel's name; "" as "no contact yet"; an id this tousu does not know as it is (cleaned)."""
    if not channel_id:
        return tr("cases.stats.no_channel", lang)
    chan = ladder().get(channel_id)
    return chan.name(lang) if chan is not None else clean_text(channel_id)


def outcome_label(outcome_id: str, lang: str = "zh") -> str:
    """An outcome's name; :data:`NO_OUTCOME` as "no outcome recorded"."""
    return tr("cases.stats.no_outcome", lang) if outcome_id == NO_OUTCOME else outcome_name(outcome_id, lang)


def days_text(days: float | None, lang: str = "zh") -> str:
    """A median in days with one decimal ("2.5"), "—" when there is none."""
    return tr("cases.stats.none", lang) if days is None else f"{days:.1f}"


def headline(stats: Stats, lang: str = "zh") -> list[str]:
    """The three lines above the tables: cases, amounts, promises."""
    total = stats.total
    return [
        tr("cases.stats.cases", lang, total=total.cases, open=total.open, closed=total.closed),
        tr("cases.stats.money", lang, claimed=f"{total.claimed:,}", recovered=f"{total.recovered:,}"),
        tr("cases.stats.promises", lang, kept=total.kept, broken=total.broken, pending=total.pending),
    ]


def tables(stats: Stats, lang: str = "zh") -> list[tuple[str, list[str], list[list[str]]]]:
    """The figures as tables of text, (title, column names, rows): by platform, by channel,
    outcomes. The first column is a name, the others numbers. What ``tousu stats`` prints
    and the stats screen shows under its charts."""
    def cols(*names: str) -> list[str]:
        return [tr(f"cases.stats.col.{n}", lang) for n in names]

    return [
        (tr("cases.stats.by_platform", lang),
         cols("platform", "open", "closed", "claimed", "recovered", "kept", "broken", "pending"),
         [[p.platform, str(p.open), str(p.closed), f"{p.claimed:,}", f"{p.recovered:,}", str(p.kept),
           str(p.broken), str(p.pending)] for p in stats.platforms]),
        (tr("cases.stats.by_channel", lang),
         cols("channel", "open", "closed", "reply", "replies", "result", "results"),
         [[channel_label(c.channel, lang), str(c.open), str(c.closed), days_text(c.median_reply, lang),
           str(len(c.reply_days)), days_text(c.median_result, lang), str(len(c.result_days))]
          for c in stats.channels]),
        (tr("cases.stats.outcomes", lang), cols("outcome", "count"),
         [[outcome_label(o, lang), str(n)] for o, n in stats.outcomes.items()]),
    ]
