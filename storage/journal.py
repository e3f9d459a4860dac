"""The journal's line format: the header and the entries, encoded and decoded.

What each field means, and the damage rules (a torn last line is ignored, a bad
line before it refuses the store), are in ``storage/FORMAT.md``, "The journal".

This module reads as little as each caller needs. :func:`parse` checks every
line's CRC and keeps it unparsed unless the caller wants the ops (a process
that only needs the counters validates the journal without decoding any
document). A scanned line is decoded on demand: :func:`entry_meta` the meta,
:func:`entry_keys` the ``keys`` list from the start of the line, and
:func:`entry_ops` the ops one by one, only up to the last one wanted (the
summaries' ops come first in a line, so keeping the summaries current never
decodes the case documents). ``meta`` stays the first field because older
tousu versions look for it there.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage import codec
from storage.errors import CorruptStoreError, detail

_ENTRY = re.compile(rb'\{"seq":(\d+),"crc":(\d+),')
_HEADER_PREFIX = b'{"journal":'
_META_KEY = b'"meta":'
_DECODER = json.JSONDecoder()
_HEAD_BYTES = 1024  # decoded to find a line's keys


@dataclass
class Header:
    store: str
    base: int
    snap: tuple[int, int, int]


Key = tuple[str, str]


@dataclass
class Entry:
    seq: int
    ops: list[dict[str, Any]] | None  # None when scanned (not parsed)
    meta: dict[str, Any] | None = None  # parsed meta, if parsed and present
    raw: bytes = b""  # the line (without newline) when scanned, for decoding on demand
    keys: list[tuple[str, str, bool]] | None = None  # (table, id, put?) per op, once known
    carries_meta: bool = False

    @property
    def has_meta(self) -> bool:
        return self.meta is not None or self.carries_meta


@dataclass
class Chunk:
    """What a read of journal bytes yielded."""

    header: Header | None = None
    entries: list[Entry] = field(default_factory=list)
    consumed: int = 0  # bytes up to and including the last good newline
    header_len: int = 0


def encode_header(store_id: str, base: int, snap: tuple[int, int, int]) -> bytes:
    """The first line. ``nonce`` makes every journal file's header unique, so a journal
    that was replaced is recognised even if the file system reused the inode number
    and the size happens to match (it does, in tests)."""
    item = {"journal": 1, "store": store_id, "base": base, "snap": list(snap), "nonce": os.urandom(8).hex()}
    return json.dumps(item).encode() + b"\n"


def read_header_line(path: Path) -> bytes | None:
    """The journal's header line as stored (None if missing or headerless); one 512-byte read."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        head = os.pread(fd, 512, 0)
    finally:
        os.close(fd)
    end = head.find(b"\n")
    if end < 0 or not head.startswith(_HEADER_PREFIX):
        return None
    return head[: end + 1]


