"""The tousu Textual application: owns the store, the clock and the language.

Screens receive what they need from here ("attributes go down") and report
back with return values and messages ("messages go up"). All writes go through
:meth:`TousuApp.write`, which turns store errors into notifications.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.screen import Screen
from textual.theme import Theme

from cases.clock import Clock
from cases.i18n import LANGS, normalise_lang, tr
from cases.model import Case, Event
from cases.workdays import WorkCalendar
from storage.calendar_cache import load_calendar_cache, save_calendar_cache
from storage.errors import ConflictError, StoreError
from storage.settings import Settings
from storage.store import Store
from themes.loader import load_themes, stylesheet_path
from tui.commands import bindings_for, commands_for, scopes_of

T = TypeVar("T")

DEFAULT_THEME = "tousu-dark"


class TousuApp(App[int]):
    CSS_PATH = str(stylesheet_path())
    TITLE = "tousu"
    BINDINGS = bindings_for("app")
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        lang: str = "zh",
        settings: Settings | None = None,
        user_theme_dir: Path | None = None,
        tick_seconds: float = 1.0,
        drafts_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.lang = lang
        self.settings = settings or Settings()
        self._user_theme_dir = user_theme_dir
        self._tick_seconds = tick_seconds
        self.drafts_dir = drafts_dir  # None: the default drafts folder
        self._theme_names: list[str] = []
        self.crash: BaseException | None = None  # the first unhandled exception (see _handle_exception)
        self.title = tr("tui.app.title")
        # Themes are registered and chosen before the first style pass, so the
        # stylesheet is applied once, not once for Textual's default and again.
        self._theme_errors = self._register_themes()

    @property
    def calendar(self) -> WorkCalendar:
        """The store's working-day calendar (one calendar per store, storage.schedule)."""
        return self.store.calendar

    def _register_themes(self) -> list[str]:
        loaded = load_themes(self._user_theme_dir)
        for spec in loaded.themes:
            self.register_theme(Theme(**spec))
            self._theme_names.append(spec["name"])
        self.theme = self.settings.theme if self.settings.theme in self._theme_names else DEFAULT_THEME
        return loaded.errors

    def notify(self, message: str, *, title: str = "", severity: str = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Notifications never read markup, whoever asks (screens pass ``markup=True``
        by default): they carry ids, names, file paths and store messages."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- start-up -------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        """The dashboard is the first screen: composed with the app, so its first frame
        is the first one drawn (a screen pushed from ``on_mount`` is rendered once while
        Textual still holds back the display, and again after)."""
        from tui.screens.dashboard import DashboardScreen

        return DashboardScreen()

    def _handle_exception(self, error: Exception) -> None:
        """An unhandled exception: Textual exits with return code 1 and prints a traceback
        with every frame's local variables, which hold case data unmasked (a complainant's
        name, phone and ID number). Its exit is kept, its traceback dropped:
        :func:`run_dashboard` prints one masked line instead (:func:`crash_report`)."""
        if self.crash is None:
            self.crash = error
        super()._handle_exception(error)
        renderables = getattr(self, "_exit_renderables", None)
        if renderables is not None:
            renderables.clear()

    def on_mount(self) -> None:
        for error in self._theme_errors:
            self.notify(error, title=tr("tui.theme.error"), severity="warning")
        if self.settings.problem:
            self.notify(self.settings.problem, title=tr("tui.settings.unreadable"), severity="warning")
        if self._tick_seconds > 0:
            self.set_interval(self._tick_seconds, self.tick, name="tick")
            # After the first paint: compute this year's and next year's working days
            # off the UI thread (the first use of a year costs ~0.1 s: a stall while
            # scrolling), then keep them in the cache for the next start.
            self.set_timer(1.0, self._warm_calendar)

    def on_ready(self) -> None:
        """The first frame is on the terminal: what start-up put off can run now."""
        import gc

        gc.enable()  # paused by tui.launcher for the start-up (a no-op otherwise)
        handler = getattr(self.screen, "on_first_frame", None)
        if handler is not None:
            handler()

    def watch_theme(self, theme: str) -> None:
        if theme in self._theme_names and theme != self.settings.theme:
            self.settings.theme = theme
            try:
                self.settings.save()
            except OSError as exc:
                self.notify(str(exc), title=tr("tui.settings.save_failed"), severity="warning", markup=False)

    @work(thread=True, exclusive=True, group="calendar")
    def _warm_calendar(self) -> None:
        from datetime import date

        calendar = self.calendar
        year = self.clock.now().year
        for y in (year, year + 1):
            calendar.is_working_day(date(y, 1, 1))
        save_calendar_cache()

    # -- the clock --------------------------------------------------------------
    def tick(self) -> None:
        """Move the dashboard forward: pick up other processes' writes, repaint countdowns."""
        try:
            changed = self.store.poll()
        except StoreError as exc:
            self.notify(exc.message(self.lang), title=tr("tui.store.error"), severity="error", markup=False)
            changed = False
        handler = getattr(self.screen, "on_tick", None)
        if handler is not None:
            handler(self.clock.now(), changed)

    # -- writes ---------------------------------------------------------------
    def write(self, operation: Callable[[Store], T]) -> T | None:
        """Run one store write; on failure say why and return None (nothing is lost:
        the caller keeps its form open or its data in hand)."""
        try:
            return operation(self.store)
        except ConflictError as exc:
            self.notify(exc.message(self.lang), title=tr("tui.store.conflict"), severity="error", timeout=10, markup=False)
        except StoreError as exc:
            self.notify(exc.message(self.lang), title=tr("tui.store.error"), severity="error", timeout=10, markup=False)
        return None

    def may_write(self) -> bool:
        """False, having said why, when this user may only read the store: checked before a
        form opens, so nobody types a case they cannot save."""
        try:
            self.store.require_writable()
        except StoreError as exc:
            self.notify(exc.message(self.lang), title=tr("tui.store.read_only"), severity="warning", timeout=10)
            return False
        return True

    def edit_case(self, case: Case, then: Callable[[Case], Any] | None = None) -> None:
        from tui.screens.case_form import CaseFormScreen

        if not self.may_write():
            return
        base = self.write(lambda store: store.case(case.id))  # gone meanwhile: say so, open nothing
        if base is None:
            return

        def save(edited: Case) -> Case | None:
            return self.write(lambda store: store.save_case(edited, base))

        def done(saved: Case | None) -> None:
            if saved is not None:
                self.notify(tr("tui.case.saved", id=saved.id))
                if then is not None:
                    then(saved)

        self.push_screen(CaseFormScreen(base, save), done)

    def log_contact(self, case: Case, then: Callable[[Case], Any] | None = None) -> None:
        from tui.screens.log_form import LogFormScreen

        if not self.may_write():
            return
        def save(event: Event) -> Case | None:
            return self.write(lambda store: store.update_case(case.id, lambda c: c.add_event(event)))

        def done(saved: Case | None) -> None:
            if saved is not None:
                self.notify(tr("tui.log.saved", id=saved.id))
                if then is not None:
                    then(saved)

        self.push_screen(LogFormScreen(case, save), done)

    def escalate(self, case: Case, mode: str, then: Callable[[], Any] | None = None) -> None:
        from tui.screens.escalate import EscalateScreen

        def done(recorded: bool | None) -> None:
            if recorded and then is not None:
                then()

        self.push_screen(EscalateScreen(case.id, mode), done)

    # -- commands ---------------------------------------------------------------
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        scopes = ["app", *scopes_of(getattr(screen, "SCOPE", "dashboard"))]
        for scope in scopes:
            for command in commands_for(scope):
                if not command.palette:
                    continue
                title = f"{command.label}  ({command.shown_key})"
                target = self if scope == "app" or command.on_app else screen
                yield SystemCommand(title, command.help, _runner(target, command.action))

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(getattr(self.screen, "SCOPE", "dashboard")))

    def action_cycle_theme(self) -> None:
        names = self._theme_names
        if names:
            index = names.index(self.theme) if self.theme in names else -1
            self.theme = names[(index + 1) % len(names)]
            self.notify(tr("tui.theme.now", name=self.theme))

    def action_switch_language(self) -> None:
        """Choose the next language of ``cases.i18n.LANGS`` for the next start (labels are
        fixed when the UI is imported, see tui.commands); remembered in the settings like
        the theme."""
        current = normalise_lang(self.settings.lang or self.lang)
        self.settings.lang = LANGS[(LANGS.index(current) + 1) % len(LANGS)]
        try:
            self.settings.save()
        except OSError as exc:
            self.notify(str(exc), title=tr("tui.settings.save_failed"), severity="warning", markup=False)
            return
        self.notify(tr("tui.lang.next_start", name=tr(f"tui.lang.name.{self.settings.lang}")))

    def action_quit(self) -> None:
        self.exit(0)


