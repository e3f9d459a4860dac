"""The dashboard driven by Pilot: order, live countdowns, filter, closed cases, markup safety."""

from __future__ import annotations

from cases.model import Case, Event, Status
from cases.urgency import order_key
from storage.store import Store
from tui.widgets.case_list import CaseList

from tui_helpers import at, settle, wait_for


def listed(app) -> list[str]:
    return [row.title for row in app.screen.query_one(CaseList).rows]


def countdown_of(app, title: str) -> str:
    lst = app.screen.query_one(CaseList)
    for row in lst.rows:
        if row.title == title:
            return lst.cell(row, "countdown")
    raise AssertionError(f"{title} not listed")


def screen_text(app) -> str:
    """Every line the list paints, as plain text."""
    lst = app.screen.query_one(CaseList)
    return "\n".join(lst.render_line(y).text for y in range(lst.size.height))


async def test_open_cases_sorted_by_urgency(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        # overdue first, then 2 h left, then 30 h left; the resolved case is hidden
        assert listed(app) == ["卡密无效 [bold]红[/bold] [TODO]", "点卡充值未到账", "会员权益未开通"]
        assert countdown_of(app, "点卡充值未到账") == "剩 2小时"
        assert countdown_of(app, "卡密无效 [bold]红[/bold] [TODO]").startswith("逾期")


async def test_countdown_moves_with_the_clock(filled_store, make_app, clock):
    app = make_app(filled_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert countdown_of(app, "点卡充值未到账") == "剩 2小时"
        title = str(app.screen.query_one("#title-bar").render())
        assert "进行中 3 件" in title and "逾期 1" in title and "24小时内到期 1" in title
        clock.advance(minutes=47)
        app.tick()
        await settle(pilot)
        assert countdown_of(app, "点卡充值未到账") == "剩 1小时13分"
        assert "剩 1小时13分" in screen_text(app)
        clock.advance(hours=3)
        app.tick()
        await settle(pilot)
        assert countdown_of(app, "点卡充值未到账").startswith("逾期")
        # now two cases are overdue; the one overdue longer comes first
        assert listed(app)[0] == "卡密无效 [bold]红[/bold] [TODO]"
        title = str(app.screen.query_one("#title-bar").render())
        assert "逾期 2" in title and "24小时内到期" not in title


async def test_filter_as_you_type(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press(*"汇想")
        assert listed(app) == ["点卡充值未到账"]
        await pilot.press("escape")  # clears the filter
        assert len(listed(app)) == 3
        await pilot.press("slash")
        await pilot.press(*"ch:heimao")
        assert listed(app) == ["会员权益未开通"]
        await pilot.press("escape")
        await pilot.press("slash")
        await pilot.press(*"平台:旺旺")
        assert listed(app) == ["卡密无效 [bold]红[/bold] [TODO]"]
        await pilot.press("escape")
        await pilot.press("slash")
        await pilot.press(*"状态:已解决")
        assert listed(app) == ["已退款的旧案"]  # naming a closed status shows closed cases
        await pilot.press("escape")
        await pilot.press("slash")
        await pilot.press(*"不存在的东西")
        assert listed(app) == []
        assert "没有符合筛选条件的案件" in screen_text(app)


async def test_closed_cases_on_request(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "已退款的旧案" not in listed(app)
        await pilot.press("c")
        assert "已退款的旧案" in listed(app)
        await pilot.press("c")
        assert "已退款的旧案" not in listed(app)


async def test_user_text_is_never_markup(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "卡密无效 [bold]红[/bold] [TODO]" in screen_text(app)


async def test_sees_another_process_change(filled_store, make_app, store_path, clock):
    app = make_app(filled_store)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        other = Store.open(store_path, clock)
        try:
            other.add_case(Case(title="别人新建的案件", platform="未来卡盟",
                                timeline=[Event(kind="submitted", channel="12315", at=at(-1))]))
        finally:
            other.close()
        app.tick()
        await settle(pilot)
        assert "别人新建的案件" in listed(app)


async def test_empty_store_explains_what_to_do(store, make_app):
    app = make_app(store)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        assert "还没有案件" in screen_text(app)


async def test_quit_with_q(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await settle(pilot)
    assert app.return_value == 0


async def test_notifications_are_never_markup(filled_store, make_app):
    app = make_app(filled_store)
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        await settle(pilot)
        app.screen.notify("[bold]K-[/0001] [TODO]")  # a screen's notify reads markup, unless the app says not
        shown = lambda: [str(toast.render()) for toast in app.screen.query("Toast")]  # noqa: E731
        assert await wait_for(pilot, lambda: bool(shown()))
        assert shown() == ["[bold]K-[/0001] [TODO]"]  # the toast shows the text as it was given


async def test_first_screen_is_painted_from_the_head_then_everything_is_read(store, make_app, clock, monkeypatch):
    """The store keeps the summaries in dashboard order: the first frame needs ~2 screens of
    them, and the whole table is read only after that frame."""
    from cases.demo import build_demo
    from tui.screens.dashboard import DashboardScreen

    cases, groups = build_demo(clock.now(), n_cases=300)
    store.replace_all(cases, groups)
    store.close()  # a fresh start: nothing read yet
    expected = sorted(store.summary_docs(), key=lambda d: order_key("", d))
    expected_open = [d["id"] for d in expected if d["status"] in ("open", "waiting")]
    store.close()

    events, seen = [], {}
    first_frame = DashboardScreen.on_first_frame
    monkeypatch.setattr(DashboardScreen, "on_first_frame", lambda self: (events.append("frame"), first_frame(self)))
    read_all = store.summary_docs

    def recording_read_all():
        events.append("read all")
        if not seen:  # what was on screen before the whole table was read
            seen.update(rows=[r.id for r in app.screen.query_one(CaseList).rows], tables=store.reads["tables"],
                        title=str(app.screen.query_one("#title-bar").render()))
        return read_all()

    store.summary_docs = recording_read_all
    app = make_app(store)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.version == store.version)
        rows = [r.id for r in app.screen.query_one(CaseList).rows]
    assert events[:2] == ["frame", "read all"] and seen["tables"] == 0
    assert seen["rows"] == expected_open[: len(seen["rows"])] and 30 <= len(seen["rows"]) < len(expected_open)
    assert f"进行中 {len(expected_open)} 件" in seen["title"] and f"显示 {len(expected_open)}" in seen["title"]
    assert rows == expected_open  # then every open case, in the same order


async def test_a_store_of_closed_cases_only_is_read_after_the_first_frame(store, make_app):
    from tui_helpers import sample_cases

    for case in sample_cases():
        case.status = Status.RESOLVED
        store.add_case(case)
    store.close()
    app = make_app(store)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        # everything read, though no row was painted
        assert await wait_for(pilot, lambda: screen.version == store.version)
        await pilot.press("c")
        assert len(screen.query_one(CaseList).rows) == len(sample_cases())


async def test_search_text_is_built_after_start_not_on_the_first_key(store, make_app, clock, monkeypatch):
    from cases.demo import build_demo
    from tui.screens import dashboard

    monkeypatch.setattr(dashboard, "WARM_BATCH", 40)  # several steps for 120 cases
    cases, groups = build_demo(clock.now(), n_cases=120)
    store.replace_all(cases, groups)
    app = make_app(store)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        # a few steps of 50 ms; bounded for a loaded machine
        assert await wait_for(pilot, lambda: screen.version == store.version and screen.search_ready, timeout=10)
        assert len(store.summary_docs()) == 120
        await pilot.press("slash", *"旺旺")
        assert all(r.platform == "旺旺卡盟" or "旺旺" in r.blob for r in screen.query_one(CaseList).rows)


def test_columns_widen_by_how_much_wider_a_languages_header_labels_are():
    from rich.cells import cell_len

    from cases.i18n import tr
    from tui.widgets.case_list import layout_for

    zh, en = dict(layout_for(120, "zh")), dict(layout_for(120, "en"))
    assert zh["channel"] == 10 and zh["countdown"] == 18  # Chinese: the widths as declared
    for name in ("channel", "countdown"):
        wider = cell_len(tr(f"tui.col.{name}", "en")) - cell_len(tr(f"tui.col.{name}", "zh"))
        assert en[name] - zh[name] == wider > 0
    assert en["platform"] == zh["platform"] and en["deadline"] == zh["deadline"]  # not words
    assert sum(zh.values()) == sum(en.values())  # the title column gives way
