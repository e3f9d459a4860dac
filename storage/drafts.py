"""Submission texts saved to files: the fallback when the terminal has no clipboard.

A draft may hold revealed personal data, so it is written like the store:
atomically, mode 0600, in a 0700 directory.
"""

from __future__ import annotations

import re
from pathlib import Path

import arrow

from storage.fsutil import atomic_write, make_private_dirs
from storage.paths import drafts_dir

_UNSAFE = re.compile(r"[^0-9A-Za-z._-]+")


def draft_name(case_id: str, channel: str, kind: str, at: arrow.Arrow) -> str:
    stem = "-".join(_UNSAFE.sub("_", part) for part in (case_id, channel, kind))
    return f"{stem}-{at.format('YYYYMMDD-HHmmss')}.txt"


def save_draft(text: str, case_id: str, channel: str, kind: str, at: arrow.Arrow,
               directory: Path | None = None) -> Path:
    """Write ``text`` to a new file in ``directory`` (default: the drafts folder); return its path."""
    folder = directory if directory is not None else drafts_dir()
    make_private_dirs(folder)
    path = folder / draft_name(case_id, channel, kind, at)
    atomic_write(path, text.encode("utf-8"))
    return path
