"""Masking personal data in everything that leaves the tool (DOMAIN.md "Pitfalls").

- phone: "13812345678" → "138****5678";
- ID number: at most the first 3 and last 4 characters, never digits 7–14 (the
  birth date): "110105199003071234" → "110***********1234";
- bank card: last 4 ("************1234"), or first 6 + last 4 on request, never more;
- name: first character kept: "张三丰" → "张**";
- address: the leading region (up to the first 省/市/区/县 within 12 characters) kept.

:func:`mask_text` finds these numbers inside free text. The trade-off with order
numbers, which are long digit strings too:

- an ID number is masked only if it has 18 characters (the last may be X), a
  region code starting 1–8 and a real birth date (1900–2099) in digits 7–14;
- a bank card number (16–19 digits, contiguous or in groups of 4 separated by
  spaces or dashes) is masked only if it starts with 3–6 (UnionPay 62, Visa,
  Mastercard, Amex, JCB) **and** passes the Luhn check. Order numbers, often
  starting with a date ("2026…"), are left alone; about one in ten 16–19-digit
  order numbers starting 3–6 would pass Luhn and be shown as "****…1234";
- a phone number is an 11-digit mainland mobile (1[3-9]…), optionally with +86
  and spaces or dashes, not touching other digits or Latin letters. An 11-digit
  order number starting 13–19 is masked like a phone (7 digits stay visible).

Masking never extends a number: the result keeps fewer characters visible than
the rules above allow, never more.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from cases.model import Complainant

_EDGE_L = r"(?<![0-9A-Za-z])"
_EDGE_R = r"(?![0-9A-Za-z])"


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isascii() and ch.isdigit())


def mask_phone(phone: str) -> str:
    """"13812345678" / "+86 138-1234-5678" → "138****5678"; other numbers keep only the last 4."""
    digits = _digits(phone)
    if not digits:
        return "*" * len(phone.strip()) if phone.strip() else ""
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    if len(digits) == 11 and digits[0] == "1":
        return f"{digits[:3]}****{digits[7:]}"
    if len(digits) <= 6:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]


def mask_id_number(id_number: str) -> str:
    """Keep at most the first 3 and last 4, never the birth date (digits 7–14; 7–12 for old 15-digit ids)."""
    value = "".join(id_number.split()).replace("-", "")
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


_REGION_END = re.compile(r"^.{1,11}?[省市区县旗州盟]")


def mask_address(address: str) -> str:
    """"北京市朝阳区建国路88号" → "北京市****"; keeps the leading region only."""
    address = address.strip()
    if not address:
        return ""
    m = _REGION_END.match(address)
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


_ID_RE = re.compile(rf"{_EDGE_L}[1-8]\d{{5}}[ -]?(?:19|20)\d{{2}}[01]\d[0-3]\d[ -]?\d{{3}}[\dXx]{_EDGE_R}")
_CARD_RE = re.compile(
    rf"{_EDGE_L}(?:[3-6]\d{{15,18}}|[3-6]\d{{3}}(?P<sep>[ -])\d{{4}}(?P=sep)\d{{4}}(?P=sep)\d{{4}}(?:(?P=sep)\d{{1,3}})?){_EDGE_R}"
)
_PHONE_RE = re.compile(rf"{_EDGE_L}(?P<prefix>(?:\+|00)?86[ -]?)?1[3-9]\d[ -]?\d{{4}}[ -]?\d{{4}}{_EDGE_R}")


def _mask_id_match(m: re.Match[str]) -> str:
    value = m.group(0).replace(" ", "").replace("-", "")
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return m.group(0)
    return mask_id_number(value)


def _mask_card_match(m: re.Match[str]) -> str:
    digits = _digits(m.group(0))
    if luhn_ok(digits):
        return mask_bank_card(digits)
    sep = m.group("sep")
    if sep and len(digits) > 16 and luhn_ok(digits[:16]):
        # "6222 0212 3456 7890 12": the card may be the first 16 digits only
        return mask_bank_card(digits[:16]) + sep + digits[16:]
    return m.group(0)


def _mask_phone_match(m: re.Match[str]) -> str:
    prefix = m.group("prefix") or ""
    return prefix + mask_phone(m.group(0)[len(prefix):])


def mask_text(text: str) -> str:
    """Mask phone numbers, ID numbers and bank card numbers inside free text (see module docstring)."""
    if not text or not any(ch.isdigit() for ch in text):
        return text
    text = _ID_RE.sub(_mask_id_match, text)
    text = _CARD_RE.sub(_mask_card_match, text)
    return _PHONE_RE.sub(_mask_phone_match, text)


def masked_complainant(c: Complainant) -> Complainant:
    """A copy of ``c`` with name, phone, ID number and address masked."""
    return replace(
        c,
        name=mask_name(c.name),
        phone=mask_phone(c.phone),
        id_number=mask_id_number(c.id_number),
        address=mask_address(c.address),
    )


def mask_ids_and_cards(text: str) -> str:
    """Mask ID and bank card numbers only: what a public page never shows, even revealed."""
    if not text or not any(ch.isdigit() for ch in text):
        return text
    return _CARD_RE.sub(_mask_card_match, _ID_RE.sub(_mask_id_match, text))
