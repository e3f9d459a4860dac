"""One case in full: fields, timeline, evidence checklist.

Opened with a :class:`~tui.detail_view.DetailView` already read and rendered in a
worker (see ``DashboardScreen.action_open_case``), so the UI thread only lays out
what is on screen. Reading the case again (another process changed it), revealing
the personal data and showing earlier timeline entries (``m``) run in this
screen's worker lane; the screen stays usable meanwhile and shows the result when
it comes.
"""

from __future__ import annotations

import arrow
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import ProgressBar, Static

from cases.i18n import tr
from cases.model import Case
from cases.sanitize import clean_text
from storage.errors import CaseNotFound
from tui import detail_view
from themes.loader import screen_stylesheets
from tui.commands import bindings_for, command
from tui.detail_view import PAGE, DetailView
from tui.screens.attach import AttachProgress
from tui.screens.export_case import ExportRequest
from tui.store_work import Lane, LaneMessage, StoreFailed
from tui.widgets.footer import KeyFooter


class DetailRendered(LaneMessage):
    def __init__(self, view: DetailView) -> None:
        super().__init__()
        self.view = view


class TimelinePage(Static):
    """One page of timeline entries (``text`` is what it shows, to skip unchanged pages)."""

    def __init__(self, text: Text) -> None:
        super().__init__(text, classes="timeline-page")
        self.text = text

    def show(self, text: Text) -> None:
        if text is not self.text:
            self.text = text
            self.update(text)


