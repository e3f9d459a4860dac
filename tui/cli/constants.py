"""The program name, the environment variables read, the exit statuses and the event kinds."""

from __future__ import annotations

PROG = "tousu"
ENV_NOW = "TOUSU_NOW"
ENV_LANG = "TOUSU_LANG"
EXIT_OK = 0
EXIT_ERROR = 2
EXIT_BLOCKED = 3  # escalate / urge: a pre-flight finding blocks the text
EVENT_KINDS = ("submitted", "accepted", "contact", "urged", "result", "note")
