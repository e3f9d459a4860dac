"""``tousu doctor``: check a store from its files up, and repair what is safe to repair.

:func:`check` reads the store whole, exactly as tousu reads it, and writes
nothing (it does not go through ``Store.open``, which would upgrade a store of
an earlier schema). What it looks at, in order:

1. the files: a store exists at the path; it is a tousu store of a schema this
   tousu knows; the snapshot's head, the CRCs of its index and of every table,
   and every journal line check out (any failure here stops the check: nothing
   else can be trusted); the file is at the current schema and has its index
   (else it is read whole every time);
2. every case, group and participant document against the checkers of
   :mod:`storage.documents` (what a damaged document would make refused);
3. references: a case's group, a group's lead case, a participant's group and
   case, a request key's case;
4. the summaries against their cases: a case without one, one without its
   case (orphan), one made with other rules or another calendar (its deadline
   stamp, ``cases.summary.deadline_stamp``), and one whose content differs from
   what its case gives now (the deadlines recomputed with the store's calendar);
5. permissions: the journal and the lock have the snapshot's mode and group;
   nobody outside the owner and the group may read any of them; in a shared
   folder (setgid, ``tousu share``) every file is 0660 and in the folder's group.

Each problem is a :class:`Finding`: a catalogue key (``cli.doctor.found.<key>``)
with its values, and the repair that fixes it, if one is safe. :func:`repair`
first makes a backup (reason ``repair``, :mod:`storage.backup`), then upgrades
the schema, rewrites a snapshot without index (compaction), recomputes the
summaries that are missing, stale or wrong, drops the orphan summaries and
request keys, fixes permissions last (where this user may; the files made
meanwhile included), and checks again.
Damaged documents and broken references are left for a person: what they
should hold cannot be guessed.

Cost: the whole store is read and every summary recomputed from its case; it is a
check run by hand, not on every open.
"""

from __future__ import annotations

import os
import stat as stat_mod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage import backup as backups
from storage import documents, snapshot, summaries
from storage.errors import (
    CorruptStoreError,
    DamagedDocumentError,
    NotAStoreError,
    SchemaTooNewError,
    StoreError,
)
from storage.fsutil import SHARED_FILE_MODE, is_shared_dir

if TYPE_CHECKING:  # pragma: no cover
    from datetime import datetime

    from storage.schedule import StoreCalendar

    from cases.clock import Clock
    from storage.journal_storage import JournalStorage

#: Items named in one finding before "…".
SHOWN_ITEMS = 5
#: Repairs, in the order :func:`repair` runs them.
PERMISSIONS, COMPACT, SUMMARIES, REQUESTS = "permissions", "compact", "summaries", "requests"
#: Findings that stop the check (nothing else can be read).
FATAL = ("missing", "not_a_store", "corrupt", "too_new", "unreadable")


