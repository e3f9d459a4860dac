"""The ``timezone`` setting: a volunteer outside China sees times and types them in their own
zone; deadlines, letters and case files stay in China time (the platforms and regulators
count in it). TOUSU_NOW is 2026-06-15 10:00 in Shanghai, 04:00 in Berlin (summer time)."""

from __future__ import annotations

import pytest


@pytest.fixture
def berlin(monkeypatch):
    monkeypatch.setenv("TOUSU_TZ", "Europe/Berlin")


def _at(data: dict, kind: str, channel: str) -> str:
    (event,) = [e for e in data["timeline"] if (e["kind"], e["channel"]) == (kind, channel)]
    return event["at"]


def _case(run) -> str:
    return run("add", "--platform", "汇想卡盟", "--title", "充值未到账").out.strip()


def test_a_typed_time_is_read_in_the_users_zone_and_shown_in_it(run, berlin):
    case_id = _case(run)
    assert run("log", case_id, "--channel", "platform-complaint", "--at", "2026-06-15 03:00").code == 0
    data = run("show", case_id, "--json").json()
    assert _at(data, "submitted", "platform-complaint") == "2026-06-15T09:00:00+08:00"  # stored in China time
    assert data["deadline"] == "2026-06-17T09:00:00+08:00"  # 48 h: the same instant wherever one is
    shown = run("show", case_id).out
    assert "期限：2026-06-17 03:00" in shown and "2026-06-15 03:00" in shown
    assert run("today").out.splitlines()[0] == "现在 2026-06-15 04:00 Europe/Berlin"
    spoken = run("log", case_id, "--channel", "platform-complaint", "--kind", "urged", "--at", "今天2点")
    assert spoken.code == 0
    assert _at(run("show", case_id, "--json").json(), "urged", "platform-complaint") == "2026-06-15T08:00:00+08:00"


def test_letters_and_case_files_stay_in_china_time(run, monkeypatch):
    case_id = _case(run)
    assert run("log", case_id, "--channel", "platform-complaint", "--at", "2026-06-15T09:00:00+08:00",
               "--deadline", "2026-06-16T18:00:00+08:00").code == 0
    letter, case_file = run("urge", case_id).out, run("export", case_id, "--format", "md").out
    monkeypatch.setenv("TOUSU_TZ", "America/New_York")
    assert run("urge", case_id).out == letter
    assert run("export", case_id, "--format", "md").out == case_file
    assert "2026-06-16 18:00" in case_file


def test_the_setting_its_source_and_what_is_refused(run, cli_env, tmp_path, monkeypatch):
    config = tmp_path / "config" / "tousu" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('timezone = "Europe/Berlin"\n', "utf-8")
    assert "timezone     Europe/Berlin  (设置文件第 1 行)" in run("config").out
    assert run("today").out.startswith("现在 2026-06-15 04:00 Europe/Berlin")
    monkeypatch.setenv("TOUSU_TZ", "UTC")
    assert run("today").out.startswith("现在 2026-06-15 02:00 UTC")
    config.write_text('timezone = "Mars/Olympus"\n', "utf-8")
    monkeypatch.delenv("TOUSU_TZ")
    result = run("config")
    assert "第 1 行：不认识的时区 Mars/Olympus" in result.out + result.err
    assert run("today").out.startswith("现在 2026-06-15 10:00\n")  # China time, no zone named
    monkeypatch.setenv("TOUSU_TZ", "Nowhere/At_All")
    result = run("today")
    assert result.code == 0 and "不认识的时区：“Nowhere/At_All”" in result.err
    assert result.out.startswith("现在 2026-06-15 10:00\n")
