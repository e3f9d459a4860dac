"""mask_text against generated numbers written every which way (hypothesis).

Valid mobile phones, 18- and 15-digit ID numbers (real birth dates, the check
character of the 18-digit ones) and Luhn-valid card numbers are written with
random separators and zero-width characters between their digits, random
full-width digits, and random text around them, often with a Latin letter
right before. Whatever the writing, the digits the rules hide (phone digits
4–7, the ID number's middle with the birth date, all of a card but its last 4)
must not be in the output, read as a person would: NFKC-normalised, without
separators or invisible characters. Text whose digit groups are too short to be
any number comes out unchanged.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from cases.privacy import mask_name, mask_text

PROPERTY = settings(max_examples=200, derandomize=True, database=None, deadline=None)

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
VISIBLE_SEPARATORS = [" ", "-", ".", "\u3000", "－", "．", "\u00a0"]
#: Text around a number: Chinese, Latin letters, punctuation and spaces; never a digit.
AROUND = st.text(alphabet="投诉客服电话卡号身份证请联系我的是 ABCXYZabcxyzTelIDcard:：，。（）/#", max_size=12)
LETTER = st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

DIGIT = st.sampled_from("0123456789")


def _luhn_complete(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # doubled once the check digit is appended
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return body + str((10 - total % 10) % 10)


def _id_check(body: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(c) * w for c, w in zip(body, weights)) % 11]


def digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


phones = st.builds(lambda second, rest: "1" + second + rest, st.sampled_from("3456789"), digits(9))
regions = st.builds(lambda first, rest: first + rest, st.sampled_from("12345678"), digits(5))
ids_18 = st.builds(
    lambda region, born, seq: region + born.strftime("%Y%m%d") + seq + _id_check(region + born.strftime("%Y%m%d") + seq),
    regions, st.dates(date(1900, 1, 1), date(2099, 12, 31)), digits(3),
)
ids_15 = st.builds(lambda region, born, seq: region + born.strftime("%y%m%d") + seq,
                   regions, st.dates(date(1900, 1, 1), date(1999, 12, 31)), digits(3))
cards = st.integers(13, 19).flatmap(lambda n: digits(n - 1)).map(_luhn_complete)

#: (number, the part that must stay hidden, how many of its digits may show)
NUMBERS = st.one_of(
    phones.map(lambda p: (p, p[3:7], 7)),
    ids_18.map(lambda v: (v, v[6:14], 7)),
    ids_15.map(lambda v: (v, v[6:12], 6)),
    cards.map(lambda c: (c, c[:-4], 10)),  # last 4; first 6 + last 4 at most, whatever it is read as
)


@st.composite
def written(draw, number: str) -> str:
    """``number`` with random full-width digits, separators and zero-width characters between its characters."""
    out = []
    for index, ch in enumerate(number):
        if ch.isdigit() and draw(st.booleans()):
            ch = chr(0xFF10 + int(ch))
        if ch == "X":
            ch = draw(st.sampled_from("XxＸｘ"))
        out.append(ch)
        if index < len(number) - 1:
            gap = draw(st.lists(st.sampled_from(VISIBLE_SEPARATORS), max_size=3)) if draw(st.integers(0, 3)) == 0 else []
            for _ in range(draw(st.integers(0, 2))):
                gap.insert(draw(st.integers(0, len(gap))), draw(st.sampled_from(ZERO_WIDTH)))
            out.extend(gap)
    return "".join(out)


def assert_hidden(seen: str, number: str, hidden: str) -> None:
    """``hidden`` is not in ``seen`` (unless the digits that may show happen to spell it)."""
    assert number not in seen
    if hidden not in number[:6] and hidden not in number[-4:]:  # "13000000000": "0000" is also its last 4
        assert hidden not in seen, (seen, number)


def as_read(text: str) -> str:
    """What a reader makes of ``text``: NFKC, without separators and invisible characters."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch not in ZERO_WIDTH and ch not in " -.\u00a0\u3000")


@st.composite
def number_in_text(draw):
    number, hidden, shown = draw(NUMBERS)
    before = draw(AROUND)
    if draw(st.booleans()):
        before += draw(LETTER)  # "Tel13812345678", "ID110…"
    if draw(st.booleans()):
        before += draw(st.sampled_from(ZERO_WIDTH))
    after = draw(AROUND.filter(lambda s: not s[:1] in "XxＸｘ"))
    return before, draw(written(number)), after, number, hidden, shown


@PROPERTY
@given(number_in_text())
def test_a_number_never_shows_what_the_rules_hide(case):
    before, writing, after, number, hidden, shown = case
    out = mask_text(before + writing + after)
    seen = as_read(out)
    assert_hidden(seen, number, hidden)
    assert sum(ch.isdigit() for ch in seen) <= shown, (out, number)  # the text around has no digits
    if len(number) == 11:
        assert f"{number[:3]}****{number[7:]}" in seen
    assert out.startswith(before) and out.endswith(after)  # the surrounding text is kept


@PROPERTY
@given(st.lists(NUMBERS, min_size=2, max_size=3), st.sampled_from(["，", "、", " ", "和", "/"]))
def test_several_numbers_in_one_text(numbers, joiner):
    seen = as_read(mask_text(joiner.join(n for n, _, _ in numbers)))
    for number, hidden, _ in numbers:
        assert_hidden(seen, number, hidden)
    assert sum(ch.isdigit() for ch in seen) <= sum(shown for _, _, shown in numbers)


#: A digit group too short to be a number (at most 10 digits, with separators inside).
SHORT_GROUPS = st.lists(digits(1).flatmap(lambda d: st.text("0123456789", min_size=0, max_size=3).map(lambda t: d + t)),
                        min_size=1, max_size=3).map(".".join).filter(lambda g: sum(c.isdigit() for c in g) <= 10)
WORDS = st.text(alphabet="投诉订单金额元年月日时分工号第次 abcXYZ:：，。（）%¥", min_size=1, max_size=8).filter(
    lambda w: w.strip(" ") != "")


@PROPERTY
@given(st.lists(st.tuples(WORDS, SHORT_GROUPS), max_size=6), WORDS)
def test_text_without_numbers_is_unchanged(parts, tail):
    # every digit group is closed by a word that is not a separator, so groups never join up
    text = "".join(f"{word}{group}" for word, group in parts) + "元" + tail
    assert mask_text(text) == text


@PROPERTY
@given(st.text(alphabet="投诉客服电话请联系我的是张王李 ABCabc:：，。", max_size=40))
def test_text_without_digits_is_unchanged(text):
    assert mask_text(text) == text


NAMES = st.text(alphabet="张王李赵刘陈杨黄周吴文博三丰小明华", min_size=2, max_size=3)


@PROPERTY
@given(NAMES, st.text(alphabet="投诉人客服说了请联系，。 ", max_size=10), st.text(alphabet="投诉人客服说了请联系，。 ", max_size=10))
def test_the_complainants_name_never_shows(name, before, after):
    out = mask_text(before + name + after + name, names=(name,))
    assert name not in out
    assert out.count(mask_name(name)) >= 2