def _runner(target: Any, action: str) -> Callable[[], Any]:
    async def run() -> None:
        await target.run_action(action)

    return run


def crash_report(error: BaseException, lang: str, *, debug: bool = False, names: Iterable[str] = ()) -> str:
    """What a crashed dashboard prints on stderr: one line naming the error, its message with
    personal data masked (:func:`cases.privacy.mask_text`: phone, ID and card numbers, and
    ``names``, the complainants') and cleaned; with ``debug`` (``TOUSU_DEBUG``) the
    traceback before it, without local variables and masked too."""
    import traceback

    from textual.worker import WorkerFailed

    from cases.privacy import mask_text
    from cases.sanitize import clean_text
    from tui.cli.errors import _error_line

    if isinstance(error, WorkerFailed):  # a worker's exception, wrapped
        error = error.error
    names = tuple(names)
    message = mask_text(clean_text(str(error)), names=names)
    line = _error_line(lang, tr("cli.error.internal", lang, error=f"{type(error).__name__}: {message}" if message
                                else type(error).__name__))
    if not debug:
        return line + "\n"
    trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return mask_text(clean_text(trace, multiline=True), names=names) + line + "\n"


def run_dashboard(store_path: Path, clock: Clock, lang: str, schedule_file: Path | None = None,
                  *, debug: bool = False) -> int:
    """Open the store and run the dashboard until the user quits; returns an exit code:
    0, 2 if the store cannot be opened, 1 if the dashboard failed (one masked line on
    stderr, :func:`crash_report`; the traceback too with ``debug``).

    ``schedule_file``: the user's own schedule file, for a personal store (storage.schedule)."""
    import sys

    import gc

    load_calendar_cache()
    # Everything imported so far lives as long as the process: keep it out of
    # the collector's way (the first reload allocates ~10,000 objects per 1,000 cases).
    gc.freeze()
    try:
        store = Store.open(store_path, clock, schedule_file=schedule_file)
        store.calendar  # noqa: B018 - a damaged schedule file: one line before the screen opens
    except (StoreError, ValueError) as exc:
        print(f"tousu: {exc}", file=sys.stderr)
        return 2
    try:
        app = TousuApp(store, clock, lang=lang, settings=Settings.load())
        result = app.run()
        names = _complainant_names(store) if app.crash is not None else ()
    finally:
        store.close()
    if app.crash is not None or app.return_code:
        if app.crash is not None:
            sys.stderr.write(crash_report(app.crash, lang, debug=debug, names=names))
            sys.stderr.flush()
        return app.return_code or 1
    return result or 0


def _complainant_names(store: Store) -> tuple[str, ...]:
    """Every case's complainant name (kept in the summaries), to mask in a crash report."""
    try:
        return tuple({name for doc in store.summary_docs() for name in doc.get("names") or ()})
    except Exception:  # noqa: BLE001 - the store may be why the dashboard failed: mask numbers only
        return ()


__all__ = ["TousuApp", "run_dashboard"]
