"""Backups of a store: copies of its snapshot and journal in a folder beside it.

For a store at ``P`` (the snapshot ``P``, its journal ``P.journal``, its lock
``P.lock``) the backups are in ``P.backups/``, one pair of files each::

    P.backups/20261201-104500-daily.json
    P.backups/20261201-104500-daily.json.journal

The name says when (the clock's local time) and why: ``daily`` (the first
command of a day on a writable store, :func:`daily_backup`), ``manual``
(``tousu backup``), ``migration`` (before a store of an earlier schema is
upgraded, :mod:`storage.migrations`), ``import`` (before ``tousu import``
replaces a store), ``repair`` (before ``tousu doctor --repair``) and
``restore`` (the state a ``tousu restore`` replaced). A backup is itself a
store (its journal sits beside its snapshot under the store's naming rule),
so ``tousu doctor --db`` checks one and ``tousu restore`` reads it as tousu
reads any store.

Consistency: the two files are copied while holding the store's lock (an
empty transaction: refresh, copy, commit nothing), so no writer appends or
compacts in between. The journal is copied first and the snapshot last, each
atomically (temporary file, fsync, rename): a backup is listed only once its
snapshot exists, and then its journal is complete. Copying bytes is cheap next to
loading and re-encoding the documents.

Permissions: the copies take the snapshot's mode and group
(:func:`storage.fsutil.perms_for`), so a shared store's backups are readable by
the same group and nobody else. The folder is 0700, group-accessible (and
setgid) when the store's folder is shared or the snapshot is group-readable.

Rotation: a daily backup and ``tousu backup`` prune the oldest beyond
:data:`KEEP` (``--keep N``), whatever made them; the backups made before a
change (migration, import, repair, restore) prune nothing, so the one just
made and the one being restored both stay. The daily one is made at most once per calendar day:
any backup made that day counts, found by one listing of the folder.
"""

from __future__ import annotations

import os
import re
import stat as stat_mod
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from storage.fsutil import (
    DIR_MODE,
    SHARED_DIR_MODE,
    atomic_write,
    fsync_dir,
    is_shared_dir,
    perms_for,
    read_bytes_from,
)

if TYPE_CHECKING:  # pragma: no cover
    from datetime import datetime

    from storage.journal_storage import JournalStorage

KEEP = 7
FOLDER_SUFFIX = ".backups"
SNAPSHOT_SUFFIX = ".json"
JOURNAL_SUFFIX = ".journal"
REASONS = ("daily", "manual", "migration", "import", "repair", "restore")
_NAME = re.compile(r"^(\d{8})-(\d{6})-([a-z]+)(?:-(\d+))?$")


@dataclass(frozen=True)
class Backup:
    """One backup: ``path`` is its snapshot, its journal is beside it."""

    path: Path
    day: str  # YYYYmmdd
    time: str  # HHMMSS
    reason: str

    @property
    def name(self) -> str:
        return self.path.name[: -len(SNAPSHOT_SUFFIX)]

    @property
    def journal_path(self) -> Path:
        return self.path.with_name(self.path.name + JOURNAL_SUFFIX)

    @property
    def when(self) -> str:
        """``YYYY-mm-dd HH:MM:SS``, for people."""
        d, t = self.day, self.time
        return f"{d[:4]}-{d[4:6]}-{d[6:]} {t[:2]}:{t[2:4]}:{t[4:]}"

    @property
    def size(self) -> int:
        """Bytes of the snapshot and the journal together."""
        return sum(p.stat().st_size for p in (self.path, self.journal_path) if p.exists())

    def files(self) -> list[Path]:
        """Every file of the backup: snapshot, journal, and a lock if a reader left one."""
        return [self.path, self.journal_path, self.path.with_name(self.path.name + ".lock")]


def folder_of(store_path: Path) -> Path:
    """Where the backups of the store at ``store_path`` are."""
    path = Path(store_path)
    return path.with_name(path.name + FOLDER_SUFFIX)


