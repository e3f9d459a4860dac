"""Where tousu keeps its files.

The store is data (``user_data_dir``, e.g. ``~/.local/share/tousu/tousu.json``);
the user's official working-day schedule and settings are configuration
(``user_config_dir``, e.g. ``~/.config/tousu/``). Which store to open: ``--db``
wins over ``TOUSU_DB``, which wins over the default, so a volunteer can point
one command at a colleague's store without changing their environment.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP = "tousu"
STORE_FILE = "tousu.json"
ENV_DB = "TOUSU_DB"


def default_store_path() -> Path:
    return Path(user_data_dir(APP)) / STORE_FILE


def resolve_store_path(cli_value: str | None, env: Mapping[str, str] = os.environ,
                       configured: str | None = None) -> Path:
    """The store path: ``--db`` value, else ``$TOUSU_DB``, else the settings' ``store``
    (``configured``), else :func:`default_store_path`.

    Empty values count as unset; ``~`` is expanded.
    """
    for value in (cli_value, env.get(ENV_DB), configured):
        if value and value.strip():
            return Path(value.strip()).expanduser()
    return default_store_path()


def schedule_file_path() -> Path:
    """The user's own official working-day schedule (调休 data published each November):
    used for a personal store without a schedule of its own only (storage.schedule)."""
    return Path(user_config_dir(APP)) / "schedule.json"


def settings_path() -> Path:
    """The user's settings (storage.settings)."""
    return Path(user_config_dir(APP)) / "config.toml"


def legacy_settings_path() -> Path:
    """Where an older tousu kept the theme and language (read until config.toml exists)."""
    return Path(user_config_dir(APP)) / "settings.json"


def drafts_dir() -> Path:
    """Where submission texts are saved when the clipboard is out of reach."""
    return Path(user_data_dir(APP)) / "drafts"


def exports_dir() -> Path:
    """Where the dashboard writes case files (``E`` in the case detail)."""
    return Path(user_data_dir(APP)) / "exports"


def calendar_cache_path() -> Path:
    """Working-day flags computed from the holidays package, kept to skip that work at start-up."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP)) / "workdays.json"


def keyring_file_path(name: str) -> Path:
    """A file keyring tousu keeps for the user (storage.keyring_choice): ``keyring.cfg``
    (encrypted) or ``keyring-plaintext.cfg``, beside the store's default folder."""
    return Path(user_data_dir(APP)) / name
