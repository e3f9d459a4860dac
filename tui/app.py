"""The tousu Textual application: owns the store, the clock and the language.

Screens receive what they need from here ("attributes go down") and report
back with return values and messages ("messages go up"). Store work never runs
on the UI thread (:mod:`tui.store_work`): reads go through worker lanes, writes
through :meth:`TousuApp.write`, which turns store errors into notifications;
:attr:`TousuApp.busy` counts what is in flight and ``busy_shown`` tells the
screens to show the busy mark.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.reactive import reactive
from textual.screen import Screen
from textual.theme import Theme
from textual.timer import Timer

from cases.clock import Clock
from cases.i18n import LANGS, normalise_lang, tr
from cases.model import Case, Group
from cases.workdays import WorkCalendar
from storage.calendar_cache import load_calendar_cache, save_calendar_cache
from storage.errors import ConflictError, StoreError
from storage.settings import Settings
from storage.store import Store
from themes.loader import load_themes, stylesheet_path, theme_title
from tui.commands import bindings_for, commands_for, remap, scopes_of
from tui.store_work import BusyChanged, Lane, LaneMessage, StoreFailed, WriteFailed, Written

T = TypeVar("T")

DEFAULT_THEME = "tousu-dark"
#: Store work shorter than this shows no busy mark (no flicker for every poll).
BUSY_MARK_AFTER = 0.15


class Polled(LaneMessage):
    def __init__(self, changed: bool) -> None:
        super().__init__()
        self.changed = changed


class Read(LaneMessage):
    """A read for an action (open, edit, log, escalate): ``use(value)`` on the UI thread."""

    def __init__(self, value: Any, use: Callable[[Any], Any]) -> None:
        super().__init__()
        self.value = value
        self.use = use


class TousuApp(App[int]):
    CSS_PATH = str(stylesheet_path())
    TITLE = "tousu"
    BINDINGS = bindings_for("app")
    ENABLE_COMMAND_PALETTE = True

    #: Store jobs in flight (lanes and writes).
    busy: reactive[int] = reactive(0, init=False)
    #: ``busy`` has lasted BUSY_MARK_AFTER: screens show the busy mark.
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
        self.theme = chosen if chosen in self._theme_names else DEFAULT_THEME
        return loaded.errors

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
        """Move the screen forward: pick up other processes' writes (in a worker), repaint
        countdowns. While a poll still waits (for the lock, or behind this process's
        write), the countdowns move on without it and no second poll is started."""
        if self._poll.busy:
            self._tell_tick(False)
            return
        store = self.store
        self._poll.request(lambda: Polled(store.poll()))

    @on(Polled)
    def _polled(self, message: Polled) -> None:
        # Never dropped as stale: a poll reports another process's change only once.
        self._tell_tick(message.changed)

    def _tell_tick(self, changed: bool) -> None:
        handler = getattr(self.screen, "on_tick", None)
        if handler is not None:
            handler(self.clock.now(), changed)

    # -- store work -------------------------------------------------------------
    def on_busy_changed(self, message: BusyChanged) -> None:
        self.busy += message.delta

    def may_write(self) -> bool:
        """False, having said why, when this user may only read the store: checked before a
        form opens, so nobody types a case they cannot save."""
        try:
            self.store.require_writable()
        except StoreError as exc:
            self.notify(exc.message(self.lang), title=tr("tui.store.read_only"), severity="warning", timeout=10)
            return False
        return True

    def watch_busy(self, busy: int) -> None:
        if not busy:
            if self._busy_timer is not None:
                self._busy_timer.stop()
                self._busy_timer = None
            self.busy_shown = False
        elif self._busy_timer is None and not self.busy_shown:
            self._busy_timer = self.set_timer(BUSY_MARK_AFTER, self._busy_lasted)

    def _busy_lasted(self) -> None:
        self._busy_timer = None
        self.busy_shown = self.busy > 0

    def report(self, error: StoreError) -> None:
        """Say why the store refused (a conflict, a busy or unwritable store, a case gone)."""
        title = tr("tui.store.conflict") if isinstance(error, ConflictError) else tr("tui.store.error")
        self.notify(error.message(self.lang), title=title, severity="error", timeout=10, markup=False)

    @on(StoreFailed)
    def _store_failed(self, message: StoreFailed) -> None:
        if message.lane is self._poll:
            self.report(message.error)
            self._tell_tick(False)
        elif message.wanted:
            self.report(message.error)

    def read(self, job: Callable[[Store], T], use: Callable[[T], Any]) -> None:
        """Read off the UI thread, then ``use(value)`` on it. The latest request wins: an
        action asked for before it is dropped. A store error is said, ``use`` not called."""
        store = self.store
        self._reads.request(lambda: Read(job(store), use))

    @on(Read)
    def _read(self, message: Read) -> None:
        if message.wanted:
            message.use(message.value)

    def write(self, job: Callable[[Store], T], done: Callable[[T], Any] | None = None,
              failed: Callable[[StoreError], Any] | None = None) -> None:
        """Run one store write in a worker: ``done(result)`` on the UI thread, or a
        notification of why the store refused and ``failed(error)`` (nothing is lost:
        the caller keeps its form or its data in hand). Each write runs once."""
        self.post_message(BusyChanged(+1))
        self._writes += 1
        self._write(job, done, failed)

    @work(thread=True, group="store-write", exit_on_error=True)
    def _write(self, job: Callable[[Store], T], done: Callable[[T], Any] | None,
               failed: Callable[[StoreError], Any] | None) -> None:
        try:
            result = job(self.store)
        except StoreError as exc:
            self.post_message(WriteFailed(exc, failed))
        else:
            self.post_message(Written(result, done))
        finally:
            self.post_message(BusyChanged(-1))

    @on(Written)
    def _written(self, message: Written) -> None:
        self._wrote()
        if message.done is not None:
            message.done(message.value)

    @on(WriteFailed)
    def _write_failed(self, message: WriteFailed) -> None:
        self._wrote()
        self.report(message.error)
        if message.failed is not None:
            message.failed(message.error)

    def _wrote(self) -> None:
        self._writes -= 1
        self._quit_anyway = False

    # -- forms and screens that act on a case --------------------------------------
    def run_form(self, form: Screen, job: Callable[[Any], Callable[[Store], Case]],
                 done: Callable[[Case], Any]) -> None:
        """Show ``form``; once it is submitted the user is back where they were at once
        while ``job(value)`` writes in a worker. If the store refuses, the same form
        comes back with everything typed (it is installed meanwhile, so kept)."""
        name = f"form-{id(form)}"
        self.install_screen(form, name)

        def drop() -> None:
            self.uninstall_screen(form)
            if form.is_attached and form not in self.screen_stack:
                form.remove()

        def saved(case: Case) -> None:
            drop()
            done(case)

        def submitted(value: Any) -> None:
            if value is None:  # cancelled
                drop()
                return
            self.write(job(value), saved, lambda _error: self.push_screen(form, submitted))

        self.push_screen(form, submitted)

    def edit_case(self, case_id: str, then: Callable[[Case], Any] | None = None) -> None:
        from tui.screens.case_form import CaseFormScreen

        if not self.may_write():
            return
        def opened(base: Case) -> None:
            def done(saved: Case) -> None:
                self.notify(tr("tui.case.saved", id=saved.id))
                if then is not None:
                    then(saved)

            self.run_form(CaseFormScreen(base), lambda edited: lambda store: store.save_case(edited, base, by=self.volunteer),
                          done)

        # Gone meanwhile: the read says so and nothing opens.
        self.read(lambda store: store.case(case_id), opened)

    def log_contact(self, case_id: str, then: Callable[[Case], Any] | None = None) -> None:
        from tui.screens.log_form import LogFormScreen

        if not self.may_write():
            return
        def opened(case: Case) -> None:
            def done(saved: Case) -> None:
                if saved.closed and not case.closed:  # its result closed the case
                    from cases.statuses import status_name

                    self.notify(tr("tui.close.done", id=saved.id, status=status_name(saved.status.value, self.lang)))
                else:
                    self.notify(tr("tui.log.saved", id=saved.id))
                if then is not None:
                    then(saved)

            def job(entry: Any) -> Callable[[Store], Case]:
                return lambda store: store.update_case(case_id, lambda c: _log_entry(c, entry, self.lang),
                                                       by=self.volunteer, action="log")

            self.run_form(LogFormScreen(case), job, done)

        self.read(lambda store: store.case(case_id), opened)

    def escalate(self, case_id: str, mode: str, then: Callable[[], Any] | None = None) -> None:
        from tui.screens.escalate import EscalateScreen

        def done(recorded: bool | None) -> None:
            if recorded and then is not None:
                then()

        def opened(found: tuple[Case, Group | None, Any]) -> None:
            case, group, own = found
            if case.closed:  # as tousu urge / escalate refuse it (closed_refusal)
                self.refuse_closed(case, mode)
                return
            self.push_screen(EscalateScreen(case, mode, group, own=own), done)

        def job(store: Store) -> tuple[Case, Group | None, Any]:
            case = store.case(case_id)
            return case, store.group_of(case), store.participant_of_case(case.id)

        self.read(job, opened)

    def refuse_closed(self, case: Case, action: str) -> None:
        """Say that a closed case takes no ``action`` (escalate, urge) until reopened."""
        from cases.statuses import status_name
        from tui.commands import command

        self.notify(tr("tui.close.refused", id=case.id, status=status_name(case.status.value, self.lang),
                       action=tr(f"cli.close.action.{action}"), key=command("end_case").shown_key),
                    severity="warning", timeout=8)

    # -- the end of a case: close, reopen, delete, restore -------------------------
    def end_case(self, case_id: str, then: Callable[[Case], Any] | None = None) -> None:
        """Close an open case (its outcome, refund, note), or reopen a closed one."""
        from tui.screens.closing import CloseCaseScreen, ReopenCaseScreen

        if not self.may_write():
            return

        def opened(case: Case) -> None:
            def done(saved: Case) -> None:
                from cases.statuses import status_name

                key = "tui.close.done" if saved.closed else "tui.reopen.done"
                self.notify(tr(key, id=saved.id, status=status_name(saved.status.value, self.lang)))
                if then is not None:
                    then(saved)

            if case.closed:
                self.run_form(ReopenCaseScreen(case), lambda note: _reopen_job(case_id, note, self), done)
            else:
                self.run_form(CloseCaseScreen(case), lambda request: _close_job(case_id, request, self), done)

        self.read(lambda store: store.case(case_id), opened)

    def delete_case(self, case_id: str, then: Callable[[Case], Any] | None = None) -> None:
        """Ask, then delete (restorable: ``undelete_last`` or the deleted cases' list)."""
        from tui.screens.closing import ConfirmScreen, delete_question

        if not self.may_write():
            return

        def deleted(case: Case) -> None:
            from tui.commands import command

            self.last_deleted = case.id
            self.notify(tr("tui.delete.done", id=case.id, key=command("undelete_last").shown_key), timeout=10)
            if then is not None:
                then(case)

        def opened(case: Case) -> None:
            def answered(yes: bool | None) -> None:
                if yes:
                    self.write(lambda store: store.delete_case(case_id, self.volunteer), deleted)

            self.push_screen(ConfirmScreen(delete_question(case)), answered)

        self.read(lambda store: store.case(case_id), opened)

    def restore_case(self, case_id: str, then: Callable[[Case], Any] | None = None) -> None:
        from cases.statuses import status_name

        if not self.may_write():
            return

        def restored(case: Case) -> None:
            if self.last_deleted == case.id:
                self.last_deleted = None
            self.notify(tr("tui.undelete.done", id=case.id, status=status_name(case.status.value, self.lang)))
            if then is not None:
                then(case)

        self.write(lambda store: store.restore_case(case_id, self.volunteer), restored)

    def undelete_last(self, then: Callable[[Case], Any] | None = None) -> None:
        """Undo this session's last delete."""
        if self.last_deleted is None:
            self.notify(tr("tui.undelete.nothing"), severity="warning")
            return
        self.restore_case(self.last_deleted, then)

    def assign_case(self, case_id: str, then: Callable[[Case], Any] | None = None) -> None:
        """Ask for a volunteer's name and assign the case to them (empty: nobody), as ``tousu assign``."""
        from tui.screens.assign import AssignScreen

        if not self.may_write():
            return

        def opened(case: Case) -> None:
            def done(saved: Case) -> None:
                if saved.assignee:
                    self.notify(tr("tui.assign.done", id=saved.id, name=saved.assignee))
                else:
                    self.notify(tr("tui.assign.cleared", id=saved.id))
                if then is not None:
                    then(saved)

            by = self.volunteer
            self.run_form(AssignScreen(case, by),
                          lambda name: lambda store: store.assign_cases([case_id], name, by)[0], done)

        self.read(lambda store: store.case(case_id), opened)

    def show_deleted(self, then: Callable[[Case], Any] | None = None) -> None:
        """The deleted cases (who deleted each and when); one chosen is restored."""
        from tui.screens.closing import DeletedCasesScreen, deleted_cases

        def chosen(case_id: str | None) -> None:
            if case_id:
                self.restore_case(case_id, then)

        self.read(deleted_cases, lambda found: self.push_screen(DeletedCasesScreen(found), chosen))

    # -- evidence ---------------------------------------------------------------
    def show_group(self, case_id: str) -> None:
        """The group screen of the group ``case_id`` belongs to (lead or member case); a case
        without a group is said in a notification and nothing opens."""
        from tui.screens.group import GroupScreen

        self.read(lambda store: store.group_for_case(case_id), lambda _group: self.push_screen(GroupScreen(case_id)))

    def attach_evidence(self, case_id: str, screen: Screen, then: Callable[[Case], Any] | None = None) -> None:
        """Ask for a file, what it shows and a note; copy and record it in a worker
        (storage.attach, as ``tousu evidence add``), posting AttachProgress to ``screen``."""
        from tui.screens.attach import AttachProgress, AttachScreen

        if not self.may_write():
            return

        def opened(case: Case) -> None:
            if case.closed:
                self.notify(tr("tui.attach.closed", id=case.id, key=_shown_key("end_case")), severity="warning",
                            timeout=8)
                return
            self.push_screen(AttachScreen(case), submitted)

        def submitted(request: Any) -> None:
            if request is None:
                return
            total = _size_of(request.path)
            screen.post_message(AttachProgress(0, total))
            self.write(_attach_job(case_id, request, self, lambda n: screen.post_message(AttachProgress(n, total))),
                       attached, lambda _error: screen.post_message(AttachProgress(-1, total)))

        def attached(found: tuple[Case, list[Any]]) -> None:
            from cases.privacy import mask_case_text
            from cases.evidence import size_text as _size

            case, files = found
            screen.post_message(AttachProgress(-1, 0))
            for item in files:
                name = mask_case_text(case, item.name)
                if item.outcome == "duplicate":
                    self.notify(tr("cli.evidence.add.duplicate", id=case.id, name=name, n=item.index),
                                severity="warning", timeout=8)
                elif item.outcome == "restored":
                    self.notify(tr("cli.evidence.add.restored", id=case.id, name=name, n=item.index,
                                   state=tr(f"cli.evidence.state.{item.state}")))
                else:
                    self.notify(tr("tui.attach.done", id=case.id, name=name, n=item.index,
                                   size=_size(item.copy.size)))
            if then is not None:
                then(case)

        self.read(lambda store: store.case(case_id), opened)

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

    def action_post_digest(self) -> None:
        """Post the reminder digest (``tousu notify``) to a group robot, after showing it."""
        from storage.outbound.reminders import make_digest
        from storage.vault import Vault

        now, lang = self.clock.now(), self.lang
        cutoff = now.shift(hours=24).timestamp()
        self.read(lambda store: (make_digest(store, now, lang, cutoff), Vault(store, None).references()[0]),
                  lambda found: self._digest_robot(*found))

    def _digest_robot(self, digest: Any, refs: list[Any]) -> None:
        from cases.credentials import ROBOT
        from tui.screens.pick import ChoiceScreen

        robots = [c for c in refs if c.kind == ROBOT]
        if digest.empty:
            self.notify(tr("tui.digest.nothing"))
            return
        if not robots:
            self.notify(tr("tui.digest.no_robot"), severity="warning", timeout=10)
            return
        from cases.credentials import CredentialError
        from storage.outbound.robots import pick_robot

        try:  # the only one, or the one the settings name (robot)
            self._digest_confirm(digest, pick_robot(robots, self.settings.effective("robot")[0], self.lang))
            return
        except CredentialError:
            pass
        options = [(f"{c.user}  {tr(f'tui.digest.service.{c.service}')}", c) for c in robots]
        self.push_screen(ChoiceScreen(tr("tui.digest.which_robot"), options),
                         lambda robot: robot is not None and self._digest_confirm(digest, robot))

    def _digest_confirm(self, digest: Any, robot_ref: Any) -> None:
        from storage.outbound import robots
        from storage.vault import Vault
        from tui.outbound_work import keyring_backend, run_outbound
        from tui.screens.closing import ConfirmScreen

        store, now = self.store, self.clock.now()

        def failed(reason: str) -> None:
            self.notify(reason, title=tr("tui.digest.failed", robot=robot_ref.user), severity="error", timeout=15)

        def opened(backend: Any) -> None:
            def job() -> None:
                secret = Vault(store, backend).secret(robot_ref, self.lang)
                robots.post(robots.parse_robot_secret(robot_ref.service, secret, self.lang), digest.title,
                            digest.text, now)

            run_outbound(self.screen, job, lambda _: self.notify(tr("tui.digest.posted", robot=robot_ref.user,
                                                                     overdue=digest.overdue, soon=digest.due_soon)),
                         failed)

        def answered(yes: bool | None) -> None:
            if yes:
                keyring_backend(self.screen, opened, failed)

        self.push_screen(ConfirmScreen(tr("tui.digest.ask", robot=robot_ref.user, text=digest.text)), answered)

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
        try:
            self.settings.save()
        except OSError as exc:
            self.notify(str(exc), title=tr("tui.settings.save_failed"), severity="warning", markup=False)
            return
        self.notify(tr("tui.lang.next_start", name=tr(f"tui.lang.name.{self.settings.lang}")))

    def action_quit(self) -> None:
        if self._writes and not self._quit_anyway:  # its result would be lost: ask once
            self._quit_anyway = True
            self.notify(tr("tui.quit.saving"), severity="warning")
            return
        self.exit(0)


def _log_entry(case: Case, entry: Any, lang: str) -> None:
    """The log form's entry on the stored case, under the lock: refused on a case closed
    meanwhile if it is a filing or an urge; a result that closes the case closes it."""
    from cases.closing import ClosingError, close_case
    from tui.screens.closing import ChangeRefused
    from tui.screens.log_form import refuse_on_closed

    try:
        refuse_on_closed(case, entry.event.kind, lang)
        if entry.close:
            close_case(case, entry.event, lang)
        else:
            case.add_event(entry.event)
    except ClosingError as exc:
        raise ChangeRefused(exc.message) from None


def _shown_key(action: str) -> str:
    from tui.commands import command

    return command(action).shown_key


def _size_of(path: str) -> int:
    import os

    try:
        return os.stat(path).st_size
    except OSError:
        return 0


#: Progress posted at most this often from a copy (a 1 MiB piece each time would be 200 for 200 MB).
PROGRESS_EVERY = 0.05


def _attach_job(case_id: str, request: Any, app: TousuApp, progress: Callable[[int], None]) -> Callable[[Store], Any]:
    """The copy and the record (storage.attach), off the UI thread; a refusal (the file
    went, the case was closed, the folder cannot be written) is a store refusal, said."""
    import time

    from storage.attach import AttachError, attach, check_source
    from tui.cli.cmd_evidence import attach_message
    from tui.screens.closing import ChangeRefused

    now = app.clock.now()
    last = [0.0]

    def report(n: int) -> None:
        tick = time.monotonic()
        if tick - last[0] >= PROGRESS_EVERY:
            last[0] = tick
            progress(n)

    def job(store: Store) -> Any:
        try:
            files = [check_source(request.path, request.name)]
            return attach(store, case_id, files, request.subject, request.note, now, report)
        except AttachError as exc:
            error = exc
            raise ChangeRefused(lambda lang: attach_message(lang, error)) from None

    return job


def _close_job(case_id: str, request: Any, app: TousuApp) -> Callable[[Store], Case]:
    """The write of a close dialog's request: the result recorded and the case closed, on
    the stored case under the lock (a ClosingError there writes nothing: ChangeRefused)."""
    from cases.closing import ClosingError, close_case, result_event
    from tui.screens.closing import ChangeRefused

    now, lang = app.clock.now(), app.lang

    def close(case: Case) -> None:
        try:
            event = result_event(case, request.outcome, now, refunded=request.refunded,
                                 refunded_on=request.on, said=request.note, lang=lang)
            close_case(case, event, lang)
        except ClosingError as exc:
            raise ChangeRefused(exc.message) from None

    return lambda store: store.update_case(case_id, close, by=app.volunteer, action="close")


def _reopen_job(case_id: str, note: str, app: TousuApp) -> Callable[[Store], Case]:
    from cases.closing import ClosingError, reopen_case
    from tui.screens.closing import ChangeRefused

    now, lang = app.clock.now(), app.lang

    def reopen(case: Case) -> None:
        try:
            reopen_case(case, now, note, lang)
        except ClosingError as exc:
            raise ChangeRefused(exc.message) from None

    return lambda store: store.update_case(case_id, reopen, by=app.volunteer, action="reopen")


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
                  *, debug: bool = False, settings: Settings | None = None) -> int:
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
        app = TousuApp(store, clock, lang=lang, settings=settings or Settings.load())
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
