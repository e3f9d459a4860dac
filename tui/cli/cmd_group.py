"""``tousu group …``: group cases and their rosters (create, show, import, export, set, assign,
representatives, decisions and consents, the 授权委托书 a participant signs).

A group case is a case with a roster (storage.rosters). PARTICIPANT is an id (P-00042),
an order number or a phone. Personal data is masked in everything printed or exported
unless ``--reveal`` (cases.privacy). Every change records who (the OS login) and when.

``import`` reads a CSV or XLSX (storage.sheets), maps its headers to fields
(cases.roster_columns; ``--map 列名=field`` overrides), checks every row
(cases.roster_import), prints the mapping and the counts, and writes nothing with
``--dry-run``. Exit status: 0 every row imported, 4 some rows skipped (each on stderr with
its line and reason), 2 an unusable file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli.arguments import _case_id, _clean
from tui.cli.constants import EXIT_OK, EXIT_SKIPPED
from tui.cli.errors import CliError
from tui.cli.output import _write_line

if TYPE_CHECKING:  # pragma: no cover
    from cases.model import Group
    from cases.roster import Participant, Tally
    from tui.cli.context import Context


def cmd_group(ctx: Context) -> int:
    commands = {"create": _create, "show": _show, "import": _import, "export": _export, "set": _set,
                "assign": _assign, "represent": _represent, "decide": _decide, "consent": _consent,
                "letter": _letter}
    return commands[ctx.args.group_command](ctx)


def _group(ctx: Context) -> Group:
    return ctx.open_store().group_for_case(_case_id(ctx, ctx.args.case))


# ---------------------------------------------------------------------- create / show
def _create(ctx: Context) -> int:
    store = ctx.open_store()
    group = store.create_group(_case_id(ctx, ctx.args.case), ctx.volunteer, _clean(ctx.args.name))
    _write_line(ctx.t("cli.group.created", id=group.id, case=group.case_id, name=group.name))
    return EXIT_OK


def _yes(ctx: Context, flag: bool) -> str:
    return ctx.t("cli.group.yes") if flag else ctx.t("cli.group.no")


def shown_participant(p: Participant, reveal: bool) -> dict[str, Any]:
    """A participant as printed or exported: personal data masked unless ``reveal``."""
    from cases.privacy import mask_address, mask_id_number, mask_name, mask_phone, mask_text

    names = (p.name,) if p.name else ()
    out = p.to_dict()
    out["amount"] = f"{p.amount:.2f}"
    out["evidence_complete"] = p.evidence_complete
    if not reveal:
        out.update(name=mask_name(p.name), phone=mask_phone(p.phone), id_number=mask_id_number(p.id_number),
                   address=mask_address(p.address), notes=mask_text(p.notes, names=names))
        out["orders"] = [{**o, "payee": mask_text(o["payee"], names=names),
                          "payment_channel": mask_text(o["payment_channel"], names=names)} for o in out["orders"]]
    return out


def _tally_line(ctx: Context, tally: Tally) -> str:
    return ctx.t("cli.group.tally", n=tally.participants, amount=f"{tally.amount:,.2f}",
                 evidence=tally.evidence_complete, consent=tally.consent, poa=tally.poa)


def _show(ctx: Context) -> int:
    from cases.roster import totals
    from cases.statuses import status_name

    from tui.cli.errors import _warn

    store = ctx.open_store()
    group = _group(ctx)
    damaged: list[Any] = []
    people = store.roster(group.id, damaged=damaged)
    found = totals(people, group.decisions)
    reveal = bool(ctx.args.reveal)
    shown = [shown_participant(p, reveal) for p in people]
    for error in damaged:
        _warn(ctx.lang, error.message(ctx.lang))
    from cases.roster import missing_consents

    if ctx.args.json:
        from storage import dumps  # orjson when installed: 30,000 people in ~0.1 s, json's indent ~7 s

        consents = {d.id: {"given": found.decisions.get(d.id, 0),
                           "missing": [p.id or p.name for p in missing_consents(people, d.id)]}
                    for d in group.decisions}
        data = {"group": group.to_dict(), "totals": found.to_dict(), "consents": consents, "participants": shown}
        sys.stdout.flush()
        sys.stdout.buffer.write(dumps(data, bulk=True) + b"\n")
        sys.stdout.buffer.flush()
        return EXIT_OK
    _write_line(ctx.t("cli.group.head", id=group.id, name=_clean(group.name), case=group.case_id))
    _write_line(_tally_line(ctx, found.all))
    for name, tally in sorted(found.by_assignee.items()):
        _write_line("  " + ctx.t("cli.group.assignee", name=name or ctx.t("cli.group.nobody")) + " " + _tally_line(ctx, tally))
    if group.representatives:
        _write_line(ctx.t("cli.group.representatives", ids=", ".join(group.representatives)))
    for decision in group.decisions:
        missing = missing_consents(people, decision.id)
        _write_line(ctx.t("cli.group.decision", id=decision.id, kind=ctx.t(f"cli.group.kind.{decision.kind}"),
                          text=_clean(decision.text), given=found.decisions.get(decision.id, 0),
                          missing=len(missing)))
    for p, row in zip(people, shown, strict=True):
        evidence = "".join(ctx.t(f"cli.group.evidence.{k}") if k in p.evidence else "-"
                           for k in ("transaction", "communication", "anomaly"))
        _write_line("  ".join([
            p.id or "-", row["name"] or "-", row["phone"] or "-", ctx.t("cli.group.orders", n=len(p.orders)),
            f"{p.amount:,.2f}", evidence, ctx.t("cli.group.consent_mark") if p.consent else "-",
            ctx.t("cli.group.poa_mark") if p.poa else "-", status_name(p.status, ctx.lang), p.assignee or "-",
        ]))
    return EXIT_OK


# ---------------------------------------------------------------------- import
def _overrides(ctx: Context) -> dict[str, str]:
    from cases.roster_columns import field_of

    out: dict[str, str] = {}
    for item in ctx.args.map or []:
        column, sep, target = _clean(item).partition("=")
        field = field_of(target) if sep else None
        if not sep or not column.strip() or field is None:
            raise CliError(ctx.t("cli.group.bad_map", value=_clean(item)))
        out[column.strip()] = field
    return out


def _import(ctx: Context) -> int:
    from cases.roster_columns import column_name, guess
    from cases.roster_import import parse_rows
    from storage.sheets import SheetError, read_sheet

    overrides = _overrides(ctx)
    store = ctx.open_store()
    group = _group(ctx)  # (a case that is no group case is said before the file is read)
    path = Path(ctx.args.file)
    try:
        sheet = read_sheet(path)
    except SheetError as exc:
        raise CliError(ctx.t(exc.key, **exc.values)) from None
    from cases.roster_columns import normalise

    present = {normalise(h) for h in sheet.headers}
    unknown = [column for column in overrides if normalise(column) not in present]
    if unknown:  # a typo in --map would otherwise pass unnoticed
        raise CliError(ctx.t("cli.group.map_unknown", columns=", ".join(unknown),
                             headers=", ".join(_clean(h) for h in sheet.headers)))
    mapping = guess(sheet.headers, overrides)
    if "order" not in mapping:
        raise CliError(ctx.t("cases.roster.file.no_order_column", file=_clean(str(path)),
                             headers=", ".join(_clean(h) for h in sheet.headers)))
    _write_line(ctx.t("cli.group.import.file", file=_clean(str(path)), kind=sheet.kind.upper(),
                      encoding=sheet.encoding or "-", rows=len(sheet.rows)))
    for header, field in zip(sheet.headers, mapping, strict=False):
        target = column_name(field, ctx.lang) + f" ({field})" if field else ctx.t("cli.group.import.ignored")
        _write_line("  " + ctx.t("cli.group.import.column", column=_clean(header) or "?", field=target))
    parsed = parse_rows(sheet.rows, mapping, ctx.lang, ctx.now)
    if ctx.args.dry_run:
        plans = [store.preview_rows(group.id, parsed.rows)]
    else:
        plans = store.import_rows(group.id, parsed.rows, ctx.volunteer)
    added = sum(len(p.adds) for p in plans)
    updated = sum(len(p.updates) for p in plans)
    unchanged = sum(p.unchanged for p in plans)
    problems = sorted(parsed.problems + [x for p in plans for x in p.problems], key=lambda x: x.line)
    key = "cli.group.import.dry_run" if ctx.args.dry_run else "cli.group.import.done"
    _write_line(ctx.t(key, rows=parsed.total, added=added, updated=updated, unchanged=unchanged, skipped=len(problems)))
    if problems:
        sys.stdout.flush()
        for problem in problems:
            sys.stderr.write(ctx.t("cli.group.import.skipped_line", line=problem.line,
                                   reason=_clean(problem.message(ctx.lang))) + "\n")
        sys.stderr.flush()
        return EXIT_SKIPPED
    return EXIT_OK


# ---------------------------------------------------------------------- export
def export_headers(lang: str) -> list[str]:
    from cases.roster_columns import EXPORTED, column_name

    return [column_name(f, lang) for f in EXPORTED]


def _export(ctx: Context) -> int:
    from cases.i18n import LANGS
    from cases.statuses import status_name
    from storage.sheets import is_earlier_export, write_sheet

    store = ctx.open_store()
    group = _group(ctx)
    path = Path(ctx.args.file)
    if path.exists() and not ctx.args.force and not is_earlier_export(path, [export_headers(lg) for lg in LANGS]):
        raise CliError(ctx.t("cli.group.export.not_ours", file=_clean(str(path))))
    rows = []
    people = store.roster(group.id)
    for p in people:
        row = shown_participant(p, bool(ctx.args.reveal))
        head = [p.id, row["name"], row["phone"], row["id_number"], row["address"]]
        tail = [", ".join(ctx.t(f"cases.roster.evidence.{k}") for k in p.evidence), _yes(ctx, p.consent),
                _yes(ctx, p.poa), p.poa_until, status_name(p.status, ctx.lang), p.assignee, row["notes"]]
        for order in row["orders"] or [{"number": "", "amount": "", "paid_at": "", "payment_channel": "", "payee": ""}]:
            rows.append([_cell(v) for v in (*head, order["number"], order["amount"], order["paid_at"],
                                             order["payment_channel"], order["payee"], *tail)])
    try:
        write_sheet(path, export_headers(ctx.lang), rows)
    except OSError as exc:
        raise CliError(ctx.t("cli.group.export.failed", file=_clean(str(path)), reason=exc.strerror or str(exc))) from None
    _write_line(ctx.t("cli.group.export.done", file=_clean(str(path)), n=len(people), rows=len(rows),
                      masked=ctx.t("cli.group.revealed") if ctx.args.reveal else ctx.t("cli.group.masked")))
    return EXIT_OK


def _cell(value: Any) -> Any:
    """A text cell a spreadsheet program would not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "@", "-") and not value[1:2].isdigit():
        return "'" + value
    return value


