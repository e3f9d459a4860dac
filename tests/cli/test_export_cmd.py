"""``tousu export`` (calendar, case file, whole store) and ``tousu import``: files parsed back."""

from __future__ import annotations

import json
from pathlib import Path
import os
import stat

import pytest
from cli_helpers import assert_one_line_error


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _events(path):
    from icalendar import Calendar

    cal = Calendar.from_ical(path.read_bytes())
    cal.validate()  # PRODID, VERSION, at least one component
    assert all(not component.errors for component in cal.walk())
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


# ---------------------------------------------------------------------- ics
def test_the_calendar_has_every_open_deadline_and_follow_up_and_no_personal_data(run, demo_store, tmp_path):
    rows = run("list", "--json", "--reveal").json()
    out = tmp_path / "tousu.ics"
    result = run("export", "--format", "ics", "--out", str(out))
    assert result.code == 0, result.err
    events = _events(out)
    expected = set()
    for row in rows:
        if row["deadline"] and row["deadline_kind"] != "follow_up":
            expected.add(f"{row['id']}-deadline@tousu")
        if row["follow_up"]:
            expected.add(f"{row['id']}-follow-up@tousu")
    assert set(events) == expected and len(expected) > 10
    assert str(len(expected)) in result.out
    first = rows[0]
    ev = events[f"{first['id']}-follow-up@tousu"] if first["next_kind"] == "follow_up" else \
        events[f"{first['id']}-deadline@tousu"]
    assert first["id"] in str(ev["SUMMARY"]) and first["channel_name"] in str(ev["SUMMARY"])
    assert "VALARM" not in out.read_text()
    text = out.read_bytes().decode("utf-8")
    for case_id in {row["id"] for row in rows}:
        case = run("show", case_id, "--json", "--reveal").json()
        for value in (case["complainant"]["name"], case["complainant"]["phone"], case["complainant"]["id_number"]):
            assert not value or value not in text.replace("\r\n ", ""), (case_id, value)
    closed = {row["id"] for row in run("list", "--json", "--all").json()} - {row["id"] for row in rows}
    assert closed and not any(uid.split("-deadline")[0].split("-follow")[0] in closed for uid in events)


def test_the_deadline_event_is_at_the_deadline_and_a_reexport_updates_it(run, demo_store, tmp_path):
    from cases.instants import instant

    row = next(r for r in run("list", "--json").json() if r["next_kind"] == "deadline")
    out = tmp_path / "a.ics"
    assert run("export", "--format", "ics", "--out", str(out), "--alarm", "2h").code == 0
    before = _events(out)[f"{row['id']}-deadline@tousu"]
    assert before.decoded("DTSTART") == instant(row["deadline"]).datetime
    alarm = before.subcomponents[0]
    assert alarm.name == "VALARM" and str(alarm["ACTION"]) == "DISPLAY"
    assert alarm.decoded("TRIGGER").total_seconds() == -7200
    assert run("log", row["id"], "--channel", row["channel"], "--kind", "submitted", "--deadline", "5天").code == 0
    assert run("export", "--format", "ics", "--out", str(out)).code == 0
    after = _events(out)[f"{row['id']}-deadline@tousu"]  # the same UID: a calendar app updates it
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert after.decoded("DTSTART") != before.decoded("DTSTART")


def test_an_estimated_deadline_is_marked(run, tmp_path):
    added = run("add", "--platform", "汇想卡盟", "--title", "充值未到账", "--channel", "platform-cs",
                "--deadline", "300个工作日")
    assert added.code == 0, added.err
    row = run("list", "--json").json()[0]
    assert row["deadline_estimated"] is True
    out = tmp_path / "e.ics"
    assert run("export", "--format", "ics", "--out", str(out)).code == 0
    ev = _events(out)[f"{row['id']}-deadline@tousu"]
    assert str(ev["SUMMARY"]).startswith("约 ") and str(ev["X-TOUSU-ESTIMATED"]) == "TRUE"
    assert "X-TOUSU-ESTIMATED" not in _events(out)[f"{row['id']}-follow-up@tousu"]


