"""A case file (案件材料) to hand to a regulator, the police or a court, as neutral blocks.

:func:`case_file` turns one case into a list of blocks (headings, paragraphs, tables,
preformatted texts) that :func:`to_markdown` writes as Markdown and
:mod:`cases.case_pdf` lays out as a PDF, so both say the same: the facts, the parties,
the timeline, every text filed (as filed, with its SHA-256), the promises and what
became of them, the evidence manifest (name, kind, size, SHA-256, time, and whether the
kept copy still matches), and the totals of the case's group.

The caller passes the case already masked (:func:`cases.privacy.masked_case`, the one
masking path) unless the user revealed it; ``masked`` only says which in the file.
The file is Chinese by default, whatever the UI language, as the letters are
(:data:`CASE_FILE_LANG`): it is read by Chinese authorities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cases.i18n import known, tr
from cases.clock import TZ
from cases.instants import shown_time as _shown_time

if TYPE_CHECKING:  # pragma: no cover
    import arrow

    from cases.model import Case, Event, Group

CASE_FILE_LANG = "zh"


def _china_time(text: str | None, missing: str = "—") -> str:
    """A stored time as a case file gives it: China time, whatever zone the user reads in
    (the file goes to a regulator, the police or a court)."""
    return _shown_time(text, missing, zone=TZ)


@dataclass(frozen=True)
class Block:
    """One piece of a case file: ``kind`` is ``title``, ``heading``, ``para``, ``fields``
    (label/value rows), ``table`` (a header row and rows) or ``pre`` (a text kept as it is)."""

    kind: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    header: list[str] = field(default_factory=list)


def case_file(case: Case, *, now: arrow.Arrow, calendar: object, group: Group | None, group_name: str,
              checked: dict[int, str], masked: bool, lang: str = CASE_FILE_LANG) -> list[Block]:
    """The blocks of ``case``'s file (see the module docstring). ``checked`` maps an evidence
    record's index to what checking its copy found; ``group_name`` is the group's name as
    it may be shown (masked by the caller unless revealed)."""
    def t(key: str, **values: object) -> str:
        return tr(f"casefile.{key}", lang, **values)

    blocks = [Block("title", t("title", id=case.id, title=case.title)),
              Block("para", t("exported", at=now.to(TZ).format("YYYY-MM-DD HH:mm"))),
              Block("para", t("masked" if masked else "revealed"))]
    blocks += _facts(case, t, lang)
    blocks += _parties(case, t)
    blocks += _timeline(case, t, lang)
    blocks += _filed(case, t, lang)
    blocks += _promises(case, t, now, calendar, lang)
    blocks += _evidence(case, t, checked, lang)
    if group is not None:
        blocks += _group(group, group_name, t, lang)
    return blocks


def _channel_name(channel_id: str, lang: str) -> str:
    from cases.channels import UnknownChannel, channel

    try:
        return channel(channel_id).name(lang) if channel_id else "—"
    except UnknownChannel:
        return channel_id


def _facts(case: Case, t, lang: str) -> list[Block]:
    from cases.categories import categories
    from cases.statuses import status_name

    rows = [[t("field.platform"), case.platform or "—"]]
    cat = categories().get(case.category) if case.category else None
    if case.category:
        rows.append([t("field.category"), cat.name(lang) if cat else case.category])
    rows.append([t("field.status"), status_name(case.status.value, lang)])
    rows.append([t("field.created"), _china_time(case.created)])
    rows.append([t("field.amount"), f"¥{case.amount:.2f}"])
    if case.demands.basic:
        rows.append([t("field.basic"), case.demands.basic])
    if case.demands.compensation:
        rows.append([t("field.compensation"), case.demands.compensation])
    marks = [t(f"mark.{key}") for key in ("fraud", "contract_denied") if getattr(case, key)]
    if marks:
        rows.append([t("field.marks"), t("sep").join(marks)])
    blocks = [Block("heading", t("section.facts")), Block("fields", rows=rows)]
    if case.orders:
        blocks.append(Block("table", header=[t(f"col.order.{k}") for k in ("number", "amount", "paid_with", "paid_at",
                                                                           "payee")],
                            rows=[[o.number or "—", f"¥{o.amount:.2f}", o.payment_channel or "—", _china_time(o.paid_at),
                                   o.payee or "—"] for o in case.orders]))
    if case.notes:
        blocks += [Block("para", t("field.notes")), Block("pre", case.notes)]
    return blocks


def _parties(case: Case, t) -> list[Block]:
    c, e = case.complainant, case.entity
    complainant = [[t(f"field.complainant.{k}"), getattr(c, k) or "—"] for k in ("name", "phone", "id_number",
                                                                                 "address")]
    entity = [[t(f"field.entity.{k}"), getattr(e, k) or "—"] for k in ("name", "credit_code", "legal_rep", "icp",
                                                                       "address", "website")]
    return [Block("heading", t("section.parties")), Block("para", t("party.complainant")),
            Block("fields", rows=complainant), Block("para", t("party.respondent", platform=case.platform or "—")),
            Block("fields", rows=entity)]


def _event_kind(kind: str, lang: str) -> str:
    return tr(f"cli.kind.{kind}", lang) if known(f"cli.kind.{kind}", lang) else kind


def _result_text(ev: Event, lang: str) -> str:
    from cases.closing import refund_text
    from cases.statuses import outcome_name

    text = outcome_name(ev.outcome, lang)
    refund = refund_text(ev, lang)
    return f"{text} · {refund}" if refund else text


def _timeline(case: Case, t, lang: str) -> list[Block]:
    blocks = [Block("heading", t("section.timeline"))]
    if not case.timeline:
        return blocks + [Block("para", t("none"))]
    rows = []
    for ev in case.timeline:
        said = ev.said
        if ev.agent:
            said = t("agent", agent=ev.agent) + (" " + said if said else "")
        if ev.outcome:
            said = f"[{_result_text(ev, lang)}]" + (" " + said if said else "")
        promise = ev.promised or ""
        if ev.deadline:
            promise = (promise + " → " if promise else "→ ") + _china_time(ev.deadline)
        rows.append([_china_time(ev.at), _event_kind(ev.kind, lang), _channel_name(ev.channel, lang), ev.ticket or "—",
                     said or "—", promise or "—"])
    header = [t(f"col.timeline.{k}") for k in ("at", "kind", "channel", "ticket", "said", "promise")]
    return blocks + [Block("table", header=header, rows=rows)]


def _filed(case: Case, t, lang: str) -> list[Block]:
    blocks = [Block("heading", t("section.filed"))]
    if not case.filed:
        return blocks + [Block("para", t("none"))]
    for n, filed in enumerate(case.filed, 1):
        kind = _event_kind(filed.kind, lang)
        blocks.append(Block("para", t("filed_head", n=n, kind=kind, channel=_channel_name(filed.channel, lang),
                                      at=_china_time(filed.at), ticket=filed.ticket or "—", by=filed.by or "—")))
        blocks.append(Block("para", "SHA-256: " + (filed.sha256 or "—")))
        blocks.append(Block("pre", filed.text.rstrip("\n")))
    return blocks


def _promises(case: Case, t, now: arrow.Arrow, calendar: object, lang: str) -> list[Block]:
    from cases.facts import CaseFacts
    from cases.letter_contacts import promise_state

    blocks = [Block("heading", t("section.promises"))]
    facts = CaseFacts(case=case, target=case.current_channel or "", now=now, lang=lang, reveal=True,
                      calendar=calendar)
    rows = []
    for ev in case.timeline:
        if not (ev.promised or ev.deadline):
            continue
        due, broken = promise_state(facts, ev)
        if due is None:
            state = t("promise.no_deadline")
        elif broken:
            state = t("promise.broken")
        elif due < now:
            state = t("promise.kept")
        else:
            state = t("promise.pending")
        rows.append([_china_time(ev.at), _channel_name(ev.channel, lang), ev.promised or "—",
                     due.to(TZ).format("YYYY-MM-DD HH:mm") if due else "—", state])
    if not rows:
        return blocks + [Block("para", t("none"))]
    header = [t(f"col.promise.{k}") for k in ("at", "channel", "promised", "due", "outcome")]
    blocks.append(Block("table", header=header, rows=rows))
    results = [ev for ev in case.timeline if ev.outcome]
    for ev in results:
        blocks.append(Block("para", t("result", at=_china_time(ev.at), channel=_channel_name(ev.channel, lang),
                                      result=_result_text(ev, lang))))
    return blocks


def _evidence(case: Case, t, checked: dict[int, str], lang: str) -> list[Block]:
    from cases.evidence import item_name, shows_text, size_text

    blocks = [Block("heading", t("section.evidence"))]
    if not case.evidence:
        return blocks + [Block("para", t("none"))]
    rows = []
    for n, item in enumerate(case.evidence, 1):
        state = checked.get(n - 1, "")
        rows.append([str(n), item.name or item_name(item), shows_text(item, lang),
                     size_text(item.size) if item.size else "—", item.sha256 or "—",
                     _china_time(item.recorded_at), t(f"check.{state}") if state else "—"])
    header = [t(f"col.evidence.{k}") for k in ("n", "name", "kind", "size", "sha256", "recorded", "check")]
    blocks.append(Block("table", header=header, rows=rows))
    notes = [[str(n), item.label] for n, item in enumerate(case.evidence, 1) if item.label and item.name]
    if notes:
        blocks.append(Block("table", header=[t("col.evidence.n"), t("col.evidence.note")], rows=notes))
    return blocks


def _group(group: Group, name: str, t, lang: str) -> list[Block]:
    """The group's totals: those the store computed over its roster (``Store.group_of``),
    else those of the participants an older group document carries."""
    from cases.roster import totals

    tally = (group.totals or totals(group.participants, group.decisions)).all
    rows = [[t("group.name"), f"{group.id} {name}".strip()],
            [t("group.participants"), str(tally.participants)],
            [t("group.total"), f"¥{tally.amount:.2f}"],
            [t("group.evidence_complete"), str(tally.evidence_complete)],
            [t("group.consent"), str(tally.consent)],
            [t("group.authorised"), str(tally.poa)]]
    return [Block("heading", t("section.group")), Block("fields", rows=rows)]


def to_markdown(blocks: list[Block], lang: str = CASE_FILE_LANG) -> str:
    """The case file as Markdown (GitHub flavour: pipe tables, fenced texts)."""
    colon = tr("casefile.colon", lang)
    out: list[str] = []
    for block in blocks:
        if block.kind == "title":
            out += [f"# {_md(block.text)}", ""]
        elif block.kind == "heading":
            out += [f"## {_md(block.text)}", ""]
        elif block.kind == "para":
            out += [_md(block.text), ""]
        elif block.kind == "fields":
            out += [f"- **{_md(label)}**{colon}{_md(value)}" for label, value in block.rows] + [""]
        elif block.kind == "table":
            out.append("| " + " | ".join(_cell(h) for h in block.header) + " |")
            out.append("|" + "---|" * len(block.header))
            out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            out.append("")
        elif block.kind == "pre":
            fence = "```"
            while fence in block.text:
                fence += "`"
            out += [fence + "text", block.text, fence, ""]
    return "\n".join(out).rstrip("\n") + "\n"


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|~"})


def _md(text: str) -> str:
    """User text as Markdown text, never markup: every character Markdown acts on escaped."""
    return " ".join(text.split("\n")).translate(_MD_SPECIAL)


def _cell(text: str) -> str:
    return _md(text).replace("\r", " ")