class CaseDetailScreen(Screen):
    CSS_PATH = screen_stylesheets("case_detail")
    SCOPE = "detail"
    BINDINGS = bindings_for("detail")
    AUTO_FOCUS = "#detail-scroll"

    def __init__(self, view: DetailView) -> None:
        super().__init__(id="detail")
        self.view = view
        self.case_id = view.case.id
        # What was asked for; the view follows when it is rendered.
        self.reveal = view.reveal
        self.pages = max(len(view.pages), 1)  # (the activity list shows a page even without a timeline)
        self._lane = Lane(self, "detail")
        self._minute: arrow.Arrow | None = None

    @property
    def case(self) -> Case:
        return self.view.case

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail-scroll"):
            yield Static(id="detail-head")
            yield Static(id="detail-fields")
            yield Static(id="detail-more")
            yield Static(id="detail-tail")
            yield Static(id="detail-activity")
            yield Static(id="detail-activity-more")
        yield ProgressBar(id="attach-progress", show_eta=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self._minute = self.app.clock.now().floor("minute")
        self._show(self.view)

    # -- showing ----------------------------------------------------------------
    def _show(self, view: DetailView) -> None:
        footer_changes = bool(view.hidden or view.activity_hidden) != bool(self.view.hidden or self.view.activity_hidden)
        self.view = view
        self.query_one("#detail-head", Static).update(view.head)
        self.query_one("#detail-fields", Static).update(view.fields)
        more = self.query_one("#detail-more", Static)
        more.display = bool(view.hidden)
        if view.hidden:
            more.update(Text(tr("tui.detail.more", n=f"{view.hidden:,}", key=command("show_more").shown_key,
                                page=PAGE), style="dim italic"))
        pages = list(self.query(TimelinePage))  # oldest first, as shown
        wanted = view.pages[::-1]
        extra = len(wanted) - len(pages)
        if extra < 0:
            for page in pages[:-extra]:
                page.remove()
            pages = pages[-extra:]
        for page, text in zip(pages, wanted[max(extra, 0):]):
            page.show(text)
        if extra > 0:  # earlier pages go on top, under the "earlier entries" line
            self.query_one("#detail-scroll").mount_all([TimelinePage(t) for t in wanted[:extra]], after=more)
        self.query_one("#detail-tail", Static).update(view.tail)
        activity = self.query_one("#detail-activity", Static)
        activity.display = bool(view.activity)
        activity.update(view.activity_part)
        activity_more = self.query_one("#detail-activity-more", Static)
        activity_more.display = bool(view.activity_hidden)
        if view.activity_hidden:
            activity_more.update(Text(tr("tui.activity.more", n=f"{view.activity_hidden:,}", page=PAGE),
                                      style="dim italic"))
        if footer_changes:  # "m" comes or goes (the footer is rebuilt: only then)
            self.refresh_bindings()

    @on(DetailRendered)
    def _rendered(self, message: DetailRendered) -> None:
        if message.wanted:
            self._show(message.view)

    @on(StoreFailed)
    def _failed(self, message: StoreFailed) -> None:
        if message.said_by(self._lane, self) is None:
            return
        if isinstance(message.error, CaseNotFound) and self.is_current:
            self.app.pop_screen()  # deleted by someone else meanwhile

    # -- asking for a new rendering ------------------------------------------------
    def reload(self) -> None:
        """Read the case again (off the UI thread) and show it."""
        if not self.is_attached:
            return  # left before a save it asked for ended
        app, case_id, reveal, pages = self.app, self.case_id, self.reveal, self.pages
        now = app.clock.now()
        self._lane.request(lambda: DetailRendered(detail_view.read(
            app.store, case_id, now, app.lang, app.calendar, reveal=reveal, pages=pages)))

    def _rerender(self) -> None:
        app, view, reveal, pages = self.app, self.view, self.reveal, self.pages
        now = app.clock.now()
        self._lane.request(lambda: DetailRendered(detail_view.render(
            view.case, view.group, view.version, now, app.lang, app.calendar, reveal=reveal, pages=pages,
            activity=view.activity, practice=app.store.practice)))

    def on_tick(self, now: arrow.Arrow, changed: bool) -> None:
        if changed or (self.view.version != self.app.store.version and not self._lane.busy):
            self.reload()
        elif now.floor("minute") != self._minute:
            self._minute = now.floor("minute")
            self._show_head(now)

    def _show_head(self, now: arrow.Arrow) -> None:
        self.view = detail_view.with_head(self.view, now, self.app.lang, self.app.calendar, self.app.store.practice)
        self.query_one("#detail-head", Static).update(self.view.head)

    def on_screen_resume(self) -> None:
        if self.view.version != self.app.store.version:
            self.reload()

    # -- actions ----------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_more":
            return bool(self.view.hidden or self.view.activity_hidden)
        return True

    def action_show_more(self) -> None:
        view, lang = self.view, self.app.lang
        if self.pages >= detail_view.total_pages(view.case, len(view.activity)):
            return  # everything is shown, or asked for
        self.pages += 1
        pages = self.pages
        if view.reveal != self.reveal:  # a new rendering is on its way: it takes the pages
            self._rerender()
            return
        self._lane.request(lambda: DetailRendered(detail_view.with_pages(view, pages, lang)))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_toggle_reveal(self) -> None:
        self.reveal = not self.reveal
        self._rerender()
        self.notify(tr("tui.detail.revealed" if self.reveal else "tui.detail.masked"))

    def action_edit_case(self) -> None:
        self.app.edit_case(self.case_id, then=lambda _saved: self.reload())

    def action_escalate(self) -> None:
        self.app.escalate(self.case_id, "escalate", then=self.reload)

    def action_urge(self) -> None:
        self.app.escalate(self.case_id, "urge", then=self.reload)

    def action_log_contact(self) -> None:
        self.app.log_contact(self.case_id, then=lambda _saved: self.reload())

    def action_show_group(self) -> None:
        self.app.show_group(self.case_id)

    def action_attach_evidence(self) -> None:
        self.app.attach_evidence(self.case_id, self, then=lambda _saved: self.reload())

    def action_export_case(self) -> None:
        from tui.screens.export_case import ExportScreen

        self.app.push_screen(ExportScreen(self.case, reveal=self.reveal), self._export)

    def _export(self, request: ExportRequest | None) -> None:
        if request is not None:
            self.notify(tr("tui.export.working"))
            self._write_export(request, self.app.clock.now())

    @work(thread=True, group="export", exit_on_error=False)
    def _write_export(self, request: ExportRequest, now: arrow.Arrow) -> None:
        """Make the case file from the stored case (as ``tousu export CASE``) and write it."""
        from storage.errors import StoreError
        from storage.exports import case_file_bytes, default_case_file_path, write_export

        app = self.app
        try:
            case = app.store.case(self.case_id)
            data = case_file_bytes(case, app.store.group_of(case), app.store.path, now=now,
                                   calendar=app.store.calendar, reveal=request.reveal, fmt=request.fmt)
            path = request.path or default_case_file_path(case.id, request.fmt, now)
            write_export(path, data, make_folder=request.path is None)
        except StoreError as exc:
            app.call_from_thread(self.notify, exc.message(app.lang), title=tr("tui.export.failed"),
                                 severity="error", markup=False)
        except OSError as exc:
            app.call_from_thread(self.notify, clean_text(str(exc)), title=tr("tui.export.failed"),
                                 severity="error", markup=False)
        else:
            app.call_from_thread(self.notify, tr("tui.export.saved", path=clean_text(str(path))), markup=False,
                                 timeout=10)

    @on(AttachProgress)
    def _attach_progress(self, message: AttachProgress) -> None:
        """A copy's progress (done -1: it ended, either way)."""
        bar = self.query_one("#attach-progress", ProgressBar)
        bar.display = message.done >= 0
        if message.done >= 0:
            bar.update(total=max(message.total, 1), progress=message.done)

    def action_end_case(self) -> None:
        self.app.end_case(self.case_id, then=lambda _saved: self.reload())

    def action_assign_case(self) -> None:
        self.app.assign_case(self.case_id, then=lambda _saved: self.reload())

    def action_delete_case(self) -> None:
        def gone(_case: Case) -> None:
            if self.is_current:
                self.app.pop_screen()

        self.app.delete_case(self.case_id, then=gone)
