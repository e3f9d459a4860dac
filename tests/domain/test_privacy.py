"""Masking personal data (DOMAIN.md "Pitfalls")."""

from __future__ import annotations

import pytest

from cases.model import Complainant
from cases.privacy import (
    luhn_ok,
    mask_address,
    mask_bank_card,
    mask_id_number,
    mask_name,
    mask_phone,
    mask_text,
    masked_complainant,
)

CARD19 = "6222021234567890128"  # passes Luhn
CARD16 = "4111111111111111"  # passes Luhn


def test_phone():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138-1234-5678") == "138****5678"
    assert mask_phone("010-12345678") == "*******5678"
    assert mask_phone("") == ""


def test_id_number_never_shows_the_birth_date():
    assert mask_id_number("110105199003071234") == "110***********1234"
    assert mask_id_number("11010519900307123X") == "110***********123X"
    masked = mask_id_number("110105199003071234")
    assert "19900307" not in masked and len(masked) == 18
    # old 15-digit ids: birth date is digits 7–12, so only 3 trailing digits may show
    assert mask_id_number("110105900307123") == "110*********123"
    assert mask_id_number("12345") == "*****"


def test_bank_card():
    assert mask_bank_card(CARD19) == "*" * 15 + "0128"
    assert mask_bank_card("6222 0212 3456 7890 128") == "*" * 15 + "0128"
    assert mask_bank_card(CARD19, keep_first6=True) == "622202" + "*" * 9 + "0128"
    visible = [ch for ch in mask_bank_card(CARD19, keep_first6=True) if ch != "*"]
    assert len(visible) == 10


def test_name_and_address():
    assert mask_name("张三丰") == "张**"
    assert mask_name("张三") == "张**"  # the length is not revealed
    assert mask_name("张") == "*"
    assert mask_name("") == ""
    assert mask_address("北京市朝阳区建国路88号") == "北京市****"
    assert "88号" not in mask_address("广东省深圳市南山区科技园88号")


def test_luhn():
    assert luhn_ok(CARD16) and luhn_ok(CARD19)
    assert not luhn_ok("4111111111111112")


def test_mask_text_finds_each_kind():
    text = (f"张三，手机13812345678，备用 +86 139-8765-4321，身份证号110105199003071234，"
            f"银行卡 6222 0212 3456 7890 128，另一张{CARD16}。")
    masked = mask_text(text)
    for secret in ("13812345678", "8765", "19900307", "1234567890", "41111111"):
        assert secret not in masked, secret
    assert "138****5678" in masked
    assert "+86 139****4321" in masked
    assert "110***********1234" in masked
    assert "*" * 15 + "0128" in masked
    assert "*" * 12 + "1111" in masked


@pytest.mark.parametrize(
    "text",
    [
        "订单号 2026092912345678906，金额 128.50 元",  # 19 digits, starts with a date: not a card
        "订单 4111111111111112 未到账",  # fails Luhn: an order number, not a card
        "订单号 123456789012345678",  # 18 digits without a valid birth date: not an ID
        "卡密 ABCD13812345678EF",  # touching letters: part of a code
        "订单 202609291381234567890 已付款",  # a phone-like run inside a longer number
        "2026-09-29 10:00 支付 99 元，工号 8848，工单 T20260929001",
    ],
)
def test_mask_text_leaves_ordinary_numbers_alone(text):
    assert mask_text(text) == text


def test_masked_complainant_is_a_copy():
    c = Complainant(name="张三丰", phone="13812345678", id_number="110105199003071234", address="北京市朝阳区建国路88号")
    m = masked_complainant(c)
    assert (m.name, m.phone, m.id_number, m.address) == ("张**", "138****5678", "110***********1234", "北京市****")
    assert c.phone == "13812345678"  # the original is untouched
