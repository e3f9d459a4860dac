"""Where to escalate next: channel ids, best first (DOMAIN.md "Which channel comes next").

The ladder's order is not enough; the case's nature decides (:func:`nature`):

- ``illegal-goods`` (外挂, 私服, 盗版): the police and a 12315 举报, nothing else;
- ``theft`` (盗刷, 账号被盗): the platform first (freeze the account, keep the
  logs), then the police, with the platform as a witness;
- ``fraud``: 卷款跑路, or any case the user marked as fraud: the police first;
- ``civil`` otherwise: platform → payment platform / 12315 (黑猫 or 聚投诉 beside
  it) → 消协 or the court; never the police by default.

The candidates per nature and current channel are data (``data/routes.json``).
:func:`suggest_targets` then drops the current channel, channels already filed
with, channels with ``letter: false`` and channels whose condition fails (the
payment platform only for orders paid through it), and moves last the ones
pre-flight blocks by rule (暂行办法第十五条: not a missing fact the user can
answer).

:func:`next_tier` picks the single channel a merchant text's deadline sentence
names ("若于……前未处理，本人将向……投诉"): the first candidate after the target that
is a step of its own (not a public page or the payment platform, which go beside).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import arrow

from cases.categories import categories
from cases.channels import UnknownChannel, channel, ladder
from cases.model import Case, EventKind

CIVIL = "civil"
FRAUD = "fraud"
THEFT = "theft"
ILLEGAL_GOODS = "illegal-goods"
ANY = "*"


@cache
def routes() -> dict[str, dict[str, tuple[str, ...]]]:
    raw = json.loads(resources.files("cases").joinpath("data/routes.json").read_text("utf-8"))
    return {nature: {k: tuple(v) for k, v in table.items()} for nature, table in raw["natures"].items()}


def nature(case: Case) -> str:
    """``civil``, ``fraud``, ``theft`` or ``illegal-goods`` (see the module docstring)."""
    cat = categories().get(case.category)
    by_category = cat.nature if cat else CIVIL
    if by_category in (ILLEGAL_GOODS, THEFT, FRAUD):
        return by_category
    return FRAUD if case.fraud else CIVIL


def paid_through(case: Case, channel_id: str) -> bool:
    """True when the channel has no payment condition, or an order was paid through it."""
    keywords = channel(channel_id).requires_payment
    if not keywords:
        return True
    paid = " ".join(o.payment_channel for o in case.orders).casefold()
    return any(k.casefold() in paid for k in keywords)


def filed_channels(case: Case) -> frozenset[str]:
    """Channels the case was filed with (a SUBMITTED event on the timeline)."""
    return frozenset(ev.channel for ev in case.timeline if ev.kind == EventKind.SUBMITTED)


def candidates(case: Case, current: str) -> tuple[str, ...]:
    """The route's candidates after ``current`` ("" for no contact yet), before any filtering."""
    table = routes()[nature(case)]
    if current and current not in ladder():
        current = ""  # a hand-edited store: treat an unknown channel as no contact yet
    if current in table:
        return table[current]
    return table.get(ANY, ())


def _offered(case: Case, current: str) -> list[str]:
    filed = filed_channels(case)
    out = []
    for cid in dict.fromkeys(candidates(case, current)):
        try:
            chan = channel(cid)
        except UnknownChannel:
            continue
        if cid == current or cid in filed or not chan.letter or not paid_through(case, cid):
            continue
        out.append(cid)
    return out


def suggest_targets(case: Case, now: arrow.Arrow, calendar=None) -> list[str]:
    """Channel ids to escalate ``case`` to, best first (see the module docstring)."""
    from cases.preflight import rule_blocks  # preflight imports this module

    offered = _offered(case, case.current_channel)
    blocked = {cid for cid in offered if rule_blocks(case, cid, now, calendar)}
    return [cid for cid in offered if cid not in blocked] + [cid for cid in offered if cid in blocked]


def next_tier(case: Case, target: str) -> str:
    """The channel a merchant text names as the next step after ``target``, or "".

    The first candidate on the route that is a step of its own: not a public
    complaint page nor the payment platform, which go beside the route.
    """
    for cid in candidates(case, target):
        try:
            chan = channel(cid)
        except UnknownChannel:
            continue
        if cid != target and chan.letter and not chan.beside:
            return cid
    return ""
