"""Persistence for tousu: a TinyDB store that stays cheap at 10,000 cases and is
safe with several tousu processes (TUI and CLI) on one file.

Modules, one concept each:

- :mod:`storage.store`           ``Store``, the API the UI and the CLI use;
- :mod:`storage.summaries`       the per-case summaries the Store keeps beside the cases;
- :mod:`storage.documents`       stored documents checked and cleaned on their way out;
- :mod:`storage.schedule`        the store's working-day schedule: one calendar per store;
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
- :mod:`storage.lock`            the inter-process lock (``fcntl.flock`` on ``P.lock``);
- :mod:`storage.fsutil`          private files, atomic replacement, durable appends;
- :mod:`storage.errors`          ``StoreError`` and subclasses (Chinese + English messages);
- :mod:`storage.store_export`    the whole store as one JSON document and back (a move);
- :mod:`storage.exports`         case files (Markdown, PDF) made and written, private and atomic;
- :mod:`storage.query`           a store as a read-only ``TinyDB`` for scripts' ``Query``;
- :mod:`storage.paths`           where the store, schedule, settings and exports live;
- :mod:`storage.settings`        ``Settings`` (theme, language) in ``settings.json``.

The files on disk and the rules for them: ``storage/FORMAT.md``.
This package never imports textual. Import the modules directly (this file
imports nothing, so ``storage.paths`` stays cheap for ``tousu --help``).
"""
