"""The look of each screen: fixed clock, fixed size, CJK data, cursor blink off."""

from __future__ import annotations

import pytest

from cases.demo import build_demo
from cases.clock import parse_instant

from keyring_helpers import memory_keyring  # noqa: F401  fixture
from tui_helpers import NOW, settle

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def demo_store(store):
    cases, groups = build_demo(parse_instant(NOW))
    store.replace_all(cases, groups)
    return store


def _app(make_app, store):
    app = make_app(store)
    return app


async def _settle(pilot):
    await settle(pilot)  # store work done: its results shown, no busy mark
    for inp in pilot.app.screen.query("Input"):
        inp.cursor_blink = False


def test_dashboard(snap_compare, demo_store, make_app):
    assert snap_compare(_app(make_app, demo_store), terminal_size=(110, 30), run_before=_settle)


def test_dashboard_80x24(snap_compare, demo_store, make_app):
    assert snap_compare(_app(make_app, demo_store), terminal_size=(80, 24), run_before=_settle)


def test_case_detail(snap_compare, demo_store, make_app):
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(_app(make_app, demo_store), terminal_size=(100, 40), run_before=run_before)


def test_case_form(snap_compare, demo_store, make_app):
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("ctrl+s")  # show the inline errors
        await pilot.pause()
        await _settle(pilot)

    assert snap_compare(_app(make_app, demo_store), terminal_size=(100, 30), run_before=run_before)


def test_log_form(snap_compare, demo_store, make_app):
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await _settle(pilot)

    assert snap_compare(_app(make_app, demo_store), terminal_size=(100, 36), run_before=run_before)


def test_log_form_offers_a_deadline_from_the_text(snap_compare, demo_store, make_app):
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        pilot.app.screen.query_one("#f-said").focus()
        await pilot.press(*"客服答应2小时内回复")
        await pilot.pause()
        await _settle(pilot)

    assert snap_compare(_app(make_app, demo_store), terminal_size=(100, 36), run_before=run_before)


def test_help(snap_compare, demo_store, make_app):
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(_app(make_app, demo_store), terminal_size=(100, 40), run_before=run_before)


def test_escalate(snap_compare, demo_store, make_app):
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await _settle(pilot)

    assert snap_compare(_app(make_app, demo_store), terminal_size=(100, 40), run_before=run_before)


def test_escalate_draft_80x24(snap_compare, demo_store, make_app):
    """A draft left by another volunteer comes back marked with who and when, at 80 columns."""
    from cases.letters import keep_draft

    first = demo_store.case("K-0004")  # the dashboard's first row
    text = "全国12315平台投诉（按《市场监督管理投诉举报处理暂行办法》第九条所列事项填写）\n\n" \
           "投诉人姓名：赵**\n投诉人电话：138****1029\n\n补充：客服两次拒绝退款，要求私下转账。"
    demo_store.update_case(first.id, lambda c: keep_draft(
        c, "12315", "escalate", text, by="alice", at=parse_instant(NOW).shift(hours=-2, minutes=2)))

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        await _settle(pilot)

    assert snap_compare(_app(make_app, demo_store), terminal_size=(80, 24), run_before=run_before)


def test_dashboard_busy(snap_compare, demo_store, make_app):
    """The busy mark in the title bar, once store work has lasted a moment."""
    from tui.store_work import BusyChanged
    from tui_helpers import wait_for

    async def run_before(pilot):
        await _settle(pilot)
        pilot.app.post_message(BusyChanged(+1))  # work in flight (a save waiting for the lock)
        assert await wait_for(pilot, lambda: pilot.app.busy_shown)
        await pilot.pause()

    assert snap_compare(_app(make_app, demo_store), terminal_size=(110, 30), run_before=run_before)


async def _close_dialog_with_an_error(pilot):
    await _settle(pilot)
    await pilot.press("z")
    await settle(pilot)
    pilot.app.screen.query_one("#f-outcome").value = "refunded_part"
    await pilot.pause()
    await pilot.press("ctrl+s")  # the amount a partial refund needs, said under its field
    await pilot.pause()
    await _settle(pilot)


def test_close_dialog(snap_compare, demo_store, make_app):
    assert snap_compare(_app(make_app, demo_store), terminal_size=(100, 30), run_before=_close_dialog_with_an_error)