# ---------------------------------------------------------------------- changes
def _set(ctx: Context) -> int:
    from cases.roster_fields import FieldValueError, set_field

    pairs, selectors = [], []
    for item in ctx.args.items:  # PARTICIPANT… field=value …: a selection gets the same values
        name, sep, value = item.partition("=")
        if sep:
            pairs.append((name.strip(), value))
        elif pairs:
            raise CliError(ctx.t("cli.group.bad_pair", value=_clean(item)))
        else:
            selectors.append(item)
    if not selectors or not pairs:
        raise CliError(ctx.t("cli.group.set_needs", given=" ".join(_clean(i) for i in ctx.args.items)))
    probe = _probe()
    for name, value in pairs:  # checked before the store is touched
        try:
            set_field(probe, name, value, ctx.lang)
        except FieldValueError as exc:
            raise CliError(str(exc)) from None

    def change(p: Participant) -> None:
        for name, value in pairs:
            set_field(p, name, value, ctx.lang)

    group = _group(ctx)
    done = ctx.open_store().update_participants(group.id, selectors, change, ctx.volunteer, fields=[n for n, _ in pairs])
    _write_line(ctx.t("cli.group.changed", ids=", ".join(p.id for p in done), fields=", ".join(n for n, _ in pairs)))
    return EXIT_OK


