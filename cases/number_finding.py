"""Finding phone, ID and bank card numbers in free text however they are written, and masking
them (the rules and their trade-offs are in :mod:`cases.privacy`)."""

from __future__ import annotations

import re
from datetime import date

from cases.digit_forms import CHECK_X, DIGIT, GLUE, INVISIBLE, MAX_DIGITS, SEPARATORS, ascii_digit
from cases.masks import luhn_ok, mask_bank_card, mask_id_number, mask_phone

#: A run of digits joined by glue (:data:`cases.digit_forms.GLUE`).
RUN = re.compile(rf"{DIGIT}(?:{GLUE}{DIGIT})*")
#: A run of at least 11 digits (the shortest number, a phone): text without one has no number.
LONG_RUN = re.compile(rf"{DIGIT}(?:{GLUE}{DIGIT}){{10}}")

_PHONE, _ID, _CARD = "phone", "id", "card"
_ALL_KINDS = frozenset({_PHONE, _ID, _CARD})
#: What a public page never shows, even revealed (:func:`cases.privacy.mask_ids_and_cards`).
IDS_AND_CARDS = frozenset({_ID, _CARD})


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
    if 13 <= n <= MAX_DIGITS and luhn_ok(digits):
        return _CARD
    return None


def _pieces(text: str, start: int, end: int) -> list[list[tuple[int, str]]]:
    """The digit groups of the run ``text[start:end]``: (position, ASCII digit) per digit."""
    pieces: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for pos in range(start, end):
        ch = text[pos]
        if ch in INVISIBLE:
            continue
        if ch in SEPARATORS:
            if current:
                pieces.append(current)
                current = []
            continue
        current.append((pos, ascii_digit(ch)))
    if current:
        pieces.append(current)
    return pieces


def _check_x(text: str, end: int) -> int | None:
    """The position of an ID number's check character "X" after ``end``: right after it, or
    after invisible characters and up to three separators ("11010519900307123 X")."""
    pos, separators = end, 0
    while pos < len(text) and (text[pos] in INVISIBLE or (text[pos] in SEPARATORS and separators < 3)):
        separators += text[pos] in SEPARATORS
        pos += 1
    return pos if pos < len(text) and text[pos] in CHECK_X else None


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
            if len(digits) > MAX_DIGITS:
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


def mask_numbers(text: str, kinds: frozenset[str] = _ALL_KINDS) -> str:
    """``text`` with every number of ``kinds`` in it masked (all of them by default); quick
    on text without a run of 11 digits."""
    found = LONG_RUN.search(text)
    if found is None:
        return text
    out: list[str] = []
    done = 0
    for run in RUN.finditer(text, found.start()):
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
