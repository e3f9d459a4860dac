"""The joint text of a group complaint (共同投诉 / 代表人投诉, 暂行办法第十一条).

A group case's escalation or 催办 text, filed for everyone it represents: the
lead case's facts (cases.facts) plus a block naming the representatives and
whom they represent, a table of the represented participants (name, orders,
amount) with totals, and each decision that needs their consent (how many
consented, who has not). :class:`JointRoster` is the roster seen for the
letter; :func:`joint_block` writes the block, :func:`joint_findings` the
pre-flight findings.

Decisions:

- Represented: the representatives, and every participant who consented to
  be represented and whose 授权委托书 is on file (暂行办法第十条). Everyone
  else is left out of the table and the totals; the ``joint_left_out`` warning
  names them (at most :data:`LISTED` in one line, then how many more).
- Filing for the others (the ``no_power_of_attorney`` check, cases.preflight):
  a joint text is filed for someone else whenever the roster has someone besides
  the representatives; it has its 委托书 when at least one of them is
  represented, else the check blocks.
- Names are masked (张**) unless revealed; on a public page (黑猫投诉, 聚投诉)
  the participants' names stay masked even when revealed: they are other people.
  Order numbers are not masked (as in every text).
- Every sentence is a ``letter.joint.*`` key (cases.templates.phrase).

Pure: no storage, no UI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from cases.channels import UnknownChannel, channel
from cases.clock import TZ
from cases.instants import readable_instant
from cases.i18n import tr
from cases.model import Group
from cases.preflight import BLOCK, WARN, Finding, OnBehalf
from cases.privacy import mask_name
from cases.privacy import mask_names as privacy_mask_names
from cases.roster import Decision, Participant
from cases.templates import phrase

#: How many names a finding lists before saying how many more.
LISTED = 10


@dataclass(frozen=True)
class JointRoster:
    """A group and its whole roster, as the joint text sees them; who is represented is worked
    out once (a roster read again is a new JointRoster)."""

    group: Group
    people: tuple[Participant, ...]

    @classmethod
    def of(cls, group: Group, people: Iterable[Participant]) -> JointRoster:
        return cls(group, tuple(people))

    @cached_property
    def _representative_ids(self) -> frozenset[str]:
        return frozenset(self.group.representatives)

    def is_representative(self, p: Participant) -> bool:
        return bool(p.id) and p.id in self._representative_ids

    def included(self, p: Participant) -> bool:
        return (p.consent and p.poa) or self.is_representative(p)

    @cached_property
    def represented(self) -> list[Participant]:
        """Those in the table and the totals, in roster order."""
        return [p for p in self.people if self.included(p)]

    @cached_property
    def left_out(self) -> list[Participant]:
        return [p for p in self.people if not self.included(p)]

    @property
    def representatives(self) -> list[Participant]:
        by_id = {p.id: p for p in self.people if p.id}
        return [by_id[r] for r in self.group.representatives if r in by_id]

    def on_behalf(self) -> OnBehalf | None:
        """The filing-for-someone-else check of a joint filing (None: only representatives)."""
        others = [p for p in self.people if not self.is_representative(p)]
        if not others:
            return None
        return OnBehalf(who="", poa=any(self.included(p) for p in others))

    def consented(self, decision: Decision) -> tuple[list[Participant], list[Participant]]:
        """(those represented who consented to ``decision``, those who have not)."""
        yes, no = [], []
        for p in self.represented:
            (yes if decision.id in p.consents else no).append(p)
        return yes, no


def participant_on_behalf(case_id: str, found: tuple[Group, Participant] | None) -> OnBehalf | None:
    """A participant's own case (``found``: their group and them, Store.participant_of_case) is
    filed for them by a volunteer: it needs their 委托书, the roster's flag. None for any other
    case, and for the group's lead case (its own flags apply)."""
    if found is None or found[0].case_id == case_id:
        return None
    return OnBehalf(who=found[1].id or found[1].name, poa=found[1].poa, lead=found[0].case_id)


def _public(target: str) -> bool:
    try:
        return channel(target).public
    except UnknownChannel:
        return False


def shown_name(p: Participant, reveal: bool) -> str:
    """A participant's name as a text shows it: masked unless ``reveal``; "P-00042" when there is none."""
    name = p.name.strip()
    if not name:
        return p.id or "?"
    return name if reveal else mask_name(name)


