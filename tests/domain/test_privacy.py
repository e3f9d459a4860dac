"""Masking personal data (DOMAIN.md "Pitfalls")."""

from __future__ import annotations

import json

import pytest

from cases.model import Complainant
from cases.masks import luhn_ok, mask_address, mask_bank_card, mask_id_number, mask_name, mask_phone
from cases.privacy import mask_text, masked_complainant

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
        "订单号 2026092912345678907，金额 128.50 元",  # 19 digits failing Luhn: not a card
        "订单 4111111111111112 未到账",  # fails Luhn: an order number, not a card
        "订单号 123456789012345678",  # 18 digits without a valid birth date: not an ID
        "订单 202609291381234567890 已付款",  # a phone-like stretch inside a longer number
        "支付宝交易号 2026061522001412345678901234",  # 28 digits: longer than any number
        "2026-09-29 10:00 支付 99 元，工号 8848，工单 T20260929001",
        "客服电话 400-123-4567，转 8 号",  # 10 digits: no mobile, card or ID
        "版本 1.2.3.4.5.6",  # dotted groups adding up to fewer than 11 digits
    ],
)
def test_mask_text_leaves_ordinary_numbers_alone(text):
    assert mask_text(text) == text


def test_masked_complainant_is_a_copy():
    c = Complainant(name="张三丰", phone="13812345678", id_number="110105199003071234", address="北京市朝阳区建国路88号")
    m = masked_complainant(c)
    assert (m.name, m.phone, m.id_number, m.address) == ("张**", "138****5678", "110***********1234", "北京市****")
    assert c.phone == "13812345678"  # the original is untouched


# -- however the numbers are written --------------------------------------------

PHONE = "13812345678"
ID18 = "110105199003071234"
ID15 = "110105900307123"  # born 1990-03-07
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]


def full_width(text: str) -> str:
    return "".join(chr(0xFF10 + int(ch)) if ch.isdigit() else ch for ch in text)


@pytest.mark.parametrize(
    ("written", "masked"),
    [
        (full_width(PHONE), "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("138-1234-5678", "138****5678"),
        ("138.1234.5678", "138****5678"),
        ("138 - 1234 - 5678", "138****5678"),
        ("138－1234－5678", "138****5678"),  # full-width dash
        ("138\u30001234\u30005678", "138****5678"),  # ideographic space
        ("１３８ １２３４ ５６７８", "138****5678"),
        ("+8613812345678", "+86138****5678"),
        ("0086 138 1234 5678", "0086 138****5678"),
        (full_width(ID18), "110***********1234"),
        ("110105 19900307 1234", "110***********1234"),
        ("11010519900307123x", "110***********123X"),
        ("11010519900307123 X", "110***********123X"),
        ("11010519900307123Ｘ", "110***********123X"),
        (ID15, "110*********123"),
        ("110105-900307-123", "110*********123"),
        ("6222 0212 3456 7890 128", "*" * 15 + "0128"),
        ("6222-0212-3456-7890-128", "*" * 15 + "0128"),
        ("6222.0212.3456.7890.128", "*" * 15 + "0128"),
        ("6222 0212-3456.7890 128", "*" * 15 + "0128"),  # mixed separators
        (full_width(CARD19), "*" * 15 + "0128"),
        ("１²³⁴⁵⁶⁷⁸⁹₀₁₂₈", "*" * 9 + "0128"),  # superscript and subscript digits: NFKC reads 1234567890128
    ],
)
def test_numbers_however_written(written, masked):
    assert mask_text(f"联系：{written}。") == f"联系：{masked}。"


@pytest.mark.parametrize("mark", ZERO_WIDTH)
def test_zero_width_characters_inside_numbers(mark):
    for number, masked in ((PHONE, "138****5678"), (ID18, "110***********1234"), (CARD19, "*" * 15 + "0128")):
        written = mark.join(number)  # between every two digits
        assert mask_text(f"号码{written}结束") == f"号码{masked}结束"
        split = number[:5] + mark + mark + number[5:]
        assert mask_text(split) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("Tel13812345678", "Tel138****5678"),
        ("ID110105199003071234", "ID110***********1234"),
        (f"card{CARD19}", "card" + "*" * 15 + "0128"),
        ("tel:13812345678", "tel:138****5678"),
        ("13812345678abc", "138****5678abc"),  # letters after do not protect it either
        ("卡密 ABCD13812345678EF", "卡密 ABCD138****5678EF"),
        ("Tel\u200b13812345678", "Tel\u200b138****5678"),
    ],
)
def test_letters_next_to_a_number_do_not_protect_it(text, masked):
    assert mask_text(text) == masked


@pytest.mark.parametrize(
    "card",
    ["1234567890128", "9123456789012345672", "700000000000003", "20260615000123453", "8000000000000011"],
)
def test_any_luhn_valid_13_to_19_digits_is_a_card_whatever_its_first_digits(card):
    assert luhn_ok(card)
    assert mask_text(f"卡号{card}") == "卡号" + "*" * (len(card) - 4) + card[-4:]


def test_a_luhn_valid_order_number_is_masked_the_accepted_trade_off():
    order = "2026092912345678906"  # passes Luhn by chance
    assert mask_text(f"订单号 {order}") == "订单号 " + "*" * 15 + "8906"


def test_old_15_digit_ids_need_a_real_birth_date():
    assert mask_text("110105900230100") == "110105900230100"  # 1990-02-30: no such day (and fails Luhn)
    assert "900307" not in mask_text(f"旧身份证{ID15}")


