"""``tousu doctor [--repair]``: plain words, Chinese or English, exit 0 healthy, 1 not."""

from __future__ import annotations

import json
import os

from storage.backup import list_backups
from storage.store import Store
from raw_store import another_program


def test_a_healthy_store(run, demo_store, store_path):
    result = run("doctor")
    assert result.code == 0, result.out
    assert "一切正常" in result.out and "15 个案件" in result.out
    english = run("--lang", "en", "doctor")
    assert english.code == 0 and "All is well: 15 cases" in english.out


def test_no_store_and_a_foreign_file(run, tmp_path):
    missing = run("--db", str(tmp_path / "none.json"), "doctor")
    assert missing.code == 1 and "没有数据文件" in missing.out
    assert not (tmp_path / "none.json").exists()
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"name": "not tousu"}))
    result = run("--db", str(other), "--lang", "en", "doctor")
    assert result.code == 1 and "not a tousu" in result.out and "1 problem(s) found" in result.out
    assert sorted(os.listdir(tmp_path)) == ["other.json"]


def test_findings_then_repair(run, demo_store, store_path, cli_env):
    from cases.clock import FixedClock

    store = Store.open(store_path, FixedClock(cli_env["TOUSU_NOW"]))
    with another_program(store_path) as storage:
        storage.delete("summaries", "1")
        storage.put("cases", "2", {**storage.get("cases", "2"), "title": 5})
    store.close()
    os.chmod(store_path.with_name(store_path.name + ".journal"), 0o644)
    result = run("doctor")
    assert result.code == 1
    assert "K-0001" in result.out and "K-0002 (title)" in result.out and "0644" in result.out
    assert "tousu doctor --repair" in result.out and "发现 4 个问题" in result.out  # and the damaged case's summary
    repaired = run("--lang", "en", "doctor", "--repair")
    assert repaired.code == 1  # the damaged case is left for a person
    assert "Backed up first" in repaired.out and "Repaired: 1 case(s) without a stored summary" in repaired.out
    assert "Repaired: store.json.journal has mode 0644" in repaired.out
    assert "K-0002 (title)" in repaired.out and "1 problem(s) found" in repaired.out
    assert [b.reason for b in list_backups(store_path)] == ["repair"]
