"""Evidence files: copies kept beside the store, hashed while they are copied, checked later.

Layout. For a store at ``P`` (its resolved path, ``Store.path``) the evidence folder
is ``P.evidence``, with one folder per case named by its id::

    P.evidence/<case id>/<first 16 hex digits of the SHA-256>-<safe name>
    e.g. tousu.json.evidence/K-0001/3f2a9c0e1b7d4e5f-支付宝账单.png

``EvidenceItem.path`` is the part below ``P.evidence`` ("K-0001/3f2a…-支付宝账单.png"),
so a store moved together with its evidence folder still finds its files, and the
folder may be a symlink to another disk. The digest prefix keeps two different
files of one name apart and tells which record a file belongs to; the rest is the
file's own name made safe (:func:`safe_name`). Should that name be taken (a copy
left by a crash between placing a file and saving its case), the next free
``<prefix>-2-<name>``, ``-3-`` … is used: a placed file never belongs to two records,
so removing it when its case update fails never takes another record's file.

Copying (:func:`copy_in`) streams: 1 MiB at a time is read, hashed (SHA-256) and
written to a temporary ``.incoming-<pid>-<random>`` in the case's folder, which is
then fsynced; the file is never whole in memory (a 200 MB video costs one 1 MiB
buffer). :func:`place` renames it to its final name; the caller does that under the
store's lock (``Store.update_case``), so two processes never pick the same name,
and fsyncs the folder (:func:`storage.fsutil.fsync_dir`). Temporaries a crashed copy
left behind (untouched for an hour) are removed by the next copy into that folder.

Permissions follow the store (:mod:`storage.fsutil`): a file gets the mode and group
of the store's snapshot (``perms_for(file, like=P)``: 0600 for a personal store, 0660
and the folder's group in a shared one); a new folder is 0700, or 2770 in the store
folder's group when the store folder is shared (setgid, ``tousu share``). Folders
that exist keep their mode.

Checking (:func:`check`) re-hashes the stored copy the same streaming way; a size
other than the recorded one is a change without reading the file. Paths of items
recorded by hand in older stores may be absolute; they are read where they point.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import stat as stat_mod
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

from cases.sanitize import clean_text
from storage.fsutil import (
    DIR_MODE,
    FILE_MODE,
    SHARED_DIR_MODE,
    apply_perms,
    fsync_dir,
    is_shared_dir,
    perms_for,
    write_all,
)

SUFFIX = ".evidence"
CHUNK = 1 << 20  # bytes read, hashed and written at a time
PREFIX_HEX = 16  # digest digits in a stored file's name
MAX_NAME_BYTES = 120  # of the safe name (the file system allows 255 with the prefix)
MAX_EXTENSION = 16  # characters of an extension kept whole when a name is shortened
STALE_SECONDS = 3600  # a temporary untouched this long belongs to a crashed copy
_INCOMING = ".incoming-"
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
#: Characters replaced in stored names: path separators, what Windows refuses, controls.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


class Problem(StrEnum):
    """Why a file cannot be added."""

    MISSING = "missing"
    DIRECTORY = "directory"
    NOT_REGULAR = "not_regular"
    UNREADABLE = "unreadable"
    EMPTY = "empty"


class SourceError(Exception):
    """A file given to add that cannot be (``problem``; ``reason`` the system's words, if any)."""

    def __init__(self, path: Path, problem: Problem, reason: str = "") -> None:
        self.path = path
        self.problem = problem
        self.reason = reason
        super().__init__(f"{path}: {problem.value}{': ' + reason if reason else ''}")


class Found(StrEnum):
    """What :func:`check` found of a stored copy."""

    OK = "ok"
    CHANGED = "changed"
    MISSING = "missing"
    UNREADABLE = "unreadable"
    UNRECORDED = "unrecorded"  # no SHA-256 was recorded: nothing to compare with

    @property
    def bad(self) -> bool:
        return self in (Found.CHANGED, Found.MISSING, Found.UNREADABLE)


@dataclass(frozen=True)
class Checked:
    found: Found
    path: Path | None = None  # the stored copy looked at
    sha256: str = ""  # its digest now (when it was read)
    size: int | None = None  # its size now (when it could be seen)
    reason: str = ""  # the system's words, for UNREADABLE


@dataclass
class Incoming:
    """A file copied into a case's folder under a temporary name, with its digest and size."""

    temp: Path
    sha256: str
    size: int


# ---------------------------------------------------------------------- where
def root_for(store_path: Path) -> Path:
    """The evidence folder of the store at ``store_path`` (``P.evidence``)."""
    return store_path.with_name(store_path.name + SUFFIX)


def stored_path(root: Path, item_path: str) -> Path:
    """Where the copy an item names is: below ``root``, or where an absolute path points."""
    path = Path(item_path)
    return path if path.is_absolute() else root / path


def is_own_copy(item_path: str, case_id: str) -> bool:
    """Whether ``item_path`` is a copy this module placed for ``case_id`` (``<case id>/<name>``)."""
    parts = PurePosixPath(item_path).parts
    return len(parts) == 2 and parts[0] == case_id and parts[1] not in ("", ".", "..")


def safe_name(name: str) -> str:
    """``name`` as the last part of a stored file's name: no separators, controls, bidi
    characters or characters Windows refuses; no leading dots or trailing dots and spaces;
    NFC; at most :data:`MAX_NAME_BYTES` bytes of UTF-8 with its extension kept."""
    text = unicodedata.normalize("NFC", clean_text(name))
    text = " ".join(_UNSAFE.sub("_", text).split()).strip(" .")
    stem, dot, ext = text.rpartition(".")
    if not dot or not stem or len(ext) > MAX_EXTENSION:
        stem, ext = text, ""
    else:
        ext = "." + ext
    room = MAX_NAME_BYTES - len(ext.encode())
    stem = stem.encode()[:room].decode("utf-8", "ignore").rstrip(" .")
    return (stem or "file") + ext


def case_folder(store_path: Path, case_id: str) -> Path:
    """The case's folder, made (with the store folder's sharing, see the module docstring)
    together with the evidence folder when missing. NotADirectoryError if either is a file."""
    root = root_for(store_path)
    try:
        gid = os.stat(store_path.parent).st_gid if is_shared_dir(store_path.parent) else None
    except OSError:
        gid = None
    _make_dir(root, gid)
    folder = root / case_id
    _make_dir(folder, gid)
    return folder


def remove_case_folder(store_path: Path, case_id: str) -> bool:
    """Remove a purged case's folder and the copies in it (``tousu purge``); False if there
    was none. Ids are never reused, so the folder held that case's files only. A folder
    that is a symlink is left alone (its target may hold other things): only the link goes.
    OSError if something in it cannot be removed."""
    import shutil

    if not case_id or case_id in (".", "..") or "/" in case_id:
        raise ValueError(f"not a case id: {case_id!r}")
    folder = root_for(store_path) / case_id
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return False
    if stat_mod.S_ISDIR(st.st_mode):
        shutil.rmtree(folder)
    else:
        os.unlink(folder)
    fsync_dir(folder.parent)
    return True


def _make_dir(path: Path, gid: int | None) -> None:
    try:
        os.mkdir(path, DIR_MODE)
    except FileExistsError:
        if not path.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path)) from None
        return
    if gid is not None:
        os.chown(path, -1, gid)  # the setgid parent gave it already: a no-op, unless it was changed
        os.chmod(path, SHARED_DIR_MODE)  # mkdir's mode passes the umask; 2770 is meant
    fsync_dir(path.parent)


