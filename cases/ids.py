"""Human-friendly ids: cases "K-0042" (K for 卡盟), groups "G-007", participants "P-00042".

Numbers are zero-padded to a minimum width and grow past it (K-10000).
Parsing accepts what people type: "K-0042", "k-42", "K42", "42", "0042".
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from cases.i18n import tr

CASE_PREFIX = "K"
GROUP_PREFIX = "G"
PARTICIPANT_PREFIX = "P"


class _IdKind(NamedTuple):
    """One kind of id: its letter, the width its number is padded to, the text key of the
    message that refuses a wrong one."""

    prefix: str
    width: int
    bad_key: str

    def format(self, n: int) -> str:
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise ValueError(f"an id number must be a positive integer, not {n!r}")
        return f"{self.prefix}-{n:0{self.width}d}"

    def parse(self, text: str, lang: str) -> str:
        cleaned = unicodedata.normalize("NFKC", str(text)).strip()
        m = re.fullmatch(rf"(?:{self.prefix}\s*-?\s*)?(\d+)", cleaned, re.IGNORECASE)
        n = int(m.group(1)) if m and m.group(1).isascii() else 0
        if n < 1:
            raise ValueError(tr(self.bad_key, lang, text=text))
        return self.format(n)

    def number(self, text: str) -> int:
        return int(self.parse(text, "zh").split("-", 1)[1])


_CASE = _IdKind(CASE_PREFIX, 4, "cases.ids.bad_case")
_GROUP = _IdKind(GROUP_PREFIX, 3, "cases.ids.bad_group")
_PARTICIPANT = _IdKind(PARTICIPANT_PREFIX, 5, "")  # (read with participant_number: no bare numbers)


def format_case_id(n: int) -> str:
    """42 → "K-0042"; 10000 → "K-10000"."""
    return _CASE.format(n)


def parse_case_id(text: str, lang: str = "zh") -> str:
    """"K-0042", "k-42", "K42", "42", "0042" → "K-0042". ValueError (message in ``lang``) otherwise."""
    return _CASE.parse(text, lang)


def case_number(case_id: str) -> int:
    """"K-0042" → 42 (accepts the same forms as :func:`parse_case_id`)."""
    return _CASE.number(case_id)


def format_group_id(n: int) -> str:
    """7 → "G-007"; 1000 → "G-1000"."""
    return _GROUP.format(n)


def parse_group_id(text: str, lang: str = "zh") -> str:
    """"G-007", "g-7", "G7", "7", "007" → "G-007". ValueError (message in ``lang``) otherwise."""
    return _GROUP.parse(text, lang)


def group_number(group_id: str) -> int:
    """"G-007" → 7."""
    return _GROUP.number(group_id)


def format_participant_id(n: int) -> str:
    """42 → "P-00042"."""
    return _PARTICIPANT.format(n)


def participant_number(text: str) -> int | None:
    """"P-00042", "p-42", "P42" → 42; None for anything else (a bare number is an order or a phone)."""
    m = re.fullmatch(r"P\s*-?\s*(\d+)", unicodedata.normalize("NFKC", str(text)).strip(), re.IGNORECASE)
    if not m or not m.group(1).isascii() or int(m.group(1)) < 1:
        return None
    return int(m.group(1))


#: The longest request key ``tousu add --request-id`` accepts (a UUID is 36 characters).
MAX_REQUEST_ID = 128


def parse_request_id(text: str, lang: str = "zh") -> str:
    """A caller's key for one add request (``tousu add --request-id``), checked.

    Spaces around it are dropped; otherwise it is kept exactly as given (two keys
    that differ in case or width are two requests). Refused with ValueError
    (message in ``lang``): an empty key, one longer than :data:`MAX_REQUEST_ID`
    characters, or one with spaces, control or other invisible characters inside.
    """
    key = str(text).strip()
    if not key:
        raise ValueError(tr("cases.ids.request_empty", lang))
    if len(key) > MAX_REQUEST_ID:
        raise ValueError(tr("cases.ids.request_too_long", lang, n=len(key), max=MAX_REQUEST_ID))
    if not key.isprintable() or any(ch.isspace() for ch in key):
        raise ValueError(tr("cases.ids.request_bad_char", lang))
    return key
