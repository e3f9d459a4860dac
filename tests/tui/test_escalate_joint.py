"""The escalate screen's switch (j) between a group case's own text and the group's joint text
(the represented participants' table and totals), driven by Pilot on the demo's group."""

from __future__ import annotations

import pytest
from textual.widgets import Select, TextArea

from cases.clock import parse_instant
from cases.demo import build_demo
from tui.screens.escalate import EscalateScreen
from tui.widgets.case_list import CaseList

from tui_helpers import NOW, settle, wait_for

LEAD = "旺旺卡盟关站跑路，余额与未发货订单无法退款（集体维权牵头案件）"


@pytest.fixture
def demo_store(store):
    cases, groups = build_demo(parse_instant(NOW))
    store.replace_all(cases, groups)
    return store


def _text(app) -> str:
    return app.screen.query_one("#preview", TextArea).text


async def _open(app, pilot, title: str) -> EscalateScreen:
    await settle(pilot)
    rows = app.screen.query_one(CaseList)
    rows.cursor = [r.title for r in rows.rows].index(title)
    await pilot.press("x")
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, EscalateScreen)
    screen.query_one("#target", Select).value = "12315"
    await settle(pilot)
    return screen


async def test_j_switches_between_the_own_and_the_joint_text(demo_store, make_app):
    group = demo_store.groups()[0]
    people = demo_store.roster(group.id)
    represented = [p for p in people if p.consent and p.poa]
    assert 0 < len(represented) < len(people)  # the demo has some left out
    app = make_app(demo_store)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _open(app, pilot, LEAD)
        own = _text(app)
        assert "序号 | 姓名 | 订单号 | 金额" not in own
        await pilot.press("j")
        assert await wait_for(pilot, lambda: "序号 | 姓名 | 订单号 | 金额" in _text(app))
        joint = _text(app)
        total = sum(p.amount for p in represented)
        assert f"合计：{len(represented)}人，{sum(len(p.orders) for p in represented)}笔订单，金额{total:.2f}元。" in joint
        assert represented[0].name not in joint  # masked
        codes = {f.code for f in screen.submission.findings}
        assert "joint_left_out" in codes
        assert "共同" in str(screen.query_one("#form-title").render())
        await pilot.press("j")
        await settle(pilot)
        assert _text(app) == own and not screen.joint


async def test_j_is_not_offered_on_a_case_in_no_group(demo_store, make_app):
    app = make_app(demo_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        first = app.screen.query_one(CaseList).rows[0]
        assert not demo_store.case(first.id).group_id
        await pilot.press("x")
        await settle(pilot)
        screen = app.screen
        before = _text(app)
        assert screen.check_action("toggle_joint", ()) is False
        await pilot.press("j")
        await settle(pilot)
        assert _text(app) == before and not screen.joint


async def test_an_edited_revealed_joint_text_is_kept_with_the_names_masked(demo_store, make_app):
    group = demo_store.groups()[0]
    represented = [p for p in demo_store.roster(group.id) if p.consent and p.poa]
    app = make_app(demo_store)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _open(app, pilot, LEAD)
        await pilot.press("j")
        assert await wait_for(pilot, lambda: screen.joint)
        await pilot.press("r")
        await settle(pilot)
        assert f"| {represented[0].name} |" in _text(app)  # revealed
        area = screen.query_one("#preview", TextArea)
        area.focus()
        await pilot.press("e")
        area.move_cursor((0, 0))
        await pilot.press(*"补充")
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, EscalateScreen)
        assert await wait_for(pilot, lambda: demo_store.case(group.case_id).drafts != [])
        kept = demo_store.case(group.case_id).drafts[0].text
        assert kept.startswith("补充") and "序号 | 姓名" in kept
        assert not any(f"| {p.name} |" in kept for p in represented)


async def test_a_participants_own_case_asks_for_their_power_of_attorney(demo_store, make_app):
    group = demo_store.groups()[0]
    own = next(p for p in demo_store.roster(group.id) if p.case_id and p.case_id != group.case_id)

    def no_poa(p):
        p.poa = False

    demo_store.update_participants(group.id, [own.id], no_poa, "alice", fields=["poa"])
    app = make_app(demo_store)
    async with app.run_test(size=(100, 40)) as pilot:
        screen = await _open(app, pilot, demo_store.case(own.case_id).title)
        found = [f for f in screen.submission.findings if f.code == "no_power_of_attorney"]
        assert len(found) == 1 and own.id in found[0].message and found[0].severity == "block"
