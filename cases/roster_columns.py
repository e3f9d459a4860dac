"""A roster spreadsheet's columns: which field each header means, and each field's column name.

The fields a roster sheet may carry are :data:`FIELDS` (one row per order: a person
with two orders has two rows with the same phone). Headers are matched after
normalising (NFKC, case-folded, without spaces, ``*``, ``:`` and brackets) against
the aliases in ``cases/data/roster_columns.json`` and the column names of the
catalogues (``cases.roster.column.<field>``) in every language, so a sheet exported
in English imports as well as one typed in Chinese. ``--map 列名=field`` overrides a
guess; ``field`` ``-`` leaves a column out.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from importlib import resources

from cases.i18n import LANGS, tr

#: Every field a roster sheet may carry, in export order (``id`` is exported, never imported).
FIELDS = ("name", "phone", "id_number", "address", "order", "amount", "paid_at", "payment_channel", "payee",
          "evidence", "consent", "poa", "poa_until", "status", "assignee", "notes")
EXPORTED = ("id", *FIELDS)
#: What ``--map`` takes to leave a column out.
IGNORE = "-"

_NOISE = re.compile(r"[\s*:：()（）\[\]【】_\-.]+")


_UNIT = re.compile(r"(?:元|人民币|rmb|yuan|cny|¥)$")


def normalise(header: str) -> str:
    """"金额（元）" → "金额", " Order No. " → "orderno": without width, case, spaces, brackets, units."""
    text = _NOISE.sub("", unicodedata.normalize("NFKC", str(header)).casefold())
    return _UNIT.sub("", text) or text


def column_name(field: str, lang: str) -> str:
    return tr(f"cases.roster.column.{field}", lang)


def column_names(fields: list[str], lang: str) -> list[str]:
    return [column_name(f, lang) if f in EXPORTED or f == "orders" else f for f in fields]


@cache
def _aliases() -> dict[str, str]:
    data = json.loads(resources.files("cases").joinpath("data/roster_columns.json").read_text("utf-8"))
    found: dict[str, str] = {}
    for field in FIELDS:
        for word in [*data[field], *(column_name(field, lang) for lang in LANGS), field]:
            found.setdefault(normalise(word), field)
    return found


def field_of(text: str) -> str | None:
    """The field a header or a ``--map`` target names; None when it names none."""
    if text.strip() == IGNORE:
        return IGNORE
    return _aliases().get(normalise(text))


def guess(headers: list[str], overrides: dict[str, str]) -> list[str | None]:
    """Per column, its field (None: left out). ``overrides`` (header → field or ``-``, checked by
    the caller) win; of two columns guessed as one field, the first keeps it."""
    out: list[str | None] = []
    taken: set[str] = set(v for v in overrides.values() if v != IGNORE)
    by_norm = {normalise(k): v for k, v in overrides.items()}
    for header in headers:
        forced = by_norm.get(normalise(header))
        if forced is not None:
            out.append(None if forced == IGNORE else forced)
            continue
        field = _aliases().get(normalise(header)) if header.strip() else None
        if field is None or field in taken:
            out.append(None)
        else:
            taken.add(field)
            out.append(field)
    return out