def _probe() -> Participant:
    from cases.roster import Participant

    return Participant()


def _assign(ctx: Context) -> int:
    name = _clean(ctx.args.to).strip()
    group = _group(ctx)

    def change(p: Participant) -> None:
        p.assignee = name

    done = ctx.open_store().update_participants(group.id, ctx.args.participants, change, ctx.volunteer,
                                                action="participant.assign", to=name)
    _write_line(ctx.t("cli.group.assigned", n=len(done), name=name or ctx.t("cli.group.nobody")))
    return EXIT_OK


def _represent(ctx: Context) -> int:
    """Name representatives (代表人): each must be on the roster and have consented to represent."""
    store = ctx.open_store()
    group = _group(ctx)
    ids = [p.id for p in store.select_participants(group.id, ctx.args.participants)]

    def change(g: Group) -> None:
        if ctx.args.remove:
            g.representatives = [r for r in g.representatives if r not in ids]
        else:
            g.representatives = g.representatives + [i for i in ids if i not in g.representatives]

    done = store.change_group(group.id, change, ctx.volunteer, "group.representatives", participants=ids)
    _write_line(ctx.t("cli.group.representatives", ids=", ".join(done.representatives) or "-"))
    return EXIT_OK


def _decide(ctx: Context) -> int:
    decision = ctx.open_store().add_decision(_group(ctx).id, ctx.args.kind, _clean(ctx.args.text, multiline=True),
                                             ctx.volunteer)
    _write_line(ctx.t("cli.group.decided", id=decision.id, kind=ctx.t(f"cli.group.kind.{decision.kind}")))
    return EXIT_OK