def test_digits_next_to_a_number_never_uncover_it():
    # another group after a separator: the phone alone is the number, the rest stays
    assert mask_text("13812345678 9") == "138****5678 9"
    assert mask_text("138 1234 5678 9") == "138****5678 9"
    assert mask_text(f"{ID18} 2026") == "110***********1234 2026"
    assert mask_text(f"2026 {ID18}") == "2026 110***********1234"
    # a card in groups whose last groups alone are a phone: the whole card wins
    assert luhn_ok("6222013812345678")
    assert mask_text("62220 138 1234 5678") == "*" * 12 + "5678"


def test_readings_that_overlap_are_masked_entirely():
    # "138 12345678" is a phone and "12345678 000006" a card; all three groups together are neither
    assert luhn_ok("12345678000006") and not luhn_ok("13812345678000006")
    assert mask_text("电话138 12345678 000006。") == "电话" + "*" * 17 + "。"


def test_surrounding_text_is_kept():
    text = "【投诉】2026-06-14 10:00 客服（工号 8848）让我加微信 13812345678，退款 99.50 元。"
    assert mask_text(text) == "【投诉】2026-06-14 10:00 客服（工号 8848）让我加微信 138****5678，退款 99.50 元。"


def test_text_without_digits_or_names_is_returned_as_is():
    text = "购买的游戏点卡卡密提示无效" * 10
    assert mask_text(text) is text
    assert mask_text(text, names=("李文博",)) is text
    assert mask_text("") == ""


# -- names ---------------------------------------------------------------------


def test_names_are_masked_wherever_they_appear():
    text = "投诉人张三丰，代理人张三；张三丰的电话13812345678"
    assert mask_text(text, names=("张三", "张三丰")) == "投诉人张**，代理人张**；张**的电话138****5678"
    assert mask_text("Li Wenbo 与 li wenbo", names=["Li Wenbo"]) == "L** 与 L**"
    assert mask_text("我是张三", names="张三") == "我是张**"  # one name given as a string


def test_empty_and_one_character_names_are_ignored():
    assert mask_text("张先生和王女士", names=("", " ", "张", "王")) == "张先生和王女士"
    assert mask_text("张 三 说", names=(" 张三 ",)) == "张 三 说"  # stripped: "张三" does not occur


def test_mask_text_still_takes_one_argument():
    assert mask_text("手机13812345678") == "手机138****5678"


# -- a case's text ---------------------------------------------------------------


def _case():
    from decimal import Decimal

    from cases.model import Case, Demands, Entity, Event, EvidenceItem, Order

    return Case(
        id="K-0001", title="李文博的银行卡 6222 0212 3456 7890 128 被扣款", platform="汇想卡盟 Tel13812345678",
        entity=Entity("深圳市汇想数字科技有限公司", "91440300MA5G0XXX00", "粤ICP备2020056789号-2", "深圳市南山区"),
        orders=[Order("HX20260526104522817", Decimal("500.00"), None, "银行卡 6222021234567890128")],
        complainant=Complainant("李文博", "13800138421", "430104199203142810", "湖南省长沙市岳麓区"),
        demands=Demands("退款给李文博", "联系 13800138421"),
        tags=["李文博", "卡 6222021234567890128"],
        notes="身份证 430104199203142810",
        timeline=[Event(kind="contact", channel="platform-cs", at="2026-05-26T07:32:00+08:00", ticket="13912345678",
                        agent="KF13912345678", said="李文博先生请留意", promised="回电 13800138421")],
        evidence=[EvidenceItem(kind="transaction", label="李文博 银行卡 6222021234567890128 流水",
                               path="/home/li/13800138421.png")],
    )


def test_case_names_is_the_complainants_name():
    from cases.privacy import case_names

    case = _case()
    assert case_names(case) == ("李文博",)
    case.complainant.name = " 李 "
    assert case_names(case) == ()


def test_mask_case_text_masks_numbers_and_the_name():
    from cases.privacy import mask_case_text

    assert mask_case_text(_case(), "李文博 13800138421") == "李** 138****8421"


def test_masked_case_masks_every_typed_text_and_keeps_the_rest():
    from cases.privacy import masked_case

    case = _case()
    shown = masked_case(case)
    flat = json.dumps(shown.to_dict(), ensure_ascii=False)
    for secret in ("李文博", "13800138421", "6222021234567890128", "19920314", "021234567890", "13812345678"):
        assert secret not in flat, secret
    # ids, order and ticket numbers, company data stay as they are
    assert shown.id == "K-0001" and shown.orders[0].number == "HX20260526104522817"
    assert shown.timeline[0].ticket == "13912345678" and shown.entity == case.entity
    assert shown.orders[0].payment_channel == "银行卡 " + "*" * 15 + "0128"
    assert shown.timeline[0].agent == "KF139****5678"
    assert shown.complainant.name == "李**"
    assert case.title.startswith("李文博")  # the original is untouched


def test_the_other_digit_forms_are_all_known():
    """Every character NFKC turns into an ASCII digit is read as a digit."""
    import sys
    import unicodedata

    from cases.digit_forms import ANY_DIGIT

    forms = [ch for ch in map(chr, range(sys.maxunicode + 1))
             if unicodedata.category(ch) in ("Nd", "No") and unicodedata.normalize("NFKC", ch) in set("0123456789")]
    assert len(forms) > 80
    assert [ch for ch in forms if not ANY_DIGIT.match(ch)] == []
