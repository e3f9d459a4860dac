"""The forms a digit takes in typed text (full width, superscript, circled …) and the
characters that may sit between the digits of one number (spaces, dashes, dots, invisible marks)."""

from __future__ import annotations

import re
import unicodedata

#: Every character NFKC turns into an ASCII digit without being a decimal digit itself.
OTHER_DIGITS = "²³¹⁰⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉①②③④⑤⑥⑦⑧⑨⓪"
DIGIT = rf"[\d{OTHER_DIGITS}]"
#: Characters that render as nothing: zero-width space / joiners, word joiner,
#: BOM, soft hyphen, bidi marks and the invisible operators.
INVISIBLE = "\u00ad\u061c\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e" \
            "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
#: Characters that may separate the digit groups of one number: spaces, dashes, dots.
SEPARATORS = " \u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000" \
             "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d" \
             ".\u00b7\u30fb\uff0e\uff65"
_Z = f"[{INVISIBLE}]"
_S = f"[{re.escape(SEPARATORS)}]"
ANY_DIGIT = re.compile(DIGIT)
#: What may come between two digits of one number: invisible characters, up to three separators.
GLUE = rf"{_Z}*(?:{_S}{_Z}*){{0,3}}"
CHECK_X = "XxＸｘ"
WIDE_X = {"Ｘ": "X", "ｘ": "x"}
MAX_DIGITS = 19  # the longest number: a 19-digit card

_ASCII_DIGITS = frozenset("0123456789")


def ascii_digit(ch: str) -> str:
    return ch if ch in _ASCII_DIGITS else str(unicodedata.digit(ch))


def digits_of(text: str) -> str:
    """The digits of ``text`` as ASCII, whatever their form; everything else dropped."""
    return "".join(ascii_digit(ch) for ch in ANY_DIGIT.findall(text))


def compact(text: str) -> str:
    """``text`` without separators and invisible characters, its digits (and a full-width X) in ASCII."""
    return "".join(
        ascii_digit(ch) if ANY_DIGIT.match(ch) else WIDE_X.get(ch, ch)
        for ch in text if ch not in SEPARATORS and ch not in INVISIBLE
    )