def test_an_empty_store_gives_a_valid_calendar_on_stdout(run):
    result = run("export", "--format", "ics")
    assert result.code == 0, result.err
    assert result.out.startswith("BEGIN:VCALENDAR") and "VEVENT" not in result.out


@pytest.mark.parametrize("args, fragment", [
    (("--alarm", "3个工作日"), "--alarm"),
    (("--alarm", "abc"), "--alarm"),
    (("K-0001",), "ics"),
    (("--reveal",), "--reveal"),
    (("--all",), "--all"),
])
def test_ics_refuses_what_it_does_not_take(run, demo_store, args, fragment):
    assert_one_line_error(run("export", "--format", "ics", *args), fragment)


# ---------------------------------------------------------------------- case files
def _case_with_everything(run) -> str:
    """A case with a filed text, a promise, a group: filed here so the file has all of them."""
    case_id = next(r["id"] for r in run("list", "--json").json() if r["group_id"])
    assert run("urge", case_id, "--record", "--ticket", "T-77").code == 0
    return case_id


def test_a_markdown_case_file_is_masked_unless_revealed(run, demo_store, tmp_path):
    case_id = _case_with_everything(run)
    case = run("show", case_id, "--json", "--reveal").json()
    masked = run("export", case_id, "--format", "md")
    assert masked.code == 0, masked.err
    for heading in ("基本事实", "当事人", "经过", "已提交的文本", "对方承诺及结果", "证据清单", "集体维权合计"):
        assert heading in masked.out
    assert "T-77" in masked.out and "SHA-256: " in masked.out
    assert case["complainant"]["phone"] not in masked.out and "已打码" in masked.out
    out = tmp_path / "case.md"
    revealed = run("export", case_id, "--format", "md", "--reveal", "--out", str(out))
    assert revealed.code == 0 and str(out) in revealed.out
    assert case["complainant"]["phone"] in out.read_text("utf-8")
    assert _mode(out) == 0o600


def test_the_case_file_lists_evidence_with_hash_and_check(run, demo_store, tmp_path):
    case_id = run("list", "--json").json()[0]["id"]
    shot = tmp_path / "支付宝账单.png"
    shot.write_bytes(b"\x89PNG fake but hashed")
    assert run("evidence", "add", case_id, str(shot), "--kind", "payment").code == 0
    import hashlib

    digest = hashlib.sha256(shot.read_bytes()).hexdigest()
    text = run("export", case_id, "--format", "md").out
    line = next(line for line in text.splitlines() if digest in line)
    assert "支付宝账单.png" in line and "支付凭证" in line and "与记录一致" in line and "20 B" in line


def test_a_pdf_case_file_has_the_chinese_text_page_numbers_and_time(run, demo_store, tmp_path):
    from pypdf import PdfReader

    case_id = _case_with_everything(run)
    case = run("show", case_id, "--json", "--reveal").json()
    out = tmp_path / "case.pdf"
    result = run("export", case_id, "--format", "pdf", "--out", str(out))
    assert result.code == 0, result.err
    assert out.read_bytes().startswith(b"%PDF") and _mode(out) == 0o600
    reader = PdfReader(str(out))
    pages = len(reader.pages)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert f"案件材料 {case_id}" in text and "基本事实" in text and "集体维权合计" in text
    assert f"第 1 页，共 {pages} 页" in text and "2026-06-15 10:00" in text
    assert case["complainant"]["phone"] not in text
    fonts = [f for page in reader.pages for f in page["/Resources"]["/Font"].values()]
    cjk = [f for f in fonts if "WenQuanYi" in str(f["/BaseFont"])]
    # (reportlab's canvas default, Latin only, needs no file) and the embedded CJK subsets, never left to the reader
    assert {str(f["/BaseFont"]) for f in fonts if f not in cjk} <= {"/Helvetica"} and cjk
    for font in cjk:
        assert "/FontFile2" in font["/FontDescriptor"]  # (reportlab: simple TrueType subsets of 256 glyphs)


