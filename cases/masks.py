"""Masking one value: a phone, an ID number, a bank card, a name, an address (the rules are
in :mod:`cases.privacy`); and the Luhn check that tells a card number."""

from __future__ import annotations

import re

from cases.digit_forms import compact, digits_of


def mask_phone(phone: str) -> str:
    """"13812345678" / "+86 138-1234-5678" → "138****5678"; other numbers keep only the last 4."""
    digits = digits_of(phone)
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
    value = compact(id_number)
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
    digits = digits_of(number)
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
