"""The group screen (G): roster, totals, filter, reveal, selection, bulk actions, the
participant form and its conflict; the activity list in the case detail."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cases.model import Case
from cases.roster import Participant, RosterOrder
from storage.store import Store
from tui.screens.case_detail import CaseDetailScreen
from tui.screens.group import GroupScreen
from tui.widgets.case_list import CaseList
from tui.widgets.roster_list import RosterList

from notices import said
from tui_helpers import NOW, detail_text, settle, wait_for

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def people() -> list[Participant]:
    return [
        Participant(name="王小明", phone="13800000001", orders=[RosterOrder("WW-1", "100.00")],
                    evidence=["transaction", "communication", "anomaly"], consent=True, poa=True, assignee="alice"),
        Participant(name="李华", phone="13800000002", orders=[RosterOrder("WW-2", "250.50"), RosterOrder("WW-3", "49.50")],
                    evidence=["transaction"], consent=True, assignee="bob"),
        Participant(name="张三丰", phone="13800000003", orders=[RosterOrder("WW-4", "1000.00")], status="waiting",
                    notes="要求全额退款"),
        Participant(name="赵敏", phone="13800000004", orders=[RosterOrder("WW-5", "20.00")], poa=True, consent=True,
                    assignee="alice"),
    ]


@pytest.fixture
def group_store(store: Store) -> Store:
    lead = store.add_case(Case(title="旺旺卡盟跑路集体维权", platform="旺旺卡盟"))
    store.add_case(Case(title="与集体无关的案件", platform="汇想卡盟"))
    group = store.create_group(lead.id, "carol")
    store.add_participants(group.id, people(), "carol")
    return store


def roster(app) -> RosterList:
    return app.screen.query_one(RosterList)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def open_group(pilot, app, title: str = "旺旺卡盟跑路集体维权") -> None:
    await settle(pilot)
    lst = app.screen.query_one(CaseList)
    lst.cursor = [r.title for r in lst.rows].index(title)
    await pilot.press("G")
    await settle(pilot)


async def test_g_opens_the_roster_with_totals_masked_until_revealed(group_store, make_app):
    app = make_app(group_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_group(pilot, app)
        assert isinstance(app.screen, GroupScreen)
        lst = roster(app)
        assert [r.id for r in lst.rows] == ["P-00001", "P-00002", "P-00003", "P-00004"]
        totals = text_of(app, "#group-totals")
        assert "4 人" in totals and "¥1,420.00" in totals
        assert "证据齐全 1" in totals and "同意代表 3" in totals and "委托书 2" in totals
        assert "alice  2 人  ¥120.00" in totals and "bob  1 人  ¥300.00" in totals and "（未分配）" in totals
        lines = [lst.render_line(y).text for y in range(5)]
        assert "王**" in lines[1] and "138****0001" in lines[1] and "2单 ¥300.00" in lines[2]
        assert "王小明" not in "".join(lines)
        await pilot.press("r")
        await settle(pilot)
        lines = [lst.render_line(y).text for y in range(5)]
        assert "王小明" in lines[1] and "13800000001" in lines[1]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, GroupScreen)


async def test_g_on_a_case_without_a_group_says_so(group_store, make_app):
    app = make_app(group_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_group(pilot, app, "与集体无关的案件")
        assert not isinstance(app.screen, GroupScreen)
        assert any("不是集体投诉案件" in n for n in said(app))


async def test_filter_words_status_assignee_and_missing(group_store, make_app):
    app = make_app(group_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_group(pilot, app)
        lst = roster(app)

        async def shown(text: str) -> list[str]:
            await pilot.press("slash")
            app.screen.query_one("#filter").value = text
            await settle(pilot)
            return [r.id for r in lst.rows]

        assert await shown("张三丰") == ["P-00003"]
        assert await shown("WW-3") == ["P-00002"]
        assert await shown("状态:等待") == ["P-00003"]
        assert await shown("a:alice") == ["P-00001", "P-00004"]
        assert await shown("负责人:-") == ["P-00003"]
        assert await shown("缺:委托书") == ["P-00002", "P-00003"]
        assert await shown("missing:consent") == ["P-00003"]
        assert await shown("缺:证据 a:alice") == ["P-00004"]
        assert await shown("退款") == ["P-00003"]
        assert await shown("缺:钱") == ["P-00001", "P-00002", "P-00003", "P-00004"]
        assert "缺:钱" in text_of(app, "#hint")
        await pilot.press("escape")
        await settle(pilot)
        assert len(lst.rows) == 4 and isinstance(app.screen, GroupScreen)


async def test_pick_all_shown_and_assign_them_in_one_change(group_store, make_app):
    app = make_app(group_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_group(pilot, app)
        before = len(group_store.activity())
        await pilot.press("slash")
        app.screen.query_one("#filter").value = "缺:委托书"
        await settle(pilot)
        await pilot.press("enter", "asterisk")
        assert roster(app).selected == {"P-00002", "P-00003"}
        assert "已选 2 人" in text_of(app, "#title-bar")
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#f-value").value = "丁志愿"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GroupScreen)
        assert any("已将 2 人分配给 丁志愿" in n for n in said(app))
        by = {p.id: p.assignee for p in group_store.roster("G-001")}
        assert by == {"P-00001": "alice", "P-00002": "丁志愿", "P-00003": "丁志愿", "P-00004": "alice"}
        entries = group_store.activity()[before:]
        assert len(entries) == 1 and entries[0]["action"] == "participant.assign"
        assert entries[0]["participants"] == ["P-00002", "P-00003"] and entries[0]["by"] == app.volunteer
        assert "丁志愿  2 人" in text_of(app, "#group-totals")


async def test_space_picks_and_status_mark_act_on_the_picked(group_store, make_app):
    app = make_app(group_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_group(pilot, app)
        await pilot.press("space", "down", "space")  # P-00001, then P-00003 (space moves down)
        assert roster(app).selected == {"P-00001", "P-00003"}
        await pilot.press("s")
        await settle(pilot)
        app.screen.query_one("#f-value").value = "不是状态"
        await pilot.press("enter")
        await settle(pilot)
        assert "不是状态" in str(app.screen.query_one(".field-error").render())  # the dialog stays
        app.screen.query_one("#f-value").value = "已解决"
        await pilot.press("enter")
        await settle(pilot)
        status = {p.id: p.status for p in group_store.roster("G-001")}
        assert status == {"P-00001": "resolved", "P-00002": "open", "P-00003": "resolved", "P-00004": "open"}
        await pilot.press("m")
        await settle(pilot)
        assert {p.id for p in group_store.roster("G-001") if p.marked} == {"P-00001", "P-00003"}
        await wait_for(pilot, lambda: roster(app).rows[0].marked)
        assert "★" in roster(app).render_line(1).text
        await pilot.press("m")  # all of them marked: unmarked
        await settle(pilot)
        assert not any(p.marked for p in group_store.roster("G-001"))


async def test_nothing_picked_acts_on_the_highlighted_one_and_logs_a_contact(group_store, make_app):
    app = make_app(group_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_group(pilot, app)
        await pilot.press("down", "down", "l")  # P-00003
        await settle(pilot)
        await pilot.press("ctrl+s")
        assert "请填写" in str(app.screen.query_one("#f-what").query_ancestor("FormField").query_one(".field-error").render())
        app.screen.query_one("#f-what").value = "通知补交委托书"
        app.screen.query_one("#f-at").value = "2026-11-22 09:30"
        app.screen.query_one("#f-channel").value = "微信"
        await pilot.press("ctrl+s")
        await settle(pilot)
        notes = {p.id: p.notes for p in group_store.roster("G-001")}
        assert notes["P-00003"] == "要求全额退款\n2026-11-22 09:30 微信：通知补交委托书"
        assert notes["P-00001"] == ""
        entry = group_store.activity()[-1]
        assert entry["action"] == "participant.contact" and entry["participants"] == ["P-00003"]
        assert entry["channel"] == "微信" and entry["contacted_at"] == "2026-11-22T09:30:00+08:00"


async def test_edit_form_saves_and_a_conflict_names_the_field_and_keeps_the_text(group_store, make_app):
    app = make_app(group_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_group(pilot, app)
        await pilot.press("down", "e")  # P-00002
        await settle(pilot)
        assert app.screen.query_one("#f-name").value == "李华"
        # Meanwhile another volunteer changes the status (and the notes) of the same person.
        other = Store.open(group_store.path, app.clock)
        other.update_participants("G-001", ["P-00002"], lambda p: setattr(p, "status", "waiting"), "bob")
        other.update_participants("G-001", ["P-00002"], lambda p: setattr(p, "notes", "bob 已电话联系"), "bob")
        other.close()
        app.screen.query_one("#f-status").value = "已解决"
        app.screen.query_one("#f-assignee").value = "丁志愿"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_for(pilot, lambda: app.screen.id == "participant-form" and "bob" in str(
            app.screen.query_one("#f-status").query_ancestor("FormField").query_one(".field-error").render()))
        error = str(app.screen.query_one("#f-status").query_ancestor("FormField").query_one(".field-error").render())
        assert "等待回复" in error
        assert app.screen.query_one("#f-status").value == "已解决"  # the typed text is kept
        assert app.screen.query_one("#f-assignee").value == "丁志愿"
        assert any("状态" in n for n in said(app))
        p = group_store.participant("P-00002")
        assert (p.status, p.assignee) == ("waiting", "bob")  # nothing written
        await pilot.press("ctrl+s")  # again: what was typed wins, bob's notes stay
        await settle(pilot)
        assert isinstance(app.screen, GroupScreen)
        p = group_store.participant("P-00002")
        assert (p.status, p.assignee, p.notes) == ("resolved", "丁志愿", "bob 已电话联系")


async def test_case_detail_lists_the_activity_newest_first_and_g_opens_the_group(group_store, make_app):
    group_store.update_participants("G-001", ["P-00001"], lambda p: setattr(p, "assignee", "dave"), "erin",
                                    action="participant.assign", to="dave")
    app = make_app(group_store)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(CaseList)
        lst.cursor = [r.title for r in lst.rows].index("旺旺卡盟跑路集体维权")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        text = detail_text(app)
        assert "操作记录" in text
        section = text[text.index("操作记录"):]
        assigned = section.index("erin  分配参与人给 dave P-00001")
        added = section.index("carol  添加参与人 P-00001、P-00002、P-00003、P-00004")
        created = section.index("carol  建立集体投诉 G-001")
        assert assigned < added < created
        await pilot.press("G")
        await settle(pilot)
        assert isinstance(app.screen, GroupScreen)


def test_read_roster_hands_over_the_first_rows_before_the_rest(group_store, monkeypatch):
    import tui.screens.group_reads as group_reads

    monkeypatch.setattr(group_reads, "HEAD_ROWS", 3)
    heads = []
    found = group_reads.read_roster(group_store, "K-0001", heads.append)
    assert [(len(h.rows), h.count) for h in heads] == [(3, 4)]
    assert [r.id for r in found.rows] == ["P-00001", "P-00002", "P-00003", "P-00004"]
    assert found.totals.all.amount == Decimal("1420.00") and found.totals.all.poa == 2
    assert found.totals.to_dict() == group_store.roster_totals(group_store.group("G-001")).to_dict()


def test_roster_docs_and_case_activity_read_the_group_alone(group_store):
    other = group_store.add_case(Case(title="另一个集体", platform="汇想卡盟"))
    second = group_store.create_group(other.id, "dave")
    group_store.add_participants(second.id, [Participant(name="钱七", phone="13900000009")], "dave")
    group, docs, version = group_store.roster_docs("G-001")
    assert group.id == "G-001" and [d["id"] for d in docs] == ["P-00001", "P-00002", "P-00003", "P-00004"]
    assert version == group_store.version
    assert [d["id"] for d in group_store.roster_docs(second.id)[1]] == ["P-00005"]
    mine = group_store.case_activity("K-0001", "G-001")
    assert [e["action"] for e in mine] == ["participant.add", "group.create"]  # newest first
    assert [e["action"] for e in group_store.case_activity(other.id, second.id)] == ["participant.add", "group.create"]
    assert group_store.case_activity("K-0002") == []


def test_roster_row_masks_and_cleans_only_what_it_paints():
    from tui.roster_rows import RosterRow

    row = RosterRow({"id": "P-00009", "name": "王\u202e小明", "phone": "13812345678",
                     "orders": [{"number": "A", "amount": "1.50"}, {"number": "B", "amount": "bad"}],
                     "evidence": ["anomaly", "x"], "consent": "yes", "poa": True, "status": "waiting"})
    assert row.cell("name", "zh", False) == "王**" and row.cell("name", "zh", True) == "王小明"
    assert row.cell("phone", "zh", False) == "138****5678"
    assert row.amount == Decimal("1.50") and row.orders == 2
    assert row.cell("evidence", "zh", False) == "--异"
    assert not row.consent and row.poa  # only a real true is a yes
    assert row.cell("status", "zh", False) == "等待回复"


async def test_activity_list_is_paged_like_the_timeline(group_store, make_app):
    for n in range(60):
        group_store.update_participants("G-001", ["P-00001"], lambda p, n=n: setattr(p, "notes", f"第{n}次"),
                                        f"v{n}", fields=["notes"])
    app = make_app(group_store)
    async with app.run_test(size=(120, 60)) as pilot:
        await settle(pilot)
        lst = app.screen.query_one(CaseList)
        lst.cursor = [r.title for r in lst.rows].index("旺旺卡盟跑路集体维权")
        await pilot.press("enter")
        await settle(pilot)
        text = detail_text(app)
        assert "v59  修改参与人 P-00001（备注）" in text and "v10  修改参与人" in text
        assert "v9  修改参与人" not in text and "建立集体投诉" not in text
        assert "另有 12 条更早的记录" in text  # 62 entries, 50 shown
        await pilot.press("m")
        await settle(pilot)
        text = detail_text(app)
        assert "v0  修改参与人" in text and "carol  建立集体投诉 G-001" in text
        assert "更早的记录" not in text


async def test_the_screen_follows_another_volunteers_change_and_keeps_the_picked(group_store, make_app, store_path):
    import os
    import subprocess
    import sys

    app = make_app(group_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_group(pilot, app)
        await pilot.press("space")  # P-00001 picked
        env = {**os.environ, "TOUSU_DB": str(store_path), "TOUSU_NOW": NOW, "TOUSU_USER": "庚"}
        subprocess.run([sys.executable, "-m", "tui.cli", "group", "assign", "K-0001", "P-00003", "--to", "庚"],
                       env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60, check=True)
        app.tick()  # what the app's one-second timer does: a poll, then the screen reads again
        await settle(pilot)
        assert next(r for r in roster(app).rows if r.id == "P-00003").assignee == "庚"
        assert "庚  1 人  ¥1,000.00" in text_of(app, "#group-totals")
        assert roster(app).selected == {"P-00001"}
