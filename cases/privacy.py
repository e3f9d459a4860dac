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

:func:`mask_text` also replaces the names it is given (the complainant's) by
:func:`mask_name`. :func:`mask_case_text` and :func:`masked_case` are the one
path for a case's own text: they mask with :func:`case_names` of the case.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from cases.model import Case, Complainant, Group

#: Every character NFKC turns into an ASCII digit without being a decimal digit itself.
_OTHER_DIGITS = "²³¹⁰⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉①②③④⑤⑥⑦⑧⑨⓪"
_DIGIT = rf"[\d{_OTHER_DIGITS}]"
#: Characters that render as nothing: zero-width space / joiners, word joiner,
#: BOM, soft hyphen, bidi marks and the invisible operators.
_INVISIBLE = "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e" \
            "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
#: Characters that may separate the digit groups of one number: spaces, dashes, dots.
_SEPARATORS = " \u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000" \
             "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d" \
             ".\u00b7\u30fb\uff0e\uff65"
_Z = f"[{_INVISIBLE}]"
_S = f"[{re.escape(_SEPARATORS)}]"
_ANY_DIGIT = re.compile(_DIGIT)
#: What may come between two digits of one number: invisible characters, up to three separators.
_GLUE = rf"{_Z}*(?:{_S}{_Z}*){{0,3}}"
#: A run of digits joined that way. Compiled where it is used (re keeps it), only for texts
#: with a long run in them: not while the dashboard's first titles are masked (~1 ms).
_RUN = rf"{_DIGIT}(?:{_GLUE}{_DIGIT})*"
#: A run of at least 11 digits (the shortest number, a phone): text without one has no number.
_LONG_RUN = re.compile(rf"{_DIGIT}(?:{_GLUE}{_DIGIT}){{10}}")
_CHECK_X = "XxＸｘ"
_WIDE_X = {"Ｘ": "X", "ｘ": "x"}
_MAX_DIGITS = 19  # the longest number: a 19-digit card

_ASCII_DIGITS = frozenset("0123456789")


def _value(ch: str) -> str:
    return ch if ch in _ASCII_DIGITS else str(unicodedata.digit(ch))


def _digits(text: str) -> str:
    """The digits of ``text`` as ASCII, whatever their form; everything else dropped."""
    return "".join(_value(ch) for ch in _ANY_DIGIT.findall(text))


def _compact(text: str) -> str:
    """``text`` without separators and invisible characters, its digits (and a full-width X) in ASCII."""
    return "".join(
        _value(ch) if _ANY_DIGIT.match(ch) else _WIDE_X.get(ch, ch)
        for ch in text if ch not in _SEPARATORS and ch not in _INVISIBLE
    )


def mask_phone(phone: str) -> str:
    """"13812345678" / "+86 138-1234-5678" → "138****5678"; other numbers keep only the last 4."""
    digits = _digits(phone)
    if not digits:
        return "*" * len(phone.strip()) if phone.strip() else ""
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    elif len(digits) == 15 and digits.startswith("0086"):
        digits = digits[4:]
    if len(digits) == 11 and digits[0] == "1":
        return f"{digits[:3]}****{digits[7:]}"
    if len(digits) <= 6:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_id_number(id_number: str) -> str:
    """Keep at most the first 3 and last 4, never the birth date (digits 7–14; 7–12 for old 15-digit ids)."""
    value = _compact(id_number)
    n = len(value)
    if n == 0:
        return ""
    if n >= 15:
        birth_end = 12 if n == 15 else 14
        tail = min(4, n - birth_end)
        return value[:3] + "*" * (n - 3 - tail) + (value[-tail:] if tail else "")
    return "*" * n


def mask_bank_card(number: str, keep_first6: bool = False) -> str:
    """"6222021234567890123" → "***************0123"; ``keep_first6`` → "622202*********0123"."""
    digits = _digits(number)
    n = len(digits)
    if n == 0:
        return ""
    if n <= 8:
        return "*" * n
    if keep_first6 and n >= 14:
        return digits[:6] + "*" * (n - 10) + digits[-4:]
    return "*" * (n - 4) + digits[-4:]


def mask_name(name: str) -> str:
    """"张三丰" → "张**", "张三" → "张**"; "张" → "*".

    Always two stars after the first character, so the mask does not tell the
    length of the name (DOMAIN: 张** in shared rosters).
    """
    name = name.strip()
    if len(name) <= 1:
        return "*" * len(name)
    return name[0] + "**"


_REGION_END = r"^.{1,11}?[省市区县旗州盟]"  # compiled by re.match (and kept) when first used


def mask_address(address: str) -> str:
    """"北京市朝阳区建国路88号" → "北京市****"; keeps the leading region only."""
    address = address.strip()
    if not address:
        return ""
    m = re.match(_REGION_END, address)
    head = m.group(0) if m else ""
    return head + "****"


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum of bank card numbers."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


# -- numbers in free text ------------------------------------------------------

_PHONE, _ID, _CARD = "phone", "id", "card"
_ALL_KINDS = frozenset({_PHONE, _ID, _CARD})


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _is_mobile(digits: str) -> bool:
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"


def _kind(digits: str) -> str | None:
    """What the digit string ``digits`` is (an 18-character ID may end in "X"), or None."""
    n = len(digits)
    if n == 18 and digits[0] in "12345678" and digits[6:8] in ("19", "20") \
            and _real_date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14])):
        return _ID
    if digits[-1] == "X":
        return None
    if n == 15 and digits[0] in "12345678" and _real_date(1900 + int(digits[6:8]), int(digits[8:10]),
                                                          int(digits[10:12])):
        return _ID
    if _is_mobile(digits) or (n == 13 and digits.startswith("86") and _is_mobile(digits[2:])) \
            or (n == 15 and digits.startswith("0086") and _is_mobile(digits[4:])):
        return _PHONE
    if 13 <= n <= _MAX_DIGITS and luhn_ok(digits):
        return _CARD
    return None


