"""The activity list of the case detail: who did what and when, newest first.

The entries are the store's activity table (``Store.case_activity``): every change to
the case (delete, restore, purge) and to its group and roster (made, imported, a
participant changed, assigned, a contact logged …), under the volunteer's name. Shown a
page at a time like the timeline (``tui.detail_view.PAGE`` entries a page).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

from cases.i18n import known, tr
from cases.roster_columns import column_names
from cases.sanitize import clean_text
from cases.instants import shown_time

#: Participant ids named in one entry; the others are counted.
IDS_SHOWN = 5


def _value(value: Any) -> str:
    if isinstance(value, list):
        return str(len(value))
    return clean_text(str(value)) if value is not None else ""


def entry_text(entry: dict[str, Any], lang: str) -> Text:
    """One entry on one line: time, who, what (and the participants and fields it touched)."""
    action = _value(entry.get("action"))
    text = Text(no_wrap=False)
    text.append(f"  {shown_time(_value(entry.get('at')))}  ", style="dim")
    text.append(_value(entry.get("by")) or "?", style="bold")
    text.append("  ")
    key = f"tui.activity.action.{action}"
    if known(key, lang):
        details = {k: _value(v) for k, v in entry.items()}
        if action == "participant.assign" and not details.get("to"):
            details["to"] = tr("tui.group.nobody", lang)
        try:
            text.append(tr(key, lang, **details))
        except (KeyError, IndexError):
            text.append(action)
    else:
        text.append(action)  # an action this tousu does not know (a newer one wrote it): its id
    people = [clean_text(p) for p in entry.get("participants") or [] if isinstance(p, str)]
    if people:
        text.append(" ")
        if len(people) > IDS_SHOWN:
            text.append(tr("tui.activity.people_more", lang, ids="、".join(people[:IDS_SHOWN]), n=len(people)))
        else:
            text.append(tr("tui.activity.people", lang, ids="、".join(people)))
    fields = [clean_text(f) for f in entry.get("fields") or [] if isinstance(f, str)]
    if fields:
        text.append(tr("tui.activity.fields", lang, fields="、".join(column_names(fields, lang))), style="dim")
    return text


def activity_text(entries: list[dict[str, Any]], shown: int, lang: str) -> Text:
    """The section: a title, the first ``shown`` entries (newest first) and how many more."""
    text = Text()
    if not entries:
        return text
    text.append("\n")
    text.append(f"■ {tr('tui.activity.title', lang)}\n", style="bold underline")
    for entry in entries[:shown]:
        text.append_text(entry_text(entry, lang))
        text.append("\n")
    text.rstrip()
    return text
