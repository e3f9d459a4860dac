"""The kinds of deadline a case can be under, and the version of the rules that compute them.

Apart from the rules themselves (:mod:`cases.deadlines`) so that what reads stored summaries
(the dashboard's first screen, a store checking whether its summaries are current) can name a
kind and compare rule versions without importing the rules.
"""

from __future__ import annotations

#: The version of the deadline rules. Bump it when deadline computation changes (cases.deadlines,
#: the clocks in data/channels.json, the working-day arithmetic): stored deadlines carry it in
#: their stamp (cases.summary.deadline_stamp), so the first writing tousu of the new rules
#: recomputes them once and an older tousu uses them as they are.
RULES_VERSION = 3  # 2: needs_identity in channels.json; the cadence from the last contact on the channel; typed working days counted again; 3: a store's practice rules (cases.practice)

#: :attr:`cases.deadlines.Deadline.kind` values: an event's explicit deadline, the channel's
#: clock rule, or no clock (the next follow-up by the channel's cadence).
PROMISE = "promise"
CLOCK = "clock"
FOLLOW_UP = "follow_up"

#: :attr:`cases.deadlines.NextDue.kind` values: the deadline comes first (else :data:`FOLLOW_UP`).
DEADLINE = "deadline"
