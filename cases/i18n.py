"""Message catalogues: Simplified Chinese by default, English second.

Catalogues are data: ``locales/<lang>.json`` plus any ``locales/<area>.<lang>.json``
(e.g. ``tui.zh.json``), merged; each is a flat map from a dotted key to a
``str.format`` template. A key missing from English falls back
to Chinese; a key missing everywhere is shown as the key itself, so a gap is
visible rather than fatal.

Every text shown in more than one language lives here, never in the code: keys
start with their area, ``cli.*`` (the command line, ``<lang>.json``; ``cli.evidence.*``
in ``evidence.<lang>.json``), ``tui.*``
(the dashboard), ``escalate.*``, ``cases.<module>.*`` (domain texts: durations,
countdowns, evidence, ids, schedule files), ``channel.*``, ``category.*``,
``law.*``, ``status.*`` and ``outcome.*`` (the names of data items by id), ``letter.*`` (the sentences of
submission texts, in the letter's language) and ``store.*`` (storage errors, keyed
by their ``code``; ``store.detail.*`` for what part of a store an error concerns).
tests/test_i18n_mechanism.py keeps language branches out of the code and the
catalogues in step.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

LANGS = ("zh", "en")
_current = "zh"


def normalise_lang(value: str | None) -> str:
    """Map "en_US.UTF-8", "EN", "zh-CN" ... onto a supported language; default zh."""
    if not value:
        return "zh"
    value = value.strip().lower().replace("-", "_")
    return "en" if value.startswith("en") else "zh"


def set_lang(lang: str) -> None:
    global _current
    _current = normalise_lang(lang)


def get_lang() -> str:
    return _current


@cache
def catalogue(lang: str) -> dict[str, str]:
    merged: dict[str, str] = {}
    folder = resources.files("cases").joinpath("locales")
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        name = item.name
        if name == f"{lang}.json" or name.endswith(f".{lang}.json"):
            merged.update(json.loads(item.read_text("utf-8")))
    return merged


def known(key: str, lang: str | None = None) -> bool:
    """True when ``key`` has a text in ``lang`` (or in Chinese, which English falls back to)."""
    lang = normalise_lang(lang) if lang else _current
    return key in catalogue(lang) or key in catalogue("zh")


def tr(key: str, /, lang: str | None = None, **values: object) -> str:
    """The text of ``key`` in ``lang`` (default: the current language), formatted with
    ``values`` (any name but ``lang``); without values the template is returned as is."""
    lang = normalise_lang(lang) if lang else _current
    template = catalogue(lang).get(key)
    if template is None and lang != "zh":
        template = catalogue("zh").get(key)
    if template is None:
        return key
    return template.format(**values) if values else template


class CatalogueError(ValueError):
    """An error whose message is a catalogue text: ``key`` and the ``values`` it is
    formatted with. ``str()`` is in the language given when raised; ``message(lang)``
    in any. The domain's input errors (amounts, times, durations, closing) are these."""

    def __init__(self, key: str, lang: str = "zh", **values: object) -> None:
        self.key = key
        self.values = values
        super().__init__(self.message(lang))

    def message(self, lang: str = "zh") -> str:
        return tr(self.key, lang, **self.values)
