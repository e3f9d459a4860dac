"""Masking personal data in everything that leaves the tool (DOMAIN.md "Pitfalls").

- phone: "13812345678" → "138****5678";
- ID number: at most the first 3 and last 4 characters, never digits 7–14 (the
  birth date): "110105199003071234" → "110***********1234"; old 15-digit numbers
  keep the first 3 and last 3 (their birth date is digits 7–12);
- bank card: last 4 ("************1234"), or first 6 + last 4 on request, never more;
- name: first character kept: "张三丰" → "张**";
- address: the leading region (up to the first 省/市/区/县 within 12 characters) kept.

:func:`mask_text` finds these numbers inside free text however they are written:

- digits may be full-width (１３８…) or any other Unicode decimal digit, or
  superscript, subscript and circled digits (what NFKC turns into 0–9);
- digit groups may be joined by up to three spaces, dashes or dots
  ("138 1234 5678", "138-1234-5678", "138.1234.5678", "6222 0212 3456 7890 128"),
  and zero-width characters (U+200B, U+200C, U+200D, U+2060, U+FEFF and the
  other invisible format marks) may sit anywhere inside;
- letters around a number do not protect it: "Tel13812345678",
  "ID110105199003071234" and "card6222…" are masked.

Which digit strings count as numbers, and the trade-off with order numbers,
which are long digit strings too:

- a phone number is an 11-digit mainland mobile (1[3-9]…), optionally after
  86 or 0086 (the prefix stays as written). An 11-digit order number starting
  13–19 is masked like a phone (7 digits stay visible);
- an ID number has 18 characters (the last may be X) or 15 digits, a region
  code starting 1–8 and a real birth date (1900–2099 in digits 7–14; 19YYMMDD
  in digits 7–12 of a 15-digit number);
- a bank card number is any 13–19 digits that pass the Luhn check, whatever
  its first digits. About one in ten order numbers of that length passes Luhn
  by chance and is shown as "****…1234" in free text; order numbers typed as
  order fields are never masked, and ``r`` / ``--reveal`` shows them all;
- a number is made of whole digit groups: an unbroken run of digits longer
  than any number (a 28-digit payment serial) is not searched inside, so
  order numbers containing a phone-like stretch stay intact;
- groups joined by separators count together when together they are a
  number, and the longest reading wins: a card written in groups of four is
  masked whole even when some of its groups alone look like a phone. The price
  is that a date or amount right before a number ("2026-06-14 138…") is
  sometimes masked with it. Two readings that overlap without one containing
  the other are masked entirely (every digit a star).

Masking never extends a number: the result keeps fewer characters visible than
the rules above allow, never more; the text around a masked span is unchanged.

In parts: the digit forms (:mod:`cases.digit_forms`), the maskers of one value
(:mod:`cases.masks`, imported here) and the number finding (:mod:`cases.number_finding`);
this module masks free text, a case and a letter with them.

:func:`mask_text` also replaces the names it is given (the complainant's) by
:func:`mask_name`. :func:`mask_case_text` and :func:`masked_case` are the one
path for a case's own text: they mask with :func:`case_names` of the case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from cases.masks import mask_address, mask_id_number, mask_name, mask_phone
from cases.number_finding import IDS_AND_CARDS, LONG_RUN, RUN, mask_numbers

if TYPE_CHECKING:  # pragma: no cover
    from cases.model import Case, Complainant, Group


def _usable_names(names: Iterable[str]) -> Iterable[str]:
    """Names of at least 2 characters, longest first (so "张三丰" goes before "张三")."""
    if isinstance(names, str):
        names = (names,)
    elif isinstance(names, (tuple, list)) and len(names) == 1:  # the usual case: one complainant
        name = names[0].strip() if names[0] else ""
        return (name,) if len(name) >= 2 else ()
    usable = [n.strip() for n in names if n and len(n.strip()) >= 2]
    if len(usable) > 1:
        usable = sorted(set(usable), key=len, reverse=True)
    return usable


def mask_names(text: str, names: Iterable[str]) -> str:
    """``text`` with each of ``names`` masked (张三丰 → 张**; names shorter than 2 characters are
    ignored; a Latin name in any letter case), and nothing else."""
    for name in _usable_names(names):
        if name in text:
            text = text.replace(name, mask_name(name))
        if not name.isascii() and name.lower() == name.upper():
            continue  # no letter with a case (Chinese): the exact match was all there is
        if name.casefold() in text.casefold():  # "li wenbo" for "Li Wenbo"
            masked = mask_name(name)
            text = re.sub(re.escape(name), lambda _m: masked, text, flags=re.IGNORECASE)
    return text


def mask_text(text: str, *, names: Iterable[str] = ()) -> str:
    """Mask phone, ID and bank card numbers inside free text, and each of ``names``
    (names shorter than 2 characters are ignored), leaving the rest of the text as
    it is (see the module docstring). Quick on text without digits or names."""
    if not text:
        return text
    if names:
        text = mask_names(text, names)
    return mask_numbers(text)


def mask_ids_and_cards(text: str) -> str:
    """Mask ID and bank card numbers only: what a public page (黑猫投诉, 聚投诉) never shows,
    even when the user revealed names and phone numbers for it."""
    return mask_numbers(text, IDS_AND_CARDS) if text else text


def masked_complainant(c: Complainant) -> Complainant:
    """A copy of ``c`` with name, phone, ID number and address masked."""
    return replace(
        c,
        name=mask_name(c.name),
        phone=mask_phone(c.phone),
        id_number=mask_id_number(c.id_number),
        address=mask_address(c.address),
    )


# -- a case's own text -----------------------------------------------------------


def case_names(case: Case) -> tuple[str, ...]:
    """The names masked in a case's text: the complainant's (when it has 2 characters or more)."""
    name = case.complainant.name.strip()
    return (name,) if len(name) >= 2 else ()


def mask_case_text(case: Case, text: str) -> str:
    """Text typed for ``case`` (a title, a note, what an agent said), masked: numbers and the complainant's name."""
    return mask_text(text, names=case_names(case))


