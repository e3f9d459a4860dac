"""Submission templates: data files under ``cases/templates/``, filled with ``string.Template``.

One file per channel and language (``12315.zh.txt``, ``12315.en.txt`` …) plus
``urge.<lang>.txt``. The sentences the code assembles into blocks (contact
lines, demands, deadline sentences …) are the ``letter.*`` keys of the message
catalogues (``cases/locales/letter.<lang>.json``), looked up with :func:`phrase`.

A template file may start with a header, ended by a line ``---``::

    subject: 投诉：${platform}订单${order_numbers}
    subject_label: 主题：
    ---
    (the body)

Filling is :meth:`string.Template.safe_substitute` with values that are all
pre-formatted strings. User text only ever enters as a *value*: it is never
parsed as a template or a format string, and the output is never substituted
again, so a ``${`` typed by a user stays as it is. The only processing of the
output is layout: trailing spaces are dropped and runs of blank lines (left by
optional blocks that are empty) are collapsed to one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from string import Template

from cases.i18n import known, normalise_lang, tr

_HEADER_END = "---"
_BLANK_RUNS = re.compile(r"\n{3,}")
_PLACEHOLDER = re.compile(r"\$\{([_a-z][_a-z0-9]*)\}")


class MissingTemplate(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(f"no submission template {name!r} under cases/templates/")
        self.name = name


@dataclass(frozen=True)
class SubmissionTemplate:
    name: str  # "12315.zh"
    subject: str  # "" when the channel has no subject line
    subject_label: str
    body: str

    @property
    def placeholders(self) -> frozenset[str]:
        """Every ``${name}`` the subject and body use."""
        return frozenset(_PLACEHOLDER.findall(self.subject + "\n" + self.body))


@cache
def load_template(name: str, lang: str = "zh") -> SubmissionTemplate:
    """The template ``<name>.<lang>.txt`` (e.g. ``load_template("12315", "en")``)."""
    lang = normalise_lang(lang)
    file_name = f"{name}.{lang}.txt"
    path = resources.files("cases").joinpath("templates").joinpath(file_name)
    try:
        text = path.read_text("utf-8")
    except (FileNotFoundError, OSError):
        raise MissingTemplate(file_name) from None
    text = text.replace("\r\n", "\n")
    subject = label = ""
    lines = text.split("\n")
    if _HEADER_END in lines and lines[0].split(":", 1)[0] in ("subject", "subject_label"):
        end = lines.index(_HEADER_END)
        for line in lines[:end]:
            key, _, value = line.partition(":")
            if key == "subject":
                subject = value.strip()
            elif key == "subject_label":
                label = value.lstrip(" ")
        text = "\n".join(lines[end + 1:])
    return SubmissionTemplate(f"{name}.{lang}", subject, label, text)


def phrase(key: str, lang: str = "zh", **values: object) -> str:
    """The letter sentence ``letter.<key>`` in ``lang`` with ``str.format`` values (values are
    never re-parsed); the key itself if unknown."""
    return tr(f"letter.{key}", lang, **values)


def has_phrase(key: str, lang: str = "zh") -> bool:
    return known(f"letter.{key}", lang)


def tidy(text: str) -> str:
    """Drop trailing spaces, collapse blank-line runs, strip the ends (layout only)."""
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip("\n")


def fill(template: SubmissionTemplate, values: dict[str, str]) -> tuple[str, str]:
    """(subject, body) with ``values`` substituted once; unknown placeholders stay visible."""
    subject = Template(template.subject).safe_substitute(values) if template.subject else ""
    body = Template(template.body).safe_substitute(values)
    return " ".join(subject.split()), tidy(body)