def test_close_dialog_80x24(snap_compare, demo_store, make_app):
    assert snap_compare(_app(make_app, demo_store), terminal_size=(80, 24), run_before=_close_dialog_with_an_error)


def test_delete_confirm_80x24(snap_compare, demo_store, make_app):
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("D")
        await settle(pilot)

    assert snap_compare(_app(make_app, demo_store), terminal_size=(80, 24), run_before=run_before)


def test_deleted_cases_80x24(snap_compare, demo_store, make_app):
    demo_store.delete_case("K-0003", "alice")
    demo_store.delete_case("K-0007", "bob")

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("B")
        await settle(pilot)

    assert snap_compare(_app(make_app, demo_store), terminal_size=(80, 24), run_before=run_before)


async def _attach_dialog(pilot):
    await _settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("A")
    await settle(pilot)
    await pilot.press("ctrl+s")  # nothing given yet: both required fields say so
    await pilot.pause()
    await _settle(pilot)


def test_attach_dialog(snap_compare, demo_store, make_app):
    assert snap_compare(_app(make_app, demo_store), terminal_size=(100, 30), run_before=_attach_dialog)


def test_attach_dialog_80x24(snap_compare, demo_store, make_app):
    assert snap_compare(_app(make_app, demo_store), terminal_size=(80, 24), run_before=_attach_dialog)

async def _export_dialog(pilot):
    await _settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("E")
    await settle(pilot)
    await _settle(pilot)


