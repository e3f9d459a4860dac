"""A store's practice rules: the follow-up cadence per channel and the platforms' own promise clocks.

``channels.json`` gives every channel a follow-up cadence (``follow_up_days``) and the
platform-facing channels a practice clock (DOMAIN: "default 48 h, or the platform's own
rule"). A group that knows better sets its own: follow up on 黑猫投诉 every 2 days; 汇想卡盟
answers formal complaints within 72 hours by its published rules. Statutory clocks (12315's
7 and 45 working days, 举报's 15) are law and are never changed here.

The rules belong to a store, not to a volunteer: every deadline a store keeps is computed
with them, so everyone on a shared store sees the same dates (``storage.practice``). Their
:attr:`PracticeRules.checksum` is part of the deadlines' stamp (``cases.summary``).

Platforms are matched by name as people type it: Unicode-normalised (NFKC), case and
whitespace ignored ("汇想卡盟 " and "汇想卡盟" are one platform).
"""

from __future__ import annotations

import unicodedata
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from cases.channels import UnknownChannel, channel
from cases.i18n import CatalogueError

if TYPE_CHECKING:  # pragma: no cover
    from cases.durations import Duration

#: Bounds of a follow-up cadence, in calendar days.
MIN_FOLLOW_UP_DAYS = 1
MAX_FOLLOW_UP_DAYS = 60
#: Clock kinds a platform's own rule may replace: the practice clocks counted in hours.
_HOURS_KINDS = frozenset({"hours", "promise_or_hours"})


class PracticeError(CatalogueError):
    """A practice rule that cannot be set (catalogue ``cases.practice.*``)."""


def platform_key(name: str) -> str:
    """The name a platform is matched by (module docstring)."""
    return "".join(unicodedata.normalize("NFKC", name).casefold().split())


def check_follow_up(channel_id: str, days: int, lang: str = "zh") -> int:
    """``days`` as a cadence for ``channel_id``, or :class:`PracticeError`."""
    _known(channel_id, lang)
    if isinstance(days, bool) or not isinstance(days, int) or not MIN_FOLLOW_UP_DAYS <= days <= MAX_FOLLOW_UP_DAYS:
        raise PracticeError("cases.practice.follow_up_range", lang, value=days,
                            min=MIN_FOLLOW_UP_DAYS, max=MAX_FOLLOW_UP_DAYS)
    return days


def check_promise(platform: str, channel_id: str, text: str, lang: str = "zh") -> Duration:
    """``text`` as ``platform``'s own clock on ``channel_id``, or :class:`PracticeError`
    (:class:`~cases.durations.DurationError` for a duration that does not read)."""
    from cases.durations import parse_duration  # (not imported by a store without such clocks)

    if not platform_key(platform):
        raise PracticeError("cases.practice.no_platform", lang)
    ch = _known(channel_id, lang)
    if ch.source != "practice" or ch.clock.kind not in _HOURS_KINDS:
        raise PracticeError("cases.practice.not_practice", lang, channel=channel_id)
    return parse_duration(text, lang)


def _known(channel_id: str, lang: str):
    try:
        return channel(channel_id)
    except UnknownChannel:
        raise PracticeError("cases.practice.unknown_channel", lang, channel=channel_id) from None


@dataclass(frozen=True)
class PracticeRules:
    """The practice rules of one store (module docstring); empty: ``channels.json`` alone.

    ``follow_up``: channel id → days; ``promise``: platform name (as set) → channel id →
    duration text ("72h", "3个工作日")."""

    follow_up: Mapping[str, int] = field(default_factory=dict)
    promise: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "follow_up", MappingProxyType(dict(self.follow_up)))
        object.__setattr__(self, "promise", MappingProxyType(
            {name: MappingProxyType(dict(clocks)) for name, clocks in self.promise.items() if clocks}))
        keys = {platform_key(name): clocks for name, clocks in self.promise.items()}
        object.__setattr__(self, "_by_key", keys)

    def __bool__(self) -> bool:
        return bool(self.follow_up or self.promise)

    def follow_up_days(self, channel_id: str, default: int) -> int:
        return self.follow_up.get(channel_id, default)

    def promise_clock(self, platform: str, channel_id: str) -> Duration | None:
        """``platform``'s own clock on ``channel_id``, None where it has none."""
        text = self._by_key.get(platform_key(platform), {}).get(channel_id)  # type: ignore[attr-defined]
        if text is None:
            return None
        from cases.durations import DurationError, parse_duration

        try:
            return parse_duration(text)
        except DurationError:
            return None  # a hand-edited store: the channel's clock applies

    @cached_property
    def checksum(self) -> str:
        """CRC-32 of the rules (8 hex digits), "" when there are none: deadlines computed
        without rules keep the stamp they had before rules existed. Computed once: every
        summary's stamp names it."""
        if not self:
            return ""
        return f"{zlib.crc32(repr(self.to_doc()).encode('utf-8')):08x}"

    # -- changes ---------------------------------------------------------------
    def with_follow_up(self, channel_id: str, days: int | None, lang: str = "zh") -> PracticeRules:
        """These rules with ``channel_id``'s cadence set (None: back to channels.json)."""
        follow_up = dict(self.follow_up)
        if days is None:
            _known(channel_id, lang)
            follow_up.pop(channel_id, None)
        else:
            follow_up[channel_id] = check_follow_up(channel_id, days, lang)
        return PracticeRules(follow_up, self.promise)

    def with_promise(self, platform: str, channel_id: str, text: str | None, lang: str = "zh") -> PracticeRules:
        """These rules with ``platform``'s clock on ``channel_id`` set (None: removed)."""
        name = platform.strip()
        existing = next((n for n in self.promise if platform_key(n) == platform_key(name)), name)
        clocks = dict(self.promise.get(existing, {}))
        if text is None:
            _known(channel_id, lang)
            clocks.pop(channel_id, None)
        else:
            clocks[channel_id] = check_promise(name, channel_id, text, lang).text("zh")
        promise = {n: c for n, c in self.promise.items() if n != existing}
        if clocks:
            promise[existing] = clocks
        return PracticeRules(self.follow_up, promise)

    # -- documents ---------------------------------------------------------------
    def to_doc(self) -> dict[str, Any]:
        return {"follow_up": dict(sorted(self.follow_up.items())),
                "promise": {name: dict(sorted(c.items())) for name, c in sorted(self.promise.items())}}

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> PracticeRules:
        """Rules from a stored document; entries that no longer check (a channel removed
        from the ladder, a hand edit) are left out rather than refusing the store."""
        from cases.durations import DurationError

        follow_up: dict[str, int] = {}
        for channel_id, days in dict(doc.get("follow_up") or {}).items():
            try:
                follow_up[channel_id] = check_follow_up(str(channel_id), days)
            except PracticeError:
                continue
        promise: dict[str, dict[str, str]] = {}
        for name, clocks in dict(doc.get("promise") or {}).items():
            for channel_id, text in dict(clocks or {}).items():
                try:
                    check_promise(str(name), str(channel_id), str(text))
                except (PracticeError, DurationError):
                    continue
                promise.setdefault(str(name), {})[str(channel_id)] = str(text)
        return cls(follow_up, promise)


NO_RULES = PracticeRules()