# ---------------------------------------------------------------------- adding
def examine(path: Path) -> os.stat_result:
    """Check a file to add before anything is copied; :class:`SourceError` says why not."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise SourceError(path, Problem.MISSING) from None
    except OSError as exc:
        raise SourceError(path, Problem.UNREADABLE, exc.strerror or str(exc)) from None
    if stat_mod.S_ISDIR(st.st_mode):
        raise SourceError(path, Problem.DIRECTORY)
    if not stat_mod.S_ISREG(st.st_mode):
        raise SourceError(path, Problem.NOT_REGULAR)
    if not os.access(path, os.R_OK):
        raise SourceError(path, Problem.UNREADABLE)
    if st.st_size == 0:
        raise SourceError(path, Problem.EMPTY)
    return st


def copy_in(source: Path, folder: Path, store_path: Path,
            progress: Callable[[int], None] | None = None) -> Incoming:
    """Copy ``source`` into ``folder`` under a temporary name, hashing as it goes; fsynced.
    The copy gets the mode and group of the store's snapshot (``perms_for(copy, like=store)``).
    ``progress(bytes so far)`` is called after each piece (a progress bar's feed).

    The temporary is removed again if anything fails; :class:`SourceError` when the
    source cannot be read, OSError when the copy cannot be written."""
    src = _open_regular(source)
    try:
        remove_stale_incoming(folder)
        temp = folder / f"{_INCOMING}{os.getpid()}-{secrets.token_hex(4)}"
        perms = perms_for(temp, like=store_path)
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
        try:
            apply_perms(fd, perms, temp)
            try:
                digest, size = _stream(src, fd, progress)
            except _ReadError as exc:
                raise SourceError(source, Problem.UNREADABLE, exc.reason) from None
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            unlink_quietly(temp)
            raise
        os.close(fd)
    finally:
        os.close(src)
    return Incoming(temp, digest, size)


def _open_regular(source: Path) -> int:
    # O_NONBLOCK: a FIFO put in the file's place after examine() must not hang the open.
    try:
        fd = os.open(source, _OPEN_FLAGS)
    except (FileNotFoundError, NotADirectoryError):
        raise SourceError(source, Problem.MISSING) from None
    except IsADirectoryError:
        raise SourceError(source, Problem.DIRECTORY) from None
    except OSError as exc:
        raise SourceError(source, Problem.UNREADABLE, exc.strerror or str(exc)) from None
    if not stat_mod.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise SourceError(source, Problem.NOT_REGULAR)
    return fd


def place(incoming: Incoming, folder: Path, name: str) -> Path:
    """Rename a copied file to ``<prefix>-<name>`` in ``folder`` (the next free
    ``<prefix>-<n>-<name>`` if taken) and return its path. Call under the store's lock;
    fsync the folder afterwards."""
    prefix = incoming.sha256[:PREFIX_HEX]
    n = 1
    while True:
        final = folder / (f"{prefix}-{name}" if n == 1 else f"{prefix}-{n}-{name}")
        if not os.path.lexists(final):
            os.replace(incoming.temp, final)
            return final
        n += 1


def restore(incoming: Incoming, target: Path) -> None:
    """Put a copy whose digest matches a record's back in the place of its missing or changed copy."""
    os.replace(incoming.temp, target)
    fsync_dir(target.parent)


def remove_stale_incoming(folder: Path) -> None:
    """Remove temporaries of copies that crashed (not written to for :data:`STALE_SECONDS`)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    limit = time.time() - STALE_SECONDS  # file ages: the file system's clock, not the case clock
    for entry in entries:
        if entry.name.startswith(_INCOMING):
            try:
                if entry.is_file(follow_symlinks=False) and entry.stat(follow_symlinks=False).st_mtime < limit:
                    os.unlink(entry.path)
            except OSError:
                pass


def unlink_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# ---------------------------------------------------------------------- checking
def check(root: Path, item_path: str, sha256: str, size: int = 0) -> Checked:
    """Compare the stored copy an item names with its recorded digest (and size, if known)."""
    if not sha256:
        return Checked(Found.UNRECORDED)
    if not item_path.strip():
        return Checked(Found.MISSING)
    path = stored_path(root, item_path)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except (FileNotFoundError, NotADirectoryError):
        return Checked(Found.MISSING, path)
    except OSError as exc:
        return Checked(Found.UNREADABLE, path, reason=exc.strerror or str(exc))
    try:
        st = os.fstat(fd)
        if not stat_mod.S_ISREG(st.st_mode):
            return Checked(Found.UNREADABLE, path, reason=os.strerror(errno.EISDIR if stat_mod.S_ISDIR(st.st_mode)
                                                                      else errno.EINVAL))
        if size and st.st_size != size:
            return Checked(Found.CHANGED, path, size=st.st_size)
        try:
            digest, read = _stream(fd)
        except _ReadError as exc:
            return Checked(Found.UNREADABLE, path, reason=exc.reason)
    finally:
        os.close(fd)
    found = Found.OK if digest == sha256.strip().lower() else Found.CHANGED
    return Checked(found, path, digest, read)


def sha256_of(path: Path) -> tuple[str, int]:
    """(hex digest, size) of a file, read in :data:`CHUNK` pieces."""
    fd = os.open(path, _OPEN_FLAGS)
    try:
        return _stream(fd)
    finally:
        os.close(fd)


class _ReadError(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def _stream(src: int, sink: int | None = None,
            progress: Callable[[int], None] | None = None) -> tuple[str, int]:
    """Read ``src`` to its end in :data:`CHUNK` pieces, hashing each (and writing it to
    ``sink``; ``progress(bytes so far)`` after each); returns (hex digest, bytes read).
    A failed read is :class:`_ReadError`."""
    digest = hashlib.sha256()
    buffer = bytearray(CHUNK)
    view = memoryview(buffer)
    size = 0
    with open(src, "rb", buffering=0, closefd=False) as reader:
        while True:
            try:
                n = reader.readinto(buffer)
            except OSError as exc:
                raise _ReadError(exc.strerror or str(exc)) from None
            if not n:
                break
            chunk = view[:n]
            digest.update(chunk)
            if sink is not None:
                write_all(sink, chunk)
            size += n
            if progress is not None:
                progress(size)
    return digest.hexdigest(), size
