"""The dashboard on a store edited by hand or by another program: a damaged case is a row
that says so (and a notification naming it), the rest works; stored text is painted clean."""

from __future__ import annotations

import json

from textual.widgets import Static

from storage.store import Store
from tui.screens.dashboard import DashboardScreen
from tui.widgets.case_list import CaseList
from tests.raw_store import another_program

from notices import notices, said
from tui_helpers import wait_for

POISON = "\x1b]0;pwned\x07\x1b[31m\x9b2J\u202e\u2066"
UNSAFE = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066")


def rows(app) -> list:
    return list(app.screen.query_one(CaseList).rows)


def painted(app) -> str:
    lst = app.screen.query_one(CaseList)
    return "\n".join(lst.render_line(y).text for y in range(lst.size.height))


def _damage(store: Store, store_path, clock, *, compact_after: bool) -> None:
    """K-0002's orders become a string, as a hand edit of the JSON file would leave them."""
    store.compact()
    tables = json.loads(store_path.read_bytes())
    tables["cases"]["2"]["orders"] = "128元"
    store_path.write_text(json.dumps(tables, ensure_ascii=False, indent=1), encoding="utf-8")
    if compact_after:  # a reader already wrote the damaged summary, and the store was compacted since
        reader = Store.open(store_path, clock)
        reader.summary_docs()
        reader.compact()
        reader.close()


async def _damaged_dashboard(filled_store, store_path, clock, make_app, compact_after: bool) -> None:
    _damage(filled_store, store_path, clock, compact_after=compact_after)
    store = Store.open(store_path, clock)
    app = make_app(store)
    async with app.run_test(size=(120, 30)) as pilot:
        told = lambda: [n for n in said(app) if "K-0002" in n]  # noqa: E731
        assert await wait_for(pilot, lambda: bool(told()))
        assert len(told()) == 1 and "已损坏（orders）" in told()[0]
        ids = [r.id for r in rows(app)]
        assert sorted(ids) == ["K-0001", "K-0002", "K-0003"]  # the resolved K-0004 stays hidden
        damaged = rows(app)[ids.index("K-0002")]
        assert damaged.title == "⚠ 记录已损坏（orders），无法打开"
        assert "⚠ 记录已损坏（orders），无法打开" in painted(app)
        lst = app.screen.query_one(CaseList)
        for key in ("enter", "e", "l", "x", "u"):
            lst.cursor = ids.index("K-0002")
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, DashboardScreen), key
        assert sum("案件 K-0002 在数据文件中的记录已损坏" in n for n in said(app)) >= 5
        lst.cursor = ids.index("K-0001")
        await pilot.press("enter")
        assert await wait_for(pilot, lambda: not isinstance(app.screen, DashboardScreen))
        app.tick()  # a later reload does not name the same case again
        await pilot.pause()
        assert len([n for n in notices(app) if "记录已损坏（orders）" in n.message
                    and n.title == "记录已损坏"]) == 1


async def test_a_damaged_case_is_a_row_that_says_so(filled_store, store_path, clock, make_app):
    await _damaged_dashboard(filled_store, store_path, clock, make_app, compact_after=False)


async def test_a_damaged_case_in_the_first_screenful(filled_store, store_path, clock, make_app):
    await _damaged_dashboard(filled_store, store_path, clock, make_app, compact_after=True)


async def test_stored_escape_sequences_are_not_painted(filled_store, store_path, clock, make_app):
    with another_program(filled_store.path) as raw:  # another program writes K-0001's summary
        doc = dict(raw.get("summaries", "1"))
        doc.update(title="标题" + POISON, platform="平台" + POISON, ticket="CS" + POISON,
                   deadline_basis="依据" + POISON, tags=[POISON])
        raw.put("summaries", "1", doc)
    filled_store.compact()
    app = make_app(Store.open(store_path, clock))
    async with app.run_test(size=(140, 30)) as pilot:
        await pilot.pause()
        assert await wait_for(pilot, lambda: any(r.id == "K-0001" for r in rows(app)))
        lst = app.screen.query_one(CaseList)
        lst.cursor = [r.id for r in rows(app)].index("K-0001")
        await pilot.pause()
        hint = str(app.screen.query_one("#hint", Static).render())
        title = next(r.title for r in rows(app) if r.id == "K-0001")
        case = filled_store.case("K-0001")
        assert title == case.title  # recomputed from its case: the summary is not usable as it is
        for text in (painted(app), hint, title):
            assert not any(ch in text for ch in UNSAFE), repr(text)
        assert "pwned" not in painted(app) and "pwned" not in hint


async def test_several_damaged_cases_are_named_in_one_notification(filled_store, store_path, clock, make_app):
    filled_store.compact()
    tables = json.loads(store_path.read_bytes())
    tables["cases"]["1"]["timeline"] = "无"
    tables["cases"]["3"]["status"] = "丢失"
    store_path.write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")
    app = make_app(Store.open(store_path, clock))
    async with app.run_test(size=(120, 30)) as pilot:
        told = lambda: [n for n in said(app) if "记录已损坏" in n]  # noqa: E731
        assert await wait_for(pilot, lambda: bool(told()))
        assert told() == [f"2 个案件的记录已损坏，无法打开或修改：K-0001、K-0003。其他案件不受影响；"
                          f"请从备份恢复，或检查数据文件 {store_path}。"]
        titles = {r.id: r.title for r in rows(app)}
        assert titles["K-0001"] == "⚠ 记录已损坏（timeline），无法打开"
        assert titles["K-0003"] == "⚠ 记录已损坏（status），无法打开"
        assert titles["K-0002"] == "会员权益未开通"
