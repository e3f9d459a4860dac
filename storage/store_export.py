"""The whole store as one JSON document, and back: to move a store to another server.

``tousu export --all --format json`` writes :func:`export_document` of
:meth:`Store.moved_out`: every case (deleted ones included), every group, the store's
schedule and practice rules, the activity log, the request keys and the id counters, unmasked (it is a
move, not a report: the file holds personal data and is written 0600).
``tousu import FILE`` reads it back with :func:`read_document`, which refuses a file
that is not such a document or whose content is damaged (naming what), and puts it into
the store with one :meth:`Store.replace_all` (one new snapshot).

The document::

    {"format": "tousu-store", "version": 1, "exported_at": "…+08:00", "exported_by": "alice",
     "cases": [{…Case.to_dict…}, …], "groups": […], "schedule": {"2027": {…}},
     "activity": {"1": {…}}, "requests": {"key": {…}}, "counters": {"next_case": 43, …},
     "participants": {"1": {…Participant.to_dict…}},
     "practice": {"follow_up": {…}, "promise": {…}, "set_by": "alice", "set_at": "…"} or null}

Evidence files stay in the evidence folder beside the store (``<store>.evidence``):
the document lists them (path and SHA-256 on each case); copy the folder with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage import codec, documents
from storage.errors import DamagedDocumentError
from storage.moved_tables import COUNTERS, MovedTables

if TYPE_CHECKING:  # pragma: no cover
    from cases.model import Case, Group

FORMAT = "tousu-store"
VERSION = 1
#: A file larger than this is not read (1 GiB: far above 100,000 cases with long timelines).
MAX_BYTES = 1 << 30


class ExportFileError(ValueError):
    """A file ``tousu import`` cannot take: ``key`` names the reason in the catalogues
    (``cli.import.error.<key>``), ``detail`` what exactly (a field, a case id)."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail


@dataclass(frozen=True)
class MovedStore:
    """A store read from an export document."""

    cases: list[Case]
    groups: list[Group]
    moved: MovedTables
    exported_at: str
    exported_by: str


def export_document(cases: list[Case], groups: list[Group], moved: MovedTables, at: str, by: str) -> bytes:
    """The export document (UTF-8 JSON, CJK unescaped) of what :meth:`Store.moved_out` returned."""
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": at,
        "exported_by": by,
        "cases": [case.to_dict() for case in cases],
        "groups": [group.to_dict() for group in groups],
        "schedule": moved.schedule,
        "activity": moved.activity,
        "requests": moved.requests,
        "counters": moved.counters,
        "participants": moved.participants,
        "practice": moved.practice,
    }
    return codec.dumps(doc, bulk=True) + b"\n"  # (orjson: 10k cases in well under a second)


