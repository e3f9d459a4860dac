"""Submission texts: the next tier's text (or a 催办) ready to paste, and recording it as sent.

:func:`build_submission` runs the pre-flight (cases.preflight), fills the
target channel's template (cases.templates) with the case's facts
(cases.facts) and returns a :class:`Submission`. The text is produced even when
findings block the filing; whoever shows it decides (the CLI refuses without
``--force``). :func:`build_urge` does the same for a 催办 on the current channel.
:func:`record_submission` makes the timeline event that marks the text as sent.

Languages: the letter has its own language (``letter_lang``), Chinese by
default whatever the UI's; the findings are in the UI's (``lang``).

Masking: texts show personal data masked unless ``reveal``. A 12315 complaint
(and the consumer association, police, court and payment platform) needs the
real name, phone and address to be filed, so for those channels a masked text
carries the ``reveal_needed`` warning: the final copy is made with ``--reveal``
(CLI) or the reveal key (dashboard). Masked is the default because texts are
shown on shared screens, saved as drafts and pasted into chats.

A joint text (``joint``, cases.joint_letter) is the group's: the lead case's
facts plus the represented participants' table and totals, with findings on
who is left out. ``on_behalf`` (a participant's own case) makes the 授权委托书
check read the roster's flag (cases.preflight.OnBehalf).

The 3-year limit (cases.limitation): orders past it are left out of a 12315
complaint (its orders, amounts and claims); pre-flight lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import arrow

from cases.channels import UnknownChannel, channel
from cases.clock import local, to_iso
from cases.facts import CaseFacts, build_values
from cases.i18n import normalise_lang
from cases.joint_letter import JointRoster, joint_findings
from cases.laws import laws
from cases.limitation import within_limit
from cases.model import Case, Event, EventKind, Group
from cases.preflight import BLOCK, WARN, Finding, OnBehalf, preflight, requirements, reveal_finding
from cases.privacy import mask_case_text
from cases.sanitize import clean_text
from cases.templates import fill, load_template

if TYPE_CHECKING:  # pragma: no cover
    from cases.practice import PracticeRules

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
    letter_lang: str = "zh"  # the language of subject and body

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
                      template.subject_label if subject else "", ids, facts.lang)


def build_submission(
    case: Case,
    target: str,
    now: arrow.Arrow,
    *,
    reveal: bool = False,
    lang: str = "zh",
    letter_lang: str = "zh",
    calendar=None,
    practice: PracticeRules | None = None,
    group: Group | None = None,
    joint: JointRoster | None = None,
    on_behalf: OnBehalf | None = None,
) -> Submission:
    """The text ``target`` expects for ``case`` in ``letter_lang``, with the pre-flight findings in ``lang``.

    ``joint``: the group's joint text (its roster); ``on_behalf``: the case is a participant's own.
    Raises :class:`cases.channels.UnknownChannel` for an unknown target.
    """
    lang, letter_lang = normalise_lang(lang), normalise_lang(letter_lang)
    if joint is not None:
        group, on_behalf = joint.group, joint.on_behalf()
    findings = preflight(case, target, now, lang, calendar, on_behalf)
    _add_joint_and_reveal(findings, case, target, joint, lang, reveal)
    if target in requirements()["too_old_excludes"]:
        case = within_limit(case, now, calendar)
    facts = CaseFacts(case, target, now, letter_lang, reveal, calendar, group, joint, on_behalf, practice)
    return _render(facts, target, ESCALATE, findings, urge=False)


def build_urge(case: Case, now: arrow.Arrow, *, reveal: bool = False, lang: str = "zh", letter_lang: str = "zh",
               calendar=None, practice: PracticeRules | None = None, joint: JointRoster | None = None) -> Submission:
    """A 催办 for the current channel: its ticket number, what was missed, what is asked now
    (``joint``: for the group's joint filing, with its table and totals)."""
    from cases.deadlines import case_deadline
    from cases.i18n import tr

    lang, letter_lang = normalise_lang(lang), normalise_lang(letter_lang)
    current = case.current_channel
    try:
        ch = channel(current) if current else None
    except UnknownChannel:
        ch = None
    if ch is None:
        finding = Finding("nothing_to_urge", BLOCK, tr("escalate.finding.nothing_to_urge", lang))
        return Submission(current, URGE, "", "", (), (finding,), letter_lang=letter_lang)
    findings: list[Finding] = []
    deadline = case_deadline(case, calendar, practice=practice)
    if deadline is not None and deadline.at >= now:
        findings.append(Finding("not_overdue", WARN, tr(
            "escalate.finding.not_overdue", lang, channel=ch.name(lang),
            at=local(deadline.at).format("YYYY-MM-DD HH:mm"))))
    _add_joint_and_reveal(findings, case, current, joint, lang, reveal)
    facts = CaseFacts(case, current, now, letter_lang, reveal, calendar, None, joint, None, practice)
    return _render(facts, "urge", URGE, findings, urge=True)



def _add_joint_and_reveal(findings: list[Finding], case: Case, target: str, joint: JointRoster | None,
                          lang: str, reveal: bool) -> None:
    """What a filing and an urge both check last: the group's joint roster, then (masked)
    whether ``target`` wants the personal data revealed."""
    if joint is not None:
        findings.extend(joint_findings(joint, lang=lang, reveal=reveal))
    if not reveal:
        hint = reveal_finding(case, target, lang)
        if hint is not None:
            findings.append(hint)

def _summary(subject: str) -> str:
    line = " ".join(clean_text(subject).split())
    return line if len(line) <= SAID_LIMIT else line[: SAID_LIMIT - 1] + "…"


def record_submission(
    case: Case,
    target: str,
    now: arrow.Arrow,
    *,
    ticket: str = "",
    kind: str = "submitted",
    subject: str = "",
) -> Event:
    """The timeline event to append when the text was sent (the argument case is not changed).

    ``kind`` is "submitted" (an escalation: the target channel's clock starts at
    ``now``, cases.deadlines.case_deadline) or "urged" (a 催办; without a
    ``ticket`` it carries the current ticket). ``said`` is the text's subject,
    masked, without its label ("" for texts without one): the kind and channel
    already say what happened, so a history reads "提交投诉：关于…的投诉", never
    "提交投诉：主题：投诉：…".
    """
    channel(target)  # UnknownChannel for a bad target
    if kind not in (EventKind.SUBMITTED.value, EventKind.URGED.value):
        raise ValueError(f"record_submission records 'submitted' or 'urged', not {kind!r}")
    ticket = clean_text(ticket).strip()
    if not ticket and kind == EventKind.URGED.value and target == case.current_channel:
        ticket = case.current_ticket
    return Event(kind=kind, channel=target, at=to_iso(now), ticket=ticket, said=mask_case_text(case, _summary(subject)))
