"""The tousu Textual application: owns the store, the clock and the language.

Screens receive what they need from here ("attributes go down") and report
back with return values and messages ("messages go up"). Store work never runs
on the UI thread (:mod:`tui.store_work`): reads go through worker lanes, writes
through :meth:`TousuApp.write`, which turns store errors into notifications;
:attr:`TousuApp.busy` counts what is in flight and ``busy_shown`` tells the
screens to show the busy mark.

The app is put together from parts with one job each: this module (start-up,
themes, settings, the app-wide commands), :mod:`tui.app_store` (the poll, reads,
writes, the busy mark), :mod:`tui.case_commands` (forms and screens on a case),
:mod:`tui.case_ending` (close, reopen, delete, restore), :mod:`tui.evidence_commands`
(attach a file), :mod:`tui.digest_commands` (the reminder digest) and
:mod:`tui.dashboard_run` (the process: :func:`run_dashboard`, :func:`crash_report`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer

from cases.i18n import LANGS, normalise_lang, tr
from storage.calendar_cache import save_calendar_cache
from storage.settings import Settings
from themes.loader import every_screen_stylesheet, load_themes, stylesheet_path, theme_title
from tui.app_store import AppStore
from tui.case_commands import CaseCommands
from tui.case_ending import CaseEnding
from tui.commands import bindings_for, commands_for, remap, scopes_of
from tui.dashboard_run import crash_report, run_dashboard
from tui.digest_commands import DigestCommands
from tui.evidence_commands import EvidenceCommands
from tui.store_work import Lane

if TYPE_CHECKING:  # pragma: no cover
    from cases.clock import Clock
    from cases.workdays import WorkCalendar
    from storage.store import Store

DEFAULT_THEME = "tousu-dark"


class TousuApp(AppStore, CaseCommands, CaseEnding, EvidenceCommands, DigestCommands, App[int]):
    CSS_PATH = str(stylesheet_path())
    TITLE = "tousu"
    BINDINGS = bindings_for("app")
    ENABLE_COMMAND_PALETTE = True

    #: Store jobs in flight (lanes and writes).
    busy: reactive[int] = reactive(0, init=False)
    #: ``busy`` has lasted ``tui.app_store.BUSY_MARK_AFTER``: screens show the busy mark.
    busy_shown: reactive[bool] = reactive(False, init=False)

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
        #: Who this user's changes are recorded under (TOUSU_USER, the settings' user, the login).
        self.volunteer = self.settings.volunteer()
        #: The language letters open in (TOUSU_LETTER_LANG, the settings' letter_lang, Chinese).
        self.letter_lang = self.settings.effective("letter_lang")[0]
        self._user_theme_dir = user_theme_dir
        self._tick_seconds = tick_seconds
        self.drafts_dir = drafts_dir  # None: the default drafts folder
        self._theme_names: list[str] = []
        self._theme_titles: dict[str, str] = {}  # theme id -> the name shown (themes/*.json "title")
        self.crash: BaseException | None = None  # the first unhandled exception (see _handle_exception)
        self._poll = Lane(self, "poll")
        self._reads = Lane(self, "read")
        self._busy_timer: Timer | None = None
        self._writes = 0  # writes in flight
        self._quit_anyway = False
        self.last_deleted: str | None = None  # this session's last delete, for undo
        self.keyring_backend: Any = None  # opened (an encrypted file: unlocked) once, tui.outbound_work
        self._first_frame_out = False  # on_ready
        self._settings_unsaved = False  # a theme chosen before the first frame, saved after it
        self.title = tr("tui.app.title")
        # Themes are registered and chosen before the first style pass, so the
        # stylesheet is applied once, not once for Textual's default and again.
        self._theme_errors = self._register_themes()
        self._remapped = remap(self.settings.keys)
        self.set_keymap(self._remapped.keymap)

    @property
    def calendar(self) -> WorkCalendar:
        """The store's working-day calendar (one calendar per store, storage.schedule)."""
        return self.store.calendar

    def _register_themes(self) -> list[str]:
        loaded = load_themes(self._user_theme_dir)
        for spec in loaded.themes:
            spec = dict(spec)
            self._theme_titles[spec["name"]] = theme_title(spec, self.lang)
            spec.pop("title", None)  # tousu's, not Textual's
            self.register_theme(Theme(**spec))
            self._theme_names.append(spec["name"])
        chosen = self.settings.effective("theme")[0]
        self._first_theme(chosen if chosen in self._theme_names else DEFAULT_THEME)
        return loaded.errors

    def _first_theme(self, name: str) -> None:
        """Choose the theme before anything is styled. Assigned as later (F2), Textual's
        watcher would also queue a parse of the whole stylesheet for when the app starts: a
        second parse before the first frame (~10 ms), and the first one's cache dropped. Here
        the theme is set quietly with what that watcher gives the app: the stylesheet's
        variables (nothing is parsed yet), the theme's classes and its ANSI colours."""
        self.set_reactive(TousuApp.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())
        dark = self.current_theme.dark
        self.add_class(f"-theme-{name}", update=False)
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.watch_theme(name)

    def _notify_settings_issues(self) -> None:
        """One warning for the settings left out (wrong values, commands that do not exist)."""
        from storage.settings import KEYS_TABLE, Issue

        path = self.settings.path or Path("config.toml")
        issues = list(self.settings.issues)
        issues += [Issue(self.settings.lines.get(f"{KEYS_TABLE}.{a}"), f"{KEYS_TABLE}.{a}", "action")
                   for a in self._remapped.unknown]
        if issues:
            self.notify("\n".join(issue.message(path, self.lang) for issue in issues),
                        title=tr("tui.settings.issues"), severity="warning", timeout=10)
        if self._remapped.lost:  # a key the keymap gave one command was another's
            names = tr("cli.sep.list").join(tr(f"tui.cmd.{action}") for action in self._remapped.lost)
            self.notify(tr("tui.settings.key_clash", commands=names), severity="warning", timeout=10)

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
        self._notify_settings_issues()
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
        self._first_frame_out = True
        handler = getattr(self.screen, "on_first_frame", None)
        if handler is not None:
            handler()
        if self._settings_unsaved:
            self._save_settings()
        self.call_after_refresh(self._read_screen_stylesheets)

    def _read_screen_stylesheets(self) -> None:
        """Every screen's stylesheet (themes/screens), read in one parse once the first frame is
        out (~4 ms to parse them, ~15 ms with the restyle): the first frame parses only the
        dashboard's rules, and no screen makes Textual parse every stylesheet again (12-18 ms)
        the first time it is shown. A screen's own CSS_PATH names files read here already."""
        sheet = self.stylesheet
        unread = [path for path in every_screen_stylesheet() if not sheet.has_source(path, "")]
        for path in unread:
            sheet.read(path)
        if unread:
            sheet.reparse()
            sheet.update(self)

    def watch_theme(self, theme: str) -> None:
        """Remember the theme in the settings. The one chosen at start-up (on a first start,
        the default, which writes config.toml: ~12 ms) is saved once the first frame is out."""
        if theme in self._theme_names and theme != self.settings.theme:
            self.settings.theme = theme
            if self._first_frame_out:
                self._save_settings()
            else:
                self._settings_unsaved = True

    def _save_settings(self) -> bool:
        """Write the settings; False, having said why, if they could not be written."""
        self._settings_unsaved = False
        try:
            self.settings.save()
        except OSError as exc:
            self.notify(str(exc), title=tr("tui.settings.save_failed"), severity="warning", markup=False)
            return False
        return True

    @work(thread=True, exclusive=True, group="calendar")
    def _warm_calendar(self) -> None:
        from datetime import date

        calendar = self.calendar
        year = self.clock.now().year
        for y in (year, year + 1):
            calendar.is_working_day(date(y, 1, 1))
        save_calendar_cache()

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

    def action_command_palette(self) -> None:
        """The command palette, its prompt in the UI language (the dashboard adds its
        cases to it: :class:`tui.palette.CaseJump`)."""
        from textual.command import CommandPalette

        from tui.palette import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette())

    def action_credentials(self) -> None:
        """The credentials screen (``K``): references, the keyring, add, test, copy."""
        from tui.screens.credentials import CredentialsScreen

        if not isinstance(self.screen, CredentialsScreen):
            self.push_screen(CredentialsScreen())

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(getattr(self.screen, "SCOPE", "dashboard")))

    def action_cycle_theme(self) -> None:
        names = self._theme_names
        if names:
            index = names.index(self.theme) if self.theme in names else -1
            self.theme = names[(index + 1) % len(names)]
            self.notify(tr("tui.theme.now", name=self._theme_titles.get(self.theme, self.theme)))

    def action_switch_language(self) -> None:
        """Choose the next language of ``cases.i18n.LANGS`` for the next start (labels are
        fixed when the UI is imported, see tui.commands); remembered in the settings like
        the theme."""
        current = normalise_lang(self.settings.lang or self.lang)
        self.settings.lang = LANGS[(LANGS.index(current) + 1) % len(LANGS)]
        if self._save_settings():
            self.notify(tr("tui.lang.next_start", name=tr(f"tui.lang.name.{self.settings.lang}")))

    def action_quit(self) -> None:
        if self._writes and not self._quit_anyway:  # its result would be lost: ask once
            self._quit_anyway = True
            self.notify(tr("tui.quit.saving"), severity="warning")
            return
        self.exit(0)


def _runner(target: Any, action: str) -> Callable[[], Any]:
    async def run() -> None:
        await target.run_action(action)

    return run


__all__ = ["TousuApp", "crash_report", "run_dashboard"]