@pytest.mark.parametrize("args, fragment", [
    (("--format", "md"), "--format md"),
    (("K-0001", "--format", "md", "--alarm", "2h"), "--alarm"),
    (("K-0001", "--format", "pdf", "--all"), "--all"),
    (("K-0999", "--format", "md"), "K-0999"),
    (("K-0001", "--format", "docx"), "docx"),
])
def test_case_file_errors_are_one_line(run, demo_store, args, fragment):
    assert_one_line_error(run("export", *args), fragment)


def test_an_export_never_overwrites_the_store_or_writes_into_a_missing_folder(run, demo_store, store_path, tmp_path):
    before = store_path.read_bytes()
    assert_one_line_error(run("export", "K-0001", "--format", "md", "--out", str(store_path)), str(store_path))
    assert_one_line_error(run("export", "--format", "ics", "--out", str(tmp_path / "nope" / "x.ics")), "nope")
    assert_one_line_error(run("export", "--format", "ics", "--out", str(tmp_path)), str(tmp_path))
    assert store_path.read_bytes() == before


def test_a_pdf_is_never_written_to_a_terminal(run, demo_store, monkeypatch):
    import sys

    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert_one_line_error(run("export", "K-0001", "--format", "pdf"), "--out")


# ---------------------------------------------------------------------- the whole store
def test_the_whole_store_moves_to_an_empty_store(run, demo_store, tmp_path):
    assert run("delete", "K-0002", "--yes").code == 0
    assert run("group", "assign", "K-0006", "P-00002", "--to", "小王").code == 0  # an activity entry with details
    out = tmp_path / "all.json"
    result = run("export", "--all", "--format", "json", "--out", str(out))
    assert result.code == 0, result.err
    assert "个人信息" in result.err and _mode(out) == 0o600
    doc = json.loads(out.read_text("utf-8"))
    assert doc["format"] == "tousu-store" and any(c.get("deleted_at") for c in doc["cases"])
    phone = run("show", "K-0001", "--json", "--reveal").json()["complainant"]["phone"]
    assert phone and phone in out.read_text("utf-8")  # a move: the full data, unmasked
    new = tmp_path / "new.json"
    done = run("--db", str(new), "import", str(out))
    assert done.code == 0, done.err
    assert f"{len(doc['cases'])} 个案件" in done.out
    for args in (("list", "--json", "--all", "--reveal"), ("list", "--json", "--deleted"), ("show", "K-0001", "--json"),
                 ("group", "show", "K-0006", "--json", "--reveal")):
        assert run("--db", str(new), *args).json() == run(*args).json()
    from cases.clock import FixedClock
    from cli_helpers import NOW
    from storage.store import Store

    stores = [Store.open(path, FixedClock(NOW)) for path in (Path(str(tmp_path / "store.json")), new)]
    try:
        old, moved = (s.activity() for s in stores)
        assert moved == old and any(entry.get("participants") == ["P-00002"] for entry in moved)
    finally:
        for s in stores:
            s.close()


def test_import_refuses_a_store_that_is_not_empty_unless_replaced(run, run_proc, demo_store, tmp_path, store_path):
    out = tmp_path / "all.json"
    assert run("export", "--all", "--format", "json", "--out", str(out)).code == 0
    other = tmp_path / "other.json"
    assert run("--db", str(other), "add", "--platform", "P", "--title", "T").code == 0
    before = other.read_bytes()
    assert_one_line_error(run("--db", str(other), "import", str(out)), "--replace")
    assert_one_line_error(run_proc("--db", str(other), "import", str(out), "--replace"), "--yes")
    assert other.read_bytes() == before
    replaced = run_proc("--db", str(other), "import", str(out), "--replace", "--yes")
    assert replaced.code == 0, replaced.err
    assert run("--db", str(other), "list", "--json", "--all").json() == run("list", "--json", "--all").json()


