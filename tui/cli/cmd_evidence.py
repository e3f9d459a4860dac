"""``tousu evidence add | list | verify``: evidence files kept with a case, and checked later.

``add`` copies each file into the store's evidence folder and records it on the
case in ONE ``Store.update_case`` transaction (:mod:`storage.attach`, the procedure
the dashboard's attach dialog runs too): kind, what it shows (``--kind``), the note
as its label, SHA-256, size, the file's own name, the stored path and the time (the
injected clock). Order of work, so that a refusal leaves nothing behind:

1. every FILE is checked (exists, a regular file, readable, not empty), before the
   store is opened;
2. the store must be writable (``require_writable``), the case must exist and be open;
3. the files are copied to temporaries in the case's folder, hashed on the way;
4. a file whose digest the case already records is not added again ("already
   attached"); if that record's own copy is missing or changed, this file (same
   digest) is put back in its place ("restored");
5. under the store's lock, inside ``update_case``, the new copies get their final
   names and their records are appended. If anything fails, every copy placed or
   left as a temporary by this command is removed, so no file exists without its
   record.

``--kind`` → checklist kind: ``cases.evidence.SUBJECTS`` (payment → transaction,
promise and communication → communication, defect → anomaly, other → other).

``verify`` re-hashes every recorded copy (one case, or every case with evidence),
prints one line per copy that is changed, missing or unreadable and exits 1 if
there is any (0 when all match); records without a digest are named but are no
failure. File names and notes are masked unless ``--reveal``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli.arguments import _case_id, _clean
from tui.cli.constants import EXIT_CHANGED, EXIT_OK
from tui.cli.errors import CliError
from tui.cli.output import _console, _write_line

if TYPE_CHECKING:  # pragma: no cover
    from cases.model import Case, EvidenceItem
    from storage.attach import Attached
    from tui.cli.context import Context

_SHORT_HASH = 12


def cmd_evidence(ctx: Context) -> int:
    return {"add": _add, "list": _list, "verify": _verify}[ctx.args.evidence_command](ctx)


# ---------------------------------------------------------------------- add
def _add(ctx: Context) -> int:
    from storage.attach import AttachError, attach, check_source

    args = ctx.args
    case_id = _case_id(ctx, args.case)
    note = _clean(args.note)
    try:
        files = [check_source(given, _clean(Path(given).name) or _clean(given)) for given in args.files]
        store = ctx.open_store()
        try:
            case, files = attach(store, case_id, files, args.kind, note, ctx.now)
        finally:
            store.close()
    except AttachError as exc:
        raise CliError(attach_message(ctx.lang, exc)) from None
    for item in files:
        _write_line(_add_line(ctx, case, item))
    return EXIT_OK


def attach_message(lang: str, exc: Any) -> str:
    """An :class:`storage.attach.AttachError` in words (the command line's and the dashboard's)."""
    from cases.i18n import tr

    if exc.problem == "source":
        reason = exc.source.reason or tr("cli.evidence.error.no_read_permission", lang)
        return tr(f"cli.evidence.error.{exc.source.problem.value}", lang, file=_shown_path(exc.given), reason=reason)
    if exc.problem == "closed":
        from cases.statuses import status_name

        return tr("cli.evidence.error.closed", lang, id=exc.case.id, status=status_name(exc.case.status.value, lang))
    if exc.problem == "folder":
        return tr("cli.evidence.error.folder", lang, folder=str(exc.folder), reason=exc.reason)
    return tr("cli.evidence.error.copy", lang, file=_shown_path(exc.given), folder=str(exc.folder), reason=exc.reason)


def _shown_path(text: str) -> str:
    """A path as given, cleaned for a one-line message; a very long one keeps its end (the name)."""
    from cases.sanitize import clean_text

    text = clean_text(str(text))
    return text if len(text) <= 160 else text[:40] + "…" + text[-119:]


def _add_line(ctx: Context, case: Case, f: Attached) -> str:
    from cases.privacy import mask_case_text

    assert f.copy is not None
    name = mask_case_text(case, f.name)
    if f.outcome == "duplicate":
        return ctx.t("cli.evidence.add.duplicate", id=case.id, name=name, n=f.index)
    if f.outcome == "restored":
        return ctx.t("cli.evidence.add.restored", id=case.id, name=name, n=f.index,
                     state=ctx.t(f"cli.evidence.state.{f.state}"))
    return ctx.t("cli.evidence.add.done", id=case.id, name=name, n=f.index, kind=ctx.t(f"cli.evidence.kind.{ctx.args.kind}"),
                 size=_size(f.copy.size), sha=f.copy.sha256[:_SHORT_HASH])


# ---------------------------------------------------------------------- list
def _size(n: int) -> str:
    from cases.evidence import size_text  # (imported when needed: every tousu command imports this module)

    return size_text(n)


def _kind_text(ctx: Context, item: EvidenceItem) -> str:
    from cases.evidence import shows_text

    return shows_text(item, ctx.lang)


def _list(ctx: Context) -> int:
    from cases.privacy import mask_case_text
    from storage.evidence import root_for, stored_path

    args = ctx.args
    case_id = _case_id(ctx, args.case)
    store = ctx.open_store()
    try:
        case = store.case(case_id)
        root = root_for(store.path)
    finally:
        store.close()

    def shown(text: str) -> str:
        return text if args.reveal else mask_case_text(case, text)

    if args.json:
        import json

        items = [{
            "n": n, "kind": item.kind, "subject": item.subject or None, "label": shown(item.label),
            "name": shown(item.name), "path": shown(item.path),
            "file": shown(str(stored_path(root, item.path))) if item.path else None,
            "size": item.size or None, "sha256": item.sha256 or None, "recorded_at": item.recorded_at or None,
        } for n, item in enumerate(case.evidence, 1)]
        data = {"case": case.id, "folder": str(root / case.id), "masked": not args.reveal, "evidence": items}
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return EXIT_OK
    if not case.evidence:
        _write_line(ctx.t("cli.evidence.list.none", id=case.id))
        return EXIT_OK
    _print_items(ctx, case, root, shown)
    return EXIT_OK


def _print_items(ctx: Context, case: Case, root: Path, shown: Any) -> None:
    from rich.table import Table
    from rich.text import Text

    from cases.evidence import item_name
    from cases.instants import shown_time

    console = _console()
    console.print(Text(ctx.t("cli.evidence.list.head", id=case.id, n=len(case.evidence), folder=str(root / case.id))))
    table = Table(box=None, header_style="bold", pad_edge=False, show_edge=False)
    for key in ("n", "kind", "file", "size", "sha256", "recorded", "note"):
        table.add_column(Text(ctx.t(f"cli.evidence.col.{key}")), no_wrap=key != "note",
                         ratio=1 if key == "note" else None)
    for n, item in enumerate(case.evidence, 1):
        table.add_row(
            Text(str(n)),
            Text(_kind_text(ctx, item)),
            Text(shown(item.name or item_name(item))),
            Text(_size(item.size) if item.size else "—"),
            Text(item.sha256[:_SHORT_HASH] + "…" if item.sha256 else "—"),
            Text(shown_time(item.recorded_at)),
            Text(shown(item.label)),
        )
    console.print(table)


# ---------------------------------------------------------------------- verify
def _verify(ctx: Context) -> int:
    from storage.evidence import root_for

    args = ctx.args
    store = ctx.open_store()
    try:
        if args.case:
            cases = [store.case(_case_id(ctx, args.case))]
        else:
            cases = [c for c in store.cases() if c.evidence]
        root = root_for(store.path)
    finally:
        store.close()
    if not any(c.evidence for c in cases):
        _write_line(ctx.t("cli.evidence.verify.none"))
        return EXIT_OK
    bad = sum(_verify_item(ctx, case, n, item, root) for case in cases for n, item in enumerate(case.evidence, 1))
    counted = sum(1 for c in cases for item in c.evidence if item.sha256)
    if bad:
        _write_line(ctx.t("cli.evidence.verify.summary", files=counted, cases=len(cases), ok=counted - bad, bad=bad))
        return EXIT_CHANGED
    _write_line(ctx.t("cli.evidence.verify.all_ok", files=counted, cases=len(cases)))
    return EXIT_OK


def _verify_item(ctx: Context, case: Case, n: int, item: EvidenceItem, root: Path) -> bool:
    """Check one record's copy; prints a line unless it matches. True if it is changed, missing or unreadable."""
    from cases.evidence import item_name
    from cases.privacy import mask_case_text
    from storage.evidence import Found, check

    def shown(text: str) -> str:
        return text if ctx.args.reveal else mask_case_text(case, text)

    result = check(root, item.path, item.sha256, item.size)
    if result.found is Found.OK:
        return False
    values: dict[str, object] = {"id": case.id, "n": n, "name": shown(item.name or item_name(item)),
                                 "path": shown(item.path)}
    if result.found is Found.CHANGED and not result.sha256:
        line = ctx.t("cli.evidence.verify.changed_size", expected=item.size, actual=result.size, **values)
    elif result.found is Found.CHANGED:
        line = ctx.t("cli.evidence.verify.changed", expected=item.sha256[:_SHORT_HASH],
                     actual=result.sha256[:_SHORT_HASH], **values)
    elif result.found is Found.UNREADABLE:
        line = ctx.t("cli.evidence.verify.unreadable", reason=result.reason, **values)
    else:
        line = ctx.t(f"cli.evidence.verify.{result.found.value}", **values)
    _write_line(line)
    return result.found.bad
