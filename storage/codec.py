"""JSON in and out of the store: orjson when installed, the standard library otherwise.

Both produce the same bytes for store documents (compact separators, UTF-8
with CJK unescaped: checked on the 10k demo documents, every one identical),
so files written either way are interchangeable. orjson is used because it is
clearly faster where the store spends its time: parsing the case documents
(``cases()``) and the summaries slice (every dashboard start and ``tousu
list``), and encoding documents one by one (compaction, ``replace_all``).
``bench/storage_figures.py`` measures open + ``summaries()`` with and without
it (``TOUSU_JSON=json``).

Importing orjson pulls in ``uuid`` and ``platform``, which a ``tousu add`` (one
small line to encode, nothing large to parse) would pay for nothing, so it is
imported on first bulk use only: :func:`loads` uses it for inputs over
:data:`BULK_BYTES`, both :func:`loads` and :func:`dumps` when the caller says ``bulk``. It is
declared in ``pyproject.toml``; without it (or with ``TOUSU_JSON=json`` in the
environment, used by the benchmarks to compare) the standard library is used.
Input orjson rejects but ``json`` accepts (NaN, integers beyond 64 bits, lone
surrogate escapes) is retried with ``json``, so what loads is exactly what the
standard library loads.
"""

from __future__ import annotations

import json
import os
from typing import Any

#: Inputs at least this large are parsed with orjson (when available).
BULK_BYTES = 64 << 10

_DUMP = {"ensure_ascii": False, "separators": (",", ":")}
_fast: Any = None  # the orjson module once imported; False when unavailable or refused


def _orjson() -> Any:
    global _fast
    if _fast is None:
        _fast = False
        if os.environ.get("TOUSU_JSON", "").strip().lower() != "json":
            try:
                import orjson

                _fast = orjson
            except ImportError:  # pragma: no cover - depends on the environment
                pass
    return _fast


def backend() -> str:
    """"orjson" or "json": what bulk work uses."""
    return "orjson" if _orjson() else "json"


def dumps(obj: Any, bulk: bool = False) -> bytes:
    """Compact UTF-8 JSON bytes (orjson for ``bulk`` work: many documents in a row)."""
    fast = _orjson() if bulk else None
    if fast:
        try:
            return fast.dumps(obj)
        except (fast.JSONEncodeError, TypeError, OverflowError):
            pass
    return json.dumps(obj, **_DUMP).encode("utf-8")


def loads(data: bytes | str, bulk: bool = False) -> Any:
    """Parse JSON (orjson for inputs of :data:`BULK_BYTES` or more, or many in a row: ``bulk``);
    raises ``ValueError`` (or ``UnicodeDecodeError``) on bad input."""
    fast = _orjson() if bulk or len(data) >= BULK_BYTES else None
    if fast:
        try:
            return fast.loads(data)
        except (fast.JSONDecodeError, ValueError):
            pass
    return json.loads(data)
