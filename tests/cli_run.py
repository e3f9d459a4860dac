"""Running ``tousu`` in tests: the result of one run (shared by tests/cli and tests/escalation)."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)
