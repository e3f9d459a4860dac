"""The working-day flags cache: saved, reloaded, ignored when stale or damaged."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from storage.calendar_cache import load_calendar_cache, save_calendar_cache


def run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, check=True).stdout.strip()


def test_cache_round_trip_skips_the_library(tmp_path):
    cache = tmp_path / "workdays.json"
    # A fresh process computes 2026 from the library and saves it.
    run(f"""
        from datetime import date
        from cases.workdays import WorkCalendar
        from storage.calendar_cache import save_calendar_cache
        assert WorkCalendar().add_working_days(date(2026, 9, 29), 7).due == date(2026, 10, 14)
        assert save_calendar_cache({str(cache)!r})
    """)
    data = json.loads(cache.read_text())
    assert "2026" in data["years"] and len(data["years"]["2026"]) == 365
    # Another process seeded from the cache gets the same answer without importing holidays.
    out = run(f"""
        import sys
        from datetime import date
        from cases.workdays import WorkCalendar
        from storage.calendar_cache import load_calendar_cache
        assert load_calendar_cache({str(cache)!r})
        cal = WorkCalendar()
        print(cal.add_working_days(date(2026, 9, 29), 7).due, cal.is_working_day(date(2026, 10, 10)),
              "holidays" in sys.modules)
    """)
    assert out == "2026-10-14 True False"


def test_stale_or_damaged_cache_is_ignored(tmp_path):
    cache = tmp_path / "workdays.json"
    cache.write_text(json.dumps({"holidays": "0.0-other", "last_year": 2026, "years": {"2026": "1" * 365}}))
    assert not load_calendar_cache(cache)
    cache.write_text("{not json")
    assert not load_calendar_cache(cache)
    cache.write_text(json.dumps({"holidays": "x", "years": {"2026": "2" * 365}}))
    assert not load_calendar_cache(cache)
    assert not load_calendar_cache(tmp_path / "missing.json")


def test_save_is_private_and_silent_on_failure(tmp_path):
    target = tmp_path / "sub" / "workdays.json"
    blocked = tmp_path / "file"
    blocked.write_text("x")
    # A fresh process: the flags are per process, so each year below is computed anew.
    out = run(f"""
        from datetime import date
        from cases.workdays import WorkCalendar
        from storage.calendar_cache import save_calendar_cache
        WorkCalendar().is_working_day(date(2031, 3, 3))
        saved = save_calendar_cache({str(target)!r})
        WorkCalendar().is_working_day(date(2032, 3, 3))
        print(saved, save_calendar_cache({str(blocked / "workdays.json")!r}))
    """)
    assert out == "True False"
    assert oct(target.stat().st_mode & 0o777) == "0o600"
