"""A store opened as a read-only ``TinyDB`` for scripts: TinyDB's own ``Query`` on tousu's storage.

    from tinydb import Query
    from storage.query import open_tinydb

    with open_tinydb("~/.local/share/tousu/tousu.json") as db:
        Case = Query()
        for doc in db.table("cases").search(Case.platform.search("汇想") & (Case.status == "waiting")):
            print(doc["id"], doc["title"])

The tables are ``cases`` (one document per case, ``Case.to_dict`` form; deleted ones
carry ``deleted_at``), ``groups``, ``summaries`` (the computed deadline of each case)
and ``schedule``. Reading goes through :class:`~storage.journal_storage.JournalStorage`,
so the journal other tousu processes append is included and nothing is locked or
written; every write through this TinyDB raises :class:`~storage.errors.QueryOnlyError`.
What it returns is the stored data as it is, unmasked and unchecked (a hand-edited
document is returned as it is): use tousu's commands to change or show a case.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage

from storage.errors import NotAStoreError, QueryOnlyError
from storage.journal_storage import JournalStorage


class QueryOnlyStorage(JournalStorage, Storage):
    """:class:`JournalStorage` as a TinyDB ``Storage`` that opens an existing store and refuses every write."""

    def __init__(self, path: Path | str, **options: Any) -> None:
        super().__init__(path, **options)
        if not os.path.lexists(self.path):  # never create a store just to query it
            raise NotAStoreError(self.path, detail=str(FileNotFoundError(2, os.strerror(2))))
        self.open()

    def write(self, data: Any) -> None:
        raise QueryOnlyError(self.path)

    @property
    def writable(self) -> bool:
        return False


def open_tinydb(path: Path | str) -> TinyDB:
    """The store at ``path`` as a read-only ``TinyDB`` (see the module docstring).

    Raises :class:`~storage.errors.NotAStoreError` for a missing file or one that is no
    tousu store, ``CorruptStoreError`` for a damaged one; a write raises ``QueryOnlyError``.
    """
    return TinyDB(Path(path).expanduser(), storage=QueryOnlyStorage)
