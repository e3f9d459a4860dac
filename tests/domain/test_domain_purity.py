"""The domain modules stay pure: no textual, no tinydb."""

from __future__ import annotations

import subprocess
import sys

MODULES = ["workdays", "deadlines", "countdown", "urgency", "evidence", "privacy", "ids"]


def test_domain_modules_do_not_import_ui_or_storage():
    code = (
        "import sys\n"
        + "".join(f"import cases.{m}\n" for m in MODULES)
        + "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'tinydb', 'storage', 'tui')]\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
