"""Store work off the UI thread: thread workers whose results come back as typed messages.

Anything that calls the Store can wait: for the inter-process lock (another
``tousu`` writing or compacting, up to the store's lock timeout), for a poll
that catches up with another process, or for a case with 10,000 timeline
entries. The Store serialises its callers with one mutex, so even a read waits
while a write of this process waits for the lock. None of it may run on the UI
thread, or keys, scrolling and the filter freeze meanwhile.

Two shapes:

- a :class:`Lane` for reads whose latest request is the only one that matters
  (the summaries, a case to open, the dashboard's hint, the detail): one thread
  at a time; a request made while it runs waits, and a newer request replaces
  a waiting one. Results carry the token of their request and a stale one is
  dropped (:meth:`Lane.current`). Why not ``exclusive=True``: a thread worker
  cannot be interrupted, so cancelling one leaves its thread blocked on the
  store's mutex and starts another behind it; a held lock would pile threads up
  in the default executor (six on two cores) until unrelated work queues too.
- writes (``TousuApp.write``): each runs exactly once, in its own worker, never
  replaced nor cancelled; its result or its error comes back as a message.

The app counts what is in flight (``TousuApp.busy``, from :class:`BusyChanged`)
and shows the busy mark once that has lasted a moment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.message_pump import MessagePump
from textual.worker import get_current_worker

from storage.errors import StoreError

if TYPE_CHECKING:
    from textual.widget import Widget


class BusyChanged(Message):
    """Store work began (+1) or ended (-1); posted to the app."""

    def __init__(self, delta: int) -> None:
        super().__init__()
        self.delta = delta


class LaneMessage(Message):
    """The result of a :class:`Lane`'s job; the lane stamps its name and token."""

    def __init__(self) -> None:
        super().__init__()
        self.lane: Lane | None = None
        self.token = 0

    @property
    def wanted(self) -> bool:
        """It answers its lane's latest request (else it is stale: drop it)."""
        return self.lane is not None and self.lane.current(self)


class StoreFailed(LaneMessage):
    """A lane's job raised a store error. It bubbles up to the app, which says why
    (if it is still wanted) unless the owner handles it and stops it."""

    def __init__(self, error: StoreError) -> None:
        super().__init__()
        self.error = error

    def claimed_by(self, lane: Lane, lang: str) -> str | None:
        """For the owner of ``lane``: the error's message when this failure is that lane's and
        still wanted (the message is stopped: the owner says it), else None (another lane's
        failure, left to bubble; or an outdated one of this lane, stopped and dropped)."""
        if self.lane is not lane:
            return None
        self.stop()
        return self.error.message(lang) if self.wanted else None

    def said_by(self, lane: Lane, owner: Widget) -> str | None:
        """As :meth:`claimed_by`, and when the failure is the owner's to say, said: an error
        notification from ``owner`` (a screen), in plain text. The message, or None."""
        text = self.claimed_by(lane, owner.app.lang)
        if text is not None:
            owner.notify(text, severity="error", markup=False)
        return text


class Lane:
    """One kind of read at a time, latest request wins. Owned by a DOM node (a screen
    or the app): its workers are that node's, and results are posted to it."""

    def __init__(self, owner: MessagePump, name: str) -> None:
        self.owner = owner
        self.name = name
        self.token = 0  # of the latest request; only the UI thread changes it
        self._lock = threading.Lock()
        self._waiting: tuple[int, Callable[[], LaneMessage | None]] | None = None
        self._running = False

    @property
    def busy(self) -> bool:
        """A job runs or waits."""
        with self._lock:
            return self._running

    def request(self, job: Callable[[], LaneMessage | None]) -> int:
        """Run ``job`` in a worker thread (UI thread only); returns its token. The
        message it returns is posted to the owner; a StoreError becomes StoreFailed."""
        self.token += 1
        with self._lock:
            self._waiting = (self.token, job)
            if self._running:
                return self.token
            self._running = True
        app = self.owner.app
        app.post_message(BusyChanged(+1))
        self.owner.run_worker(partial(self._drain, app), name=self.name, group=f"lane-{self.name}",
                              thread=True, exclusive=False)
        return self.token

    def current(self, message: LaneMessage) -> bool:
        """Whether ``message`` answers this lane's latest request (else drop it)."""
        return message.lane is self and message.token == self.token

    def _drain(self, app: MessagePump) -> None:
        """Worker thread: run the waiting job until none waits."""
        try:
            while True:
                with self._lock:
                    if self._waiting is None:
                        self._running = False
                        return
                    (token, job), self._waiting = self._waiting, None
                try:
                    message = job()
                except StoreError as exc:
                    message = StoreFailed(exc)
                if message is not None and not get_current_worker().is_cancelled:
                    message.lane, message.token = self, token
                    self.owner.post_message(message)
        except BaseException:
            with self._lock:
                self._running = False
            raise
        finally:
            app.post_message(BusyChanged(-1))


class Written(Message):
    """A write succeeded: ``done(value)`` runs on the UI thread."""

    def __init__(self, value: Any, done: Callable[[Any], None] | None) -> None:
        super().__init__()
        self.value = value
        self.done = done


class WriteFailed(Message):
    """A write raised a store error: the app says why, then ``failed(error)``."""

    def __init__(self, error: StoreError, failed: Callable[[StoreError], None] | None) -> None:
        super().__init__()
        self.error = error
        self.failed = failed
