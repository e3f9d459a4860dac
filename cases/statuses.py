"""A case's statuses and the outcomes of a result, from one data definition.

``cases/data/statuses.json`` lists the statuses (in order, each open or closed)
and the outcomes a written result can have, each with the closed status it
gives the case (``tousu close --outcome``) and whether a refunded amount goes
with it. :class:`cases.model.Status` names the same ids in the same order
(tested), and its ``closed`` comes from here.

The words are in one catalogue, ``status.<id>`` and ``outcome.<id>``
(``cases/locales/status.<lang>.json``), and every place that shows a status
(dashboard rows and filter, case detail, ``tousu list``, ``tousu show``)
takes them from :func:`status_name`, so ``s:等待`` finds what the list calls
等待回复.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import NamedTuple

from cases.i18n import LANGS, known, tr

#: What an outcome says about money: ``--refunded`` must, may or may not be given.
REFUND_REQUIRED = "required"
REFUND_OPTIONAL = "optional"
REFUND_NONE = "none"
_REFUNDS = (REFUND_REQUIRED, REFUND_OPTIONAL, REFUND_NONE)


class Outcome(NamedTuple):
    """What a written result says: ``refunded_full``, ``refunded_part``, ``delivered`` …"""

    id: str
    status: str  # the closed status closing with this outcome gives the case
    refund: str  # REFUND_REQUIRED | REFUND_OPTIONAL | REFUND_NONE

    @property
    def takes_refund(self) -> bool:
        return self.refund != REFUND_NONE

    def name(self, lang: str | None = None) -> str:
        return tr(f"outcome.{self.id}", lang)


@cache
def _raw() -> dict:
    return checked(json.loads(resources.files("cases").joinpath("data/statuses.json").read_text("utf-8")))


def checked(data: dict) -> dict:
    """``data`` (statuses.json's content) if it holds together, else ValueError naming the entry."""
    ids = [s["id"] for s in data["statuses"]]
    closed = {s["id"] for s in data["statuses"] if s["closed"]}
    if len(set(ids)) != len(ids):
        raise ValueError("statuses.json: a status is listed twice")
    for item in data["outcomes"]:
        if item["status"] not in closed:
            raise ValueError(f"statuses.json: outcome {item['id']!r} gives {item['status']!r}, not a closed status")
        if item["refund"] not in _REFUNDS:
            raise ValueError(f"statuses.json: outcome {item['id']!r} has refund {item['refund']!r}")
    return data


@cache
def status_ids() -> tuple[str, ...]:
    """Every status id, in order (open ones first)."""
    return tuple(s["id"] for s in _raw()["statuses"])


@cache
def closed_statuses() -> frozenset[str]:
    """The ids of the closed statuses: no countdown, no urge or escalation."""
    return frozenset(s["id"] for s in _raw()["statuses"] if s["closed"])


def status_name(status: str, lang: str | None = None) -> str:
    """The word for ``status`` (an id) in ``lang``; an id this tousu does not know as it is."""
    key = f"status.{status}"
    return tr(key, lang) if known(key, lang) else status


def statuses_named(text: str, lang: str | None = None) -> list[str]:
    """The status ids ``text`` names: an id, or a part of a status word in ``lang``
    ("等待" → waiting), case-insensitively. What the dashboard's ``s:`` filter matches."""
    folded = text.strip().casefold()
    if not folded:
        return []
    return [s for s in status_ids() if folded == s or folded in status_name(s, lang).casefold()]


@cache
def outcomes() -> dict[str, Outcome]:
    """Every outcome by id, in the data's order."""
    return {o["id"]: Outcome(o["id"], o["status"], o["refund"]) for o in _raw()["outcomes"]}


def find_outcome(text: str) -> Outcome | None:
    """An outcome by id, or by its name in any language (case-insensitive)."""
    text = text.strip()
    found = outcomes().get(text)
    if found is not None:
        return found
    folded = text.casefold()
    for item in outcomes().values():
        if folded and any(folded == item.name(lang).casefold() for lang in LANGS):
            return item
    return None


def outcome_name(outcome_id: str, lang: str | None = None) -> str:
    """The name of an outcome id; an id this tousu does not know as it is."""
    item = outcomes().get(outcome_id)
    return item.name(lang) if item is not None else outcome_id