def _names(people: list[Participant], reveal: bool, lang: str, sep: str) -> str:
    shown = [shown_name(p, reveal) for p in people[:LISTED]]
    text = sep.join(shown)
    if len(people) > LISTED:
        text += tr("escalate.finding.joint_more", lang, n=len(people) - LISTED)
    return text


def joint_block(roster: JointRoster, *, target: str, lang: str, reveal: bool, cite, money, day) -> str:
    """The block added to a text's 背景: representatives, the table, totals, decisions.

    ``cite(law_id)``, ``money(Decimal)`` and ``day(arrow)`` are the letter's own formatters
    (cases.facts.CaseFacts), so the block reads like the rest of the text."""
    show = reveal and not _public(target)

    def p(key: str, **values: object) -> str:
        return phrase(f"joint.{key}", lang, **values)

    sep = phrase("list_sep", lang)
    people = roster.represented
    reps = roster.representatives
    lines = [p("heading")]
    names = sep.join(p("rep", name=shown_name(r, show), id=r.id) for r in reps)
    key = "intro" if reps else "intro_no_rep"
    lines.append(p(key, law=cite("mr-complaint-11"), n=len(people), representatives=names))
    lines.append(p("table_head"))
    total = Decimal("0.00")
    orders = 0
    # The row's and the amount's templates are looked up once (a roster may hold 30,000 people);
    # formatting never re-parses the values.
    row, yuan, no_order = p("row"), phrase("amount", lang), p("no_order")
    for i, person in enumerate(people, 1):
        amount = person.amount
        numbers = sep.join(person.order_numbers) or no_order
        lines.append(row.format(i=i, name=shown_name(person, show), orders=numbers, amount=yuan.format(amount=f"{amount:.2f}")))
        total += amount
        orders += len(person.orders)
    lines.append(p("total", n=len(people), orders=orders, total=money(total)))
    if any(not roster.is_representative(x) for x in people):
        lines.append(p("poa_attached", law=cite("mr-complaint-10")))
    if roster.group.decisions:
        lines.append("")
        lines.append(p("decisions_heading"))
    for decision in roster.group.decisions:
        at = readable_instant(decision.at)
        lines.append(p("decision", id=decision.id, kind=p(f"kind.{decision.kind}"), text=decision.text.strip(),
                       at=day(at.to(TZ)) if at is not None else "—"))
        yes, no = roster.consented(decision)
        if not no:
            lines.append(p("decision_all", n=len(yes)))
        else:
            lines.append(p("decision_some", n=len(yes) + len(no), given=len(yes), missing=len(no),
                           names=sep.join(shown_name(x, show) for x in no)))
    return "\n".join(lines)


def mask_names(roster: JointRoster, text: str) -> str:
    """``text`` with every participant's name masked (张三丰 → 张**): an edited joint text made
    revealed, kept masked (a draft)."""
    return privacy_mask_names(text, [p.name for p in roster.people])


def joint_findings(roster: JointRoster, *, lang: str, reveal: bool) -> list[Finding]:
    """Who is left out (no consent, no 委托书), an empty table, and decisions still missing consents."""
    out: list[Finding] = []
    sep = tr("letter.list_sep", lang)  # names: 张**、李**
    left = roster.left_out
    if left:
        no_consent = [x for x in left if not x.consent]
        no_poa = [x for x in left if x.consent and not x.poa]
        parts = []
        if no_consent:
            parts.append(tr("escalate.finding.joint_no_consent", lang, n=len(no_consent),
                            names=_names(no_consent, reveal, lang, sep)))
        if no_poa:
            parts.append(tr("escalate.finding.joint_no_poa", lang, n=len(no_poa), names=_names(no_poa, reveal, lang, sep)))
        out.append(Finding("joint_left_out", WARN, tr("escalate.finding.joint_left_out", lang, n=len(left),
                                                      who=tr("escalate.finding.joint_sep", lang).join(parts))))
    if not roster.represented:
        out.append(Finding("joint_empty", BLOCK, tr("escalate.finding.joint_empty", lang, group=roster.group.id)))
    for decision in roster.group.decisions:
        yes, no = roster.consented(decision)
        if no:
            out.append(Finding("joint_consent_missing", WARN, tr(
                "escalate.finding.joint_consent_missing", lang, id=decision.id,
                kind=tr(f"cli.group.kind.{decision.kind}", lang), given=len(yes), n=len(yes) + len(no),
                names=_names(no, reveal, lang, sep))))
    return out
