"""Setting up a store that several Unix accounts share (``tousu share DIR --group G``).

A shared store lives in a directory owned by a group, mode 2770: the setgid bit
makes every file created in it belong to that group, and tousu creates its files
there 0660 and keeps the mode and group of the files it rewrites
(:func:`storage.fsutil.perms_for`), so any member can read and write, and
nobody else can even list the folder. A member who should only read gets read
access to the group's files another way (e.g. a second group, or an ACL); tousu
then lets them list and open the dashboard and refuses their writes.

:func:`share` makes the directory (its parent must exist), gives it and any store
files already in it the group and modes, and creates the store. It also names
the ancestors the group cannot pass through (a home directory mode 0700), which
would keep the members out however the folder itself is set.
"""

from __future__ import annotations

import os
import stat as stat_mod
from dataclasses import dataclass, field
from pathlib import Path

from storage.errors import StoreError, detail
from storage.fsutil import SHARED_DIR_MODE, SHARED_FILE_MODE
from storage.paths import STORE_FILE

#: The files of a store at ``P`` besides ``P`` itself.
_SUFFIXES = ("", ".journal", ".lock")


class ShareError(StoreError):
    """The shared directory could not be set up (unknown group, not permitted, not a directory)."""

    code = "store.share_failed"


@dataclass
class Shared:
    """What :func:`share` set up."""

    directory: Path
    store: Path
    group: str
    gid: int
    blocked: list[Path] = field(default_factory=list)  # ancestors the group cannot traverse


def group_id(group: str) -> tuple[int, str]:
    """(gid, name) of a group given by name or number; ShareError if there is no such group."""
    import grp

    text = group.strip()
    try:
        entry = grp.getgrgid(int(text)) if text.isdigit() else grp.getgrnam(text)
    except (KeyError, OverflowError):
        if text.isdigit():  # a numeric group without a name is still a group
            return int(text), text
        raise ShareError(detail=detail("no_such_group", group=text)) from None
    return entry.gr_gid, entry.gr_name


def share(directory: Path, group: str) -> Shared:
    """Make ``directory`` a shared store folder for ``group`` and return what was set up.

    Idempotent: running it again on the same folder fixes modes and groups and
    changes nothing else. The store itself is created by opening it (the caller).
    """
    directory = Path(directory).expanduser().resolve()
    try:
        gid, name = group_id(group)
    except ShareError as exc:
        raise ShareError(directory, detail=exc.detail) from None
    if not directory.parent.is_dir():
        raise ShareError(directory, detail=detail("parent_missing", parent=directory.parent))
    try:
        os.mkdir(directory, 0o700)
    except FileExistsError:
        if not directory.is_dir():
            raise ShareError(directory, detail=detail("not_a_directory")) from None
    except OSError as exc:
        raise ShareError(directory, detail=exc.strerror or str(exc)) from None
    store = directory / STORE_FILE
    try:
        os.chown(directory, -1, gid)
        os.chmod(directory, SHARED_DIR_MODE)
        for suffix in _SUFFIXES:
            path = store.with_name(store.name + suffix)
            if path.is_file() and not path.is_symlink():
                os.chown(path, -1, gid)
                os.chmod(path, SHARED_FILE_MODE)
    except PermissionError:
        raise ShareError(directory, detail=detail("not_permitted", group=name)) from None
    except OSError as exc:
        raise ShareError(directory, detail=exc.strerror or str(exc)) from None
    return Shared(directory, store, name, gid, _blocked_ancestors(directory, gid))


def _blocked_ancestors(directory: Path, gid: int) -> list[Path]:
    """Ancestors of ``directory`` that members of ``gid`` cannot pass through."""
    blocked = []
    for ancestor in directory.parents:
        try:
            st = os.stat(ancestor)
        except OSError:
            continue
        mode = stat_mod.S_IMODE(st.st_mode)
        if not (mode & stat_mod.S_IXOTH or (st.st_gid == gid and mode & stat_mod.S_IXGRP)):
            blocked.append(ancestor)
    return blocked
