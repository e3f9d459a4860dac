"""The store file as another program sees it: through the storage layer, not through a ``Store``.

Tests use it to write what tousu itself never writes (a damaged document, a summary as an
earlier tousu left it) and to look at what the file holds now. A ``Store`` already open sees
such a change after :meth:`storage.store.Store.poll`, as a dashboard does on its timer.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from storage.journal_storage import JournalStorage


@contextmanager
def _opened(path: Path | str) -> Iterator[JournalStorage]:
    storage = JournalStorage(Path(path))
    storage.open()
    try:
        yield storage
    finally:
        storage.close()


@contextmanager
def another_program(path: Path | str) -> Iterator[JournalStorage]:
    """A storage of its own on the store at ``path``, inside one transaction: what it puts and
    deletes is one journal line, written when the block ends."""
    with _opened(path) as storage, storage.transaction():
        yield storage


def on_disk(path: Path | str, table: str, key: str | None = None) -> Any:
    """What the file at ``path`` holds now: the document ``key`` of ``table`` (None if there is
    none), or without ``key`` the whole table (key → document)."""
    with _opened(path) as storage:
        return dict(storage.table(table)) if key is None else storage.get(table, key)


def keys_on_disk(path: Path | str, table: str) -> list[str]:
    """The keys of ``table`` in the file at ``path``, in the order it holds them (no document parsed)."""
    with _opened(path) as storage:
        return storage.keys(table)
