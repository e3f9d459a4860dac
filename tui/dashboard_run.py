"""Run the dashboard as a process: open the store, run :class:`tui.app.TousuApp` until the
user quits, and turn a crash into one masked line (:func:`crash_report`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from cases.i18n import tr
from storage.calendar_cache import load_calendar_cache
from storage.errors import StoreError
from storage.settings import Settings
from storage.store import Store

if TYPE_CHECKING:  # pragma: no cover
    from cases.clock import Clock


def crash_report(error: BaseException, lang: str, *, debug: bool = False, names: Iterable[str] = ()) -> str:
    """What a crashed dashboard prints on stderr: one line naming the error, its message with
    personal data masked (:func:`cases.privacy.mask_text`: phone, ID and card numbers, and
    ``names``, the complainants') and cleaned; with ``debug`` (``TOUSU_DEBUG``) the
    traceback before it, without local variables and masked too."""
    import traceback

    from textual.worker import WorkerFailed

    from cases.privacy import mask_text
    from cases.sanitize import clean_text
    from tui.cli.errors import _error_line

    if isinstance(error, WorkerFailed):  # a worker's exception, wrapped
        error = error.error
    names = tuple(names)
    message = mask_text(clean_text(str(error)), names=names)
    line = _error_line(lang, tr("cli.error.internal", lang, error=f"{type(error).__name__}: {message}" if message
                                else type(error).__name__))
    if not debug:
        return line + "\n"
    trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
    return mask_text(clean_text(trace, multiline=True), names=names) + line + "\n"


def run_dashboard(store_path: Path, clock: Clock, lang: str, schedule_file: Path | None = None,
                  *, debug: bool = False, settings: Settings | None = None) -> int:
    """Open the store and run the dashboard until the user quits; returns an exit code:
    0, 2 if the store cannot be opened, 1 if the dashboard failed (one masked line on
    stderr, :func:`crash_report`; the traceback too with ``debug``).

    ``schedule_file``: the user's own schedule file, for a personal store (storage.schedule)."""
    import gc
    import sys

    from tui.app import TousuApp  # which imports this module

    load_calendar_cache()
    # Everything imported so far lives as long as the process: keep it out of
    # the collector's way (the first reload allocates ~10,000 objects per 1,000 cases).
    gc.freeze()
    try:
        store = Store.open(store_path, clock, schedule_file=schedule_file)
        store.calendar  # noqa: B018 - a damaged schedule file: one line before the screen opens
    except (StoreError, ValueError) as exc:
        print(f"tousu: {exc}", file=sys.stderr)
        return 2
    try:
        app = TousuApp(store, clock, lang=lang, settings=settings or Settings.load())
        result = app.run()
        names = _complainant_names(store) if app.crash is not None else ()
    finally:
        store.close()
    if app.crash is not None or app.return_code:
        if app.crash is not None:
            sys.stderr.write(crash_report(app.crash, lang, debug=debug, names=names))
            sys.stderr.flush()
        return app.return_code or 1
    return result or 0


def _complainant_names(store: Store) -> tuple[str, ...]:
    """Every case's complainant name (kept in the summaries), to mask in a crash report."""
    try:
        return tuple({name for doc in store.summary_docs() for name in doc.get("names") or ()})
    except Exception:  # noqa: BLE001 - the store may be why the dashboard failed: mask numbers only
        return ()


__all__ = ["crash_report", "run_dashboard"]