def test_export_dialog_80x24(snap_compare, demo_store, make_app, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", "/home/user/.local/share")  # the exports folder it names, fixed
    assert snap_compare(_app(make_app, demo_store), terminal_size=(80, 24), run_before=_export_dialog)


def test_dashboard_200x50(snap_compare, demo_store, make_app):
    """Spare width goes to the ticket and platform columns: whole ticket numbers."""
    assert snap_compare(_app(make_app, demo_store), terminal_size=(200, 50), run_before=_settle)


def test_dashboard_no_color_80x24(snap_compare, demo_store, make_app, monkeypatch):
    """NO_COLOR: urgency by its mark (!! overdue, ! due within 24 hours) and bold; the
    highlighted row (the first, overdue) keeps its mark."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = _app(make_app, demo_store)
    assert app.no_color
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settle)


def test_help_80x24(snap_compare, demo_store, make_app):
    """The help at 80×24: each text wraps under its own column, inside the box."""
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(_app(make_app, demo_store), terminal_size=(80, 24), run_before=run_before)


async def _stats_screen(pilot):
    await _settle(pilot)
    await pilot.press("S")
    await settle(pilot)


def test_stats(snap_compare, demo_store, make_app):
    assert snap_compare(_app(make_app, demo_store), terminal_size=(100, 60), run_before=_stats_screen)


def test_stats_80x24(snap_compare, demo_store, make_app):
    assert snap_compare(_app(make_app, demo_store), terminal_size=(80, 24), run_before=_stats_screen)


def test_credentials_80x24(snap_compare, demo_store, make_app, memory_keyring):
    """The credentials screen: the keyring named, references listed, never a secret."""
    from cases.credentials import reference
    from storage.keyring_choice import Backend
    from storage.vault import Vault

    vault = Vault(demo_store, Backend("system", memory_keyring, "default"))
    secrets = ("Snap-Secret-4411", "Snap-Code-9273")
    vault.set(reference("account", "heimao", "alice"), secrets[0], label="黑猫投诉", by="alice",
              at="2026-11-20T09:00:00+08:00")
    vault.set(reference("smtp", "smtp.qq.com:465", "tousu@qq.com"), secrets[1], label="投诉邮箱", by="bob",
              at="2026-11-21T10:30:00+08:00")

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("K")
        await settle(pilot)

    assert snap_compare(_app(make_app, demo_store), terminal_size=(80, 24), run_before=run_before)
    from pathlib import Path

    kept = (Path(__file__).parent / "__snapshots__" / "test_snapshots" / "test_credentials_80x24.svg").read_text()
    assert "heimao" in kept and not any(secret in kept for secret in secrets)


def test_credential_form_80x24(snap_compare, demo_store, make_app, memory_keyring):
    """The add-credential dialog, after a save with nothing typed: the reasons under the fields."""

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("K")
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await _settle(pilot)

    assert snap_compare(_app(make_app, demo_store), terminal_size=(80, 24), run_before=run_before)


def test_attach_pick_80x24(snap_compare, make_app, store):
    """The evidence files to send with an e-mail, one ticked."""
    from tui.screens.pick import TickScreen

    async def run_before(pilot):
        await _settle(pilot)
        options = [("1. 支付宝账单.png", 1), ("2. 客服聊天记录.png", 2), ("3. 卡密无效截图.png", 3)]
        pilot.app.push_screen(TickScreen("发送到 kefu@huixiang.example：勾选要附上的证据文件（space 勾选，⏎ 发送）",
                                         options))
        await pilot.pause()
        await pilot.press("down", "space")
        await pilot.pause()

    assert snap_compare(_app(make_app, store), terminal_size=(80, 24), run_before=run_before)


def test_escalate_joint_80x24(snap_compare, demo_store, make_app):
    """The group's joint text (j): the represented participants' table, masked, at 80 columns."""
    from tui.widgets.case_list import CaseList

    async def run_before(pilot):
        await _settle(pilot)
        rows = pilot.app.screen.query_one(CaseList)
        rows.cursor = [r.id for r in rows.rows].index(demo_store.groups()[0].case_id)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        screen = pilot.app.screen
        from tui_helpers import wait_for

        assert await wait_for(pilot, lambda: screen.joint)
        area = screen.query_one("#preview")
        text = area.text
        row = text[: text.index("序号 | 姓名")].count("\n")
        area.scroll_to(y=max(row - 2, 0), animate=False)
        pilot.app.clear_notifications()
        await _settle(pilot)

    assert snap_compare(_app(make_app, demo_store), terminal_size=(80, 24), run_before=run_before)


async def _group_screen(pilot):
    """The demo's group (3,000 participants with Chinese names) from its lead case, K-0006."""
    await _settle(pilot)
    lst = pilot.app.screen.query_one("CaseList")
    lst.cursor = [r.id for r in lst.rows].index("K-0006")
    await pilot.press("G")
    await _settle(pilot)


def test_group_screen(snap_compare, demo_store, make_app):
    assert snap_compare(_app(make_app, demo_store), terminal_size=(120, 40), run_before=_group_screen)


def test_group_screen_80x24(snap_compare, demo_store, make_app):
    async def run_before(pilot):
        await _group_screen(pilot)
        await pilot.press("space", "space")  # two picked: the marks and the count in the title
        await _settle(pilot)

    assert snap_compare(_app(make_app, demo_store), terminal_size=(80, 24), run_before=run_before)


def _today_store(demo_store, monkeypatch):
    monkeypatch.setenv("TOUSU_USER", "小王")
    ids = [d["id"] for d in demo_store.summary_docs()]
    demo_store.assign_cases(ids[:12], "小王", "admin")
    demo_store.assign_cases(ids[12:20], "bob", "admin")
    group = demo_store.groups()[0]  # a decision awaiting consents, and three of the roster 小王's
    demo_store.add_decision(group.id, "accept_settlement", "接受平台退款五成", "admin")
    demo_store.update_participants(group.id, ["P-00002", "P-00005", "P-00019"],
                                   lambda p: setattr(p, "assignee", "小王"), "admin", action="participant.assign")
    return demo_store


async def _today(pilot):
    from tui_helpers import wait_for

    await _settle(pilot)
    await pilot.press("T")
    assert await wait_for(pilot, lambda: getattr(pilot.app.screen, "items", None) is not None, timeout=20)
    await settle(pilot)


def test_today(snap_compare, demo_store, make_app, monkeypatch):
    store = _today_store(demo_store, monkeypatch)
    assert snap_compare(_app(make_app, store), terminal_size=(120, 40), run_before=_today)


def test_today_80x24(snap_compare, demo_store, make_app, monkeypatch):
    store = _today_store(demo_store, monkeypatch)
    assert snap_compare(_app(make_app, store), terminal_size=(80, 24), run_before=_today)


def test_assign_dialog_80x24(snap_compare, demo_store, make_app, monkeypatch):
    store = _today_store(demo_store, monkeypatch)

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        await _settle(pilot)

    assert snap_compare(_app(make_app, store), terminal_size=(80, 24), run_before=run_before)
