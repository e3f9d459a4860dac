"""What the checks of every kind of stored document share: :class:`Malformed`, the error for a
field with a wrong type or an impossible value, and :func:`iso_readable`, the test of a stored time.

Apart from :mod:`storage.documents` (cases, groups, participants) so that the summaries'
checks (:mod:`storage.summary_docs`), which every dashboard start runs, do not import those.
"""

from __future__ import annotations

from datetime import datetime

_fromiso = datetime.fromisoformat


class Malformed(ValueError):
    """A document field with a wrong type or an impossible value; ``field`` says which."""

    def __init__(self, field: str) -> None:
        self.field = field
        super().__init__(field)


def iso_readable(value: str) -> bool:
    """Whether ``datetime`` reads ``value`` as an ISO 8601 time (the form tousu stores)."""
    try:
        _fromiso(value)
    except ValueError:
        return False
    return True
