"""The group screen's filter: words plus ``key:value`` tokens, typed as you go.

``状态:等待`` or ``s:waiting`` (a status id or part of its word), ``负责人:王`` or
``a:wang`` (part of the assignee's name; ``a:-`` for nobody), ``缺:委托书`` /
``missing:poa`` (no 委托书 on file), ``缺:同意`` / ``missing:consent`` (no consent to be
represented), ``缺:证据`` / ``missing:evidence`` (not all three kinds of evidence),
``标记:是`` / ``marked:yes`` (the stored mark); any other word must appear in the id,
name, phone, an order number, the assignee or the notes. Every token must match.
"""

from __future__ import annotations

from dataclasses import dataclass

from cases.statuses import statuses_named
from tui.roster_rows import RosterRow

_KEYS = {
    "s": "status", "status": "status", "状态": "status",
    "a": "assignee", "assignee": "assignee", "负责人": "assignee",
    "缺": "missing", "missing": "missing",
    "标记": "marked", "marked": "marked",
}
#: What ``缺:`` names, in either language.
_MISSING = {
    "委托书": "poa", "poa": "poa", "同意": "consent", "同意代表": "consent", "consent": "consent",
    "证据": "evidence", "evidence": "evidence",
}
_NOBODY = frozenset({"-", "无", "none", "nobody"})
_NO = frozenset({"否", "no", "n", "0", "false"})


@dataclass(frozen=True)
class RosterQuery:
    words: tuple[str, ...] = ()
    statuses: tuple[tuple[str, ...], ...] = ()  # each token's statuses (one of each must match)
    assignees: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    marked: bool | None = None
    problems: tuple[str, ...] = ()  # unknown keys or values, for the hint line

    @property
    def empty(self) -> bool:
        return not (self.words or self.statuses or self.assignees or self.missing or self.marked is not None)

    def matches(self, row: RosterRow) -> bool:
        blob = row.blob
        if any(w not in blob for w in self.words):
            return False
        if any(row.status not in wanted for wanted in self.statuses):
            return False
        for name in self.assignees:
            if (row.assignee != "") if name in _NOBODY else (name not in row.assignee.casefold()):
                return False
        for item in self.missing:
            if (item == "poa" and row.poa) or (item == "consent" and row.consent) or \
                    (item == "evidence" and row.evidence_complete):
                return False
        return self.marked is None or row.marked is self.marked


def parse_roster_query(text: str, lang: str = "zh") -> RosterQuery:
    words: list[str] = []
    statuses: list[tuple[str, ...]] = []
    assignees: list[str] = []
    missing: list[str] = []
    marked: bool | None = None
    problems: list[str] = []
    for token in text.replace("：", ":").split():
        key, sep, value = token.partition(":")
        kind = _KEYS.get(key.casefold()) if sep else None
        value = value.casefold()
        if kind is None:
            if sep:
                problems.append(key)
            words.append(token.casefold())
        elif not value:
            continue  # "状态:" while still typing
        elif kind == "status":
            statuses.append(tuple(statuses_named(value, lang)))
        elif kind == "assignee":
            assignees.append(value)
        elif kind == "missing":
            item = _MISSING.get(value)
            if item is None:
                problems.append(token)
            else:
                missing.append(item)
        else:
            marked = value not in _NO
    return RosterQuery(tuple(words), tuple(statuses), tuple(assignees), tuple(missing), marked, tuple(problems))
