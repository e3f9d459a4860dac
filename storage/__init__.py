"""Persistence for tousu: a TinyDB store that stays cheap at 10,000 cases and is
safe with several tousu processes (TUI and CLI) on one file.

The public face (what ``tui/`` may import, checked by ``tests/test_import_hygiene.py``):
the names below, exported by this package, and the modules in :data:`PUBLIC_MODULES`.

- ``Store``, ``KEEP_DELETED_DAYS``       the store (:mod:`storage.store`);
- ``StoreError``                          the base of every store error (:mod:`storage.errors`);
- ``DAMAGED``, ``damaged_error``          a damaged case's summary and the error it stands for;
- ``dumps``                               JSON out, orjson when installed (bulk output);
- ``no_gc``                               the collector paused while big lists are built.

Modules, one concept each (the internal ones are for this package alone):

- :mod:`storage.store`           ``Store``, the API the UI and the CLI use, made of
  :mod:`storage.store_reading`, :mod:`storage.store_writing`, :mod:`storage.store_deleting`,
  :mod:`storage.store_scheduling`, :mod:`storage.store_moving`, :mod:`storage.store_groups`
  and :mod:`storage.rosters`;
- :mod:`storage.tables`          the names of the store's tables;
- :mod:`storage.summaries`       the per-case summaries the Store keeps beside the cases;
- :mod:`storage.documents`       case, group and participant documents checked on their way out;
- :mod:`storage.summary_docs`    summary documents checked and cleaned, and damaged cases' summaries;
- :mod:`storage.stored_fields`   what those checks share: ``Malformed``, the test of a stored time;
- :mod:`storage.schedule`        the store's working-day schedule: one calendar per store;
- :mod:`storage.schedule_reports` what its commands report (schedule added, practice rules);
- :mod:`storage.journal_storage` ``JournalStorage``: transactions, reads and writes on the files;
- :mod:`storage.journal_session` its base: opening, loading, catching up, compacting;
- :mod:`storage.journal_state`   what a process holds of a store (``State``) and its open transaction;
- :mod:`storage.journal_reader`  loading a store, catching up with other processes;
- :mod:`storage.journal_writer`  appending a committed transaction to the journal;
- :mod:`storage.compaction`      folding the journal into a new snapshot;
- :mod:`storage.file_set`        a store's files and who may write them;
- :mod:`storage.partial`         reading single documents and tables without the rest;
- :mod:`storage.snapshot`        the snapshot file format (valid TinyDB JSON);
- :mod:`storage.layout`          the snapshot's index: where each table and document is;
- :mod:`storage.splice`          writing a snapshot's body, spliced from the old one;
- :mod:`storage.journal`         the journal line format;
- :mod:`storage.codec`           JSON in and out (orjson for bulk work, ``json`` otherwise);
- :mod:`storage.gc_pause`        ``no_gc``: the cyclic collector paused during bulk work;
- :mod:`storage.lock`            the inter-process lock (``fcntl.flock`` on ``P.lock``);
- :mod:`storage.fsutil`          private files, atomic replacement, durable appends;
- :mod:`storage.errors`          ``StoreError`` and subclasses (Chinese + English messages);
- :mod:`storage.backup`          backups beside the store (``P.backups/``), listed and pruned;
- :mod:`storage.restore`         a backup brought back, after backing the current state up;
- :mod:`storage.migrations`      stores of an earlier schema upgraded on open, after a backup;
- :mod:`storage.doctor`          a store checked from its files up, and repaired where safe;
- :mod:`storage.store_export`    the whole store as one JSON document and back (a move);
- :mod:`storage.moved_tables`    what a moved store carries besides its cases and groups;
- :mod:`storage.exports`         case files (Markdown, PDF) made and written, private and atomic;
- :mod:`storage.query`           a store as a read-only ``TinyDB`` for scripts' ``Query``;
- :mod:`storage.paths`           where the store, schedule, settings and exports live;
- :mod:`storage.settings`        ``Settings`` (theme, language) in ``settings.json``.

The files on disk and the rules for them: ``storage/FORMAT.md``.
This package never imports textual. Its names are imported on first use (this file
imports nothing, so ``storage.paths`` stays cheap for ``tousu --help``).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: Exported name → the module that defines it (imported when the name is first asked for).
_EXPORTS = {
    "Store": "storage.store",
    "KEEP_DELETED_DAYS": "storage.store",
    "StoreError": "storage.errors",
    "DAMAGED": "storage.summary_docs",
    "damaged_error": "storage.summary_docs",
    "dumps": "storage.codec",
    "no_gc": "storage.gc_pause",
}

#: The modules the UI and the CLI may import besides the names above: each is a concept of
#: its own that callers use directly (the rest serve the Store and may change freely).
PUBLIC_MODULES = frozenset({
    "storage.store", "storage.errors", "storage.paths", "storage.settings", "storage.schedule",
    "storage.vault", "storage.keyring_choice", "storage.evidence", "storage.attach", "storage.exports",
    "storage.store_export", "storage.sheets", "storage.sharing", "storage.drafts", "storage.calendar_cache",
    "storage.workload", "storage.query", "storage.outbound", "storage.outbound.mail", "storage.outbound.robots",
    "storage.outbound.complaint", "storage.outbound.checks", "storage.outbound.reminders",
    "storage.backup", "storage.restore", "storage.doctor",
})

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'storage' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