@dataclass(frozen=True)
class Finding:
    """One problem: ``key`` names its message, ``values`` fill it; ``repair`` is what
    :func:`repair` does about it (None: a person must look); ``keys`` the document ids
    concerned; ``error`` the store error behind a fatal finding."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    repair: str | None = None
    keys: tuple[str, ...] = ()
    error: StoreError | None = None


@dataclass
class Report:
    path: Path
    findings: list[Finding]
    counts: dict[str, int] = field(default_factory=dict)  # cases, groups, participants

    @property
    def healthy(self) -> bool:
        return not self.findings

    @property
    def fatal(self) -> bool:
        return any(f.key in FATAL for f in self.findings)


@dataclass(frozen=True)
class Repaired:
    backup: backups.Backup | None
    done: list[Finding]  # what was repaired
    failed: list[Finding]  # permissions this user could not change
    after: Report


# ---------------------------------------------------------------------- checking
def check(path: Path, clock: Clock, schedule_file: Path | None = None) -> Report:
    """Check the store at ``path`` (see the module docstring); writes nothing."""
    from storage.journal_storage import JournalStorage
    from storage.store import Store

    path = Path(path).expanduser()
    if not os.path.lexists(path):
        return Report(path, [Finding("missing", {"path": str(path)})])
    storage = JournalStorage(path)
    try:
        storage.open()
        tables = storage.read()
        schema = snapshot.stored_schema(storage.path)
    except (NotAStoreError, CorruptStoreError, SchemaTooNewError, StoreError) as exc:
        return Report(path, [_fatal(exc)])
    try:
        findings = _format_findings(storage, schema)
        findings += _document_findings(tables)
        findings += _reference_findings(tables)
        store = Store(storage, clock, schedule_file)
        try:
            rules = store.calendar_info()
        except ValueError as exc:  # a damaged personal schedule file
            findings.append(Finding("calendar", {"message": str(exc)}))
        else:
            findings += _summary_findings(tables, rules)
        findings += permission_findings(storage)
    finally:
        storage.close()
    counts = {name: len(tables.get(name, {})) for name in ("cases", "groups", "participants")}
    return Report(storage.path, findings, counts)


def _fatal(exc: StoreError) -> Finding:
    key = {NotAStoreError: "not_a_store", CorruptStoreError: "corrupt", SchemaTooNewError: "too_new"}
    return Finding(key.get(type(exc), "unreadable"), error=exc)


def _format_findings(storage: JournalStorage, schema: int) -> list[Finding]:
    if schema < snapshot.SCHEMA:
        return [Finding("old_schema", {"found": schema, "current": snapshot.SCHEMA}, COMPACT)]
    fd = os.open(storage.path, os.O_RDONLY)
    try:
        head = snapshot.read_head(fd, os.fstat(fd).st_size, storage.path)
    finally:
        os.close(fd)
    if head is None or head[2] is None:
        return [Finding("no_index", {}, COMPACT)]
    return []


def _listed(key: str, items: list[str], repair: str | None = None, keys: Iterable[str] = (),
            **values: Any) -> list[Finding]:
    """One finding naming the first :data:`SHOWN_ITEMS` of ``items`` (none if there are none)."""
    if not items:
        return []
    shown = ", ".join(items[:SHOWN_ITEMS]) + (" …" if len(items) > SHOWN_ITEMS else "")
    return [Finding(key, {"count": len(items), "items": shown, **values}, repair, tuple(keys))]


_CHECKERS: dict[str, Callable[[Any], None]] = {
    "cases": documents.check_case,
    "groups": lambda doc: documents.check(doc, documents.GROUP),
    "participants": lambda doc: documents.check(doc, documents.PARTICIPANT),
}


def _document_findings(tables: dict[str, dict[str, Any]]) -> list[Finding]:
    damaged = []
    for name, checker in _CHECKERS.items():
        for key, doc in tables.get(name, {}).items():
            try:
                checker(doc)
            except (documents.Malformed, DamagedDocumentError) as exc:
                damaged.append(f"{_item_id(name, key, doc)} ({exc.field})")
    return _listed("damaged", damaged)


def _item_id(name: str, key: str, doc: Any) -> str:
    found = doc.get("id") if isinstance(doc, dict) else None
    return found if isinstance(found, str) and found else f"{name}/{key}"


def _ids(table: dict[str, Any]) -> set[str]:
    return {doc.get("id") for doc in table.values() if isinstance(doc, dict)}


def _reference_findings(tables: dict[str, dict[str, Any]]) -> list[Finding]:
    cases, groups = _ids(tables.get("cases", {})), _ids(tables.get("groups", {}))
    broken: list[str] = []

    def refer(table: str, field_name: str, known: set[str]) -> None:
        for key, doc in tables.get(table, {}).items():
            target = doc.get(field_name) if isinstance(doc, dict) else None
            if isinstance(target, str) and target and target not in known:
                broken.append(f"{_item_id(table, key, doc)} → {target}")

    refer("cases", "group_id", groups)
    refer("groups", "case_id", cases)
    refer("participants", "group", groups)
    refer("participants", "case_id", cases)
    findings = _listed("broken_reference", broken)
    requests = tables.get("requests", {})
    orphans = [key for key, doc in requests.items() if not isinstance(doc, dict) or doc.get("case") not in cases]
    return findings + _listed("request_orphan", orphans, REQUESTS, orphans)


def _summary_findings(tables: dict[str, dict[str, Any]], rules: StoreCalendar) -> list[Finding]:

    stored = tables.get(summaries.SUMMARIES, {})
    cases = tables.get("cases", {})
    todo, orphans = summaries.problems(stored, list(cases), rules.stamp)
    missing = [k for k in todo if k not in stored]
    stale = [k for k in todo if k in stored]
    pending = set(todo)
    wrong = [k for k, doc in cases.items()
             if k not in pending and summaries.repaired_doc(k, doc, rules.calendar, rules.practice) != stored[k]]
    return (_listed("summary_missing", [name(k) for k in missing], SUMMARIES, missing)
            + _listed("summary_stale", [name(k) for k in stale], SUMMARIES, stale)
            + _listed("summary_wrong", [name(k) for k in wrong], SUMMARIES, wrong)
            + _listed("summary_orphan", [name(k) for k in orphans], SUMMARIES, orphans))


def name(key: str) -> str:
    """The case id of a ``cases`` / ``summaries`` document key ("42" → "K-0042")."""
    from cases.ids import format_case_id

    return format_case_id(int(key)) if key.isdigit() and int(key) > 0 else key


def permission_findings(storage: JournalStorage) -> list[Finding]:
    """The store's files whose mode or group is not what they should have (module docstring)."""
    snap = os.stat(storage.path)
    mode, gid = stat_mod.S_IMODE(snap.st_mode) & 0o770, snap.st_gid
    if is_shared_dir(storage.path.parent):
        mode, gid = SHARED_FILE_MODE, os.stat(storage.path.parent).st_gid
    findings = []
    for path in (storage.path, storage.journal_path, storage.lock_path):
        try:
            st = os.stat(path)
        except FileNotFoundError:
            continue
        found = stat_mod.S_IMODE(st.st_mode)
        if found != mode:
            findings.append(Finding("mode", {"file": path.name, "found": f"{found:04o}", "wanted": f"{mode:04o}"},
                                    PERMISSIONS, (str(path),)))
        if st.st_gid != gid:
            findings.append(Finding("group", {"file": path.name, "found": _group(st.st_gid), "wanted": _group(gid)},
                                    PERMISSIONS, (str(path),)))
    return findings


