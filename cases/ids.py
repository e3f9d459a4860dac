"""Human-friendly ids: cases "K-0042" (K for 卡盟), groups "G-007", participants "P-00042".

Numbers are zero-padded to a minimum width and grow past it (K-10000).
Parsing accepts what people type: "K-0042", "k-42", "K42", "42", "0042".
"""

from __future__ import annotations

import re
import unicodedata

from cases.i18n import tr

CASE_PREFIX = "K"
GROUP_PREFIX = "G"
PARTICIPANT_PREFIX = "P"
_CASE_WIDTH = 4
_GROUP_WIDTH = 3
_PARTICIPANT_WIDTH = 5


def _format(prefix: str, width: int, n: int) -> str:
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"an id number must be a positive integer, not {n!r}")
    return f"{prefix}-{n:0{width}d}"


def _number(prefix: str, text: str) -> int | None:
    cleaned = unicodedata.normalize("NFKC", str(text)).strip()
    m = re.fullmatch(rf"(?:{prefix}\s*-?\s*)?(\d+)", cleaned, re.IGNORECASE)
    if not m or not m.group(1).isascii():
        return None
    n = int(m.group(1))
    return n if n >= 1 else None


def format_case_id(n: int) -> str:
    """42 → "K-0042"; 10000 → "K-10000"."""
    return _format(CASE_PREFIX, _CASE_WIDTH, n)


def parse_case_id(text: str, lang: str = "zh") -> str:
    """"K-0042", "k-42", "K42", "42", "0042" → "K-0042". ValueError (message in ``lang``) otherwise."""
    n = _number(CASE_PREFIX, text)
    if n is None:
        raise ValueError(tr("cases.ids.bad_case", lang, text=text))
    return format_case_id(n)


def case_number(case_id: str) -> int:
    """"K-0042" → 42 (accepts the same forms as :func:`parse_case_id`)."""
    return int(parse_case_id(case_id).split("-", 1)[1])


def format_group_id(n: int) -> str:
    """7 → "G-007"; 1000 → "G-1000"."""
    return _format(GROUP_PREFIX, _GROUP_WIDTH, n)


def parse_group_id(text: str, lang: str = "zh") -> str:
    """"G-007", "g-7", "G7", "7", "007" → "G-007". ValueError (message in ``lang``) otherwise."""
    n = _number(GROUP_PREFIX, text)
    if n is None:
        raise ValueError(tr("cases.ids.bad_group", lang, text=text))
    return format_group_id(n)


def group_number(group_id: str) -> int:
    """"G-007" → 7."""
    return int(parse_group_id(group_id).split("-", 1)[1])


def format_participant_id(n: int) -> str:
    """42 → "P-00042"."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"a participant number must be a positive integer, not {n!r}")
    return f"{PARTICIPANT_PREFIX}-{n:0{_PARTICIPANT_WIDTH}d}"


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
