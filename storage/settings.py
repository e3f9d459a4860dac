"""The user's settings: ``config.toml`` in the user config directory, typed and checked.

One TOML file (``~/.config/tousu/config.toml``), written by hand or by the dashboard
(the theme `F2` and the language `F3` it remembers)::

    store = "/srv/tousu/group.json"   # the store when neither --db nor TOUSU_DB says
    lang = "zh"                       # UI language: zh, en
    letter_lang = "zh"                # the language letters open in: zh, en
    user = "小王"                      # the volunteer's name (default: the login name)
    theme = "tousu-dark"
    keyring = "cryptfile"             # where secrets are kept (tousu cred backend)
    mailbox = "tousu@qq.com"          # the mailbox letters go from, of several (tousu send --via)
    robot = "维权群"                   # the group robot reminders go to, of several (--robot)

    [keys]                            # Textual keymap: command id = key(s)
    escalate = "X"
    help = "f1,question_mark"

Read leniently: settings never stop tousu. A file that is not TOML (or not a table) is
``problem`` (with the line the parser names) and is never written over, so a hand edit
with a typo is not lost; a value of the wrong type or outside its choices is left out
with an :class:`Issue` naming its line, and the rest applies. Keys this version does
not know are an issue too, but stay in the file. The dashboard writes its choices with
tomlkit, which keeps the user's comments and layout; reading uses the standard
library's ``tomllib`` (tomlkit is imported only to write, off the start-up path; tomllib only
when there is a file to read).

Where a value comes from, first wins: the command line flag, the environment
(:data:`ENV`), this file, the default (:meth:`Settings.effective`).

An older tousu kept the theme and language in ``settings.json``: read when there is
no ``config.toml`` yet, and carried into it by the first save.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from cases.i18n import LANGS, tr
from cases.sanitize import clean_text
from storage.fsutil import atomic_write, login_name, make_private_dirs
from storage.paths import legacy_settings_path, settings_path

#: The settings, their type and choices (None: any text).
FIELDS: dict[str, tuple[str, ...] | None] = {
    "store": None,
    "lang": LANGS,
    "letter_lang": LANGS,
    "user": None,
    "theme": None,
    "keyring": None,  # system, cryptfile, pass, plaintext: checked by storage.keyring_choice
    "mailbox": None,  # the mailbox letters are sent from when several are set up (tousu send --via)
    "robot": None,  # the group robot reminders go to when several are set up (tousu notify --robot)
    "timezone": None,  # the zone times are shown and typed in (an IANA name), checked by cases.clock.check_zone
}
#: The environment variable that overrides each setting.
ENV: dict[str, str] = {
    "store": "TOUSU_DB",
    "lang": "TOUSU_LANG",
    "letter_lang": "TOUSU_LETTER_LANG",
    "user": "TOUSU_USER",
    "theme": "TOUSU_THEME",
    "keyring": "TOUSU_KEYRING",
    "mailbox": "TOUSU_MAILBOX",
    "robot": "TOUSU_ROBOT",
    "timezone": "TOUSU_TZ",
}
KEYS_TABLE = "keys"
#: The longest name a volunteer may go by (it is written into every change they make).
USER_MAX = 40
_KEY_TOKEN = re.compile(r"^(?:[a-z0-9_]+(?:\+[a-z0-9_]+)*|[!-~])$")


#: Tables a settings file might be expected to hold that belong to the store instead: every
#: volunteer on a shared store must see the same deadlines (``tousu rules``, cases.practice).
STORE_RULES = frozenset({"follow_up", "follow-up", "practice", "rules", "clocks", "promise", "promise_clocks"})


class Issue(NamedTuple):
    """A setting left out: where (line, key) and why (``reason``: a catalogue key suffix)."""

    line: int | None
    key: str
    reason: str  # "unknown", "store_rule", "type", "choice", "empty", "keys_type", "key_text"
    value: str = ""

    def message(self, path: Path, lang: str | None = None) -> str:
        where = tr("settings.where", lang, path=str(path), line=self.line) if self.line else str(path)
        choices = ", ".join(FIELDS.get(self.key) or ()) if self.key in FIELDS else ""
        return tr(f"settings.issue.{self.reason}", lang, where=where, key=self.key, value=self.value,
                  choices=choices, max=USER_MAX)


@dataclass
class Settings:
    theme: str = ""
    lang: str = ""
    letter_lang: str = ""
    store: str = ""
    user: str = ""
    keyring: str = ""  # the keyring backend chosen (storage.keyring_choice), "" for the default
    mailbox: str = ""
    robot: str = ""
    timezone: str = ""
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = field(default=None, repr=False, compare=False)
    #: Why the file could not be read (it is then never written); "" when it could.
    problem: str = field(default="", repr=False, compare=False)
    issues: list[Issue] = field(default_factory=list, repr=False, compare=False)
    #: Line of each setting given in the file (``keys.<id>`` for the keymap).
    lines: dict[str, int] = field(default_factory=dict, repr=False, compare=False)
    #: The settings.json of an older tousu the values came from (carried over on save).
    legacy: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        path = Path(path) if path is not None else settings_path()
        try:
            text = path.read_text("utf-8")
        except FileNotFoundError:
            return cls._from_legacy(path)
        except (OSError, UnicodeDecodeError) as exc:
            return cls(path=path, problem=f"{path}: {exc}")
        import tomllib  # only with a file to read: a first start has none (~1.5 ms)

        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            return cls(path=path, problem=f"{path}: {exc}")
        settings = cls(path=path)
        settings._apply(data, text)
        return settings

    @classmethod
    def _from_legacy(cls, path: Path) -> Settings:
        """No config.toml: the theme and language an older tousu kept in settings.json."""
        legacy_path = legacy_settings_path() if path == settings_path() else path.with_name("settings.json")
        try:
            data = json.loads(legacy_path.read_text("utf-8"))
        except (OSError, ValueError):
            return cls(path=path)
        if not isinstance(data, dict):
            return cls(path=path)
        values = {k: data[k] for k in ("theme", "lang") if isinstance(data.get(k), str)}
        if values.get("lang") not in (*LANGS, None):
            values.pop("lang")
        return cls(**values, path=path, legacy=values)

    def _apply(self, data: dict[str, Any], text: str) -> None:
        for key, value in data.items():
            line = _line_of(text, None, key)
            if key == KEYS_TABLE:
                self._apply_keys(value, text, line)
                continue
            if key in STORE_RULES:
                self.issues.append(Issue(line, key, "store_rule"))
                continue
            if key not in FIELDS:
                self.issues.append(Issue(line, key, "unknown"))
                continue
            if not isinstance(value, str):
                self.issues.append(Issue(line, key, "type", _shown(value)))
                continue
            value = clean_text(value).strip()
            choices = FIELDS[key]
            if not value:
                self.issues.append(Issue(line, key, "empty"))
            elif choices is not None and value not in choices:
                self.issues.append(Issue(line, key, "choice", value))
            elif key == "user" and len(value) > USER_MAX:
                self.issues.append(Issue(line, key, "too_long", value[:USER_MAX] + "…"))
            elif key == "timezone" and not _is_zone(value):
                self.issues.append(Issue(line, key, "zone", value[:60]))
            else:
                setattr(self, key, value)
                if line:
                    self.lines[key] = line

    def _apply_keys(self, table: Any, text: str, line: int | None) -> None:
        if not isinstance(table, dict):
            self.issues.append(Issue(line, KEYS_TABLE, "keys_type", _shown(table)))
            return
        for action, keys in table.items():
            where = _line_of(text, KEYS_TABLE, action)
            tokens = [t.strip() for t in keys.split(",")] if isinstance(keys, str) else []
            if not tokens or not all(_KEY_TOKEN.match(t) for t in tokens):
                self.issues.append(Issue(where, f"{KEYS_TABLE}.{action}", "key_text", _shown(keys)))
                continue
            self.keys[action] = ",".join(tokens)
            if where:
                self.lines[f"{KEYS_TABLE}.{action}"] = where

    def effective(self, name: str, flag: str | None = None,
                  env: Mapping[str, str] | None = None) -> tuple[str, str]:
        """(value, source) of setting ``name``: source is ``flag``, ``env:<VAR>``, ``file``
        (with ``:<line>`` when known), ``legacy`` or ``default``; "" for an unset value."""
        env = os.environ if env is None else env
        if flag:
            return flag, "flag"
        var = ENV.get(name)
        if var and (env.get(var) or "").strip():
            return env[var].strip(), f"env:{var}"
        value = getattr(self, name)
        if value:
            if name in self.legacy:
                return value, "legacy"
            line = self.lines.get(name)
            return value, f"file:{line}" if line else "file"
        return _DEFAULTS.get(name, lambda: "")(), "default"

    def volunteer(self, env: Mapping[str, str] | None = None) -> str:
        """The name this volunteer's changes are recorded under: ``TOUSU_USER``, else the
        file's ``user``, else the login name."""
        return self.effective("user", env=env)[0]

    def save(self) -> None:
        """Write the theme and language the dashboard remembers (and the keyring ``tousu cred
        backend`` chose) into the file, keeping
        everything else in it as it is (comments too); raises OSError if it cannot be
        written. Does nothing when the existing file could not be read (``problem``)."""
        if self.problem:
            return
        import tomlkit

        path = self.path if self.path is not None else settings_path()
        try:
            doc = tomlkit.parse(path.read_text("utf-8"))
        except FileNotFoundError:
            doc = tomlkit.document()
            doc.add(tomlkit.comment(tr("settings.file_head", "en")))
        except (ValueError, UnicodeDecodeError) as exc:  # changed under us into something unreadable
            self.problem = f"{path}: {exc}"
            return
        for key in ("theme", "lang", "keyring"):
            value = getattr(self, key)
            if value:
                doc[key] = value
            elif key in doc:
                del doc[key]
        make_private_dirs(path.parent)
        atomic_write(path, tomlkit.dumps(doc).encode("utf-8"))
        self.legacy = {}


_DEFAULTS = {
    "lang": lambda: "zh",
    "timezone": lambda: "Asia/Shanghai",
    "letter_lang": lambda: "zh",
    "user": login_name,
    "store": lambda: str(_default_store()),
}


def _default_store() -> Path:
    from storage.paths import default_store_path

    return default_store_path()


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return clean_text(text)[:60]


def _line_of(text: str, table: str | None, key: str) -> int | None:
    """The line (1-based) where ``key`` is set, at the top level or in ``[table]``."""
    current: str | None = None
    pattern = re.compile(r'^\s*(?:"' + re.escape(key) + r'"|' + re.escape(key) + r')\s*=')
    for n, line in enumerate(text.splitlines(), 1):
        header = re.match(r"^\s*\[\s*([^\]]+?)\s*\]", line)
        if header:
            current = header.group(1).strip().strip('"')
            if table is None and current == key:
                return n
            continue
        if current == table and pattern.match(line):
            return n
    return None


def _is_zone(name: str) -> bool:
    from cases.clock import ZoneError, check_zone

    try:
        check_zone(name)
    except ZoneError:
        return False
    return True