def masked_case(case: Case) -> Case:
    """A copy of ``case`` with every text the user typed masked by :func:`mask_case_text`
    and the complainant masked by :func:`masked_complainant`.

    Left as typed: ids, order and ticket numbers, channels, times, amounts, the
    category and the platform's legal entity (company data, not personal data).
    """
    names = case_names(case)

    def mask(text: str) -> str:
        return mask_text(text, names=names)

    return replace(
        case,
        title=mask(case.title),
        platform=mask(case.platform),
        orders=[replace(o, payment_channel=mask(o.payment_channel), payee=mask(o.payee)) for o in case.orders],
        complainant=masked_complainant(case.complainant),
        demands=replace(case.demands, basic=mask(case.demands.basic), compensation=mask(case.demands.compensation)),
        tags=[mask(t) for t in case.tags],
        notes=mask(case.notes),
        timeline=[replace(e, said=mask(e.said), promised=mask(e.promised), agent=mask(e.agent))
                  for e in case.timeline],
        evidence=[replace(e, label=mask(e.label), path=mask(e.path), name=mask(e.name)) for e in case.evidence],
        drafts=[replace(d, text=mask_letter(case, d.text)) for d in case.drafts],
        filed=[replace(f, text=mask_letter(case, f.text)) for f in case.filed],
    )


def shown_case(case: Case, group: Group | None, *, reveal: bool) -> tuple[Case, str]:
    """``case`` as every view of it shows it (the detail, ``tousu show``, the case file) and
    its group's name ("" without a group): :func:`masked_case` and the name masked by
    :func:`mask_case_text`, or both as they are when ``reveal``."""
    name = group.name if group is not None else ""
    if reveal:
        return case, name
    return masked_case(case), mask_case_text(case, name)


# -- a letter's text, masked and revealed -------------------------------------------


def _case_texts(case: Case) -> list[str]:
    """The free texts of ``case`` that :func:`masked_case` masks."""
    texts = [case.title, case.platform, case.notes, case.demands.basic, case.demands.compensation, *case.tags]
    for o in case.orders:
        texts += [o.payment_channel, o.payee]
    for e in case.timeline:
        texts += [e.said, e.promised, e.agent]
    for item in case.evidence:
        texts += [item.label, item.name]
    return [t for t in texts if t]


def letter_pairs(case: Case) -> list[tuple[str, str]]:
    """(real, masked) for each piece of personal data a letter about ``case`` may hold:
    the complainant's name, phone, ID number and address, and every number that
    :func:`mask_case_text` masks in the case's own texts. Masked forms shared by two
    different values are left out: revealing them could show the wrong one."""
    c = case.complainant
    pairs: dict[str, str] = {}
    for real, masked in ((c.name.strip(), mask_name(c.name)), (c.phone.strip(), mask_phone(c.phone)),
                         (c.id_number.strip(), mask_id_number(c.id_number)),
                         (c.address.strip(), mask_address(c.address))):
        if real and masked and real != masked and (real != c.name.strip() or len(real) >= 2):
            pairs[real] = masked
    for text in _case_texts(case):
        if LONG_RUN.search(text) is None:
            continue
        for run in RUN.finditer(text):
            real = run.group(0)
            masked = mask_text(real)
            if masked != real:
                pairs.setdefault(real, masked)
    by_mask: dict[str, set[str]] = {}
    for real, masked in pairs.items():
        by_mask.setdefault(masked, set()).add(real)
    return [(real, masked) for real, masked in pairs.items() if len(by_mask[masked]) == 1]


def _swap(text: str, mapping: dict[str, str]) -> str:
    """Replace every key of ``mapping`` in ``text`` by its value, longest key first, in one pass
    (a replaced value is never replaced again)."""
    if not mapping or not text:
        return text
    pattern = re.compile("|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)))
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def mask_letter(case: Case, text: str) -> str:
    """A letter's text (revealed, perhaps edited) with ``case``'s personal data masked:
    its real values as :func:`letter_pairs` masks them, then :func:`mask_case_text`
    for anything else (a number typed into the letter)."""
    return mask_case_text(case, _swap(text, dict(letter_pairs(case))))


def reveal_letter(case: Case, text: str, *, public: bool = False) -> str:
    """A masked letter's text (perhaps edited) with the masked forms of ``case``'s personal data
    replaced by the real values (:func:`letter_pairs`); ``public`` (黑猫投诉, 聚投诉): ID and
    card numbers stay masked. Numbers typed masked by hand, or masked forms two values share,
    stay as they are."""
    revealed = _swap(text, {masked: real for real, masked in letter_pairs(case)})
    return mask_ids_and_cards(revealed) if public else revealed
