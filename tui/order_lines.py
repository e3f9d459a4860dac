"""Orders typed one per line in a form: ``订单号, 金额, 支付时间, 支付渠道, 收款方``.

Commas may be ASCII or full-width; the time, channel and payee may be left out. The
time may be said as people do ("昨天 21:30"), read against the clock given.
"""

from __future__ import annotations

import arrow

from cases.clock import TimeRangeError, TimeTextError, parse_instant, to_iso
from cases.i18n import get_lang, tr
from cases.instants import shown_time
from cases.amounts import AmountError, parse_amount
from cases.model import Order
from cases.sanitize import clean_text

_FIELDS = 5  # number, amount, paid at, payment channel, payee


def format_orders(orders: list[Order]) -> str:
    lines = []
    for o in orders:
        paid = shown_time(o.paid_at, missing="")
        parts = [o.number, str(o.amount), paid, o.payment_channel, o.payee]
        while parts and not parts[-1]:
            parts.pop()
        lines.append(", ".join(parts))
    return "\n".join(lines)


def parse_orders(text: str, now: arrow.Arrow | None = None) -> tuple[list[Order], list[str]]:
    """Orders and error messages (one per bad line, naming the line); payment times
    said relative to ``now`` ("昨天 21:30") need it."""
    orders: list[Order] = []
    errors: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = clean_text(line).strip()
        if not line:
            continue
        parts = [p.strip() for p in line.replace("，", ",").split(",")]
        if len(parts) > _FIELDS:
            errors.append(tr("tui.orders.too_many", line=number))
            continue
        parts += [""] * (_FIELDS - len(parts))
        order_no, amount, paid, channel, payee = parts
        if not order_no:
            errors.append(tr("tui.orders.no_number", line=number))
            continue
        try:
            value = parse_amount(amount or "0", get_lang())
        except AmountError as exc:
            errors.append(tr("tui.orders.bad_amount", line=number, message=exc.message(get_lang())))
            continue
        paid_iso = None
        if paid:
            try:
                paid_iso = to_iso(parse_instant(paid, get_lang(), now))
            except TimeRangeError as exc:
                errors.append(tr("tui.orders.time_out_of_range", line=number, message=exc.message(get_lang())))
                continue
            except TimeTextError as exc:
                if exc.key == "cases.time.unrecognised":
                    errors.append(tr("tui.orders.bad_time", line=number, value=paid))
                else:
                    errors.append(tr("tui.orders.time_problem", line=number, message=exc.message(get_lang())))
                continue
        orders.append(Order(number=order_no, amount=value, paid_at=paid_iso, payment_channel=channel, payee=payee))
    return orders, errors
