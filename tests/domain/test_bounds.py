"""Bounds on what is typed: amounts, times, durations, request keys (one parser each)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from cases.clock import MAX_YEAR, MIN_YEAR, TimeRangeError, parse_instant
from cases.durations import MAX_DURATION_DAYS, MAX_WORKING_DAYS, Duration, DurationError, parse_duration
from cases.typed_deadline import resolve_deadline
from cases.ids import MAX_REQUEST_ID, parse_request_id
from cases.amounts import MAX_AMOUNT, AmountError, parse_amount
from cases.model import Order


# -- amounts ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("128", "128.00"),
        ("128.5", "128.50"),
        ("¥1,280", "1280.00"),
        ("1,234.50", "1234.50"),
        ("12,345,678.90", "12345678.90"),
        ("1，234", "1234.00"),  # a full-width comma is a comma: a thousands group here
        ("１２８元", "128.00"),  # full-width digits
        ("￥ 99.9 元", "99.90"),
        (".5", "0.50"),
        ("0", "0.00"),
        ("100,000,000", "100000000.00"),  # the maximum itself
        (Decimal("12.3"), "12.30"),
        (12, "12.00"),
    ],
)
def test_amounts_accepted(text, expected):
    assert str(parse_amount(text)) == expected


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("1e5", "exponent"),
        ("1E3", "exponent"),
        ("2.5e2", "exponent"),
        ("1e-2", "exponent"),
        ("1,2,3", "grouping"),  # was read as 123
        ("12,34", "grouping"),
        ("1234,567", "grouping"),
        ("1,2345", "grouping"),
        ("1,234,56", "grouping"),
        ("1，2", "grouping"),
        ("1,234.5,6", "grouping"),
        ("-5", "negative"),
        ("－5", "negative"),  # full-width minus
        ("−5", "negative"),  # U+2212
        ("-1,000", "negative"),
        ("NaN", "not_finite"),
        ("nan", "not_finite"),
        ("Infinity", "not_finite"),
        ("-inf", "not_finite"),
        ("100000000.01", "too_large"),
        ("99999999999999", "too_large"),
        ("123,456,789", "too_large"),
        ("1.234", "decimals"),
        ("0x10", "unrecognised"),
        ("1_000", "unrecognised"),  # Decimal() takes it; a typo for us
        ("12 34", "unrecognised"),
        ("十块钱", "unrecognised"),
        ("", "unrecognised"),
        (Decimal("NaN"), "not_finite"),
        (Decimal("-1"), "negative"),
        (Decimal("1E+9"), "too_large"),
    ],
)
def test_amounts_refused_with_the_reason(text, key):
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    assert info.value.key == f"cases.amount.{key}"
    assert isinstance(info.value, ValueError)
    assert str(info.value).startswith("金额无效")  # Chinese by default
    assert info.value.message("en").startswith("Not a valid amount")


def test_amount_messages_name_the_value_and_the_limit():
    with pytest.raises(AmountError) as info:
        parse_amount("200000000", "en")
    assert str(info.value) == 'Not a valid amount: "200000000" is more than the limit of 100,000,000 yuan'
    assert "100,000,000 元" in info.value.message("zh")
    assert MAX_AMOUNT == Decimal("100000000")
    with pytest.raises(AmountError, match="科学计数法"):
        parse_amount("1e5")
    with pytest.raises(AmountError, match="千位分隔"):
        parse_amount("1,2,3")


def test_a_stored_amount_over_the_limit_stays_readable():
    """Amounts in a store were checked when typed (or typed before the limit): reading never fails on size."""
    order = Order.from_dict({"number": "X", "amount": "200000000.00"})
    assert order.amount == Decimal("200000000.00")
    with pytest.raises(AmountError):
        Order.from_dict({"number": "X", "amount": "1e5"})  # never written by tousu: refused as before


# -- times -----------------------------------------------------------------------
@pytest.mark.parametrize("text", ["1970-01-01", "1970-01-01T00:00", "2100-12-31T23:59:59", "2026-06-15 10:00"])
def test_times_inside_the_years_allowed(text):
    assert MIN_YEAR <= parse_instant(text).year <= MAX_YEAR


@pytest.mark.parametrize(
    "text", ["1969-12-31", "1969-12-31T23:59", "2101-01-01T00:00", "0001-01-01", "9999-12-31T10:00",
             "9999-12-31T23:00-05:00"],  # the last one overflows datetime once moved to Asia/Shanghai
)
def test_times_outside_the_years_allowed(text):
    with pytest.raises(TimeRangeError) as info:
        parse_instant(text)
    assert isinstance(info.value, ValueError)
    assert f"“{text}”" in str(info.value) and "1970" in str(info.value) and "2100" in str(info.value)
    assert info.value.message("en") == (
        f'Time out of range: "{text}" (the year must be between 1970 and 2100)'
    )


# -- durations and deadlines -------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"{MAX_DURATION_DAYS}天", Duration(seconds=MAX_DURATION_DAYS * 86400)),
        (f"{MAX_DURATION_DAYS * 24}h", Duration(seconds=MAX_DURATION_DAYS * 86400)),
        (f"{MAX_WORKING_DAYS}个工作日", Duration(working_days=MAX_WORKING_DAYS)),
    ],
)
def test_the_longest_durations_allowed(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    "text",
    ["99999999天", "99999999wd", "99999999个工作日", f"{MAX_DURATION_DAYS + 1}天", f"{MAX_WORKING_DAYS + 1}wd",
     f"{MAX_DURATION_DAYS * 24 + 1}小时", "523周", "3600天2000小时",
     "9" * 400 + "h"],  # the last one is infinite as a float
)
def test_durations_over_the_bound(text):
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    assert info.value.key == "cases.duration.too_long"
    assert str(info.value).startswith("时长过长")
    assert "3660 天" in str(info.value) and "2600 个工作日" in str(info.value)
    assert "at most 3660 days or 2600 working days" in info.value.message("en")
    assert len(str(info.value)) < 120  # a long text is quoted shortened


class _NoCounting:
    """A calendar that fails the test if anything asks it to count working days."""

    def add_working_days(self, start, n):  # pragma: no cover - reaching it is the failure
        raise AssertionError(f"counted {n} working days")


@pytest.mark.parametrize("text", ["99999999天", "99999999wd", "99999999 working days"])
def test_a_huge_deadline_fails_before_anything_is_counted(at, text):
    with pytest.raises(DurationError) as info:
        resolve_deadline(text, at("2026-06-15T10:00"), _NoCounting())
    assert info.value.key == "cases.duration.too_long"  # said as it is, not "unrecognised deadline"


@pytest.mark.parametrize(
    "text", ["0001-01-01", "1969-12-31", "2101-01-01", "2101-01-01T10:00", "9999-12-31T23:00-05:00"]
)
def test_deadlines_outside_the_years_allowed(at, text):
    with pytest.raises(DurationError) as info:
        resolve_deadline(text, at("2026-06-15T10:00"))
    assert info.value.key == "cases.deadline.out_of_range"
    assert info.value.message("en") == f'Deadline out of range: "{text}" (the year must be between 1970 and 2100)'


def test_a_duration_that_ends_after_the_last_year_allowed(at):
    with pytest.raises(DurationError) as info:
        resolve_deadline("365天", at("2100-06-01T10:00"))
    assert info.value.key == "cases.deadline.out_of_range"
    assert resolve_deadline("30天", at("2100-06-01T10:00")).at.year == 2100


# -- request keys ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [("abc", "abc"), ("  HX-import-0017\n", "HX-import-0017"), ("导入-17", "导入-17"),
     ("8c4f0f7e-2d0b-4c4e-9b1e-0d6c3f2a9e11", "8c4f0f7e-2d0b-4c4e-9b1e-0d6c3f2a9e11"),
     ("x" * MAX_REQUEST_ID, "x" * MAX_REQUEST_ID)],
)
def test_request_ids_accepted(text, expected):
    assert parse_request_id(text) == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("", "不能为空"), ("   ", "不能为空"), ("x" * (MAX_REQUEST_ID + 1), "太长：129 个字符（最多 128 个）"),
     ("a b", "不能含空格"), ("a\x1b[31mb", "控制字符"), ("a\u200bb", "不可见字符"), ("a\udcffb", "可见字符")],
)
def test_request_ids_refused(text, fragment):
    with pytest.raises(ValueError, match=re.escape(fragment)):
        parse_request_id(text)
    with pytest.raises(ValueError, match="request id"):
        parse_request_id(text, "en")
