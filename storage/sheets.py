"""Roster spreadsheets on disk: CSV (UTF-8 with or without BOM, GBK, GB18030) and XLSX (openpyxl).

Reading gives the header row and every data row with its line number in the file
(the line a spreadsheet program shows), cells as they are (XLSX: numbers, dates);
what the cells mean is :mod:`cases.roster_import`. A file that cannot be read as a
sheet raises :class:`SheetError` (a catalogue key and values).

Writing (an export) is atomic and private (0600: a roster holds personal data), and
marks the file as a tousu roster export (CSV: its header row; XLSX: the workbook's
keywords) so a later export may replace it without ``--force`` while any other file
is never overwritten by mistake.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage.fsutil import atomic_write

#: The XLSX keywords that mark a roster export.
EXPORT_MARK = "tousu-roster-export"
_BOM = b"\xef\xbb\xbf"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # an old .xls
#: The largest sheet read (bytes): far above 30,000 rows.
MAX_BYTES = 200 << 20


class SheetError(Exception):
    """A file that is no usable roster sheet; ``key`` / ``values`` say why (``cases.roster.file.*``)."""

    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key, self.values = key, values


@dataclass
class Sheet:
    kind: str  # "csv" or "xlsx"
    encoding: str  # "UTF-8", "UTF-8-BOM", "GBK", "GB18030"; "" for XLSX
    header_line: int
    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


def is_xlsx(path: Path) -> bool:
    return path.suffix.lower() in (".xlsx", ".xlsm")


def read_sheet(path: Path) -> Sheet:
    """The sheet at ``path``: XLSX by its content (a zip) or suffix, else CSV. :class:`SheetError`."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SheetError("cases.roster.file.missing", file=str(path)) from None
    except IsADirectoryError:
        raise SheetError("cases.roster.file.directory", file=str(path)) from None
    except OSError as exc:
        raise SheetError("cases.roster.file.unreadable", file=str(path), reason=exc.strerror or str(exc)) from None
    if len(data) > MAX_BYTES:
        raise SheetError("cases.roster.file.too_large", file=str(path), mb=MAX_BYTES >> 20)
    if data.startswith(_OLE) or path.suffix.lower() == ".xls":
        raise SheetError("cases.roster.file.xls", file=str(path))
    if data.startswith(_ZIP):
        return _read_xlsx(data, path)
    if is_xlsx(path):
        raise SheetError("cases.roster.file.bad_xlsx", file=str(path), reason="not a zip")
    return _read_csv(data, path)


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    if b"\x00" in data:
        raise SheetError("cases.roster.file.binary", file=str(path))
    if data.startswith(_BOM):
        try:
            return data[len(_BOM):].decode("utf-8"), "UTF-8-BOM"
        except UnicodeDecodeError:
            raise SheetError("cases.roster.file.encoding", file=str(path)) from None
    for codec, name in (("utf-8", "UTF-8"), ("gbk", "GBK"), ("gb18030", "GB18030")):
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            continue
    raise SheetError("cases.roster.file.encoding", file=str(path))  # pragma: no cover - gb18030 maps every byte string


def _read_csv(data: bytes, path: Path) -> Sheet:
    text, encoding = _decode(data, path)
    if not text.strip():
        raise SheetError("cases.roster.file.empty", file=str(path))
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header: list[str] | None = None
    header_line = 0
    rows: list[tuple[int, list[Any]]] = []
    start = 1
    try:
        for cells in reader:
            line = start
            start = reader.line_num + 1
            if header is None:
                if any(c.strip() for c in cells):
                    header, header_line = [c.strip() for c in cells], line
                continue
            rows.append((line, cells))
    except csv.Error as exc:
        raise SheetError("cases.roster.file.bad_csv", file=str(path), line=reader.line_num, reason=str(exc)) from None
    if header is None:
        raise SheetError("cases.roster.file.empty", file=str(path))
    return Sheet("csv", encoding, header_line, header, rows)


def _read_xlsx(data: bytes, path: Path) -> Sheet:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise SheetError("cases.roster.file.bad_xlsx", file=str(path), reason=str(exc) or type(exc).__name__) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise SheetError("cases.roster.file.empty", file=str(path))
        header: list[str] | None = None
        header_line = 0
        rows: list[tuple[int, list[Any]]] = []
        for line, values in enumerate(sheet.iter_rows(values_only=True), 1):
            cells = list(values)
            if header is None:
                if any(c is not None and str(c).strip() for c in cells):
                    header, header_line = ["" if c is None else str(c).strip() for c in cells], line
                continue
            rows.append((line, cells))
    finally:
        book.close()
    if header is None:
        raise SheetError("cases.roster.file.empty", file=str(path))
    return Sheet("xlsx", "", header_line, header, rows)


# ----------------------------------------------------------------------------- export


def is_earlier_export(path: Path, headers: Iterable[list[str]]) -> bool:
    """Whether ``path`` is a roster export tousu wrote (which an export may replace): an XLSX with
    the export mark, a CSV whose header row is one of ``headers``."""
    try:
        if is_xlsx(path):
            from openpyxl import load_workbook

            book = load_workbook(path, read_only=True)
            try:
                return (book.properties.keywords or "") == EXPORT_MARK
            finally:
                book.close()
        sheet = read_sheet(path)
    except Exception:  # noqa: BLE001 - anything unreadable is not an earlier export
        return False
    return sheet.headers in [list(h) for h in headers]


def write_sheet(path: Path, headers: list[str], rows: list[list[Any]]) -> None:
    """Write an export atomically, mode 0600: XLSX by the suffix (.xlsx), else CSV in UTF-8
    with a BOM (spreadsheet programs then read the Chinese right)."""
    if is_xlsx(path):
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        book.properties.keywords = EXPORT_MARK
        book.properties.creator = "tousu"
        sheet = book.create_sheet()
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        atomic_write(path, out.getvalue())
        return
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    atomic_write(path, _BOM + buffer.getvalue().encode("utf-8"))
