"""Follow-ups between deadlines: a channel's cadence (follow_up_days, calendar days from the
last contact on that channel) beside its deadline, and whichever comes first is shown."""

from __future__ import annotations

from datetime import date

from domain_helpers import ev, make_case, t

from cases.clock import FixedClock
from cases.countdown import Urgency, format_countdown, urgency_of
from cases.deadline_kinds import DEADLINE, FOLLOW_UP
from cases.deadlines import case_deadline, case_next, next_follow_up
from cases.summary import FORMAT, CaseSummary, summarize
from cases.urgency import follow_up_counts, open_counts, order_key, summary_key
from cases.workdays import WorkCalendar

SUB, ACC, CON, URG, NOTE = "submitted", "accepted", "contact", "urged", "note"
#: The case seen in the issue: 12315 accepted on Thu 06-04, silent since; 11 days later.
CLOCK = FixedClock(t("2026-06-15T10:00"))


def _accepted(*more, id="K-0001"):
    return make_case(ev(SUB, "12315", "2026-05-30T12:00:00+08:00"), ev(ACC, "12315", "2026-06-04T07:00:00+08:00"),
                     *more, id=id)


def _shown(case, now=None, lang="zh"):
    now = now or CLOCK.now()
    return summarize(case).countdown(now.timestamp(), now.date(), lang)


def test_a_silent_12315_case_shows_its_follow_up_overdue_while_the_deadline_is_far():
    case, now = _accepted(), CLOCK.now()
    due = case_next(case)
    assert (due.deadline.kind, due.deadline.at.isoformat()) == ("clock", "2026-08-07T23:59:59+08:00")
    assert format_countdown(due.deadline, now) == "剩 39个工作日"
    # every 4 calendar days (channels.json) from the last contact on 12315, the acceptance
    assert due.follow_up.at.isoformat() == "2026-06-08T07:00:00+08:00" and due.follow_up.kind == FOLLOW_UP
    assert due.first is due.follow_up and due.kind == FOLLOW_UP
    assert urgency_of(due.first, now) is Urgency.OVERDUE
    assert _shown(case) == "跟进 逾期 7天" and _shown(case, lang="en") == "follow up overdue 7d"
    s = summarize(case)
    assert (s.next_kind, s.follow_up, s.format) == ("follow_up", "2026-06-08T07:00:00+08:00", FORMAT)
    assert s.remaining(now.timestamp()) < 0 and s.deadline == "2026-08-07T23:59:59+08:00"
    assert CaseSummary.from_dict(s.to_dict()) == s


def test_a_contact_or_an_urge_moves_the_follow_up_but_not_the_deadline():
    deadline = case_deadline(_accepted())
    for kind in (CON, URG):
        case = _accepted(ev(kind, "12315", "2026-06-15T09:00:00+08:00"))
        assert next_follow_up(case).at.isoformat() == "2026-06-19T09:00:00+08:00"
        assert case_deadline(case) == deadline
        assert _shown(case) == "跟进 剩 3天23小时"
    # a note is no contact; a contact on another channel does not count for 12315
    assert next_follow_up(_accepted(ev(NOTE, "12315", "2026-06-15T09:00:00+08:00"))).at == t("2026-06-08T07:00")


def test_a_deadline_before_the_follow_up_is_shown_and_says_nothing_more():
    # heimao: 48 h, follow-up every 3 days: the deadline first
    case = make_case(ev(SUB, "heimao", "2026-06-14T10:00:00+08:00"))
    due = case_next(case)
    assert due.kind == DEADLINE and due.first is due.deadline
    assert _shown(case) == "剩 1天"
    # a promise of 30 working days on 12315: the follow-up first
    case = make_case(ev(SUB, "12315", "2026-06-14T10:00:00+08:00", deadline="30个工作日"))
    assert case_next(case).kind == FOLLOW_UP and _shown(case) == "跟进 剩 3天"


def test_channels_without_a_clock_have_one_follow_up():
    case = make_case(ev(SUB, "consumer-assoc", "2026-06-10T10:00:00+08:00"),
                     ev(CON, "consumer-assoc", "2026-06-12T10:00:00+08:00"))
    due = case_next(case)
    assert due.deadline == due.follow_up and due.kind == FOLLOW_UP
    assert due.follow_up.at.isoformat() == "2026-06-17T10:00:00+08:00"  # 5 days from the contact
    # an acceptance where the rule has no after-acceptance clock: the cadence from the last contact too
    case = make_case(ev(SUB, "12315-report", "2026-06-01T10:00:00+08:00"),
                     ev(ACC, "12315-report", "2026-06-03T10:00:00+08:00"),
                     ev(CON, "12315-report", "2026-06-05T10:00:00+08:00"))
    assert case_deadline(case).at.isoformat() == "2026-06-10T10:00:00+08:00"


