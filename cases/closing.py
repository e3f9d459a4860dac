"""Closing a case with a result's outcome, and opening it again (DOMAIN "Closing a case").

A result (处理结果) is a RESULT event that may carry an outcome
(:mod:`cases.statuses`: refunded in full or in part, replaced or delivered,
refused, no reply, withdrawn) and, for a refund, the amount and the date it
arrived. :func:`result_event` builds one, checked against the case;
:func:`close_case` records it and gives the case the outcome's closed status;
:func:`reopen_case` records a ``reopened`` event and makes the case open again.
Only these change a case from open to closed and back: a result logged
without closing (``tousu log --kind result``) leaves the status alone.

Errors are :class:`ClosingError` (a ValueError) with a catalogue key
(``cases.closing.*``); ``str()`` is in the language given, ``message(lang)`` in any.
Times come from the caller (the injected clock), never from here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import arrow

from cases.clock import TZ, to_iso
from cases.i18n import CatalogueError, tr
from cases.model import REOPENED, Case, Event, EventKind, Status
from cases.statuses import REFUND_REQUIRED, Outcome, outcomes, status_name


#: What a closed case does not take: a filing, an acceptance, an urge (reopen it first).
#: ``tousu log`` and the dashboard's log form refuse them.
MOVING_KINDS = frozenset({EventKind.SUBMITTED.value, EventKind.ACCEPTED.value, EventKind.URGED.value})


class ClosingError(CatalogueError):
    """A close, result or reopen that does not fit the case. ``values`` named ``status``
    hold a status id, shown as its name in the message's language."""

    def message(self, lang: str = "zh") -> str:
        values = dict(self.values)
        if "status" in values:
            values["status"] = status_name(str(values["status"]), lang)
        return tr(self.key, lang, **values)


def result_event(case: Case, outcome: Outcome, at: arrow.Arrow, *, channel: str | None = None,
                 refunded: Decimal | None = None, refunded_on: date | None = None, said: str = "",
                 lang: str = "zh") -> Event:
    """The RESULT event saying ``outcome`` for ``case`` at ``at`` (the case is not changed).

    ``channel`` defaults to the case's current channel. ``refunded`` (yuan, as
    :func:`cases.amounts.parse_amount` read it) is required for a partial refund and
    must then be more than 0 and less than what the case's orders add up to;
    for a full refund it defaults to that total and may not be less; other
    outcomes take no amount. ``refunded_on`` (when the money arrived, default
    the result's day for a refund) may not be after the result's day.
    """
    total = case.amount
    if not outcome.takes_refund:
        if refunded is not None or refunded_on is not None:
            raise ClosingError("cases.closing.no_refund", lang, outcome=outcome.name(lang))
    elif outcome.refund == REFUND_REQUIRED:
        if refunded is None:
            raise ClosingError("cases.closing.refund_required", lang, outcome=outcome.name(lang))
        if refunded <= 0:
            raise ClosingError("cases.closing.refund_zero", lang)
        if total > 0 and refunded >= total:
            raise ClosingError("cases.closing.part_is_whole", lang, amount=f"{refunded:.2f}", total=f"{total:.2f}")
    else:  # a full refund: the whole amount, unless the user says how much arrived
        if refunded is None and total > 0:
            refunded = total
        if refunded is not None and total > 0 and refunded < total:
            raise ClosingError("cases.closing.full_is_part", lang, amount=f"{refunded:.2f}", total=f"{total:.2f}")
    day = at.to(TZ).date()
    if refunded_on is not None and refunded_on > day:
        raise ClosingError("cases.closing.refund_after_result", lang, on=refunded_on.isoformat(),
                           day=day.isoformat())
    if refunded is not None and refunded_on is None:
        refunded_on = day
    return Event(
        kind=EventKind.RESULT.value,
        channel=case.current_channel if channel is None else channel,
        at=to_iso(at),
        said=said,
        outcome=outcome.id,
        refunded="" if refunded is None else f"{refunded:.2f}",
        refunded_on="" if refunded_on is None else refunded_on.isoformat(),
    )


def close_case(case: Case, event: Event, lang: str = "zh") -> Event:
    """Record ``event`` (a :func:`result_event`) on ``case`` and close it with the status
    its outcome gives; :class:`ClosingError` if the case is closed already."""
    if case.closed:
        raise ClosingError("cases.closing.already_closed", lang, id=case.id, status=case.status.value)
    found = outcomes().get(event.outcome)
    if event.kind != EventKind.RESULT.value or found is None:
        raise ValueError(f"close_case needs a result with a known outcome, not {event.kind!r} / {event.outcome!r}")
    case.add_event(event)
    case.status = Status(found.status)
    return event


def reopen_case(case: Case, at: arrow.Arrow, said: str = "", lang: str = "zh") -> Event:
    """Open a closed case again: a REOPENED event (it moves no clock) and status open;
    the next filing makes it waiting. :class:`ClosingError` if it is not closed."""
    if not case.closed:
        raise ClosingError("cases.closing.not_closed", lang, id=case.id, status=case.status.value)
    event = case.add_event(Event(kind=REOPENED, channel=case.current_channel, at=to_iso(at),
                                 said=said))
    case.status = Status.OPEN
    return event


def refund_text(event: Event, lang: str = "zh") -> str:
    """"¥128.00 · 2026-06-12" for a result's refund; "" when it says none."""
    if not event.refunded:
        return ""
    return tr("cases.closing.refund", lang, amount=event.refunded, on=event.refunded_on or "—")