def test_import_asks_on_a_terminal_and_a_no_changes_nothing(run, demo_store, tmp_path, store_path, monkeypatch):
    import io
    import sys

    out = tmp_path / "all.json"
    assert run("export", "--all", "--format", "json", "--out", str(out)).code == 0
    before = store_path.read_bytes()
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    result = run("import", str(out), "--replace")
    assert result.code == 3 and "[y/N]" in result.err
    assert store_path.read_bytes() == before


@pytest.mark.parametrize("content, fragment", [
    (b'{"_meta": {"1": {"app": "tousu"}}, "cases": {}}', "tousu export --all"),
    (b'{"format": "tousu-store", "version": 1, "cases": [{"id": "K-0001", "orders": 5}]', "损坏"),
    (b'{"format": "tousu-store", "version": 1, "cases": [{"id": "K-0001", "orders": 5}]}', "K-0001"),
    (b'{"format": "tousu-store", "version": 7}', "升级"),
])
def test_a_foreign_or_corrupt_file_is_refused_and_never_overwritten(run, tmp_path, content, fragment):
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = run("import", str(bad))
    assert_one_line_error(result, fragment)
    assert bad.read_bytes() == content
    assert run("list", "--json", "--all").json() == []


def test_import_of_a_missing_file_is_one_line(run, tmp_path):
    assert_one_line_error(run("import", str(tmp_path / "missing.json")), "missing.json")


# ---------------------------------------------------------------------- a store edited by hand
POISON = "\x1b]0;pwned\x07\x1b[31m\x9b2J\u202e\u2066"


def _hand_edit(store_path, change) -> None:
    tables = json.loads(store_path.read_bytes())
    change(tables)
    store_path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")


def test_a_damaged_case_stops_the_move_by_name_and_is_left_out_of_the_calendar(run, demo_store, store_path,
                                                                              tmp_path):
    _hand_edit(store_path, lambda t: t["cases"]["3"].update(orders="abc"))
    out = tmp_path / "all.json"
    assert_one_line_error(run("export", "--all", "--format", "json", "--out", str(out)), "K-0003")
    assert not out.exists()
    ics = tmp_path / "c.ics"
    result = run("export", "--format", "ics", "--out", str(ics))
    assert result.code == 0 and "K-0003" in result.err
    assert not any(uid.startswith("K-0003-") for uid in _events(ics)) and _events(ics)


def test_imported_and_exported_text_is_cleaned_of_control_codes(run, demo_store, tmp_path):
    out = tmp_path / "all.json"
    assert run("export", "--all", "--format", "json", "--out", str(out)).code == 0
    doc = json.loads(out.read_text("utf-8"))
    doc["cases"][0]["title"] = "标题" + POISON
    doc["cases"][0]["timeline"][0]["said"] = "说" + POISON
    out.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    new = tmp_path / "new.json"
    assert run("--db", str(new), "import", str(out)).code == 0
    case_id = doc["cases"][0]["id"]
    text = run("--db", str(new), "export", case_id, "--format", "md", "--reveal").out
    assert "标题" in text and "说" in text
    assert not any(ch in text for ch in ("\x1b", "\x07", "\x9b", "\u202e", "\u2066"))


def test_the_case_file_of_a_group_case_has_its_rosters_totals(run, demo_store, tmp_path):
    shown = run("group", "show", "K-0006", "--json").json()
    out = tmp_path / "k6.md"
    assert run("export", "K-0006", "--format", "md", "--out", str(out)).code == 0
    text = out.read_text("utf-8")
    totals = shown["totals"] if "totals" in shown else shown
    assert f"- **参与人数**：{totals['participants']}" in text
    assert f"- **已收到授权委托书**：{totals['poa']}" in text and totals["participants"] > 0