def _pieces(text: str, start: int, end: int) -> list[list[tuple[int, str]]]:
    """The digit groups of the run ``text[start:end]``: (position, ASCII digit) per digit."""
    pieces: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for pos in range(start, end):
        ch = text[pos]
        if ch in _INVISIBLE:
            continue
        if ch in _SEPARATORS:
            if current:
                pieces.append(current)
                current = []
            continue
        current.append((pos, _value(ch)))
    if current:
        pieces.append(current)
    return pieces


def _check_x(text: str, end: int) -> int | None:
    """The position of an ID number's check character "X" after ``end``: right after it, or
    after invisible characters and up to three separators ("11010519900307123 X")."""
    pos, separators = end, 0
    while pos < len(text) and (text[pos] in _INVISIBLE or (text[pos] in _SEPARATORS and separators < 3)):
        separators += text[pos] in _SEPARATORS
        pos += 1
    return pos if pos < len(text) and text[pos] in _CHECK_X else None


def _spans(text: str, start: int, end: int, kinds: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, replacement) for every number of ``kinds`` in the run ``text[start:end]``
    (readings that overlap are masked whatever their kinds)."""
    pieces = _pieces(text, start, end)
    if sum(len(p) for p in pieces) < 11:
        return []
    x_at = _check_x(text, end)
    # Every reading: pieces i..j whose digits together are a number.
    found: list[tuple[int, int, str, str]] = []  # (i, j, kind, digits)
    for i in range(len(pieces)):
        digits = ""
        for j in range(i, len(pieces)):
            digits += "".join(d for _, d in pieces[j])
            if len(digits) > _MAX_DIGITS:
                break
            if x_at is not None and j == len(pieces) - 1 and len(digits) == 17 and _kind(digits + "X") == _ID:
                found.append((i, j, _ID, digits + "X"))
                continue
            kind = _kind(digits)
            if kind is not None:
                found.append((i, j, kind, digits))
    if not found:
        return []
    # The longest reading wins over those inside it; readings that overlap otherwise merge.
    found.sort(key=lambda r: (r[0], -r[1]))
    outer = []
    reach = -1
    for reading in found:  # by start, longest first: inside another iff an earlier one reaches as far
        if reading[1] > reach:
            outer.append(reading)
            reach = reading[1]
    groups: list[list[tuple[int, int, str, str]]] = []
    for reading in outer:
        if groups and reading[0] <= groups[-1][-1][1]:
            groups[-1].append(reading)
        else:
            groups.append([reading])
    spans = []
    for group in groups:
        first, last = group[0][0], group[-1][1]
        span_start = pieces[first][0][0]
        span_end = pieces[last][-1][0] + 1
        with_x = any(r[3].endswith("X") for r in group)
        if with_x and x_at is not None:
            span_end = x_at + 1
        if len(group) > 1:
            count = sum(len(p) for p in pieces[first : last + 1]) + with_x
            spans.append((span_start, span_end, "*" * count))
            continue
        _, _, kind, digits = group[0]
        if kind not in kinds:
            continue
        if kind == _PHONE:
            # "+86 138…": the prefix stays as written, the mobile number is masked.
            flat = [pos for piece in pieces[first : last + 1] for pos, _ in piece]
            phone_start = flat[len(digits) - 11]
            spans.append((span_start, span_end, text[span_start:phone_start] + mask_phone(digits[-11:])))
        elif kind == _ID:
            spans.append((span_start, span_end, mask_id_number(digits)))
        else:
            spans.append((span_start, span_end, mask_bank_card(digits)))
    return spans


def _mask_numbers(text: str, start: int, kinds: frozenset[str] = _ALL_KINDS) -> str:
    out: list[str] = []
    done = 0
    for run in re.compile(_RUN).finditer(text, start):
        if run.end() - run.start() < 11:
            continue
        for start, end, replacement in _spans(text, run.start(), run.end(), kinds):
            out.append(text[done:start])
            out.append(replacement)
            done = end
    if not out:
        return text
    out.append(text[done:])
    return "".join(out)


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
    found = _LONG_RUN.search(text)
    if found is None:
        return text
    return _mask_numbers(text, found.start())


def mask_ids_and_cards(text: str) -> str:
    """Mask ID and bank card numbers only: what a public page (黑猫投诉, 聚投诉) never shows,
    even when the user revealed names and phone numbers for it."""
    found = _LONG_RUN.search(text) if text else None
    if found is None:
        return text
    return _mask_numbers(text, found.start(), frozenset({_ID, _CARD}))


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
        if _LONG_RUN.search(text) is None:
            continue
        for run in re.finditer(_RUN, text):
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