def test_a_later_acceptance_restarts_the_45_working_day_clock():
    cal = WorkCalendar()
    first = case_deadline(_accepted(), cal)
    case = _accepted(ev(CON, "12315", "2026-06-10T10:00:00+08:00", deadline="3天"),
                     ev(ACC, "12315", "2026-07-01T15:00:00+08:00"))
    later = case_deadline(case, cal)
    assert later.since == t("2026-07-01T15:00") and later.kind == "clock"
    assert later.at.date() == cal.add_working_days(date(2026, 7, 1), 45).due != first.at.date()
    assert next_follow_up(case).at == t("2026-07-05T15:00")


def test_a_typed_working_day_deadline_into_an_unpublished_year_is_an_estimate():
    cal = WorkCalendar()
    year = next(y for y in range(2026, 2100) if not cal.is_published(y))
    start = f"{year - 1}-12-20T10:00:00+08:00"
    case = make_case(ev(SUB, "12315", start, deadline="30个工作日"))
    d = case_deadline(case, cal)
    assert (d.kind, d.working_days, d.estimated, d.at.year) == ("promise", True, True, year)
    s = summarize(case, cal)
    assert s.deadline_estimated is True and s.next_kind == FOLLOW_UP
    now = t(start).shift(days=5)  # the follow-up past: the deadline is still marked where it is shown
    assert format_countdown(d, now, "zh", cal).startswith("剩 约")
    assert s.to_deadline().estimated


def test_order_and_counts_take_the_earlier_of_the_two():
    now = CLOCK.now()
    silent = _accepted()  # follow-up overdue 7 days, deadline in August
    heimao = make_case(ev(SUB, "heimao", "2026-06-12T10:00:00+08:00"), id="K-0002")  # overdue 1 day
    fresh = _accepted(ev(CON, "12315", "2026-06-15T09:00:00+08:00"), id="K-0003")  # follow-up in 4 days
    summaries = [summarize(c) for c in (fresh, heimao, silent)]
    assert [s.id for s in sorted(summaries, key=summary_key)] == ["K-0001", "K-0002", "K-0003"]
    keys = sorted(order_key(s.id, s.to_dict()) for s in summaries)
    assert [k[-2] for k in keys] == ["K-0001", "K-0002", "K-0003"]
    counts = open_counts(keys, now.timestamp(), 86400)
    assert counts == (3, 2, 0)
    assert follow_up_counts(keys, counts[1], counts[2]) == (1, 0)


def test_summaries_of_format_3_read_as_before():
    old = summarize(_accepted()).to_dict()
    for name in ("follow_up", "follow_up_ts", "next_kind", "next_ts"):
        del old[name]
    old["format"] = 3
    s = CaseSummary.from_dict(old)
    assert s.next_kind == "" and s.due_ts == s.deadline_ts
    now = CLOCK.now()
    assert s.countdown(now.timestamp(), now.date()) == "剩 39个工作日"
    assert order_key(s.id, old)[2] == s.deadline_ts


def test_a_stored_working_day_promise_is_counted_again_and_marked():
    # tousu log --deadline 30个工作日 and the log form store the instant it came to, and the words
    cal = WorkCalendar()
    year = next(y for y in range(2026, 2100) if not cal.is_published(y))
    at = f"{year - 1}-12-20T10:00:00+08:00"
    typed = case_deadline(make_case(ev(SUB, "12315", at, deadline="30个工作日")), cal)
    stored = make_case(ev(SUB, "12315", at, deadline="2099-01-01T00:00:00+08:00", promised="30个工作日"))
    d = case_deadline(stored, cal)
    assert d == typed and (d.estimated, d.working_days) == (True, True)
    assert summarize(stored, cal).deadline_estimated is True
    # other words keep the stored instant
    plain = make_case(ev(SUB, "12315", at, deadline="2099-01-01T00:00:00+08:00", promised="客服说尽快"))
    assert case_deadline(plain, cal).at.year == 2099 and not case_deadline(plain, cal).estimated