def read_document(path: Path) -> MovedStore:
    """The store in the export document at ``path``; :class:`ExportFileError` for a file
    that is not one (``foreign``), is of a newer version (``too_new``), is not valid JSON
    or UTF-8 (``corrupt``), or holds a damaged item (``damaged``, naming it). ``OSError``
    when it cannot be read."""
    with open(path, "rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ExportFileError("too_large")
    try:
        raw.decode("utf-8")  # (orjson takes bytes; the standard library would guess an encoding)
        doc = codec.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ExportFileError("corrupt", str(exc)[:80]) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ExportFileError("foreign")
    version = doc.get("version")
    if type(version) is not int or version < 1:
        raise ExportFileError("corrupt", "version")
    if version > VERSION:
        raise ExportFileError("too_new", str(version))
    return MovedStore(
        cases=_items(doc, "cases", documents.decode_case),
        groups=_items(doc, "groups", documents.decode_group),
        moved=MovedTables(
            schedule=_schedule(path, _table(doc, "schedule")),
            activity=_activity(_table(doc, "activity")),
            requests=_requests(_table(doc, "requests")),
            counters=_counters(_table(doc, "counters")),
            participants=_participants(_table(doc, "participants")),
            practice=_practice(doc.get("practice")),
        ),
        exported_at=_text(doc.get("exported_at")),
        exported_by=_text(doc.get("exported_by")),
    )


def _practice(value: Any) -> dict[str, Any] | None:
    """The store's practice rules (``storage.schedule.PRACTICE_KEY``): what still checks of
    them, with who set them and when (absent in exports before the rules existed)."""
    from storage.schedule import practice_doc_of, practice_of

    if value is None:
        return None
    if not isinstance(value, dict):
        raise ExportFileError("damaged", "practice")
    return practice_doc_of(practice_of(value), _text(value.get("set_by")), _text(value.get("set_at")))


def _text(value: Any) -> str:
    from cases.sanitize import clean_text

    return clean_text(value) if isinstance(value, str) else ""


def _items(doc: dict[str, Any], name: str, decode: Any) -> list[Any]:
    items = doc.get(name, [])
    if not isinstance(items, list):
        raise ExportFileError("corrupt", name)
    out = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        item_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(item_id, str) or not item_id:
            raise ExportFileError("damaged", f"{name}[{index}].id")
        try:
            decoded = decode(item, item_id)
        except DamagedDocumentError as exc:
            raise ExportFileError("damaged", f"{item_id}: {exc.field}") from None
        except ValueError:  # an id that is no case or group id
            raise ExportFileError("damaged", f"{name}[{index}].id") from None
        if decoded.id in seen:
            raise ExportFileError("damaged", f"{decoded.id}: id")
        seen.add(decoded.id)
        out.append(decoded)
    return out


def _table(doc: dict[str, Any], name: str) -> dict[str, Any]:
    table = doc.get(name, {})
    if not isinstance(table, dict):
        raise ExportFileError("corrupt", name)
    return table


def _schedule(path: Path, table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    from cases.work_schedule import ScheduleError, schedule_from_docs

    if not all(isinstance(v, dict) for v in table.values()):
        raise ExportFileError("damaged", "schedule")
    try:
        schedule_from_docs(path, table)
    except ScheduleError as exc:
        raise ExportFileError("damaged", "schedule: " + " ".join(str(exc).split())[:80]) from None
    return {str(year): {k: (_text(v) if isinstance(v, str) else v) for k, v in d.items()} for year, d in table.items()}


def _activity(table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for key, entry in table.items():
        if not key.isdigit() or not isinstance(entry, dict):
            raise ExportFileError("damaged", f"activity.{_text(key)[:20]}")
        out[key] = {_text(k): _clean(v) for k, v in entry.items()}  # the group, participants … too
    return out


def _clean(value: Any) -> Any:
    """A value of an activity entry, its text cleaned (kept as JSON types)."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {_text(k): _clean(v) for k, v in value.items()}
    return value if value is None or isinstance(value, bool | int | float) else _text(str(value))


def _participants(table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The roster documents (number -> document), each checked as the store checks them."""
    out = {}
    for key, entry in table.items():
        item_id = entry.get("id") if isinstance(entry, dict) else None
        if not key.isdigit() or not isinstance(item_id, str):
            raise ExportFileError("damaged", f"participants.{_text(key)[:20]}")
        try:
            out[key] = documents.decode_participant(entry, item_id).to_dict()
        except DamagedDocumentError as exc:
            raise ExportFileError("damaged", f"{_text(item_id)[:20]}: {exc.field}") from None
    return out


def _requests(table: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out = {}
    for key, entry in table.items():
        if not isinstance(entry, dict):
            raise ExportFileError("damaged", "requests")
        out[_text(key)] = {k: _text(entry.get(k)) for k in ("case", "at")}
    return out


def _counters(table: dict[str, Any]) -> dict[str, int]:
    out = {}
    for name in COUNTERS:
        value = table.get(name, 1)
        if type(value) is not int or not 1 <= value <= 10**9:
            raise ExportFileError("damaged", f"counters.{name}")
        out[name] = value
    return out
