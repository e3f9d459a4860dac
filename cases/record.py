"""Flat records read from and written to a store as dicts, every string read made safe to show."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from cases.sanitize import clean_text

#: Fields whose text may span lines (everything else is one line).
MULTILINE_FIELDS = frozenset({"notes", "said", "basic", "compensation", "description", "address", "text"})


def clean_field(name: str, value: Any) -> Any:
    """A stored string made safe to show (:func:`cases.sanitize.clean_text`); line breaks are
    kept only in the fields written over several lines (:data:`MULTILINE_FIELDS`)."""
    if isinstance(value, str):
        return clean_text(value, multiline=name in MULTILINE_FIELDS)
    return value


class Record:
    """to_dict / from_dict for flat dataclasses of strings (and a few typed fields).

    Field names are looked up once per class: ``dataclasses.asdict`` costs ~5x
    more per call, which adds up to seconds over 10,000 cases.
    """

    @classmethod
    def _names(cls) -> tuple[str, ...]:
        names = cls.__dict__.get("_field_names")
        if names is None:
            names = tuple(f.name for f in fields(cls))  # type: ignore[arg-type]
            cls._field_names = names  # type: ignore[attr-defined]
        return names

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self._names()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        names = cls._names()
        return cls(**{k: clean_field(k, v) for k, v in data.items() if k in names})
