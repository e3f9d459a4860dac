"""``python -m tui.cli``: the same as the ``tousu`` command."""

import sys

from tui.launcher import main

sys.exit(main())