def line_ending_at(path: Path, end: int) -> bytes | None:
    """The complete line that ends (with its newline) at offset ``end``, or None."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        if end <= 0 or os.pread(fd, 1, end - 1) != b"\n":
            return None
        start = end - 1
        step = 8192
        while start > 0:
            lo = max(0, start - step)
            block = os.pread(fd, start - lo, lo)
            newline = block.rfind(b"\n")
            if newline >= 0:
                start = lo + newline + 1
                break
            start = lo
            step *= 2
        return os.pread(fd, end - start, start)
    finally:
        os.close(fd)


def is_entry(line: bytes, seq: int) -> bool:
    """Whether ``line`` (with its newline) is an intact entry with this seq."""
    try:
        entry = _entry(line.rstrip(b"\n"), full=False)
    except ValueError:
        return False
    return entry.seq == seq


def encode_entry(seq: int, meta: dict[str, Any] | None, ops: list[tuple[str, str, dict[str, Any] | None]]) -> bytes:
    """One journal line; ``ops`` are (table, id, document or None for a deletion)."""
    body: dict[str, Any] = {}
    if meta is not None:
        body["meta"] = meta
    body["keys"] = [[t, doc_id, 0 if doc is None else 1] for t, doc_id, doc in ops]
    body["ops"] = [
        {"op": "del", "t": t, "id": doc_id} if doc is None else {"op": "put", "t": t, "id": doc_id, "doc": doc}
        for t, doc_id, doc in ops
    ]
    rest = codec.dumps(body)[1:]  # without the opening brace
    return b'{"seq":%d,"crc":%d,' % (seq, zlib.crc32(rest)) + rest + b"\n"


def parse(data: bytes, path: Path, *, at_start: bool, full: bool) -> Chunk:
    """Read journal bytes.

    ``at_start``: ``data`` begins at offset 0 and may hold the header.
    ``full``: parse the ops; otherwise only check each line (CRC) and keep
    it for :func:`entry_meta`, :func:`entry_keys` and :func:`entry_ops`.
    """
    chunk = Chunk()
    lines = data.split(b"\n")
    torn_tail = lines.pop()  # b"" when the data ends with a newline
    last = len(lines) - 1
    offset = 0
    for index, raw in enumerate(lines):
        try:
            if at_start and index == 0 and raw.startswith(_HEADER_PREFIX):
                chunk.header = _header(json.loads(raw))
                chunk.header_len = len(raw) + 1
            else:
                chunk.entries.append(_entry(raw, full))
        except (ValueError, TypeError, KeyError, IndexError, UnicodeDecodeError):
            if index == last and not torn_tail:
                break  # a final line that fails its checks: torn like an unterminated one
            raise CorruptStoreError(path, detail=detail("journal_line", line=index + 1)) from None
        offset += len(raw) + 1
    chunk.consumed = offset
    return chunk


def entry_meta(entry: Entry) -> dict[str, Any] | None:
    """The meta an entry carries (decoding it from the line if it was only scanned)."""
    if entry.meta is not None or not entry.carries_meta:
        return entry.meta
    match = _ENTRY.match(entry.raw)
    assert match is not None
    text = entry.raw[match.end() + len(_META_KEY) :].decode("utf-8")
    meta, _ = _DECODER.raw_decode(text)
    if not isinstance(meta, dict):
        raise ValueError("bad meta")
    entry.meta = meta
    return meta


def entry_keys(entry: Entry) -> list[tuple[str, str, bool]]:
    """(table, id, put?) of each op of an entry, decoding as little of the line as possible.

    Raises ``ValueError`` for a line whose content does not match its shape
    (its CRC passed, so only a bug could cause that).
    """
    if entry.keys is None:
        if entry.ops is None:
            try:  # the keys are near the start: decode the first KB, not the whole line
                _decode_head(entry, _HEAD_BYTES)
            except ValueError:
                _decode_head(entry)
        if entry.keys is None:
            assert entry.ops is not None
            entry.keys = [(op["t"], op["id"], op["op"] == "put") for op in entry.ops]
    return entry.keys


def entry_ops(entry: Entry, upto: int) -> list[dict[str, Any]]:
    """The entry's ops ``0..upto`` (decoded one by one from the line if it was only scanned)."""
    located = None if entry.ops is not None else _decode_head(entry)
    if located is None:
        assert entry.ops is not None
        return entry.ops[: upto + 1]
    keys = entry_keys(entry)
    text, pos = located
    ops = []
    for i in range(min(upto + 1, len(keys))):
        op, pos = _DECODER.raw_decode(text, pos)
        _check_op(op)
        if (op["t"], op["id"], op["op"] == "put") != keys[i]:
            raise ValueError("ops do not match keys")
        ops.append(op)
        pos += 1  # "," or "]"
    return ops


