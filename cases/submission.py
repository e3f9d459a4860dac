"""Submission texts: the next tier's text (or a 催办) ready to paste, and recording it as sent.

:func:`build_submission` runs the pre-flight (cases.preflight), fills the
target channel's template (cases.templates) with the case's facts
(cases.facts) and returns a :class:`Submission`. The text is produced even when
findings block the filing; whoever shows it decides (the CLI refuses without
``--force``). :func:`build_urge` does the same for a 催办 on the current channel.
:func:`record_submission` makes the timeline event that marks the text as sent.

Masking: texts show personal data masked unless ``reveal``. A 12315 complaint
(and the consumer association, police and court) needs the real name, phone
and address to be filed, so for those channels a masked text carries the
``reveal_needed`` warning: the final copy is made with ``--reveal`` (CLI) or
the reveal key (dashboard). Masked is the default because texts are shown on
shared screens, saved as drafts and pasted into chats.
"""

from __future__ import annotations

from dataclasses import dataclass

import arrow

from cases.channels import UnknownChannel, channel
from cases.clock import to_iso
from cases.facts import CaseFacts, build_values
from cases.laws import laws
from cases.model import Case, Event, EventKind, Group
from cases.preflight import BLOCK, WARN, Finding, preflight, reveal_finding
from cases.privacy import mask_text
from cases.sanitize import clean_text
from cases.templates import fill, load_template, phrase

ESCALATE = "escalate"
URGE = "urge"
SAID_LIMIT = 80


@dataclass(frozen=True)
class Submission:
    channel: str  # target channel id
    kind: str  # "escalate" or "urge"
    subject: str  # subject line / 标题 ("" where the channel has none)
    body: str  # the full text to paste: 背景 → 问题 → 诉求, evidence, deadline sentence, legal basis
    laws: tuple[str, ...]  # the law references cited, e.g. ("《电子商务法》第二十条", ...)
    findings: tuple[Finding, ...]  # pre-flight findings at build time
    subject_label: str = ""  # shown before the subject in text(): "主题：", "标题：" (may be "")
    law_ids: tuple[str, ...] = ()  # ids (cases/data/laws.json) of ``laws``

    @property
    def blocked(self) -> bool:
        return any(f.severity == BLOCK for f in self.findings)

    def text(self) -> str:
        """What gets copied or printed: the labelled subject, a blank line, the body."""
        if self.subject:
            return f"{self.subject_label}{self.subject}\n\n{self.body}"
        return self.body


def _cited(text: str, lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(citations, ids) of checked-list entries that appear in ``text``, in order of appearance."""
    found = []
    for entry in laws().values():
        citation = entry.citation(lang)
        pos = text.find(citation)
        if pos >= 0:
            found.append((pos, citation, entry.id))
    found.sort()
    return tuple(c for _, c, _ in found), tuple(i for _, _, i in found)


def _render(facts: CaseFacts, template_name: str, kind: str, findings: list[Finding], urge: bool) -> Submission:
    template = load_template(template_name, facts.lang)
    subject, body = fill(template, build_values(facts, urge=urge))
    citations, ids = _cited(subject + "\n" + body, facts.lang)
    return Submission(facts.target, kind, subject, body, citations, tuple(findings),
                      template.subject_label if subject else "", ids)


def build_submission(
    case: Case,
    target: str,
    now: arrow.Arrow,
    *,
    reveal: bool = False,
    lang: str = "zh",
    calendar=None,
    group: Group | None = None,
) -> Submission:
    """The text ``target`` expects for ``case``, with the pre-flight findings.

    Raises :class:`cases.channels.UnknownChannel` for an unknown target.
    """
    lang = "en" if lang == "en" else "zh"
    findings = preflight(case, target, now, lang)
    if not reveal:
        hint = reveal_finding(case, target, lang)
        if hint is not None:
            findings.append(hint)
    facts = CaseFacts(case, target, now, lang, reveal, calendar, group)
    return _render(facts, target, ESCALATE, findings, urge=False)


def build_urge(case: Case, now: arrow.Arrow, *, reveal: bool = False, lang: str = "zh", calendar=None) -> Submission:
    """A 催办 for the current channel: its ticket number, the missed promise or deadline, a new deadline."""
    from cases.deadlines import case_deadline
    from cases.i18n import tr

    lang = "en" if lang == "en" else "zh"
    current = case.current_channel
    try:
        ch = channel(current) if current else None
    except UnknownChannel:
        ch = None
    if ch is None:
        finding = Finding("nothing_to_urge", BLOCK, tr("escalate.finding.nothing_to_urge", lang))
        return Submission(current, URGE, "", "", (), (finding,))
    findings: list[Finding] = []
    deadline = case_deadline(case, calendar)
    if deadline is not None and deadline.at >= now:
        findings.append(Finding("not_overdue", WARN, tr(
            "escalate.finding.not_overdue", lang, channel=ch.name(lang),
            at=deadline.at.format("YYYY-MM-DD HH:mm"))))
    if not reveal:
        hint = reveal_finding(case, current, lang)
        if hint is not None:
            findings.append(hint)
    facts = CaseFacts(case, current, now, lang, reveal, calendar, None)
    return _render(facts, "urge", URGE, findings, urge=True)


def _summary(text: str) -> str:
    for line in text.splitlines():
        line = " ".join(clean_text(line).split())
        if line:
            return line if len(line) <= SAID_LIMIT else line[: SAID_LIMIT - 1] + "…"
    return ""


def record_submission(
    case: Case,
    target: str,
    now: arrow.Arrow,
    *,
    ticket: str = "",
    kind: str = "submitted",
    text: str = "",
    lang: str = "zh",
) -> Event:
    """The timeline event to append when the text was sent (the argument case is not changed).

    ``kind`` is "submitted" (an escalation: the target channel's clock starts at
    ``now``, cases.deadlines.case_deadline) or "urged" (a 催办; without a
    ``ticket`` it carries the current ticket). ``said`` is a short masked
    summary (the text's first line: its subject or title), not the whole text.
    """
    channel(target)  # UnknownChannel for a bad target
    if kind not in (EventKind.SUBMITTED.value, EventKind.URGED.value):
        raise ValueError(f"record_submission records 'submitted' or 'urged', not {kind!r}")
    ticket = clean_text(ticket).strip()
    if not ticket and kind == EventKind.URGED.value and target == case.current_channel:
        ticket = case.current_ticket
    said = mask_text(_summary(text)) or phrase(f"record.{kind}", "en" if lang == "en" else "zh")
    return Event(kind=kind, channel=target, at=to_iso(now), ticket=ticket, said=said)
