"""Files exported from a store: case files (Markdown, PDF) and where they are written.

:func:`case_file_bytes` is the one way both the CLI (``tousu export CASE``) and the
dashboard (``E`` in the case detail) make a case file: the case masked by
:func:`cases.privacy.masked_case` unless revealed, every evidence copy checked against
its recorded SHA-256 (:func:`storage.evidence.check`), laid out by
:mod:`cases.case_file` and, for a PDF, :mod:`cases.case_pdf`. :func:`write_export`
writes any export atomically (temp file, fsync, rename) and private (0600): case files
and whole-store exports hold personal data.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from storage.fsutil import atomic_write, make_private_dirs

if TYPE_CHECKING:  # pragma: no cover
    import arrow

    from cases.model import Case, Group

CASE_FILE_FORMATS = ("md", "pdf")


def case_file_bytes(case: Case, group: Group | None, store_path: Path, *, now: arrow.Arrow, calendar: object,
                    reveal: bool, fmt: str) -> bytes:
    """The case file of ``case`` as ``fmt`` (``md`` or ``pdf``), masked unless ``reveal``."""
    from cases.case_file import CASE_FILE_LANG, case_file, to_markdown
    from cases.clock import TZ
    from cases.privacy import shown_case
    from storage.evidence import check, root_for

    root = root_for(store_path)
    checked = {n: check(root, item.path, item.sha256, item.size).found.value for n, item in enumerate(case.evidence)}
    shown, group_name = shown_case(case, group, reveal=reveal)
    blocks = case_file(shown, now=now, calendar=calendar, group=group, group_name=group_name, checked=checked,
                       masked=not reveal)
    if fmt == "md":
        return to_markdown(blocks).encode("utf-8")
    from cases.case_pdf import to_pdf

    return to_pdf(blocks, case_id=case.id, exported_at=now.to(TZ).format("YYYY-MM-DD HH:mm"), lang=CASE_FILE_LANG)


def default_case_file_path(case_id: str, fmt: str, at: arrow.Arrow, directory: Path | None = None) -> Path:
    """``<exports dir>/K-0001-20261130-1002.pdf``: a new name per minute and case."""
    from cases.clock import TZ
    from storage.paths import exports_dir

    folder = directory if directory is not None else exports_dir()
    return folder / f"{case_id}-{at.to(TZ).format('YYYYMMDD-HHmm')}.{fmt}"


def write_export(path: Path, data: bytes, *, make_folder: bool = False) -> Path:
    """Write ``data`` to ``path`` atomically, mode 0600; ``make_folder`` creates a missing
    folder (0700: the default exports folder), else a missing one is an error."""
    if make_folder:
        make_private_dirs(path.parent)
    atomic_write(path, data)
    return path
