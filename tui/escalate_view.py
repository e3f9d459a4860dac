"""What the escalate screen shows, built from the case (tui.screens.escalate): the
channels it offers as targets, its heading, the text (a :class:`Submission`) and the
line under the text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import arrow
from rich.text import Text

from cases.channels import ladder
from cases.clock import local
from cases.escalation import Submission, build_submission, build_urge, suggest_targets
from cases.i18n import tr
from cases.joint_letter import JointRoster, participant_on_behalf
from cases.model import Case, Draft, Group
from cases.privacy import mask_case_text
from cases.roster import Participant
from cases.workdays import WorkCalendar

if TYPE_CHECKING:  # pragma: no cover
    from cases.practice import PracticeRules

ESCALATE = "escalate"
URGE = "urge"


def target_choices(case: Case, mode: str, now: arrow.Arrow, calendar: WorkCalendar | None,
                   lang: str) -> tuple[list[tuple[str, str]], str | None]:
    """The channels a letter can go to next (not the current one), as (label, channel id),
    the first suggested one starred; and the one to show first: a draft left on one of them
    comes back first (the latest one), else the suggested channel."""
    suggested = suggest_targets(case, now, calendar)
    choices = []
    for cid, chan in ladder().items():
        if cid == case.current_channel or not chan.letter:
            continue
        mark = "★ " if suggested and cid == suggested[0] else ""
        choices.append((f"{mark}{chan.tier} · {chan.name(lang)}", cid))
    offered = {cid for _label, cid in choices}
    drafts = sorted((d for d in case.drafts if d.kind == mode and d.channel in offered), key=lambda d: d.at)
    if drafts:
        return choices, drafts[-1].channel
    return choices, suggested[0] if suggested else None


def heading(case: Case, mode: str, *, joint: bool, letter_lang: str, reveal: bool) -> Text:
    """The line above the target: the mode first (at 80 columns a long title is what gets
    cut, never the mode), the letter's language and form, then the case's title."""
    line = Text(tr("tui.escalate.title_urge" if mode == URGE else "tui.escalate.title", id=case.id), style="bold")
    tag = tr("tui.escalate.joint_tag") + " · " if joint else ""
    line.append("  [" + tag + tr("tui.escalate.mode", language=tr(f"tui.lang_name.{letter_lang}"),
                                 masked=tr("tui.escalate.revealed" if reveal else "tui.escalate.masked"))
                + "]  ", style="dim")
    line.append(case.title if reveal else mask_case_text(case, case.title), style="bold")
    return line


def submission(case: Case, target: str, mode: str, now: arrow.Arrow, *, reveal: bool, lang: str, letter_lang: str,
               calendar: WorkCalendar | None, practice: PracticeRules | None, group: Group | None,
               joint: JointRoster | None, own: tuple[Group, Participant] | None) -> Submission:
    """The text for ``target``: an urge on the current channel, else a submission (the
    group's joint text with ``joint``; a participant's own case files on their behalf)."""
    if mode == URGE:
        return build_urge(case, now, reveal=reveal, lang=lang, letter_lang=letter_lang, calendar=calendar,
                          practice=practice, joint=joint)
    on_behalf = None if joint is not None else participant_on_behalf(case.id, own)
    return build_submission(case, target, now, reveal=reveal, lang=lang, letter_lang=letter_lang,
                            calendar=calendar, practice=practice, group=group, joint=joint, on_behalf=on_behalf)


def status_line(draft: Draft | None, *, reveal: bool, needs_identity: str) -> Text:
    """The line under the text: the mark of the draft it came from, and whether the text is
    masked or revealed (a masked text for a channel that files only under the real identity,
    ``needs_identity``, says so)."""
    line = Text()
    if draft is not None:
        try:
            at = local(arrow.get(draft.at)) if draft.at else None
        except (ValueError, TypeError):  # a hand-edited store: the mark without a time
            at = None
        line.append(tr("tui.escalate.draft_mark", by=draft.by or "?", at=at.format("MM-DD HH:mm") if at else "?"),
                    style="bold yellow")
        line.append("  ")
    if reveal:
        line.append(tr("tui.escalate.status_revealed"), style="bold red")
    else:
        line.append(tr("tui.escalate.status_masked"), style="green")
        if needs_identity:
            line.append("  " + tr("tui.escalate.status_needs_identity", channel=needs_identity), style="yellow")
    return line
