"""User settings (the chosen theme, ...) in ``settings.json`` under the config directory.

A small JSON object, read leniently (a missing, unreadable or hand-broken
file gives the defaults: settings must never stop tousu from starting) and
written atomically, mode 0600, in a 0700 directory. A file that exists but
cannot be read as settings is never written over: ``problem`` says why, and
``save`` leaves it alone so a hand edit with a typo is not lost. Keys this version does
not know are kept on save, so an older tousu does not erase a newer one's
settings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage.fsutil import atomic_write, make_private_dirs
from storage.paths import settings_path


@dataclass
class Settings:
    theme: str = ""
    lang: str = ""
    keyring: str = ""  # the keyring backend chosen (storage.keyring_choice), "" for the default
    path: Path | None = field(default=None, repr=False, compare=False)
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    problem: str = field(default="", repr=False, compare=False)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = Path(path) if path is not None else settings_path()
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            data = {}
        except (OSError, ValueError) as exc:
            return cls(path=path, problem=f"{path}: {exc}")
        if not isinstance(data, dict):
            return cls(path=path, problem=f"{path}: not a JSON object")
        known = {"theme", "lang", "keyring"}
        values = {k: data[k] for k in known if isinstance(data.get(k), str)}
        extra = {k: v for k, v in data.items() if k not in known}
        return cls(**values, path=path, extra=extra)

    def save(self) -> None:
        """Write the settings; raises OSError if the file cannot be written.

        Does nothing when the existing file could not be read (see ``problem``).
        """
        if self.problem:
            return
        path = self.path if self.path is not None else settings_path()
        make_private_dirs(path.parent)
        data = {**self.extra, "theme": self.theme, "lang": self.lang}
        if self.keyring:
            data["keyring"] = self.keyring
        atomic_write(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
