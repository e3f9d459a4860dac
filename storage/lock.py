"""The inter-process lock: ``fcntl.flock`` on ``P.lock`` (rules: ``storage/FORMAT.md``, "The lock").

A user who may only read the store (a volunteer with read access to a shared
one) opens the lock file read-only: ``flock`` needs no write access, so reading
never asks for more than reading. If the lock file is missing and cannot be
created by this user, :class:`LockUnavailable` says so; readers then read
without it (their lock-free read retries on a race).

flock is tied to the open file description, so the kernel drops it when the
holding process dies, however it dies (SIGKILL included). The lock file is
never deleted; if someone deletes it anyway, :meth:`FlockLock.acquire` notices
that the inode it locked is no longer the one at the path and tries again.

Why not ``filelock`` (which does the same with ``fcntl.flock`` on Unix): its
import is a noticeable share of a CLI ``tousu add``'s time, and this module is
the few lines tousu needs. tousu's store is POSIX-only anyway (``fchmod``,
directory fsync, setgid shared directories: :mod:`storage.fsutil`).

:class:`StoreLock` is what a storage holds: the flock taken once however
deeply its users nest, and the lock's failures as the store's errors.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storage.errors import StoreBusyError, StoreError
from storage.fsutil import FILE_MODE, apply_perms, perms_for


class LockTimeout(Exception):
    pass


class LockUnavailable(Exception):
    """The lock file does not exist and this user may not create it."""


class FlockLock:
    """A non-reentrant exclusive lock on a file; the caller counts nesting."""

    def __init__(self, path: Path, like: Path | None = None) -> None:
        self.path = path
        self.like = like  # the file whose mode and group a new lock file takes
        self._fd: int | None = None

    def acquire(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        delay = 0.0005
        while True:
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise LockTimeout(str(self.path)) from None
                time.sleep(delay)
                delay = min(delay * 2, 0.02)
                continue
            except BaseException:
                os.close(fd)
                raise
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
                return
            os.close(fd)  # the file was replaced or removed while we waited: lock the new one

    def _open(self) -> int:
        """The lock file, opened read-write (created if missing), or read-only for a reader."""
        common = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            return os.open(self.path, os.O_RDWR | common)
        except FileNotFoundError:
            pass
        except PermissionError:
            return os.open(self.path, os.O_RDONLY | common)
        except OSError as exc:
            if exc.errno != errno.EROFS:
                raise
            return os.open(self.path, os.O_RDONLY | common)
        perms = perms_for(self.path, self.like)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | common, FILE_MODE)
        except PermissionError:
            raise LockUnavailable(str(self.path)) from None
        try:
            apply_perms(fd, perms, self.path)
        except OSError:
            pass  # another user created it meanwhile, or a group we are not in: the lock still works
        return fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the only descriptor releases the flock


class StoreLock:
    """The lock of one store, held once across nested uses (the caller serialises threads)."""

    def __init__(self, store: Path, lock: Path, timeout: float) -> None:
        self.store = store
        self.timeout = timeout
        self.depth = 0  # nesting of :meth:`hold`
        self._flock = FlockLock(lock, like=store)

    @property
    def held(self) -> bool:
        return self.depth > 0

    @contextmanager
    def hold(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the lock (waiting up to ``timeout``, default the store's) until the block ends.

        Raises :class:`StoreBusyError` on a timeout. A reader that may not create a
        missing lock file goes on without it (its lock-free reads retry on a race).
        """
        if self.depth == 0:
            wait = self.timeout if timeout is None else timeout
            try:
                self._flock.acquire(wait)
            except LockTimeout:
                raise StoreBusyError(self.store, seconds=wait) from None
            except LockUnavailable:
                pass
            except OSError as exc:
                raise StoreError(self._flock.path, detail=str(exc)) from None
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
            if self.depth == 0:
                self._flock.release()
