"""The ladder of channels, loaded from ``data/channels.json``.

Channels are data, not code branches: each has a stable ASCII id, a tier,
a clock rule, a follow-up cadence, who reads its texts (``addressee``), whether
its page is public, and whether tousu writes texts for it at all (``letter``).
Which channel comes next is in ``data/routes.json`` (cases.targets); the names are
in the catalogues (``channel.<id>.name`` / ``.short``).
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import NamedTuple

from cases.i18n import tr


class ClockRule(NamedTuple):
    """How long a channel has to act.

    kind:
      - ``promise_or_hours``: whatever the agent promised, else ``hours``;
      - ``hours``: a fixed number of hours;
      - ``working_days``: ``days`` working days of mainland China, counted from
        the day after receipt; after acceptance ``after_accept_days`` more;
      - ``none``: no fixed clock; the follow-up cadence applies.
    """

    kind: str
    hours: int | None = None
    days: int | None = None
    after_accept_days: int | None = None
    laws: tuple[tuple[str, str], ...] = ()  # (event kind, law id of laws.json) whose article sets the clock

    def law_id(self, event_kind: str) -> str:
        """The law (an id of laws.json) behind the clock ``event_kind`` starts, "" for a practice clock."""
        return dict(self.laws).get(event_kind, "")


class Channel(NamedTuple):
    """One channel of the ladder (data/channels.json): its tier, clock and who reads its texts."""

    id: str
    tier: int
    source: str  # "law" or "practice"
    clock: ClockRule
    follow_up_days: int
    addressee: str = "merchant"  # merchant | payment | regulator | mediator | police | court
    public: bool = False  # the text is published (黑猫投诉, 聚投诉)
    letter: bool = True  # False: only recorded (arbitration, other authorities), never a target
    requires_payment: tuple[str, ...] = ()  # offered only for orders paid through one of these
    needs_identity: bool = False  # filed only under the real name, phone and address

    @property
    def ultimatum_allowed(self) -> bool:
        """Only a text to the merchant may name the next step (DOMAIN "Writing a submission")."""
        return self.addressee == "merchant"

    @property
    def beside(self) -> bool:
        """Used beside the route (a public page, the payment platform), never named as the next step."""
        return self.public or self.addressee == "payment"

    def name(self, lang: str = "zh") -> str:
        return tr(f"channel.{self.id}.name", lang)

    def short(self, lang: str = "zh") -> str:
        """A name that fits a list column."""
        return tr(f"channel.{self.id}.short", lang)


class UnknownChannel(KeyError):
    def __init__(self, channel_id: str) -> None:
        super().__init__(channel_id)
        self.channel_id = channel_id

    def __str__(self) -> str:
        known = ", ".join(ladder())
        return f"unknown channel {self.channel_id!r} (known: {known})"


@cache
def ladder() -> dict[str, Channel]:
    """Every channel by id, in ladder order."""
    raw = json.loads(resources.files("cases").joinpath("data/channels.json").read_text("utf-8"))
    channels: dict[str, Channel] = {}
    for item in raw["channels"]:
        raw_clock = dict(item["clock"])
        clock = ClockRule(**{**raw_clock, "laws": tuple(sorted(raw_clock.get("laws", {}).items()))})
        channels[item["id"]] = Channel(
            id=item["id"],
            tier=int(item["tier"]),
            source=item["source"],
            clock=clock,
            follow_up_days=int(item["follow_up_days"]),
            addressee=item["addressee"],
            public=bool(item.get("public", False)),
            letter=bool(item.get("letter", True)),
            requires_payment=tuple(item.get("requires_payment", ())),
            needs_identity=bool(item.get("needs_identity", False)),
        )
    return channels


@cache
def ladder_checksum() -> str:
    """A checksum of ``data/channels.json`` as installed (CRC-32, 8 hex digits).

    Part of the stamp of stored deadlines (``cases.summary.deadline_stamp``): the
    clocks are data, so deadlines computed with other data are not current."""
    import zlib

    return f"{zlib.crc32(resources.files('cases').joinpath('data/channels.json').read_bytes()):08x}"


def channel(channel_id: str) -> Channel:
    try:
        return ladder()[channel_id]
    except KeyError:
        raise UnknownChannel(channel_id) from None
