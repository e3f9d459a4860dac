"""Escalation: the next tier's submission text, ready to send, in one key.

The public API, re-exported from the modules that implement it (one concept each):

- :func:`suggest_targets` (cases.targets): where to go next, best first;
- :class:`Finding`, :func:`preflight` (cases.preflight): what the target needs
  and the case lacks, and the rules between channels;
- :data:`ANSWERABLE`, :func:`apply_answer` (cases.answers): missing facts
  answered in place;
- :class:`Submission`, :func:`build_submission`, :func:`build_urge`,
  :func:`record_submission` (cases.submission): the text and recording it as sent.

Texts are data (``cases/templates/``), laws come from the checked list only
(cases.laws), the 消法第五十五条 claim from cases.claims, the facts from
cases.facts.
"""

from __future__ import annotations

from cases.answers import ANSWERABLE, Answerable, apply_answer
from cases.claims import FraudClaim, claim_applies, fraud_claim, treble
from cases.laws import Law, laws, laws_for_case
from cases.preflight import BLOCK, NOTE, WARN, Finding, preflight
from cases.submission import ESCALATE, URGE, Submission, build_submission, build_urge, record_submission
from cases.targets import nature, next_tier, suggest_targets

__all__ = [
    "ANSWERABLE",
    "BLOCK",
    "ESCALATE",
    "NOTE",
    "URGE",
    "WARN",
    "Answerable",
    "Finding",
    "FraudClaim",
    "Law",
    "Submission",
    "apply_answer",
    "build_submission",
    "build_urge",
    "claim_applies",
    "fraud_claim",
    "laws",
    "laws_for_case",
    "nature",
    "next_tier",
    "preflight",
    "record_submission",
    "suggest_targets",
    "treble",
]
