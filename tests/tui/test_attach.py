"""Attaching evidence from the case detail (A): path completion, kind, note, the copy in a
worker with its progress, the checklist ticked; refusals said, nothing half-written."""

from __future__ import annotations

import os

from textual.widgets import Input, Select

from storage.evidence import root_for
from tui.screens.attach import AttachProgress, AttachScreen, complete_path
from tui.screens.case_detail import CaseDetailScreen
from tui.widgets.case_list import CaseList
from tui.widgets.form_field import FormField
from notices import said
from tui_helpers import detail_text, settle, wait_for


def test_complete_path_finds_files_and_folders(tmp_path):
    (tmp_path / "支付宝账单.png").write_bytes(b"x")
    (tmp_path / "聊天记录").mkdir()
    (tmp_path / ".hidden").write_bytes(b"x")
    base = str(tmp_path)
    assert complete_path(base + "/支付") == base + "/支付宝账单.png"
    assert complete_path(base + "/聊") == base + "/聊天记录/"
    assert complete_path(base + "/支付宝账单.png") is None  # nothing to add
    assert complete_path(base + "/zz") is None
    assert complete_path(base + "/") in (base + "/支付宝账单.png", base + "/聊天记录/")  # no hidden entry
    assert complete_path(base + "/.h") == base + "/.hidden"
    assert complete_path("") is None


def field_error(screen, key: str) -> str:
    field = screen.query_one(f"#f-{key}").query_ancestor(FormField)
    return str(field.query_one(".field-error").render()) if field.has_class("-invalid") else ""



async def open_attach(pilot, case_id: str = "K-0001") -> AttachScreen:
    app = pilot.app
    await settle(pilot)
    lst = app.screen.query_one(CaseList)
    lst.cursor = [row.id for row in lst.rows].index(case_id)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, CaseDetailScreen)
    await pilot.press("A")
    await settle(pilot)
    assert isinstance(app.screen, AttachScreen)
    return app.screen


async def test_A_attaches_a_file_with_tab_completion_and_ticks_the_checklist(filled_store, make_app, tmp_path,
                                                                         monkeypatch):
    import tui.evidence_commands

    monkeypatch.setattr(tui.evidence_commands, "PROGRESS_EVERY", 0)
    seen: list[tuple[int, int]] = []
    original = AttachProgress.__init__

    def record(self, done, total):
        seen.append((done, total))
        original(self, done, total)

    monkeypatch.setattr(AttachProgress, "__init__", record)
    files = tmp_path / "files"
    files.mkdir()
    payload = os.urandom(3 * (1 << 20) + 5)  # four pieces of the streaming copy
    (files / "支付宝账单.png").write_bytes(payload)
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await open_attach(pilot)
        path = dialog.query_one("#f-path", Input)
        await pilot.press(*f"{files}/支付")
        assert await wait_for(pilot, lambda: path.suggestion.endswith("支付宝账单.png"))
        await pilot.press("tab")
        assert path.value == f"{files}/支付宝账单.png"
        assert path.has_focus  # tab took the completion, focus stayed
        dialog.query_one("#f-kind", Select).value = "payment"
        dialog.query_one("#f-note", Input).value = "支付宝账单，128元"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert await wait_for(pilot, lambda: "支付宝账单，128元" in detail_text(app))
        assert any("K-0001：已添加证据 #1" in n for n in said(app))
        assert not app.screen.query_one("#attach-progress").display  # gone when done
    total = len(payload)
    copied = [done for done, _total in seen if done > 0]
    assert seen[0] == (0, total) and copied == sorted(copied) and copied[-1] == total and len(copied) >= 3
    assert seen[-1][0] == -1
    (item,) = filled_store.case("K-0001").evidence
    assert (item.subject, item.kind, item.size, item.name) == ("payment", "transaction", total, "支付宝账单.png")
    assert (root_for(filled_store.path) / item.path).read_bytes() == payload


async def test_missing_file_directory_and_no_kind_are_said_inline(filled_store, make_app, tmp_path):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await open_attach(pilot)
        dialog.query_one("#f-path", Input).value = str(tmp_path / "nothing.png")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "nothing.png" in field_error(dialog, "path") and field_error(dialog, "kind")
        dialog.query_one("#f-path", Input).value = str(tmp_path)
        await pilot.pause()
        assert str(tmp_path) in field_error(dialog, "path") and "文件夹" in field_error(dialog, "path")
        await pilot.press("escape")
        await pilot.press("escape")
        await settle(pilot)
    assert filled_store.case("K-0001").evidence == []
    assert not root_for(filled_store.path).exists() or not any(root_for(filled_store.path).rglob("*.*"))


async def test_the_same_file_twice_is_said_and_not_added_again(filled_store, make_app, tmp_path):
    source = tmp_path / "聊天.png"
    source.write_bytes(b"chat" * 100)
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        for _ in range(2):
            dialog = await open_attach(pilot) if not isinstance(app.screen, CaseDetailScreen) else None
            if dialog is None:
                await pilot.press("A")
                await settle(pilot)
                dialog = app.screen
            dialog.query_one("#f-path", Input).value = str(source)
            dialog.query_one("#f-kind", Select).value = "communication"
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert any("已在案件中（#1" in n for n in said(app))
    assert len(filled_store.case("K-0001").evidence) == 1
    assert len(list((root_for(filled_store.path) / "K-0001").iterdir())) == 1  # no temporary left


async def test_a_closed_case_takes_no_evidence(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        lst = app.screen.query_one(CaseList)
        lst.cursor = [row.id for row in lst.rows].index("K-0004")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
        assert any("K-0004 已结案，不能再添加证据" in n for n in said(app))