def _group(gid: int) -> str:
    from storage.fsutil import group_name

    return group_name(gid)


# ---------------------------------------------------------------------- repairing
def repair(path: Path, clock: Clock, now: datetime, schedule_file: Path | None = None) -> Repaired:
    """Back the store up, then repair what :func:`check` found that is safe to repair."""
    from storage.journal_storage import JournalStorage
    from storage.store import Store, journal_options

    before = check(path, clock, schedule_file)
    todo = [f for f in before.findings if f.repair is not None]
    if before.fatal or not todo:
        return Repaired(None, [], [], before)
    plain = JournalStorage(Path(path).expanduser())
    plain.open()
    plain.require_writable()
    made = backups.make_backup(plain, now, "repair")
    plain.close()
    store = Store.open(path, clock, schedule_file=schedule_file)  # upgrades an earlier schema
    rules = store.calendar_info()
    store.close()
    storage = JournalStorage(Path(path).expanduser(), **journal_options())
    storage.open()
    try:
        if any(f.repair == COMPACT for f in todo):
            storage.compact()
        fixes = [f for f in todo if f.repair == SUMMARIES]
        if fixes:
            orphans = [k for f in fixes if f.key == "summary_orphan" for k in f.keys]
            keys = [k for f in fixes if f.key != "summary_orphan" for k in f.keys]
            summaries.repair(storage, keys, orphans, rules.calendar, rules.stamp, practice=rules.practice,
                             still=lambda: True)
        requests = [k for f in todo if f.repair == REQUESTS for k in f.keys]
        if requests:
            with storage.transaction():
                for key in requests:
                    storage.delete("requests", key)
    finally:
        storage.close()
    done = [f for f in todo if f.repair != PERMISSIONS]
    failed = []
    for finding in permission_findings(plain):  # last: the lock may have been made meanwhile
        (done if _fix_permissions(plain, finding) else failed).append(finding)
    return Repaired(made, done, failed, check(path, clock, schedule_file))


def _fix_permissions(storage: JournalStorage, finding: Finding) -> bool:
    """Give one file the mode or group it should have; False if this user may not."""
    (target,) = finding.keys
    wanted = finding.values["wanted"]
    try:
        if finding.key == "mode":
            os.chmod(target, int(wanted, 8))
        else:
            snap_dir = storage.path.parent
            gid = os.stat(snap_dir).st_gid if is_shared_dir(snap_dir) else os.stat(storage.path).st_gid
            os.chown(target, -1, gid)
    except OSError:
        return False
    return True
