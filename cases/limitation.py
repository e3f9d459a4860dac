"""The 3-year limit of 暂行办法第十五条(四), counted per order.

12315 does not accept a complaint filed more than three years after the day the
consumer knew or should have known of the harm. tousu counts it per order, from
the day the order was paid (for virtual goods, the day a recharge fails to
arrive or a card code fails is the day of the order; it is the earliest day the
consumer can have known, so the count never runs late):

- 民法典第二百零一条: the first day is not counted; the period runs from the next day;
- 第二百零二条: a period in years ends on the corresponding day of the last
  year (paid 2023-06-15 → last day 2026-06-15); without one (29 February), on
  the last day of that month;
- 第二百零三条: a last day that is a day off (a weekend or a holiday on the
  working-day calendar) moves to the next working day.

An order past its last day is left out of a 12315 claim; the case's other
orders still go (cases.preflight, cases.submission).
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass, replace
from datetime import date, timedelta

import arrow

from cases.clock import TZ
from cases.instants import readable_instant
from cases.model import Case, Order
from cases.workdays import WorkCalendar, default_calendar



def _years() -> int:
    from cases.preflight import requirements  # cases.preflight imports this module

    return int(requirements()["too_old_years"])


@dataclass(frozen=True)
class OrderLimit:
    order: Order
    known: date  # the day the harm was known (the order's payment day)
    last_day: date  # the last day a 12315 complaint can be filed for it

    def expired(self, today: date) -> bool:
        return today > self.last_day


def last_day(known: date, calendar: WorkCalendar | None = None, years: int | None = None) -> date:
    """The last day of a ``years``-year period (data/requirements.json) that started on ``known``."""
    year = known.year + (years if years is not None else _years())
    day = min(known.day, _calendar.monthrange(year, known.month)[1])
    end = date(year, known.month, day)
    cal = calendar or default_calendar()
    while not cal.is_working_day(end):
        end += timedelta(days=1)
    return end


def order_limits(case: Case, calendar: WorkCalendar | None = None) -> list[OrderLimit]:
    """The limit of every order with a readable payment time, in order."""
    out = []
    for order in case.orders:
        paid = readable_instant(order.paid_at)
        if paid is None:
            continue
        known = paid.to(TZ).date()
        out.append(OrderLimit(order, known, last_day(known, calendar)))
    return out


def expired_orders(case: Case, now: arrow.Arrow, calendar: WorkCalendar | None = None) -> list[OrderLimit]:
    """The orders past their limit today (Asia/Shanghai)."""
    today = now.to(TZ).date()
    return [limit for limit in order_limits(case, calendar) if limit.expired(today)]


def within_limit(case: Case, now: arrow.Arrow, calendar: WorkCalendar | None = None) -> Case:
    """A copy of ``case`` without the orders past their limit (the same case if none is)."""
    expired = expired_orders(case, now, calendar)
    if not expired:
        return case
    gone = {id(limit.order) for limit in expired}
    kept = [o for o in case.orders if id(o) not in gone]
    return replace(case, orders=kept)
