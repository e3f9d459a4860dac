"""The dashboard's rows and filter use the one status vocabulary (cases.statuses)."""

from __future__ import annotations

import pytest

from cases.model import Case, Event, Status
from cases.statuses import status_ids, status_name
from cases.summary import summarize
from tui.case_rows import CaseRow, status_label
from tui.filter_query import parse_query


def _row(status: Status, lang: str = "zh", **extra) -> CaseRow:
    case = Case(id="K-0007", title="充值未到账", platform="汇想卡盟", status=status, **extra)
    return CaseRow(summarize(case).to_dict(), lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_rows_show_the_status_words_of_the_catalogue(lang):
    for status in status_ids():
        assert status_label(status, lang) == status_name(status, lang)
        assert status_name(status, lang).casefold() in _row(Status(status), lang).blob


def test_s_waiting_finds_a_filed_case_and_only_it():
    filed = Case(id="K-0001", title="t", platform="p")
    filed.add_event(Event(kind="submitted", channel="12315", at="2026-06-01T10:00:00+08:00"))
    assert filed.status == Status.WAITING
    waiting, still_open = CaseRow(summarize(filed).to_dict(), "zh"), _row(Status.OPEN)
    for text in ("s:等待", "状态：等待回复", "s:waiting"):
        query = parse_query(text, "zh")
        assert query.matches(waiting) and not query.matches(still_open), text
        assert not query.wants_closed()


def test_naming_a_closed_status_asks_for_closed_cases():
    query = parse_query("s:未获答复", "zh")
    assert query.statuses == ("unanswered",) and query.wants_closed()
    assert query.matches(_row(Status.UNANSWERED)) and not query.matches(_row(Status.REFUSED))
    assert parse_query("s:no-such-status", "zh").statuses == ("__none__",)
