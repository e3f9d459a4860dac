"""The ``tousu`` executable: the command line, started with the collector paused.

Starting the dashboard imports Textual, arrow and our modules (~68,000 objects
the collector tracks, after the imports alone) and builds the stylesheet and the
first screen: objects that live as long as the process. Collections while they
are made free nothing and cost ~13 ms of the ~0.15 s the dashboard takes to its
first frame (10k cases, development VM), so
the collector is off from here until the dashboard's first frame is on the
terminal (``TousuApp.on_ready``, after ``gc.freeze``), or until a command
returns. Commands are short-lived, and their big reads pause it anyway.
"""

from __future__ import annotations

import gc


def main() -> int:
    enabled = gc.isenabled()
    gc.disable()
    try:
        from tui.cli import main as run

        return run()
    finally:
        if enabled:
            gc.enable()
