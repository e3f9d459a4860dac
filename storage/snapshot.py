"""The snapshot file: the whole database as one valid TinyDB JSON document.

Layout (what plain ``tinydb.TinyDB(path)`` reads)::

    {"_meta": {"1": {"app": "tousu", "schema": 1, "store_id": "…", "journal_seq": N,
                     "snapshot_bytes": S, "next_case": …, "next_group": …, "epoch": …}},
     "cases": {"1": {…}, …}, "groups": {…}}

Two fields belong to the file, not to the content, and are stripped on load:
``journal_seq`` (the last journal entry folded in; entries up to it are skipped
when the journal is replayed, which makes a crash between replacing the
snapshot and resetting the journal harmless) and ``snapshot_bytes`` (the file's
own length).

Why ``_meta`` comes first and why the file records its own length: a CLI
process that only adds a case does not need the 10,000 existing cases.
Parsing the 32 MB snapshot of 10k demo cases takes 0.39 s here
(``json.loads``), 2.6 times the 0.15 s budget for a whole ``tousu add``. So
:func:`read_head` decodes only the ``_meta`` object at the start of the file
(one 4 KB read) and trusts the rest only if the size on disk equals
``snapshot_bytes`` and the file ends with ``}``: a truncated or appended file,
or one rewritten by another program, fails that check and is parsed in full
(which is also where a damaged file is refused).

Text is UTF-8 with CJK unescaped (``ensure_ascii=False``): 31.8 MB instead of
41.1 MB for the same 10k cases (compact separators account for 2.6 MB of the
difference), and a volunteer can grep the file for a name. Plain
``tinydb.TinyDB(path)`` reads it in a UTF-8 locale; pass ``encoding="utf-8"``
elsewhere.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from storage.errors import CorruptStoreError, NotAStoreError, SchemaTooNewError

APP = "tousu"
SCHEMA = 1
META = "_meta"
META_ID = "1"
CONTENT_TABLES = ("cases", "groups")
FILE_ONLY_KEYS = ("journal_seq", "snapshot_bytes")

HEAD_BYTES = 4096
_HEAD = re.compile(rb'\s*\{\s*"_meta"\s*:\s*')
_DUMP = {"ensure_ascii": False, "separators": (",", ":")}

Tables = dict[str, dict[str, Any]]


def new_meta() -> dict[str, Any]:
    """The meta document of a new, empty store."""
    return {
        "app": APP,
        "schema": SCHEMA,
        "store_id": os.urandom(16).hex(),  # (uuid costs 3 ms of import)
        "next_case": 1,
        "next_group": 1,
        "epoch": 1,
    }


def empty_tables(meta: dict[str, Any]) -> Tables:
    tables: Tables = {META: {META_ID: meta}}
    for name in CONTENT_TABLES:
        tables[name] = {}
    return tables


def encode(tables: Tables, meta: dict[str, Any], seq: int) -> bytes:
    """Serialise ``tables`` with ``meta`` first, stamped with ``seq`` and its own length."""
    rest = []
    for name, table in tables.items():
        if name == META:
            continue
        rest.append(b"," + json.dumps(name).encode() + b":" + json.dumps(table, **_DUMP).encode("utf-8"))
    body = b"".join(rest) + b"}"
    size = 0
    while True:  # the length field's own digits change the length: iterate to a fixed point
        meta_doc = {**meta, "journal_seq": seq, "snapshot_bytes": size}
        head = b'{"_meta":' + json.dumps({META_ID: meta_doc}, **_DUMP).encode("utf-8")
        total = len(head) + len(body)
        if total == size:
            return head + body
        size = total


def fingerprint(stat: os.stat_result) -> tuple[int, int, int]:
    """What identifies one version of the snapshot file: inode, size, mtime."""
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def read_head(fd: int, size: int, path: Path) -> tuple[dict[str, Any], int] | None:
    """(meta, journal_seq) from the start of an open snapshot, or None if it must be parsed in full.

    Raises :class:`SchemaTooNewError` / :class:`NotAStoreError` when the head alone proves it.
    """
    if size == 0:
        raise NotAStoreError(path, detail="empty file / 空文件")
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
    return strip(meta), seq


def parse(data: bytes, path: Path) -> tuple[Tables, dict[str, Any], int]:
    """Parse a whole snapshot: (tables, meta, journal_seq). ``tables[META][META_ID] is meta``."""
    if not data.strip():
        raise NotAStoreError(path, detail="empty file / 空文件")
    try:
        tables = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise _unparsable(data, path) from None
    if not isinstance(tables, dict):
        raise NotAStoreError(path, detail="not a JSON object / 不是 JSON 对象")
    meta, seq = check_meta(tables.get(META), path)
    for name, table in tables.items():
        if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
            raise CorruptStoreError(path, detail=f"table {name!r} / 表 {name!r}")
    for name in CONTENT_TABLES:
        tables.setdefault(name, {})
    meta = strip(meta)
    tables[META] = {META_ID: meta}
    return tables, meta, seq


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
            return CorruptStoreError(path, detail="invalid JSON / JSON 无效")
    return NotAStoreError(path, detail="not JSON / 不是 JSON")


def check_meta(table: Any, path: Path) -> tuple[dict[str, Any], int]:
    """Validate a ``_meta`` table; returns (meta document, journal_seq)."""
    meta = table.get(META_ID) if isinstance(table, dict) else None
    if not isinstance(meta, dict) or meta.get("app") != APP:
        raise NotAStoreError(path, detail="no tousu _meta / 缺少 tousu 标记")
    schema = meta.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise CorruptStoreError(path, detail=f"schema {schema!r} / 格式版本 {schema!r}")
    if schema > SCHEMA:
        raise SchemaTooNewError(path, found=schema, supported=SCHEMA)
    seq = meta.get("journal_seq", 0)
    if not isinstance(seq, int) or seq < 0:
        raise CorruptStoreError(path, detail=f"journal_seq {seq!r}")
    if not isinstance(meta.get("store_id", ""), str):
        raise CorruptStoreError(path, detail="store_id / 数据文件标识")
    return meta, seq


def strip(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in meta.items() if k not in FILE_ONLY_KEYS}
