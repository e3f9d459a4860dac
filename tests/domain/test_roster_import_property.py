"""Importing roster CSVs against generated sheets (hypothesis).

Any CSV with any headers and cells imports row by row: every data row is either a
good row or a Problem with its line and a message in both languages, never an
exception, and the import plan takes whatever was good. A roster written as a CSV
with the export's columns imports back as the same people and orders.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from decimal import Decimal

import arrow
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.clock import TZ, to_iso
from cases.identifiers import id_number_check_char
from cases.roster_columns import FIELDS, column_name, guess
from cases.roster_import import index_of, parse_rows, plan

PROPERTY = settings(max_examples=100, derandomize=True, database=None, deadline=None)
NOW = arrow.get("2026-06-15T10:00:00+08:00").to(TZ)


def _through_csv(headers: list[str], rows: list[list[str]]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The sheet as a CSV file holds it, read back as storage.sheets reads one: (line, cells)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    reader = csv.reader(io.StringIO(out.getvalue(), newline=""))
    read = []
    start = 1
    for cells in reader:
        read.append((start, cells))
        start = reader.line_num + 1
    return read[0][1], read[1:]


# -- any sheet ------------------------------------------------------------------------

HEADERS = st.one_of(st.sampled_from(FIELDS).flatmap(lambda f: st.sampled_from([column_name(f, "zh"), column_name(f, "en"), f])),
                    st.sampled_from(FIELDS).map(lambda f: column_name(f, "zh")), st.text(max_size=8))
CELLS = st.one_of(
    st.text(max_size=15),
    st.sampled_from(["", "13800138000", "+86 138-0013-8000", "110105199003071234", "11010519900307123X", "12.5",
                     "1,280.00", "1e5", "-5", "abc", "是", "否", "yes", "waiting", "进行中", "2026-06-01 10:00",
                     "昨天 21:30", "2099-01-01", "2026/6/1", "transaction,communication", "交易凭证", "1.234567890123e+20",
                     "2027-06-30", "2月30日", "\u200b", "=cmd|' /C calc'!A0", "\n", "张三"]),
)


#: A good cell for each field (the order number is drawn apart, so rows do not repeat one).
GOOD = {"name": "张三", "phone": "13800138000", "id_number": "11010519900307123X", "address": "北京市朝阳区",
        "amount": "128.50", "paid_at": "2026-06-01 10:00", "payment_channel": "支付宝", "payee": "商户",
        "evidence": "交易凭证", "consent": "是", "poa": "no", "poa_until": "2027-06-30", "status": "waiting",
        "assignee": "小林", "notes": "备注"}


@st.composite
def sheets(draw):
    """Headers (mostly the roster's columns) and rows whose cells are good for their column or anything."""
    headers = draw(st.lists(HEADERS, max_size=7))
    if draw(st.integers(0, 4)) > 0:  # mostly with an order number column, which every row needs
        headers.insert(draw(st.integers(0, len(headers))), column_name("order", draw(st.sampled_from(["zh", "en"]))))
    headers = headers or [""]
    mapping = guess(headers, {})
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        row = []
        for field in mapping:
            if field is not None and draw(st.integers(0, 3)) > 0:
                row.append(f"N{draw(st.integers(0, 20))}" if field == "order" else GOOD[field])
            else:
                row.append(draw(CELLS))
        rows.append(row[:draw(st.integers(0, len(row)))] if draw(st.integers(0, 5)) == 0 else row)  # short rows too
    return headers, rows


@PROPERTY
@given(sheets(), st.booleans())
def test_any_sheet_imports_row_by_row(sheet, reimport):
    header, read = _through_csv(*sheet)
    mapping = guess(header, {})
    parsed = parse_rows(read, mapping, "zh", NOW)
    assert parsed.good_lines + len(parsed.problems) == parsed.total <= len(read)
    lines = {line for line, _ in read}
    for problem in parsed.problems:
        assert problem.line in lines and problem.message("zh") and problem.message("en")
    people = [row.person for row in parsed.rows]
    again = plan(parse_rows(read, mapping, "en", NOW).rows, index_of(people if reimport else []))
    if reimport:  # the same sheet again changes nobody and adds nobody
        assert not again.adds and not again.updates and not again.problems
    else:
        assert len(again.adds) == len(parsed.rows)


# -- a roster and back -------------------------------------------------------------------

NAME = st.text(alphabet="张王李赵刘陈杨黄周吴文博思雨志远", min_size=2, max_size=3)
ID_NUMBER = st.one_of(st.just(""), st.builds(
    lambda region, born, seq: region + born.strftime("%Y%m%d") + seq,
    st.sampled_from(["110105", "430104", "440305"]), st.dates(datetime(1950, 1, 1).date(), datetime(2008, 1, 1).date()),
    st.text("0123456789", min_size=3, max_size=3)).map(lambda body: body + id_number_check_char(body)))
AMOUNT = st.decimals(Decimal("0.01"), Decimal("99999.99"), places=2)
PAID = st.one_of(st.just(""), st.datetimes(datetime(2000, 1, 1), datetime(2026, 6, 1), timezones=st.just(timezone.utc))
                 .map(lambda d: to_iso(arrow.Arrow.fromdatetime(d))))
WORDS = st.text(alphabet="支付宝微信银行卡商户收款方备注已联系", max_size=6)
EVIDENCE = st.sets(st.sampled_from(["transaction", "communication", "anomaly"]))
STATUS = st.sampled_from(["open", "waiting", "resolved", "refused"])


@st.composite
def people(draw):
    n = draw(st.integers(1, 6))
    out = []
    for i in range(n):
        orders = [(f"A{i}{k:03d}{draw(st.integers(0, 999)):03d}", draw(AMOUNT), draw(PAID), draw(WORDS), draw(WORDS))
                  for k in range(draw(st.integers(1, 3)))]
        out.append({
            "name": draw(NAME), "phone": f"1380013{i:04d}", "id_number": draw(ID_NUMBER), "address": draw(WORDS),
            "orders": orders, "evidence": draw(EVIDENCE), "consent": draw(st.booleans()), "poa": draw(st.booleans()),
            "poa_until": draw(st.sampled_from(["", "2027-06-30"])), "status": draw(STATUS), "assignee": draw(WORDS),
            "notes": draw(WORDS),
        })
    return out


@PROPERTY
@given(people(), st.sampled_from(["zh", "en"]))
def test_a_roster_written_as_csv_imports_back(persons, lang):
    yes_no = {True: "是", False: "否"} if lang == "zh" else {True: "yes", False: "no"}
    rows = []
    for p in persons:
        for number, amount, paid, channel, payee in p["orders"]:
            cells = {**p, "order": number, "amount": f"{amount:.2f}", "paid_at": paid, "payment_channel": channel,
                     "payee": payee, "evidence": ",".join(sorted(p["evidence"])), "consent": yes_no[p["consent"]],
                     "poa": yes_no[p["poa"]]}
            rows.append([cells[f] for f in FIELDS])
    header, read = _through_csv([column_name(f, lang) for f in FIELDS], rows)
    parsed = parse_rows(read, guess(header, {}), lang, NOW)
    assert parsed.problems == []
    assert len(parsed.rows) == len(persons)
    kinds = ("transaction", "communication", "anomaly")
    for row, p in zip(parsed.rows, persons, strict=True):
        got = row.person
        assert (got.name, got.phone, got.id_number, got.address, got.assignee, got.notes) == (
            p["name"], p["phone"], p["id_number"], p["address"], p["assignee"], p["notes"])
        assert (got.consent, got.poa, got.poa_until, got.status) == (p["consent"], p["poa"], p["poa_until"], p["status"])
        assert got.evidence == [k for k in kinds if k in p["evidence"]]
        assert [(o.number, Decimal(o.amount), o.paid_at, o.payment_channel, o.payee) for o in got.orders] == p["orders"]
