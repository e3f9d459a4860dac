"""Personal data in what the dashboard and the case detail paint: masked until `r`.

A case whose title, platform, payment channel, notes and timeline carry a
phone, an ID number and a card number written in odd ways, and the
complainant's name. The rendered text is read as a person would (NFKC, without
separators or zero-width characters) before looking for them.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from textual.widgets import Input, Static

from cases.model import Case, Complainant, Event, EvidenceItem, Order
from tui.screens.case_detail import CaseDetailScreen
from tui.screens.log_form import LogFormScreen
from tui.widgets.case_list import CaseList

from tui_helpers import at, detail_text, settle

NAME = "王小明"
PHONE = "13987654321"
ID_NUMBER = "110105199003071234"
CARD = "6222021234567890128"
#: What must never be seen while masked: the name, the phone's middle digits, the birth date, the card's head.
SECRETS = (NAME, "8765", "19900307", "6222021234", "021234567890")


def secret_case() -> Case:
    return Case(
        title=f"{NAME}退款 Tel１３９ ８７６５ ４３２１ 未到账",
        platform=f"{NAME}卡盟",
        orders=[Order("HX-20261120-01", Decimal("128.00"), at(-40), "银行卡 6222.0212.3456.7890.128")],
        complainant=Complainant(NAME, PHONE, ID_NUMBER, "北京市朝阳区建国路88号"),
        notes=f"{NAME} 身份证 110105 19900307 1234\n卡号 card6222\u200b0212\u200b3456\u200b7890\u200b128",
        timeline=[Event(kind="contact", channel="platform-cs", at=at(-1), ticket="CS-9001", agent="KF-139-8765-4321",
                        said=f"客服让{NAME}加微信 139-8765-4321，身份证ID{ID_NUMBER}",
                        promised=f"给{NAME}回电 13987654321", deadline=at(3), seq=1)],
        evidence=[EvidenceItem(kind="transaction", label=f"{NAME}的银行卡 {CARD} 流水",
                               path=f"/home/wang/{PHONE}.png")],
    )


def as_read(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if ch not in " -.\u3000\u200b\u200c\u200d\u2060\ufeff\n")


def assert_masked(text: str) -> None:
    seen = as_read(text)
    for secret in SECRETS:
        assert secret not in seen, (secret, text)


def list_text(app) -> str:
    lst = app.screen.query_one(CaseList)
    return "\n".join(lst.render_line(y).text for y in range(lst.size.height))


def body(app) -> str:
    return detail_text(app)


@pytest.fixture
def secret_store(store):
    store.add_case(secret_case())
    return store


async def test_the_dashboard_row_and_hint_show_no_personal_data(secret_store, make_app):
    app = make_app(secret_store)
    async with app.run_test(size=(160, 20)) as pilot:
        await settle(pilot)
        painted = list_text(app)
        assert "王**退款 Tel139****4321 未到账" in painted  # the whole title is on screen, masked
        assert "王**卡盟" in painted
        assert_masked(painted)
        assert_masked(str(app.screen.query_one("#hint", Static).render()))


async def test_the_filter_searches_what_is_shown(secret_store, make_app):
    app = make_app(secret_store)
    async with app.run_test(size=(160, 20)) as pilot:
        await settle(pilot)
        filt = app.screen.query_one("#filter", Input)
        lst = app.screen.query_one(CaseList)
        for hidden in (PHONE, "8765", NAME, "p:" + NAME):
            filt.value = hidden
            await settle(pilot)
            assert len(lst.rows) == 0, hidden
        for shown in ("139****4321", "王**", "p:王**", "CS-9001"):
            filt.value = shown
            await settle(pilot)
            assert len(lst.rows) == 1, shown


async def test_the_detail_masks_every_typed_text_until_revealed(secret_store, make_app):
    app = make_app(secret_store)
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        text = body(app)
        assert text.splitlines()[0] == "K-0001  王**退款 Tel139****4321 未到账"  # the header
        for shown in ("王**卡盟", "银行卡 " + "*" * 15 + "0128", "KF-139****4321", "给王**回电 139****4321",
                      "ID110***********1234", "card" + "*" * 15 + "0128", "HX-20261120-01", "CS-9001"):
            assert shown in text, shown
        assert_masked(text)
        await pilot.press("r")
        await settle(pilot)
        text = body(app)
        for revealed in (NAME, PHONE, ID_NUMBER, "6222.0212.3456.7890.128", CARD, "139-8765-4321",
                         "１３９ ８７６５ ４３２１", f"{NAME}的银行卡 {CARD} 流水"):
            assert revealed in text, revealed
        await pilot.press("r")
        await settle(pilot)
        assert_masked(body(app))


async def test_the_log_form_heading_masks_the_title(secret_store, make_app):
    app = make_app(secret_store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LogFormScreen)
        heading = str(app.screen.query_one("#form-title", Static).render())
        assert "K-0001 王**退款 Tel139****4321 未到账" in heading
        assert_masked(heading)
