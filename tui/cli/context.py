"""What every command needs: language, clock, store path; the store and its calendar on demand."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from cases.i18n import tr
from tui.cli.arguments import _clean, _shown
from tui.cli.constants import ENV_NOW
from tui.cli.errors import CliError, _message, _warn

if TYPE_CHECKING:  # pragma: no cover
    import argparse
    from datetime import date
    from types import SimpleNamespace
    from pathlib import Path

    import arrow

    from cases.clock import Clock
    from cases.practice import PracticeRules
    from cases.workdays import WorkCalendar
    from storage.settings import Settings
    from storage.store import Store


class Context:
    """What every command needs: language, clock, store path; the rest on demand."""

    def __init__(self, args: argparse.Namespace | SimpleNamespace, lang: str, env: dict[str, str] | os._Environ[str]) -> None:
        self.args = args
        self.lang = lang
        self.env = env
        self.clock = _make_clock(env, lang)
        self._settings: Settings | None = None
        from storage.paths import default_store_path, resolve_store_path

        self.store_path = resolve_store_path(getattr(args, "db", None), env, self.settings.store)
        self._chosen = self.store_path != default_store_path()
        self._store: Store | None = None
        self._now: arrow.Arrow | None = None

    @property
    def settings(self) -> Settings:
        """The user's settings (config.toml), read once per command."""
        if self._settings is None:
            from storage.settings import Settings

            self._settings = Settings.load()
        return self._settings

    @property
    def volunteer(self) -> str:
        """Who is doing it: ``TOUSU_USER``, the settings' ``user``, else the login name."""
        return self.settings.volunteer(self.env)

    def t(self, key: str, **values: object) -> str:
        return tr(key, self.lang, **values)

    @property
    def now(self) -> arrow.Arrow:
        if self._now is None:  # one instant for the whole command
            self._now = self.clock.now()
        return self._now

    @property
    def now_ts(self) -> float:
        """``now`` as a POSIX timestamp (computed once: it is asked per row)."""
        now_ts = getattr(self, "_now_ts", None)
        if now_ts is None:
            now_ts = self._now_ts = self.now.timestamp()
        return now_ts

    @property
    def today(self) -> date:
        """The current date in Asia/Shanghai (computed once: it is asked per row)."""
        today = getattr(self, "_today", None)
        if today is None:
            from cases.clock import TZ

            today = self._today = self.now.to(TZ).date()
        return today

    @property
    def calendar(self) -> WorkCalendar:
        """The store's working-day calendar (storage.schedule: the store's own schedule,
        else for a personal store the user's schedule file, else the holidays library)."""
        return self.open_store().calendar

    @property
    def practice(self) -> PracticeRules:
        """The store's practice rules (cases.practice: follow-up cadence, the platforms' own clocks)."""
        return self.open_store().practice

    @property
    def store_opened(self) -> bool:
        return self._store is not None

    def open_store(self, *, daily: bool = True) -> Store:
        """The store (opened once per command). ``daily``: make today's backup if none was
        made yet (storage.backup.daily_backup; a failure is a warning, never the command's)."""
        if self._store is None:
            from storage.calendar_cache import load_calendar_cache
            from storage.paths import schedule_file_path
            from storage.store import Store

            load_calendar_cache()
            self._store = Store.open(self.checked_store_path(), self.clock, schedule_file=schedule_file_path())
            if daily:
                self._daily_backup(self._store)
        return self._store

    def _daily_backup(self, store: Store) -> None:
        from storage.errors import StoreError

        try:
            store.daily_backup(self.now)
        except (OSError, StoreError) as exc:
            _warn(self.lang, self.t("cli.backup.daily_failed", message=_message(exc, self.lang)))

    def checked_store_path(self) -> Path:
        """The store path, once sure a store can be made there: a path chosen with ``--db`` or
        ``TOUSU_DB`` or the settings must be in a folder that exists (a typo must not start a new, empty store
        somewhere); the default folder is created when first needed."""
        folder = self.store_path.parent
        if self._chosen and not folder.is_dir():
            raise CliError(self.t("cli.error.db_folder_missing", path=_clean(str(self.store_path)),
                                  folder=_clean(str(folder))))
        return self.store_path


def _make_clock(env: dict[str, str] | os._Environ[str], lang: str) -> Clock:
    from cases.clock import FixedClock, SystemClock

    pinned = (env.get(ENV_NOW) or "").strip()
    if not pinned:
        return SystemClock()
    try:
        return FixedClock(pinned)
    except ValueError:
        raise CliError(tr("cli.error.bad_now", lang, value=_shown(pinned))) from None
