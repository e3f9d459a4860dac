"""Where to escalate next: channel ids, best first (DOMAIN.md "The ladder of channels").

Rules of :func:`suggest_targets`:

- no contact yet (no active event) → ``platform-cs``;
- illegal categories (卷款跑路, 售卖非法虚拟商品) → ``police`` then ``12315-report``
  first ("police, not customer service"), then the current channel's ``next``;
- otherwise the current channel's ``next``, in ladder order;
- a current channel missing from the ladder (a hand-edited store) is treated
  as "no contact yet";
- never the current channel itself; empty at the top of the ladder (court).

:func:`next_tier` picks the single channel a submission's deadline sentence
names ("若于……前未处理，本人将向……投诉"): the first suggestion after the target.
"""

from __future__ import annotations

import arrow

from cases.categories import categories
from cases.channels import UnknownChannel, channel, ladder
from cases.model import Case

ILLEGAL_FIRST = ("police", "12315-report")
FIRST_CONTACT = "platform-cs"


def _is_illegal(case: Case) -> bool:
    cat = categories().get(case.category)
    return bool(cat and cat.is_illegal)


def _in_ladder_order(ids: list[str]) -> list[str]:
    order = {cid: i for i, cid in enumerate(ladder())}
    return sorted(dict.fromkeys(i for i in ids if i in order), key=order.__getitem__)


def _after(case: Case, current: str) -> list[str]:
    """Suggestions for ``case`` when ``current`` is the channel it is at ("" for none)."""
    try:
        nxt = list(channel(current).next) if current else None
    except UnknownChannel:
        nxt = None
    out: list[str] = []
    if _is_illegal(case):
        out.extend(ILLEGAL_FIRST)
        out.extend(_in_ladder_order(nxt or []))
    elif nxt is None:
        out.append(FIRST_CONTACT)
    else:
        out.extend(_in_ladder_order(nxt))
    return [cid for cid in dict.fromkeys(out) if cid != current]


def suggest_targets(case: Case, now: arrow.Arrow, calendar=None) -> list[str]:  # noqa: ARG001 - API symmetry
    """Channel ids to escalate ``case`` to, best first (see the module docstring)."""
    return _after(case, case.current_channel)


def next_tier(case: Case, target: str) -> str:
    """The channel to name after ``target`` (its first suggestion once filed there), or ""."""
    following = _after(case, target)
    try:
        tier = channel(target).tier
    except UnknownChannel:
        return following[0] if following else ""
    higher = [cid for cid in following if channel(cid).tier > tier]
    return (higher or following or [""])[0]
