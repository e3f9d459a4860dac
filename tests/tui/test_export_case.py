"""Exporting the case file from the case detail (E): the dialog, the file written in a worker
(masked as the detail shows the case, or revealed), where it went said; a bad path said inline."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from textual.widgets import Input, Select

from storage.paths import exports_dir
from tui.screens.case_detail import CaseDetailScreen
from tui.screens.export_case import ExportScreen
from tui.widgets.case_list import CaseList
from tui.widgets.form_field import FormField
from notices import said
from tui_helpers import settle, wait_for


@pytest.fixture(autouse=True)
def _own_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the exports folder of this test alone



async def open_export(pilot, case_id: str = "K-0001", *, reveal: bool = False) -> ExportScreen:
    app = pilot.app
    await settle(pilot)
    lst = app.screen.query_one(CaseList)
    lst.cursor = [row.id for row in lst.rows].index(case_id)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, CaseDetailScreen)
    if reveal:
        await pilot.press("r")
        await settle(pilot)
    await pilot.press("E")
    await settle(pilot)
    assert isinstance(app.screen, ExportScreen)
    return app.screen


async def test_E_writes_a_masked_pdf_into_the_exports_folder_and_says_where(filled_store, make_app):
    from pypdf import PdfReader

    case = filled_store.case("K-0001")
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_export(pilot)
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: any("已保存" in n for n in said(app)), timeout=20)
        assert isinstance(app.screen, CaseDetailScreen)
    written = sorted(exports_dir().glob("K-0001-*.pdf"))
    assert written and str(written[-1]) in "".join(said(app))
    assert stat.S_IMODE(os.stat(written[-1]).st_mode) == 0o600
    text = "".join(page.extract_text() for page in PdfReader(str(written[-1])).pages)
    assert "案件材料 K-0001" in text
    if case.complainant.phone:
        assert case.complainant.phone not in text


async def test_E_after_r_writes_the_revealed_markdown_where_asked(filled_store, make_app, tmp_path):
    filled_store.update_case("K-0001", lambda c: setattr(c.complainant, "phone", "13812345678"))
    target = tmp_path / "out" / "k1.md"
    target.parent.mkdir()
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await open_export(pilot, reveal=True)
        dialog.query_one("#f-format", Select).value = "md"
        dialog.query_one("#f-path", Input).focus()
        await pilot.press(*str(target))
        await pilot.press("ctrl+s")
        assert await wait_for(pilot, lambda: target.exists(), timeout=20)
        assert await wait_for(pilot, lambda: any(str(target) in n for n in said(app)))
    assert "13812345678" in target.read_text("utf-8")


async def test_a_path_in_a_missing_folder_is_said_under_the_field(filled_store, make_app, tmp_path):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 40)) as pilot:
        dialog = await open_export(pilot)
        dialog.query_one("#f-path", Input).focus()
        await pilot.press(*str(tmp_path / "nope" / "x.pdf"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        field = dialog.query_one("#f-path").query_ancestor(FormField)
        assert field.has_class("-invalid") and "nope" in str(field.query_one(".field-error").render())
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseDetailScreen)
    assert not (tmp_path / "nope").exists() and not list(Path(exports_dir()).glob("*"))
