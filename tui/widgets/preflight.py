"""The pre-flight box of the escalate screen: what the target channel needs and the case
lacks (cases.preflight findings), each with its mark, and an answer line under each
question the case can take the answer to (Enter saves it: tui.screens.escalate)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static

from cases.i18n import tr
from cases.preflight import Finding
from tui.widgets.form_field import FormField

#: How a finding is marked, by severity.
MARKS = {"block": ("✗", "bold red"), "warn": ("!", "bold yellow"), "note": ("i", "bold cyan")}


class AnswerInput(Input):
    """The answer to a finding's question: ``answer_field`` is the case's field it fills."""

    def __init__(self, answer_field: str) -> None:
        super().__init__(id=f"answer-{answer_field.replace('.', '-')}", compact=True,
                         placeholder=tr("tui.escalate.answer_ph"))
        self.answer_field = answer_field


class Preflight(VerticalScroll):
    """The findings of the text shown (none: a tick that all is in order)."""

    def show(self, findings: Sequence[Finding]) -> None:
        self.remove_children()
        widgets = []
        if not findings:
            widgets.append(Static(Text("✓ " + tr("tui.escalate.preflight_ok"), style="green")))
        elif any(f.field for f in findings):
            widgets.append(Static(Text(tr("tui.escalate.questions_hint"), style="dim"), classes="questions-hint"))
        for finding in findings:
            mark, style = MARKS.get(finding.severity, MARKS["warn"])
            body = Text(finding.message)
            if finding.field and finding.question:
                body.append("\n？", style="bold")
                body.append(finding.question)
            # Mark and message in two cells: a long message wraps under itself (a hanging
            # indent), never leaving its mark alone on a line.
            widgets.append(Horizontal(Static(Text(mark, style=style), classes="finding-mark"),
                                      Static(body, classes="finding-body"), classes="finding"))
            if finding.field:
                widgets.append(FormField(tr("tui.escalate.answer"), AnswerInput(finding.field)))
        self.mount_all(widgets)
        self.set_class(any(f.severity == "block" for f in findings), "-blocked")
