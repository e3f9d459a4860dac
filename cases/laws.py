"""The checked list of legal references, loaded from ``data/laws.json``.

Only what this list holds is ever cited (DOMAIN.md "Laws that are safe to
cite"). Each entry has a stable id, the law, article and a one-line paraphrase
(in the catalogues, ``law.<id>.*``, in both languages), a kind and the problem categories
it applies to:

- ``basis``: cited as the legal basis of a submission, chosen by the case's
  problem category (:func:`laws_for_case`); an entry with a ``requires`` is
  chosen only when the case says so: ``fraud_claim`` (消法第五十五条) where
  :mod:`cases.claims` offers that claim (the user marked fraud),
  ``contract_denied`` (电子商务法第四十九条第二款) where the user recorded that
  the platform denied the contract; a ``civil`` entry (a civil-compensation
  article) is never cited by a text that asks for no money (a 12315 举报);
- ``procedure``: a channel's own rule (the 12315 time limits, the fields of
  暂行办法第九条, small claims), cited by that channel's text by id;
- ``note``: kept for reference and never cited (消法第二十五条: it tells what
  *not* to ask for).

Categories without a fitting entry (abnormal records) get no legal basis
rather than a stretched one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from cases.claims import claim_applies
from cases.i18n import tr
from cases.model import Case

BASIS = "basis"
PROCEDURE = "procedure"
NOTE = "note"


@dataclass(frozen=True)
class Law:
    id: str
    kind: str
    categories: tuple[str, ...] = ()
    requires: str = ""
    civil: bool = False  # a civil-compensation article (never in a text that asks for no money)
    claim: tuple[tuple[str, str], ...] = ()  # the numbers of a claim the article gives (消法第五十五条)

    def name(self, lang: str = "zh") -> str:
        """The law's name: "电子商务法" / "E-Commerce Law"."""
        return tr(f"law.{self.id}.name", lang)

    def citation(self, lang: str = "zh") -> str:
        """"《电子商务法》第二十条" / "E-Commerce Law, Article 20"."""
        article = tr(f"law.{self.id}.article", lang)
        if not article:
            return tr("law.citation_bare", lang, name=self.name(lang))
        return tr("law.citation", lang, name=self.name(lang), article=article)

    def summary(self, lang: str = "zh") -> str:
        """A paraphrase of the article (大意), not a quotation."""
        return tr(f"law.{self.id}.summary", lang)


@cache
def laws() -> dict[str, Law]:
    """Every checked entry by id, in file order."""
    raw = json.loads(resources.files("cases").joinpath("data/laws.json").read_text("utf-8"))
    out: dict[str, Law] = {}
    for item in raw["laws"]:
        out[item["id"]] = Law(
            id=item["id"],
            kind=item["kind"],
            categories=tuple(item.get("categories", ())),
            requires=item.get("requires", ""),
            civil=bool(item.get("civil", False)),
            claim=tuple((k, str(v)) for k, v in item.get("claim", {}).items()),
        )
    return out


def law(law_id: str) -> Law:
    """One entry; KeyError for an id not on the checked list."""
    return laws()[law_id]


_REQUIREMENTS = {
    "fraud_claim": claim_applies,
    "contract_denied": lambda case: case.contract_denied,
}


def laws_for_case(case: Case, *, civil: bool = True) -> list[Law]:
    """The legal basis for ``case``: ``basis`` entries of its category or of what the
    user recorded, in file order; ``civil=False`` leaves out civil-compensation articles."""
    out = []
    for entry in laws().values():
        if entry.kind != BASIS or (entry.civil and not civil):
            continue
        if entry.requires:
            if _REQUIREMENTS[entry.requires](case):
                out.append(entry)
        elif case.category in entry.categories:
            out.append(entry)
    return out


def citations(lang: str = "zh") -> frozenset[str]:
    """Every citation on the checked list in ``lang`` (for checks and tests)."""
    return frozenset(entry.citation(lang) for entry in laws().values())
