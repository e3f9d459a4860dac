"""The snapshot file: its ``_meta`` head, and the whole file parsed or encoded.

The format (the head and its file-only members ``journal_seq``,
``snapshot_bytes`` and ``layout``, when the index is trusted, schema 1 and 2)
is in ``storage/FORMAT.md``, "The snapshot". :func:`read_head` decodes only
the ``_meta`` object at the start of the file (one 4 KB read), so a process
that needs a few documents, or none, never parses the rest; :func:`parse`
reads the whole file, checking every table's CRC when the file has its
recorded length and dropping the derived tables (``summaries``) when it has
not; :func:`encode` and :func:`assemble` put a body (:mod:`storage.splice`)
behind its head.

An older schema is read in full; opening one that may be written upgrades it after
a backup (:mod:`storage.migrations`, which asks :func:`stored_schema`).

Plain ``tinydb.TinyDB(path)`` reads the file in a UTF-8 locale; pass
``encoding="utf-8"`` elsewhere.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage import codec, layout
from storage.errors import CorruptStoreError, NotAStoreError, SchemaTooNewError, detail

if TYPE_CHECKING:  # pragma: no cover
    from storage.splice import Body

APP = "tousu"
SCHEMA = 2
META = "_meta"
META_ID = "1"
CONTENT_TABLES = ("summaries", "cases", "groups")
#: Tables computed from the others: trusted only in a snapshot whose index checks out.
DERIVED_TABLES = ("summaries",)
FILE_ONLY_KEYS = ("journal_seq", "snapshot_bytes", "layout")
INDEX = layout.INDEX

HEAD_BYTES = 4096
_HEAD = re.compile(rb'\s*\{\s*"_meta"\s*:\s*')

Tables = dict[str, dict[str, Any]]


def new_meta() -> dict[str, Any]:
    """The meta document of a new, empty store."""
    return {
        "app": APP,
        "schema": SCHEMA,
        "store_id": os.urandom(16).hex(),  # (not uuid: a costly import for a CLI)
        "next_case": 1,
        "next_group": 1,
        "epoch": 1,
    }


def empty_tables(meta: dict[str, Any]) -> Tables:
    tables: Tables = {META: {META_ID: meta}}
    for name in CONTENT_TABLES:
        tables[name] = {}
    return tables


def encode(tables: Tables, meta: dict[str, Any], seq: int,
           orders: layout.Orders | None = None) -> tuple[layout.Chunks, layout.Layout]:
    """Serialise ``tables`` with ``meta`` first, stamped with ``seq``, its layout and its own length."""
    from storage.splice import encode_body  # writing only: opening a store to read does not need it

    return assemble(meta, seq, encode_body(tables, skip=(META,), orders=orders))


def assemble(meta: dict[str, Any], seq: int, body: Body) -> tuple[layout.Chunks, layout.Layout]:
    """Prefix a body (from :mod:`storage.layout`) with its ``_meta`` head: (chunks to write, layout)."""
    size = sum(len(chunk) for chunk in body.chunks)
    index_at, index = body.index_at, body.index
    index_crc = zlib.crc32(index)
    start = 0
    for _ in range(20):  # offsets and length depend on the head's own length: iterate to a fixed point
        at = start + index_at
        spec: dict[str, Any] = {"body": start, "index": [at, at + len(index)], "crc": index_crc}
        if body.ordered:
            spec["ordered"] = {name: [[at + s0, at + s1, crc] for s0, s1, crc in spans]
                               for name, spans in body.ordered.items()}
        meta_doc = {**meta, "schema": SCHEMA, "journal_seq": seq, "layout": spec, "snapshot_bytes": start + size}
        head = b'{"_meta":' + codec.dumps({META_ID: meta_doc})
        if len(head) == start:
            return [head, *body.chunks], layout.Layout(start, body.tables, body.orders)
        start = len(head)
    raise RuntimeError("snapshot head did not converge")  # pragma: no cover


def fingerprint(stat: os.stat_result) -> tuple[int, int, int]:
    """What identifies one version of the snapshot file: inode, size, mtime."""
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def read_head(fd: int, size: int, path: Path) -> tuple[dict[str, Any], int, dict[str, Any] | None] | None:
    """(meta, journal_seq, layout spec or None) from the start of an open snapshot,
    or None if it must be parsed in full.

    Raises :class:`SchemaTooNewError` / :class:`NotAStoreError` when the head alone
    proves it, ``CorruptStoreError`` for a malformed layout in a file of the recorded length.
    """
    if size == 0:
        raise NotAStoreError(path, detail=detail("empty_file"))
    head = os.pread(fd, min(HEAD_BYTES, size), 0)
    match = _HEAD.match(head)
    if not match:
        return None
    try:
        table, _ = json.JSONDecoder().raw_decode(head.decode("utf-8", "replace"), match.end())
    except ValueError:
        return None
    meta, seq = check_meta(table, path)
    if meta.get("snapshot_bytes") != size or os.pread(fd, 1, size - 1) != b"}":
        return None
    return strip(meta), seq, check_spec(meta.get("layout"), size, path)


def parse(data: bytes, path: Path) -> tuple[Tables, dict[str, Any], int, layout.Layout | None]:
    """Parse a whole snapshot: (tables, meta, journal_seq, layout or None).

    ``tables[META][META_ID] is meta``. With a layout (file of the recorded
    length) every table, and every piece of the index the head locates, is
    checked against its CRC; without one, the derived
    tables are dropped (see the module docstring).
    """
    if not data.strip():
        raise NotAStoreError(path, detail=detail("empty_file"))
    try:
        tables = codec.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise _unparsable(data, path) from None
    if not isinstance(tables, dict):
        raise NotAStoreError(path, detail=detail("not_json_object"))
    meta, seq = check_meta(tables.get(META), path)
    for name, table in tables.items():
        if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
            raise CorruptStoreError(path, detail=detail("table", name=name))
    found = None
    if meta.get("snapshot_bytes") == len(data):
        spec = check_spec(meta.get("layout"), len(data), path)
        if spec is not None:
            start, end = spec["index"]
            found = layout.parse_index(
                layout.read_slice_of(data, start, end, spec["crc"], path, detail("snapshot_index")), spec["body"], path)
            layout.verify(data, found, [n for n in tables if n not in (META, INDEX)], path)
            for span in (span for spans in spec.get("ordered", {}).values() for span in spans):
                layout.read_slice_of(data, *span, path, detail("snapshot_index"))  # the head's pieces too
    tables.pop(INDEX, None)
    if found is None:
        for name in DERIVED_TABLES:
            tables.pop(name, None)
    for name in CONTENT_TABLES:
        tables.setdefault(name, {})
    meta = strip(meta)
    tables[META] = {META_ID: meta}
    return tables, meta, seq, found


def stored_schema(path: Path) -> int:
    """The schema a snapshot file was written with: from its head when ``_meta`` comes first
    (one 4 KB read), else from the whole file (another program may order it differently)."""
    with open(path, "rb") as file:
        head = file.read(HEAD_BYTES)
    match = _HEAD.match(head)
    if match:
        try:
            table, _ = json.JSONDecoder().raw_decode(head.decode("utf-8", "replace"), match.end())
            return check_meta(table, path)[0]["schema"]
        except ValueError:
            pass
    return parse(path.read_bytes(), path)[1]["schema"]


def check_spec(spec: Any, size: int, path: Path) -> dict[str, Any] | None:
    """A head's ``layout`` value, validated; None for a file without one (schema 1).
    Its ``ordered`` member (absent before tousu wrote it) lies within the index."""
    if spec is None:
        return None
    try:
        body, (start, end), crc = spec["body"], spec["index"], spec["crc"]
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (body, start, end, crc)):
            raise TypeError
        if not 0 < body <= start <= end <= size:
            raise ValueError
        ordered = spec.get("ordered", {})
        if not isinstance(ordered, dict) or not all(isinstance(spans, list) and len(spans) == 2
                                                    for spans in ordered.values()):
            raise TypeError
        for s0, s1, crc in (span for spans in ordered.values() for span in spans):
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (s0, s1, crc)):
                raise TypeError
            if not start <= s0 <= s1 <= end:
                raise ValueError
    except (TypeError, ValueError, KeyError):
        raise CorruptStoreError(path, detail=detail("snapshot_layout")) from None
    return spec


def _unparsable(data: bytes, path: Path) -> Exception:
    """The error for a file that is not valid JSON: damaged tousu store, newer tousu, or foreign."""
    match = _HEAD.match(data[:HEAD_BYTES])
    if match:
        try:
            table, _ = json.JSONDecoder().raw_decode(data[:HEAD_BYTES].decode("utf-8", "replace"), match.end())
            check_meta(table, path)
        except (ValueError, NotAStoreError):
            pass
        except (CorruptStoreError, SchemaTooNewError) as exc:
            return exc
        else:
            return CorruptStoreError(path, detail=detail("invalid_json"))
    return NotAStoreError(path, detail=detail("not_json"))


def check_meta(table: Any, path: Path) -> tuple[dict[str, Any], int]:
    """Validate a ``_meta`` table; returns (meta document, journal_seq)."""
    meta = table.get(META_ID) if isinstance(table, dict) else None
    if not isinstance(meta, dict) or meta.get("app") != APP:
        raise NotAStoreError(path, detail=detail("no_meta"))
    schema = meta.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise CorruptStoreError(path, detail=detail("schema", schema=schema))
    if schema > SCHEMA:
        raise SchemaTooNewError(path, found=schema, supported=SCHEMA)
    seq = meta.get("journal_seq", 0)
    if not isinstance(seq, int) or seq < 0:
        raise CorruptStoreError(path, detail=f"journal_seq {seq!r}")
    if not isinstance(meta.get("store_id", ""), str):
        raise CorruptStoreError(path, detail=detail("store_id"))
    return meta, seq


def strip(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if k not in FILE_ONLY_KEYS}
