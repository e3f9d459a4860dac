"""The app's store glue: the poll each tick, reads and writes in workers, the busy mark,
store errors said (:mod:`tui.store_work` holds the lanes and messages it uses).

A mixin of :class:`tui.app.TousuApp`: ``self`` is the app (``store``, ``clock``, ``lang``,
the ``busy`` reactives). Message handlers are ``on_*`` methods, which Textual finds on
every class of the app's MRO (``@on`` only registers on DOM classes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual import work
from textual.message import Message

from cases.i18n import tr
from storage.errors import ConflictError, StoreError
from tui.store_work import BusyChanged, LaneMessage, StoreFailed, WriteFailed, Written

if TYPE_CHECKING:  # pragma: no cover
    from storage.store import Store

T = TypeVar("T")

#: Store work shorter than this shows no busy mark (no flicker for every poll).
BUSY_MARK_AFTER = 0.15


class Polled(LaneMessage):
    """A poll of the store ended: ``changed`` when another process wrote meanwhile."""

    def __init__(self, changed: bool) -> None:
        super().__init__()
        self.changed = changed


class Upkept(Message):
    """The dashboard's upkeep write ended (:meth:`AppStore.upkeep`), done or refused."""


class Read(LaneMessage):
    """A read for an action (open, edit, log, escalate): ``use(value)`` on the UI thread."""

    def __init__(self, value: Any, use: Callable[[Any], Any]) -> None:
        super().__init__()
        self.value = value
        self.use = use


class AppStore:
    """The store work of the app (mixed into TousuApp)."""

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

    def on_polled(self, message: Polled) -> None:
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

    def on_store_failed(self, message: StoreFailed) -> None:
        if message.lane is self._poll:
            self.report(message.error)
            self._tell_tick(False)
        elif message.wanted:
            self.report(message.error)

    def on_dashboard_screen_loaded(self) -> None:
        """The dashboard has read every case: the upkeep that waited for it (not in tests
        that drive the clock by hand, ``tick_seconds=0``)."""
        if self._tick_seconds > 0:
            self.upkeep()

    def upkeep(self) -> None:
        """Store work that can wait for the list, in one write: today's backup of a store
        this user may write (storage.backup; the first start of a day copies the store, so
        never before the first frame; a copy that fails is a warning), and the deadlines the
        list recomputed stored when the store's were made with older rules or another
        calendar (``Store.catch_up``: the next start reads them instead of computing them)."""
        now = self.clock.now()

        def job(store: Store) -> OSError | None:
            if not store.writable:
                return None
            error = None
            try:
                store.daily_backup(now)
            except OSError as exc:
                error = exc
            store.catch_up()
            return error

        self.write(job, done=self._upkeep_done, failed=lambda _error: self.post_message(Upkept()))

    def _upkeep_done(self, error: OSError | None) -> None:
        if error is not None:
            self.notify(tr("cli.backup.daily_failed", message=str(error)), severity="warning", markup=False)
        self.post_message(Upkept())

    def read(self, job: Callable[[Store], T], use: Callable[[T], Any]) -> None:
        """Read off the UI thread, then ``use(value)`` on it. The latest request wins: an
        action asked for before it is dropped. A store error is said, ``use`` not called."""
        store = self.store
        self._reads.request(lambda: Read(job(store), use))

    def on_read(self, message: Read) -> None:
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

    def on_written(self, message: Written) -> None:
        self._wrote()
        if message.done is not None:
            message.done(message.value)

    def on_write_failed(self, message: WriteFailed) -> None:
        self._wrote()
        self.report(message.error)
        if message.failed is not None:
            message.failed(message.error)

    def _wrote(self) -> None:
        self._writes -= 1
        self._quit_anyway = False
