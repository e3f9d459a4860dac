"""Attaching evidence files to a case: the one procedure ``tousu evidence add`` and the
dashboard's attach dialog both run (layout, permissions and the streaming copy:
:mod:`storage.evidence`).

Order of work, so that a refusal leaves nothing behind:

1. every file is checked (exists, a regular file, readable, not empty), before the
   store is touched (:func:`check_source`);
2. the store must be writable (``require_writable``), the case must exist and be open;
3. the files are copied to temporaries in the case's folder, hashed on the way
   (``progress(bytes so far)`` after each piece, for a progress bar);
4. a file whose digest the case already records is not added again ("duplicate"); if
   that record's own copy is missing or changed, this file (same digest) is put back
   in its place ("restored");
5. under the store's lock, inside ``update_case``, the new copies get their final
   names and their records are appended. If anything fails, every copy placed or
   left as a temporary is removed, so no file exists without its record.

Refusals are :class:`AttachError` (``problem``: ``source`` with the
:class:`storage.evidence.SourceError`, ``folder``, ``copy`` or ``closed``), store
errors are the store's; the caller words them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import arrow

from cases.model import Case
from storage import evidence
from storage.evidence import Incoming, SourceError


class AttachError(Exception):
    """Why files were not attached (nothing was left behind)."""

    def __init__(self, problem: str, *, given: str = "", folder: Path | None = None, reason: str = "",
                 source: SourceError | None = None, case: Case | None = None) -> None:
        self.problem = problem  # source | folder | copy | closed
        self.given = given
        self.folder = folder
        self.reason = reason
        self.source = source
        self.case = case
        super().__init__(f"{problem}: {given or folder or (case.id if case else '')} {reason}".strip())


@dataclass
class Attached:
    """One file given: as given, its own name, its copy and what became of it."""

    given: str
    source: Path
    name: str
    copy: Incoming | None = None
    outcome: str = "added"  # added | duplicate | restored
    index: int = 0  # its record's number on the case (1-based)
    state: str = ""  # for restored: what the old copy was (storage.evidence.Found value)
    placed: Path | None = None


@dataclass
class _Work:
    files: list[Attached] = field(default_factory=list)
    placed: list[Path] = field(default_factory=list)


def check_source(given: str, name: str) -> Attached:
    """Step 1 for one file: AttachError("source") if it cannot be added. ``name`` is the
    file's own name as it will be recorded (cleaned by the caller)."""
    source = Path(given)  # "~" was expanded by the shell or the caller; a file may be named "~1.png"
    try:
        evidence.examine(source)
    except SourceError as exc:
        raise AttachError("source", given=given, source=exc) from None
    return Attached(given, source, name)


def attach(store, case_id: str, files: Sequence[Attached], subject: str, note: str, now: arrow.Arrow,
           progress: Callable[[int], None] | None = None) -> tuple[Case, list[Attached]]:
    """Steps 2–5 (see the module docstring): the case as stored after, and each file's fate.
    ``progress(n)``: bytes copied so far, over every file."""
    work = _Work(list(files))
    store.require_writable()  # before anything is copied
    case = store.case(case_id)
    if case.closed:
        raise AttachError("closed", case=case)
    folder = _folder(store.path, case.id)
    done = 0
    try:
        for item in work.files:
            base = done
            report = None if progress is None else (lambda n, base=base: progress(base + n))
            item.copy = _copy(item, folder, store.path, report)
            done += item.copy.size
        _sort_known(work, case, evidence.root_for(store.path))
        if any(f.outcome == "added" for f in work.files):
            case = store.update_case(case.id, lambda fresh: _record(work, fresh, folder, subject, note, now))
    except BaseException as exc:
        from storage.errors import WriteUncertainError

        # Whether the records were saved is unknown: keep their copies (a copy without a
        # record is harmless, a record without its copy reads as "missing").
        _undo(work, folder, keep_placed=isinstance(exc, WriteUncertainError))
        raise
    for item in work.files:  # the copies of files found attached already
        if item.copy is not None and item.outcome != "restored" and item.placed is None:
            evidence.unlink_quietly(item.copy.temp)
    return case, work.files


def _folder(store_path: Path, case_id: str) -> Path:
    try:
        return evidence.case_folder(store_path, case_id)
    except OSError as exc:
        raise AttachError("folder", folder=evidence.root_for(store_path) / case_id,
                          reason=exc.strerror or str(exc)) from None


def _copy(item: Attached, folder: Path, store_path: Path, progress: Callable[[int], None] | None) -> Incoming:
    try:
        return evidence.copy_in(item.source, folder, store_path, progress=progress)
    except SourceError as exc:
        raise AttachError("source", given=item.given, source=exc) from None
    except OSError as exc:
        raise AttachError("copy", given=item.given, folder=folder, reason=exc.strerror or str(exc)) from None


def _sort_known(work: _Work, case: Case, root: Path) -> None:
    """Mark the files whose digest the case already records: duplicates, or restored
    (their record's own copy is missing or changed: this file takes its place)."""
    known = {item.sha256.lower(): (n, item) for n, item in enumerate(case.evidence, 1) if item.sha256}
    for f in work.files:
        assert f.copy is not None
        hit = known.get(f.copy.sha256)
        if hit is None:
            continue
        f.index, record = hit
        f.outcome = "duplicate"
        if evidence.is_own_copy(record.path, case.id):
            checked = evidence.check(root, record.path, record.sha256, record.size)
            if checked.found.bad:
                try:
                    evidence.restore(f.copy, evidence.stored_path(root, record.path))
                except OSError as exc:
                    raise AttachError("copy", given=f.given, folder=root / case.id,
                                      reason=exc.strerror or str(exc)) from None
                f.outcome, f.state = "restored", checked.found.value


def _record(work: _Work, case: Case, folder: Path, subject: str, note: str, now: arrow.Arrow) -> None:
    """Inside ``update_case`` (the store's lock held): name the new copies and record them."""
    from cases.clock import to_iso
    from cases.evidence import SUBJECTS
    from cases.model import EvidenceItem
    from storage.fsutil import fsync_dir

    if case.closed:  # closed by someone else meanwhile
        raise AttachError("closed", case=case)
    known = {item.sha256.lower(): n for n, item in enumerate(case.evidence, 1) if item.sha256}
    for f in work.files:
        if f.outcome != "added":
            continue
        assert f.copy is not None
        if f.copy.sha256 in known:  # given twice, or attached by someone else meanwhile
            f.outcome, f.index = "duplicate", known[f.copy.sha256]
            continue
        final = evidence.place(f.copy, folder, evidence.safe_name(f.name))
        f.placed = final
        work.placed.append(final)
        case.evidence.append(EvidenceItem(
            kind=SUBJECTS[subject].value, label=note, path=f"{case.id}/{final.name}", sha256=f.copy.sha256,
            recorded_at=to_iso(now), size=f.copy.size, name=f.name, subject=subject,
        ))
        f.index = known[f.copy.sha256] = len(case.evidence)
    if work.placed:
        fsync_dir(folder)


def _undo(work: _Work, folder: Path, *, keep_placed: bool = False) -> None:
    """Remove every copy placed (unless ``keep_placed``) or left as a temporary."""
    from storage.fsutil import fsync_dir

    for path in [] if keep_placed else work.placed:
        evidence.unlink_quietly(path)
    for f in work.files:
        if f.copy is not None and f.outcome != "restored":
            evidence.unlink_quietly(f.copy.temp)
    try:
        folder.rmdir()  # only if this left it empty
    except OSError:
        try:
            fsync_dir(folder)
        except OSError:
            pass
