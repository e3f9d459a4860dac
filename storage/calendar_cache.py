"""Keep the working-day flags computed from the ``holidays`` package between runs.

Importing ``holidays`` and building its first China calendar costs ~120 ms on
this machine, more than a quarter of the dashboard's start-up budget. The flags
are a few hundred bytes a year, so they are cached in the user cache directory
(``workdays.json``) and seeded at start-up; a cache from another holidays
version, or a damaged one, is ignored and rewritten. It is a cache: losing it
costs time, never correctness, so failures to read or write it are silent.
"""

from __future__ import annotations

import json
from pathlib import Path

from cases.workdays import export_library_cache, load_library_cache
from storage.fsutil import atomic_write, make_private_dirs
from storage.paths import calendar_cache_path


def load_calendar_cache(path: Path | str | None = None) -> bool:
    path = Path(path) if path is not None else calendar_cache_path()
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return load_library_cache(data)


def save_calendar_cache(path: Path | str | None = None) -> bool:
    """Write the flags computed since the last load or save; False if nothing was new or writing failed."""
    data = export_library_cache()
    if data is None:
        return False
    path = Path(path) if path is not None else calendar_cache_path()
    try:
        make_private_dirs(path.parent)
        atomic_write(path, json.dumps(data).encode("utf-8"))
    except OSError:
        return False
    return True
