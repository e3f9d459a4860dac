"""Suite-wide: keep every test away from the real user's data, config and cache.

platformdirs reads the XDG variables at call time, and subprocesses inherit
them, so pointing them at a temporary directory covers in-process and
real-process tests alike.
"""

from __future__ import annotations

import os
import tempfile

_HOME = tempfile.mkdtemp(prefix="tousu-tests-")
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
    os.environ[_name] = os.path.join(_HOME, _name.lower())
os.environ.pop("TOUSU_DB", None)
os.environ.pop("TOUSU_LANG", None)
