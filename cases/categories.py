"""Problem categories (DOMAIN.md "What goes wrong"), loaded from data.

Their names are in the catalogues (``category.<id>``, ``category_group.<group>``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from cases.i18n import LANGS, tr


@dataclass(frozen=True)
class Category:
    id: str
    group: str  # transaction | service | security | illegal
    nature: str = "civil"  # civil | fraud | theft | illegal-goods (cases.targets)
    court_claims: tuple[str, ...] = ()  # the 诉讼请求 kinds of the court outline (cases.letter_demands)

    def name(self, lang: str = "zh") -> str:
        return tr(f"category.{self.id}", lang)


@cache
def _raw() -> dict:
    return json.loads(resources.files("cases").joinpath("data/categories.json").read_text("utf-8"))


@cache
def categories() -> dict[str, Category]:
    return {c["id"]: Category(**{**c, "court_claims": tuple(c.get("court_claims", ()))}) for c in _raw()["categories"]}


def group_name(group: str, lang: str = "zh") -> str:
    return tr(f"category_group.{group}", lang)


def find_category(text: str) -> Category | None:
    """A category by id, or by its name in any language (case-insensitive)."""
    text = text.strip()
    all_ = categories()
    if text in all_:
        return all_[text]
    folded = text.casefold()
    for cat in all_.values():
        if any(folded == cat.name(lang).casefold() for lang in LANGS):
            return cat
    return None