def list_backups(store_path: Path) -> list[Backup]:
    """The store's backups, oldest first (none if the folder is missing)."""
    folder = folder_of(store_path)
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    found = []
    for file_name in names:
        if not file_name.endswith(SNAPSHOT_SUFFIX):
            continue
        match = _NAME.match(file_name[: -len(SNAPSHOT_SUFFIX)])
        if match:
            found.append(Backup(folder / file_name, match.group(1), match.group(2), match.group(3)))
    found.sort(key=_age)
    return found


def _age(backup: Backup) -> tuple[str, str, int]:
    """Sort key: the time in the name, then (made within one second) the file's own time."""
    try:
        made = os.stat(backup.path).st_mtime_ns
    except FileNotFoundError:
        made = 0
    return backup.day, backup.time, made


def find_backup(store_path: Path, given: str) -> Backup | None:
    """The backup named ``given`` (as listed, with or without ``.json``) or at path ``given``."""
    name = given[: -len(SNAPSHOT_SUFFIX)] if given.endswith(SNAPSHOT_SUFFIX) else given
    for backup in list_backups(store_path):
        if backup.name == name:
            return backup
    path = Path(given).expanduser()
    match = _NAME.match(path.name[: -len(SNAPSHOT_SUFFIX)]) if path.name.endswith(SNAPSHOT_SUFFIX) else None
    if match and path.is_file():
        return Backup(path.resolve(), match.group(1), match.group(2), match.group(3))
    return None


def make_backup(storage: JournalStorage, now: datetime, reason: str) -> Backup:
    """Copy the store (under its lock) into a new backup (see the module docstring)."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    store_path = storage.path
    folder = _make_folder(store_path)
    stamp = now.strftime("%Y%m%d-%H%M%S")
    with storage.transaction():  # holds the lock; commits nothing
        name, n = f"{stamp}-{reason}", 1
        while (folder / (name + SNAPSHOT_SUFFIX)).exists():
            n += 1
            name = f"{stamp}-{reason}-{n}"
        target = folder / (name + SNAPSHOT_SUFFIX)
        perms = perms_for(store_path)
        journal = read_bytes_from(storage.journal_path, 0)
        atomic_write(target.with_name(target.name + JOURNAL_SUFFIX), journal[0] if journal else b"", perms=perms)
        snapshot = read_bytes_from(store_path, 0)
        assert snapshot is not None  # an open store has its snapshot
        atomic_write(target, snapshot[0], perms=perms)
    return Backup(target, stamp[:8], stamp[9:], reason)


def prune(store_path: Path, keep: int) -> list[Backup]:
    """Remove all but the newest ``keep`` backups; returns those removed."""
    backups = list_backups(store_path)
    gone = backups[: max(len(backups) - keep, 0)]
    for backup in gone:
        for path in backup.files():  # the snapshot first: it is what makes a backup listed
            try:
                os.unlink(path)
            except FileNotFoundError:
                pass
    if gone:
        fsync_dir(folder_of(store_path))
    return gone


def daily_backup(storage: JournalStorage, now: datetime, *, keep: int = KEEP) -> Backup | None:
    """Make today's backup if none was made today, the store may be written and it holds
    anything (an empty store needs none); the backup made, or None."""
    meta = storage.meta
    if meta.get("next_case", 1) == 1 and meta.get("next_group", 1) == 1:
        return None
    today = now.strftime("%Y%m%d")
    if any(b.day == today for b in list_backups(storage.path)) or not storage.writable:
        return None
    made = make_backup(storage, now, "daily")
    prune(storage.path, keep)
    return made


def _make_folder(store_path: Path) -> Path:
    """The backups folder, created if missing: private, or for the group when the store is."""
    folder = folder_of(store_path)
    if folder.is_dir():
        return folder
    shared = is_shared_dir(store_path.parent)
    group = bool(stat_mod.S_IMODE(os.stat(store_path).st_mode) & 0o060)
    mode = SHARED_DIR_MODE if shared or group else DIR_MODE
    try:
        os.mkdir(folder, DIR_MODE)
    except FileExistsError:
        return folder
    os.chmod(folder, mode)  # (mkdir's mode is cut by the umask)
    if mode != DIR_MODE:
        try:
            os.chown(folder, -1, os.stat(store_path).st_gid)
        except PermissionError:
            pass  # not a member of the store's group: the folder keeps ours
    fsync_dir(store_path.parent)
    return folder
