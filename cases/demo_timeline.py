"""A case with a very long timeline (a platform that answers every day for years),
for the benchmarks and the tests of the case detail.

Deterministic: entry ``i`` is ``i`` × 50 minutes after ``now`` less ``entries`` ×
50 minutes, so the last one is ``now``; channels, kinds and tickets cycle.
"""

from __future__ import annotations

from decimal import Decimal

import arrow

from cases.clock import to_iso
from cases.model import Case, Event, Order

_CHANNELS = ("platform-cs", "platform-complaint", "heimao")
_KINDS = ("contact", "contact", "urged", "note")


def long_timeline_case(now: arrow.Arrow, entries: int = 10_000) -> Case:
    """An open case whose timeline has ``entries`` entries, the last one at ``now``."""
    first = now.shift(minutes=-50 * (entries - 1))
    timeline = [
        Event(
            kind=_KINDS[i % len(_KINDS)],
            channel=_CHANNELS[i % len(_CHANNELS)],
            at=to_iso(first.shift(minutes=50 * i)),
            ticket=f"LT-{i + 1:05d}",
            agent=str(1000 + i % 37),
            said=f"第{i + 1}次沟通：客服称已加急处理，请耐心等待",
            promised="2小时" if i % 11 == 0 else "",
            seq=i + 1,
        )
        for i in range(entries)
    ]
    return Case(
        title=f"充值未到账（{entries}条记录）", platform="长线卡盟", category="recharge-missing",
        orders=[Order("LT-ORDER-1", Decimal("299.00"), to_iso(first.shift(days=-1)), "支付宝")],
        timeline=timeline,
    )
