"""Persistence for tousu: a TinyDB store that stays cheap at 10,000 cases and is
safe with several tousu processes (TUI and CLI) on one file.

Modules, one concept each:

- :mod:`storage.store`           ``Store``, the API the UI and the CLI use;
- :mod:`storage.summaries`       the per-case summaries the Store keeps beside the cases;
- :mod:`storage.documents`       stored documents checked and cleaned on their way out;
- :mod:`storage.schedule`        the store's working-day schedule: one calendar per store;
- :mod:`storage.journal_storage` ``JournalStorage``, the TinyDB storage: memory + journal + lock;
- :mod:`storage.partial`         reading single documents and tables without the rest;
- :mod:`storage.tracking`        ``TrackingTable``, which tells the storage which documents changed;
- :mod:`storage.snapshot`        the snapshot file format (valid TinyDB JSON);
- :mod:`storage.layout`          the snapshot's index: where each table and document is, splicing;
- :mod:`storage.journal`         the journal line format;
- :mod:`storage.codec`           JSON in and out (orjson for bulk work, ``json`` otherwise);
- :mod:`storage.lock`            the inter-process lock (``fcntl.flock`` on ``P.lock``);
- :mod:`storage.fsutil`          private files, atomic replacement, durable appends;
- :mod:`storage.errors`          ``StoreError`` and subclasses (Chinese + English messages);
- :mod:`storage.backup`          backups beside the store (``P.backups/``), listed and pruned;
- :mod:`storage.restore`         a backup brought back, after backing the current state up;
- :mod:`storage.migrations`      stores of an earlier schema upgraded on open, after a backup;
- :mod:`storage.doctor`          a store checked from its files up, and repaired where safe;
- :mod:`storage.store_export`    the whole store as one JSON document and back (a move);
- :mod:`storage.exports`         case files (Markdown, PDF) made and written, private and atomic;
- :mod:`storage.query`           a store as a read-only ``TinyDB`` for scripts' ``Query``;
- :mod:`storage.paths`           where the store, schedule, settings and exports live;
- :mod:`storage.settings`        ``Settings`` (theme, language) in ``settings.json``.

This package never imports textual. Import the modules directly (this file
imports nothing, so ``storage.paths`` stays cheap for ``tousu --help``).
"""
