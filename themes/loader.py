"""Read theme files (JSON) into plain dictionaries, collecting errors.

A theme file is a JSON object with ``name`` and ``primary`` and, optionally, the
other colour slots of a Textual theme (``secondary``, ``accent``, ``warning``,
``error``, ``success``, ``foreground``, ``background``, ``surface``, ``panel``,
``boost``), ``dark`` (bool), ``variables`` (str → str) and ``title``, the name shown to
people: one for every language, or ``{"zh": …, "en": …}`` (without it, ``name`` is shown). This module does not
import textual: the UI turns the dictionaries into ``textual.theme.Theme``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

COLOUR_SLOTS = (
    "primary", "secondary", "accent", "warning", "error", "success",
    "foreground", "background", "surface", "panel", "boost",
)
_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$|^[a-z]+$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,40}$")


@dataclass
class ThemeLoad:
    """The themes found, and what was wrong with the files left out."""

    themes: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def parse_theme(data: Any, source: str) -> dict[str, Any]:
    """Validate one theme document; ValueError with a message naming ``source``."""
    if not isinstance(data, dict):
        raise ValueError(f"{source}: a theme must be a JSON object")
    name = data.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"{source}: 'name' must be lowercase letters, digits, '-' or '_'")
    theme: dict[str, Any] = {"name": name}
    for slot in COLOUR_SLOTS:
        if slot in data:
            value = data[slot]
            if not isinstance(value, str) or not _COLOUR.match(value):
                raise ValueError(f"{source}: '{slot}' must be a colour like #1e90ff")
            theme[slot] = value
    if "primary" not in theme:
        raise ValueError(f"{source}: 'primary' is required")
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ValueError(f"{source}: 'dark' must be true or false")
    theme["dark"] = dark
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in variables.items()
    ):
        raise ValueError(f"{source}: 'variables' must map names to strings")
    theme["variables"] = dict(variables)
    title = data.get("title", {})
    if isinstance(title, str):
        title = {"zh": title, "en": title}
    if not isinstance(title, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in title.items()):
        raise ValueError(f"{source}: 'title' must be a name, or map languages to names")
    theme["title"] = dict(title)
    return theme


def theme_title(theme: dict[str, Any], lang: str) -> str:
    """The name a theme is shown by in ``lang`` (its ``title``), else its id."""
    titles = theme.get("title") or {}
    return titles.get(lang) or titles.get("en") or theme["name"]


def load_themes(user_dir: Path | None = None) -> ThemeLoad:
    """Built-in themes, then the user's (a user theme may replace a built-in one)."""
    result = ThemeLoad()
    builtin = resources.files("themes")
    for item in sorted(builtin.iterdir(), key=lambda t: t.name):
        if item.name.endswith(".json"):
            _load_one(item.read_text("utf-8"), f"themes/{item.name}", result)
    if user_dir is not None and user_dir.is_dir():
        for path in sorted(user_dir.glob("*.json")):
            try:
                text = path.read_text("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                result.errors.append(f"{path}: cannot read ({exc})")
                continue
            _load_one(text, str(path), result)
    return result


def _load_one(text: str, source: str, result: ThemeLoad) -> None:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        result.errors.append(f"{source}: not valid JSON ({exc.msg}, line {exc.lineno})")
        return
    try:
        theme = parse_theme(data, source)
    except ValueError as exc:
        result.errors.append(str(exc))
        return
    result.themes = [t for t in result.themes if t["name"] != theme["name"]] + [theme]


def stylesheet_path() -> Path:
    """The application stylesheet (Textual CSS)."""
    return Path(str(resources.files("themes").joinpath("tousu.tcss")))


def every_screen_stylesheet() -> list[str]:
    """Every screen's stylesheet (``themes/screens/*.tcss``), by name: what the app reads in one
    parse once its first frame is out (``tui.app.TousuApp.on_ready``)."""
    folder = resources.files("themes").joinpath("screens")
    return sorted(str(item) for item in folder.iterdir() if item.name.endswith(".tcss"))


def screen_stylesheets(*names: str) -> list[str]:
    """A screen's own stylesheets, ``themes/screens/<name>.tcss`` in the order named, for its
    ``CSS_PATH``: the dashboard's first frame parses only :func:`stylesheet_path`, and the app
    reads these with every other screen's right after it (:func:`every_screen_stylesheet`)."""
    folder = resources.files("themes").joinpath("screens")
    return [str(folder.joinpath(f"{name}.tcss")) for name in names]
