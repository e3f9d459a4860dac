"""Problem categories (DOMAIN.md "What goes wrong"), loaded from data."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Category:
    id: str
    group: str  # transaction | service | security | illegal
    zh: str
    en: str
    nature: str = "civil"  # civil | fraud | theft | illegal-goods (cases.targets)
    court_claims: tuple[str, ...] = ()  # the 诉讼请求 kinds of the court outline (cases.facts)

    def name(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@cache
def _raw() -> dict:
    return json.loads(resources.files("cases").joinpath("data/categories.json").read_text("utf-8"))


@cache
def categories() -> dict[str, Category]:
    return {c["id"]: Category(**{**c, "court_claims": tuple(c.get("court_claims", ()))}) for c in _raw()["categories"]}


def group_name(group: str, lang: str = "zh") -> str:
    return _raw()["groups"][group]["en" if lang == "en" else "zh"]


def find_category(text: str) -> Category | None:
    """A category by id, or by its Chinese or English name (case-insensitive)."""
    text = text.strip()
    all_ = categories()
    if text in all_:
        return all_[text]
    folded = text.casefold()
    for cat in all_.values():
        if folded in (cat.zh.casefold(), cat.en.casefold()):
            return cat
    return None
