"""Checks for the identifiers a complaint carries: credit code, ID number, phone.

Each ``check_*`` returns None when the value is acceptable, else a message key
(``cases.invalid.*``) for :func:`cases.i18n.tr`.
"""

from __future__ import annotations

import re
from datetime import date

_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
_SERVICE = re.compile(r"^(400|800)-?\d{3}-?\d{4}$")


def credit_code_check_char(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 (GB 32100-2015) for its first 17."""
    total = sum(_CREDIT_CHARS.index(ch) * w for ch, w in zip(first17, _CREDIT_WEIGHTS))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


def check_credit_code(code: str) -> str | None:
    code = code.strip().upper()
    if len(code) != 18 or any(ch not in _CREDIT_CHARS for ch in code):
        return "cases.invalid.credit_code_format"
    if credit_code_check_char(code[:17]) != code[17]:
        return "cases.invalid.credit_code_checksum"
    return None


def id_number_check_char(first17: str) -> str:
    """The 18th character of a 居民身份证号码 (GB 11643-1999) for its first 17 digits."""
    return _ID_CHECK[sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS)) % 11]


def check_id_number(number: str) -> str | None:
    number = number.strip().upper()
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return "cases.invalid.id_format"
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return "cases.invalid.id_birth"
    if id_number_check_char(number[:17]) != number[17]:
        return "cases.invalid.id_checksum"
    return None


def check_phone(phone: str) -> str | None:
    compact = phone.strip().replace(" ", "").removeprefix("+86").removeprefix("86-")
    if _MOBILE.match(compact) or _LANDLINE.match(compact) or _SERVICE.match(compact):
        return None
    return "cases.invalid.phone"
