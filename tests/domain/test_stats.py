"""cases.stats: figures over small hand-built cases, with the expected numbers worked out by hand."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from domain_helpers import ev, make_case

from cases.model import Case, Status
from cases.stats import NO_OUTCOME, REPLY_KINDS, channel_label, compute, days_text, outcome_label
from cases.summary import summarize

NOW = datetime.fromisoformat("2026-06-15T10:00:00+08:00")


def _stats(*cases: Case, now: datetime = NOW):
    return compute([summarize(c).to_dict() for c in cases], {c.id: list(c.timeline) for c in cases}, now)


def _case(id: str, platform: str, *events, status: Status = Status.OPEN, amount: str = "0", phone_name: str = ""):
    case = make_case(*events, status=status, id=id, amount=amount)
    case.platform = platform
    if phone_name:
        case.complainant.name = phone_name
    return case


def _three():
    """A: filed at 12315 on 06-01 10:00, accepted 06-03 10:00 (2 days), result 06-11 10:00 (10 days),
    refunded in part then a later result restating 300 of 500; closed.
    B: filed at 12315 06-02 10:00, contact 06-06 10:00 (4 days); open. A promise on platform-cs
    due 06-01 18:00, answered 06-01 17:00 (kept); one due 06-10 with no reply (broken);
    one due 06-20 (pending).
    C: another platform, filed at heimao 06-05 10:00, reply 06-05 22:00 (0.5 days), closed
    refused without an outcome recorded... then a result with outcome refused."""
    a = _case("K-0001", "汇想卡盟",
              ev("submitted", "12315", "2026-06-01T10:00:00+08:00"),
              ev("accepted", "12315", "2026-06-03T10:00:00+08:00"),
              ev("result", "12315", "2026-06-11T10:00:00+08:00", outcome="refunded_part", refunded="200.00"),
              ev("result", "12315", "2026-06-12T10:00:00+08:00", outcome="refunded_part", refunded="300.00"),
              status=Status.PARTLY_RESOLVED, amount="500")
    b = _case("K-0002", "汇想卡盟",
              ev("contact", "platform-cs", "2026-06-01T09:00:00+08:00", deadline="2026-06-01T18:00:00+08:00"),
              ev("contact", "platform-cs", "2026-06-01T17:00:00+08:00", deadline="2026-06-10T00:00:00+08:00"),
              ev("submitted", "12315", "2026-06-02T10:00:00+08:00"),
              ev("urged", "platform-cs", "2026-06-03T10:00:00+08:00"),
              ev("contact", "12315", "2026-06-06T10:00:00+08:00", deadline="2026-06-20T00:00:00+08:00"),
              status=Status.WAITING, amount="128.50")
    c = _case("K-0003", "星辰卡盟",
              ev("submitted", "heimao", "2026-06-05T10:00:00+08:00"),
              ev("contact", "heimao", "2026-06-05T22:00:00+08:00"),
              ev("result", "heimao", "2026-06-08T10:00:00+08:00", outcome="refused"),
              status=Status.REFUSED, amount="99")
    return a, b, c


def test_counts_amounts_and_outcomes():
    stats = _stats(*_three())
    assert (stats.total.cases, stats.total.open, stats.total.closed) == (3, 1, 2)
    assert stats.total.claimed == Decimal("727.50")
    assert stats.total.recovered == Decimal("300.00")  # the latest result's refund, not 200 + 300
    first, second = stats.platforms
    assert (first.platform, first.open, first.closed, first.claimed, first.recovered) == (
        "汇想卡盟", 1, 1, Decimal("628.50"), Decimal("300.00"))
    assert (second.platform, second.open, second.closed, second.claimed) == ("星辰卡盟", 0, 1, Decimal("99.00"))
    assert stats.outcomes["refunded_part"] == 1 and stats.outcomes["refused"] == 1
    assert sum(stats.outcomes.values()) == 2 and stats.outcomes[NO_OUTCOME] == 0


def test_reply_and_result_medians_per_channel():
    stats = _stats(*_three())
    chans = {c.channel: c for c in stats.channels}
    assert chans["12315"].reply_days == [2.0, 4.0] and chans["12315"].median_reply == 3.0
    assert chans["12315"].result_days == [10.0]
    assert chans["heimao"].reply_days == [0.5] and chans["heimao"].result_days == [3.0]
    # platform-cs was never filed at (contacts only) and is no case's current channel: no row
    assert "platform-cs" not in chans
    # open/closed by the current channel: A and B end on 12315, C on heimao
    assert (chans["12315"].open, chans["12315"].closed) == (1, 1)
    assert (chans["heimao"].open, chans["heimao"].closed) == (0, 1)
    # ladder order: the platform's own channels before 12315 before heimao
    assert [c.channel for c in stats.channels] == ["12315", "heimao"]


def test_a_reply_before_the_filing_and_urges_do_not_count():
    case = _case("K-0001", "P",
                 ev("contact", "12315", "2026-06-01T10:00:00+08:00"),
                 ev("submitted", "12315", "2026-06-02T10:00:00+08:00"),
                 ev("urged", "12315", "2026-06-03T10:00:00+08:00"),
                 ev("note", "12315", "2026-06-03T12:00:00+08:00"),
                 ev("submitted", "12315", "2026-06-04T10:00:00+08:00"),
                 ev("contact", "12315", "2026-06-08T22:00:00+08:00"))
    (chan,) = [c for c in _stats(case).channels if c.channel == "12315"]
    assert chan.reply_days == [6.5]  # from the first filing (06-02 10:00), not the second


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    cases = [_case(f"K-000{i}", "P", ev("submitted", "heimao", "2026-06-01T00:00:00+08:00"),
                   ev("contact", "heimao", f"2026-06-0{1 + d}T00:00:00+08:00"))
             for i, d in enumerate((1, 2, 4, 7), start=1)]
    (chan,) = [c for c in _stats(*cases).channels if c.channel == "heimao"]
    assert chan.median_reply == 3.0 and days_text(chan.median_reply) == "3.0"


def test_promises_kept_broken_and_pending():
    stats = _stats(*_three())
    first = stats.platforms[0]
    assert (first.kept, first.broken, first.pending) == (1, 1, 1)
    assert (stats.total.kept, stats.total.broken, stats.total.pending) == (1, 1, 1)
    # a week later the pending one has passed without a reply: broken
    later = _stats(*_three(), now=datetime.fromisoformat("2026-06-21T00:00:00+08:00"))
    assert (later.total.kept, later.total.broken, later.total.pending) == (1, 2, 0)


def test_a_reply_on_another_channel_or_after_the_deadline_does_not_keep_a_promise():
    case = _case("K-0001", "P",
                 ev("contact", "platform-cs", "2026-06-01T09:00:00+08:00", deadline="2026-06-01T11:00:00+08:00"),
                 ev("contact", "heimao", "2026-06-01T10:00:00+08:00"),
                 ev("contact", "platform-cs", "2026-06-01T11:00:01+08:00"))
    stats = _stats(case)
    assert (stats.total.kept, stats.total.broken) == (0, 1)
    assert "urged" not in REPLY_KINDS and "note" not in REPLY_KINDS


def test_a_closed_case_without_an_outcome_and_an_empty_store():
    case = _case("K-0001", "P", ev("submitted", "12315", "2026-06-01T10:00:00+08:00"),
                 ev("result", "12315", "2026-06-05T10:00:00+08:00"), status=Status.RESOLVED)
    stats = _stats(case)
    assert stats.outcomes[NO_OUTCOME] == 1
    empty = compute([], {}, NOW)
    assert empty.total.cases == 0 and empty.platforms == [] and empty.channels == []
    assert empty.to_dict()["claimed"] == "0.00"


def test_no_contact_yet_is_its_own_channel_row_last():
    stats = _stats(_case("K-0001", "P"), *_three())
    assert stats.channels[-1].channel == "" and stats.channels[-1].open == 1
    assert channel_label("", "en") == "no contact yet"
    assert channel_label("12315", "zh") == "全国12315平台投诉"
    assert channel_label("odd\x1b[31m", "en") == "odd[31m"


def test_platform_names_are_masked_and_merge_when_masked_alike():
    a = _case("K-0001", "张三的店 13812345678", phone_name="张三")
    b = _case("K-0002", "张三的店 13812345678")
    stats = _stats(a, b)
    names = [p.platform for p in stats.platforms]
    assert all("13812345678" not in n for n in names)
    assert any("张三" not in n for n in names)  # a's names are masked with a's complainant


def test_json_form():
    data = _stats(*_three()).to_dict()
    assert data["cases"] == {"total": 3, "open": 1, "closed": 2}
    assert data["claimed"] == "727.50" and data["recovered"] == "300.00"
    assert data["promises"] == {"kept": 1, "broken": 1, "pending": 1}
    row = next(c for c in data["channels"] if c["channel"] == "12315")
    assert row == {"channel": "12315", "open": 1, "closed": 1, "replies": 2, "median_days_to_reply": 3.0,
                   "results": 1, "median_days_to_result": 10.0}
    assert outcome_label(NO_OUTCOME, "en") == "no outcome recorded"
    assert outcome_label("refused", "zh") == "拒绝处理"
