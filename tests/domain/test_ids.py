"""Case and group ids."""

from __future__ import annotations

import pytest

from cases.ids import case_number, format_case_id, format_group_id, group_number, parse_case_id, parse_group_id


def test_format():
    assert format_case_id(42) == "K-0042"
    assert format_case_id(10000) == "K-10000"
    assert format_group_id(7) == "G-007"
    assert format_group_id(1000) == "G-1000"
    for bad in (0, -1):
        with pytest.raises(ValueError):
            format_case_id(bad)


@pytest.mark.parametrize("text", ["K-0042", "k-42", "K42", "42", "0042", " K - 42 ", "Ｋ－４２"])
def test_parse_case_id(text):
    assert parse_case_id(text) == "K-0042"


@pytest.mark.parametrize("text", ["", "K-", "G-42", "K-4x", "abc", "0", "K-0000", "-42", "4 2"])
def test_bad_case_id(text):
    with pytest.raises(ValueError, match="不是案件编号"):
        parse_case_id(text)
    with pytest.raises(ValueError, match="Not a case id"):
        parse_case_id(text, lang="en")


def test_numbers_and_groups():
    assert case_number("K-0042") == 42
    assert case_number("K-10000") == 10000
    assert parse_group_id("g7") == "G-007"
    assert parse_group_id("007") == "G-007"
    assert group_number("G-012") == 12
    with pytest.raises(ValueError, match="不是集体投诉编号"):
        parse_group_id("K-7")
