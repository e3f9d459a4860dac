"""The dashboard filter: free text plus ``key:value`` tokens, typed as you go.

``渠道:12315`` or ``ch:12315`` (channel id or name), ``平台:汇想`` or ``p:汇想``,
``状态:open`` or ``s:等待`` (status value or label), ``负责人:小王`` or ``a:小王`` (the case's
assignee, a part of the name; ``a:me`` / ``负责人:我`` oneself, exactly; ``a:-`` nobody);
any other word must appear in
the id, title, platform, ticket, channel, status or tags. All tokens must match.
Naming a closed status shows closed cases even when they are hidden otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cases.statuses import statuses_named
from cases.summary import CLOSED_STATUSES
from tui.case_rows import CaseRow

_KEYS = {
    "ch": "channel", "channel": "channel", "渠道": "channel",
    "p": "platform", "platform": "platform", "平台": "platform",
    "s": "status", "status": "status", "状态": "status",
    "a": "assignee", "assignee": "assignee", "负责人": "assignee",
}
#: ``a:me``: the volunteer using tousu; ``a:-``: nobody.
_ME = ("me", "我")
NOBODY = "-"


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()  # parts of names (casefolded); "=name" exactly; NOBODY
    problems: tuple[str, ...] = field(default=())  # unknown keys, for the hint line

    @property
    def empty(self) -> bool:
        return not (self.words or self.channels or self.platforms or self.statuses or self.assignees)

    def wants_closed(self) -> bool:
        return any(s in CLOSED_STATUSES for s in self.statuses)

    def matches(self, row: CaseRow) -> bool:
        blob = row.blob
        if any(w not in blob for w in self.words):
            return False
        if self.channels and not any(
            c == row.channel or c in row.channel_name.casefold() for c in self.channels
        ):
            return False
        if self.platforms and not any(p in row.platform.casefold() for p in self.platforms):
            return False
        if self.statuses and row.status not in self.statuses:
            return False
        if self.assignees and not any(_assigned(a, row.assignee) for a in self.assignees):
            return False
        return True


def _assigned(wanted: str, assignee: str) -> bool:
    if wanted == NOBODY:
        return not assignee
    if wanted.startswith("="):
        return bool(assignee) and assignee.casefold() == wanted[1:]
    return wanted in assignee.casefold()


def _statuses_for(value: str, lang: str) -> list[str]:
    return statuses_named(value, lang)  # the words the rows show (cases.statuses)


def parse_query(text: str, lang: str = "zh", me: str = "") -> Query:
    """``me``: the volunteer's name, what ``a:me`` finds."""
    words: list[str] = []
    assignees: list[str] = []
    channels: list[str] = []
    platforms: list[str] = []
    statuses: list[str] = []
    problems: list[str] = []
    for token in text.replace("：", ":").split():
        key, sep, value = token.partition(":")
        kind = _KEYS.get(key.casefold()) if sep else None
        value = value.casefold()
        if sep and kind is None:
            problems.append(key)
            words.append(token.casefold())
        elif kind is None:
            words.append(token.casefold())
        elif not value:
            continue  # "渠道:" while still typing
        elif kind == "channel":
            channels.append(value)
        elif kind == "platform":
            platforms.append(value)
        elif kind == "assignee":
            assignees.append("=" + me.casefold() if value in _ME else value)
        else:
            matched = _statuses_for(value, lang)
            statuses.extend(matched or ["__none__"])
    return Query(tuple(words), tuple(channels), tuple(platforms), tuple(dict.fromkeys(statuses)),
                 tuple(assignees), tuple(problems))
