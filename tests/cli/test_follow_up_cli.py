"""Follow-ups on the command line: `tousu list` and `tousu show` show whichever comes first,
the next follow-up or the deadline, and say which; `tousu log` moves the follow-up."""

from __future__ import annotations

from cli_helpers import NOW  # 2026-06-15 10:00


def _listed(run, case_id: str) -> dict:
    return next(item for item in run("list", "--json").json() if item["id"] == case_id)


def _accepted(run) -> str:
    case_id = run("add", "--platform", "汇想卡盟", "--title", "充值未到账", "--channel", "12315",
                  "--submitted", "2026-05-30 12:00", "--ticket", "1440305").out.strip()
    assert run("log", case_id, "--channel", "12315", "--kind", "accepted", "--at", "2026-06-04 07:00").code == 0
    return case_id


def test_list_json_says_which_comes_first(run):
    assert NOW.startswith("2026-06-15T10:00")
    case_id = _accepted(run)
    item = _listed(run, case_id)
    assert (item["deadline"], item["deadline_kind"]) == ("2026-08-07T23:59:59+08:00", "clock")
    assert (item["follow_up"], item["next_kind"]) == ("2026-06-08T07:00:00+08:00", "follow_up")
    assert item["countdown"] == "跟进 逾期 7天" and item["urgency"] == "overdue"
    assert item["remaining_seconds"] == -(7 * 86400 + 3 * 3600)
    assert [i["id"] for i in run("list", "--overdue", "--json").json()] == [case_id]
    table = run("list").out.splitlines()[1]
    assert "2026-08-07 23:59" in table and table.rstrip().endswith("跟进 逾期 7天")


def test_show_prints_both_and_marks_the_first(run):
    case_id = _accepted(run)
    out = run("show", case_id).out
    assert "期限：2026-08-07 23:59  剩 39个工作日  渠道时限" in out
    assert "跟进：2026-06-08 07:00  跟进 逾期 7天  ← 先到  每4天跟进一次" in out
    english = run("show", case_id, "--lang", "en").out
    assert "39 working days left" in english and "follow up overdue 7d  ← first" in english


def test_logging_a_contact_moves_the_follow_up(run):
    case_id = _accepted(run)
    logged = run("log", case_id, "--channel", "12315", "--note", "电话询问进度，调解员说在联系商家")
    assert logged.code == 0 and "下次跟进 2026-06-19 10:00" in logged.out
    item = _listed(run, case_id)
    assert (item["follow_up"], item["next_kind"]) == ("2026-06-19T10:00:00+08:00", "follow_up")
    assert item["countdown"] == "跟进 剩 4天" and item["deadline"] == "2026-08-07T23:59:59+08:00"
    assert run("list", "--overdue", "--json").json() == []


def test_a_later_acceptance_restarts_the_clock(run):
    case_id = _accepted(run)
    assert run("log", case_id, "--channel", "12315", "--kind", "accepted", "--at", "2026-06-15 09:00").code == 0
    item = _listed(run, case_id)
    # 45 working days from the day after Mon 06-15 (端午 Fri 06-19 off): Tue 08-18
    assert item["deadline"] == "2026-08-18T23:59:59+08:00"
    assert item["follow_up"] == "2026-06-19T09:00:00+08:00"


def test_an_estimated_deadline_is_marked_wherever_it_is_shown(run, monkeypatch):
    from cases.workdays import WorkCalendar

    cal = WorkCalendar()
    year = next(y for y in range(2026, 2100) if not cal.is_published(y))
    monkeypatch.setenv("TOUSU_NOW", f"{year - 1}-12-21T10:00+08:00")
    case_id = run("add", "--platform", "汇想卡盟", "--title", "x", "--channel", "12315",
                  "--submitted", f"{year - 1}-12-20 10:00", "--deadline", "30个工作日").out.strip()
    item = _listed(run, case_id)
    assert item["deadline_estimated"] is True and item["deadline"].startswith(str(year)), (case_id, item)
    assert "约 " + item["deadline"][:10] in run("list").out
    out = run("show", case_id).out
    assert "期限：约 " + item["deadline"][:10] in out and "剩 约" in out and "估算" in out
