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

    def edit_case(self, case: Case, then: Callable[[Case], Any] | None = None) -> None:
        from tui.screens.case_form import CaseFormScreen

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


def run_dashboard(store_path: Path, clock: Clock, lang: str, schedule_file: Path | None = None) -> int:
    """Open the store and run the dashboard until the user quits; returns an exit code.

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
    finally:
        store.close()
    return result or 0


__all__ = ["TousuApp", "run_dashboard"]
