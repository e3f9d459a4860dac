"""The program name, the environment variables read, the exit statuses, the event and evidence kinds."""

from __future__ import annotations

PROG = "tousu"
ENV_NOW = "TOUSU_NOW"
ENV_LANG = "TOUSU_LANG"
#: Set by the shell scripts argcomplete writes: a completion is asked for (tui.cli.completion).
ENV_COMPLETE = "_ARGCOMPLETE"
EXIT_OK = 0
EXIT_ERROR = 2
EXIT_BLOCKED = 3  # not done: a pre-flight finding (escalate / urge), a closed case, a declined confirmation
EXIT_SKIPPED = 4  # group import: some rows were not imported (each named on stderr)
EXIT_SEND_FAILED = 4  # a mail server or robot refused or could not be reached; a credential test failed
EXIT_CHANGED = 1  # evidence verify: a stored copy is changed, missing or unreadable
EVENT_KINDS = ("submitted", "accepted", "contact", "urged", "result", "note")
EVIDENCE_KINDS = ("payment", "promise", "communication", "defect", "other")  # cases.evidence.SUBJECTS
