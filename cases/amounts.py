"""Amounts in yuan, read from what people type: one parser, its bounds and its refusals."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from cases.i18n import CatalogueError
from cases.sanitize import clean_text


#: The largest amount (yuan) :func:`parse_amount` accepts as typed: 1亿元, far above any
#: 卡盟 order or group total, so a slip of the keyboard or a misread number cannot pass
#: as an amount (and amounts stay far inside Decimal's 28 digits).
MAX_AMOUNT = Decimal("100000000")

# A plain number ("1280", "1280.5", ".5") or one grouped by thousands, every group three
# digits ("1,280", "12,345,678.90"). Full-width digits and commas are NFKC-normalised first.
_AMOUNT_RE = re.compile(r"(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]*)?|\.[0-9]+")
#: An amount as stored ("128.50"): what a store holds, read without the typed-text checks.
STORED_AMOUNT = re.compile(r"[0-9]{1,20}\.[0-9]{2}")
_EXPONENT_RE = re.compile(r"[0-9.,]*[0-9]\.?e[+-]?[0-9]+", re.IGNORECASE)
_NOT_FINITE = frozenset({"nan", "snan", "inf", "infinity"})
_MINUS = ("-", "\u2212")  # hyphen-minus (full-width ones become it under NFKC), minus sign


class AmountError(CatalogueError):
    """Text that is not an amount in yuan, or one out of bounds.

    Carries a catalogue ``key`` (``cases.amount.*``) and the ``values`` of its
    message; ``str()`` is in the language given when raised, ``message(lang)`` in any.
    """



def parse_amount(text: str | int | float | Decimal, lang: str = "zh", *,
                 maximum: Decimal | None = MAX_AMOUNT) -> Decimal:
    """Read an amount in yuan: "128", "128.50", "¥1,280", "1280元", "１２８" (full width).

    Returns a Decimal with two places. Refused with :class:`AmountError` (a
    ValueError; ``str()`` in ``lang``): text that is no plain number, exponent
    notation ("1e5"), commas that are not thousands groups of three digits
    ("1,2,3", "12,34"; a full-width "，" counts as a comma), negative amounts,
    NaN and infinity, more than two decimals, and more than ``maximum`` yuan
    (:data:`MAX_AMOUNT`; None for amounts read back from a store, which were
    checked when typed and must stay readable).
    """
    if isinstance(text, str) and STORED_AMOUNT.fullmatch(text):  # as stored ("128.50"): the common case
        value = Decimal(text)
        shown = text
    elif isinstance(text, Decimal):
        value = text
        shown = str(text)
        if value.is_nan() or value.is_infinite():
            raise AmountError("cases.amount.not_finite", lang, value=shown)
    else:
        shown = clean_text(str(text)).strip()
        body = unicodedata.normalize("NFKC", str(text)).strip()
        body = body.removeprefix("¥").removesuffix("元").strip()
        negative = body.startswith(_MINUS)
        unsigned = body[1:].strip() if negative else body
        if unsigned.casefold() in _NOT_FINITE:
            raise AmountError("cases.amount.not_finite", lang, value=shown)
        if _EXPONENT_RE.fullmatch(unsigned):
            raise AmountError("cases.amount.exponent", lang, value=shown)
        if not _AMOUNT_RE.fullmatch(unsigned):
            key = "cases.amount.grouping" if "," in unsigned and re.fullmatch(r"[0-9,.]+", unsigned) else (
                "cases.amount.unrecognised")
            raise AmountError(key, lang, value=shown)
        if negative:
            raise AmountError("cases.amount.negative", lang, value=shown)
        try:
            value = Decimal(unsigned.replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only plain numbers
            raise AmountError("cases.amount.unrecognised", lang, value=shown) from None
    if value < 0:
        raise AmountError("cases.amount.negative", lang, value=shown)
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise AmountError("cases.amount.decimals", lang, value=shown)
    if maximum is not None and value > maximum:
        raise AmountError("cases.amount.too_large", lang, value=shown, max=f"{maximum:,}")
    try:
        return value.quantize(Decimal("0.01"))
    except InvalidOperation:  # beyond Decimal's 28 digits (only without a maximum)
        raise AmountError("cases.amount.unrecognised", lang, value=shown) from None