def _consent(ctx: Context) -> int:
    store = ctx.open_store()
    group = _group(ctx)
    decision = ctx.args.decision.strip().upper()
    if decision not in {d.id for d in group.decisions}:
        raise CliError(ctx.t("cli.group.no_decision", id=_clean(decision), group=group.id))
    from cases.clock import to_iso

    at = to_iso(ctx.now)

    def change(p: Participant) -> None:
        if ctx.args.withdraw:
            p.consents.pop(decision, None)
        else:
            p.consents[decision] = at

    done = store.update_participants(group.id, ctx.args.participants, change, ctx.volunteer, action="participant.consent",
                                     decision=decision, withdrawn=bool(ctx.args.withdraw))
    _write_line(ctx.t("cli.group.consented", n=len(done), id=decision))
    return EXIT_OK


# ---------------------------------------------------------------------- letters
def _letter(ctx: Context) -> int:
    """The 授权委托书 for one participant (cases.power_of_attorney), masked unless ``--reveal``."""
    from cases.power_of_attorney import power_of_attorney_text

    store = ctx.open_store()
    group = _group(ctx)
    # One person: an unknown or ambiguous selector is the store's error (exit 2, named)
    person = store.select_participants(group.id, [ctx.args.power_of_attorney])[0]
    agent = _agent(ctx, store, group)
    letter_lang = ctx.settings.effective("letter_lang", ctx.args.letter_lang, ctx.env)[0]
    case = store.case(group.case_id)
    text = power_of_attorney_text(person, agent, case, reveal=bool(ctx.args.reveal), lang=letter_lang,
                                  special=bool(ctx.args.special))
    _write_line(text)
    return EXIT_OK


def _agent(ctx: Context, store: Any, group: Group) -> Any:
    """The 受托人: ``--agent`` (a representative of that name brings their ID and phone), else the
    first representative, else the volunteer running tousu."""
    from cases.power_of_attorney import Agent

    from storage.errors import ParticipantNotFound

    reps = []
    for rep in group.representatives:
        try:
            reps.extend(store.select_participants(group.id, [rep]))
        except ParticipantNotFound:  # removed from the roster since
            continue
    name = _clean(ctx.args.agent or "").strip()
    if name:
        return next((Agent.of(p) for p in reps if p.name.strip() == name), Agent(name))
    return Agent.of(reps[0]) if reps else Agent(ctx.volunteer)