def _decode_head(entry: Entry, limit: int | None = None) -> tuple[str, int] | None:
    """Decode a scanned line up to its first op (keys included): (text, position of the
    first op). A line without keys (older tousu) is parsed whole instead: None.

    With ``limit`` only the line's first ``limit`` bytes are decoded (enough for
    the keys, not for the ops): ``ValueError`` if they do not suffice.
    """
    text, pos = _prefix(entry, limit)
    if not text.startswith('"keys":', pos):
        if limit is not None and len(text) < len(entry.raw):
            raise ValueError("prefix too short")
        _parse_ops(entry)
        return None
    keys, pos = _DECODER.raw_decode(text, pos + 7)
    if not isinstance(keys, list) or not all(
        isinstance(k, list) and len(k) == 3 and isinstance(k[0], str) and isinstance(k[1], str) for k in keys
    ):
        raise ValueError("bad keys")
    if not text.startswith(',"ops":[', pos):
        raise ValueError("bad entry")
    if entry.keys is None:
        entry.keys = [(k[0], k[1], bool(k[2])) for k in keys]
    return text, pos + 8


def forget_body(entry: Entry) -> None:
    """Drop what a loaded process no longer needs of an applied entry (keeps seq and keys)."""
    entry_keys(entry)
    entry.ops = None
    entry.raw = b""
    entry.meta = None
    entry.carries_meta = False


def _prefix(entry: Entry, limit: int | None = None) -> tuple[str, int]:
    """The line (or its first ``limit`` bytes) as text and the position after ``meta``
    (where ``keys`` is, in new lines)."""
    match = _ENTRY.match(entry.raw)
    if match is None:
        raise ValueError("bad line")
    # A cut may split a character: "ignore" drops only that, at the very end.
    text = entry.raw.decode("utf-8") if limit is None else entry.raw[:limit].decode("utf-8", "ignore")
    pos = match.end()  # the prefix is ASCII: byte and character positions agree
    if text.startswith('"meta":', pos):
        _, pos = _DECODER.raw_decode(text, pos + 7)
        if not text.startswith(",", pos):
            raise ValueError("bad entry")
        pos += 1
    return text, pos


def _parse_ops(entry: Entry) -> None:
    item = codec.loads(entry.raw)
    ops = item["ops"]
    meta = item.get("meta")
    if not isinstance(ops, list) or (meta is not None and not isinstance(meta, dict)):
        raise ValueError("bad entry")
    for op in ops:
        _check_op(op)
    entry.ops = ops
    entry.meta = meta


def _check_op(op: Any) -> None:
    kind = op["op"]
    if not isinstance(op["t"], str) or not isinstance(op["id"], str):
        raise ValueError("bad op")
    if kind == "put":
        if not isinstance(op["doc"], dict):
            raise ValueError("bad put")
    elif kind != "del":
        raise ValueError("bad op kind")


def tail_lines(data: bytes, *, at_start: bool, limit: int) -> list[bytes]:
    """The last ``limit`` complete entry lines of a piece of journal (for carrying over)."""
    lines = data.split(b"\n")
    lines.pop()  # partial or empty after the last newline
    if not at_start and lines:
        lines.pop(0)  # may begin mid-line
    return [line + b"\n" for line in lines[-limit:] if _ENTRY.match(line)]


def entry_seq(line: bytes) -> int:
    match = _ENTRY.match(line)
    if not match:
        raise ValueError("not a journal entry")
    return int(match.group(1))


def _header(item: dict[str, Any]) -> Header:
    snap = item["snap"]
    if item["journal"] != 1 or not isinstance(item["base"], int) or len(snap) != 3:
        raise ValueError("bad header")
    return Header(store=str(item["store"]), base=item["base"], snap=(int(snap[0]), int(snap[1]), int(snap[2])))


def _entry(raw: bytes, full: bool) -> Entry:
    match = _ENTRY.match(raw)
    if not match or not raw.endswith(b"}") or zlib.crc32(memoryview(raw)[match.end() :]) != int(match.group(2)):
        raise ValueError("bad line")
    seq = int(match.group(1))
    entry = Entry(seq=seq, ops=None, raw=raw, carries_meta=raw.startswith(_META_KEY, match.end()))
    if full:
        _parse_ops(entry)
        entry_keys(entry)
        entry.raw = b""
    return entry
