"""Every user action, declared once: its key, where it applies, footer and palette.

The screens build their ``BINDINGS`` from this table and the command palette
lists the commands that apply to the current screen, so a key, its footer entry,
its palette entry and its line on the help screen can never disagree.
Labels come from the message catalogue (``tui.cmd.<action>``) when the module is
imported, so the language must be chosen before the UI is imported.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding

from cases.i18n import tr


class Command(NamedTuple):
    """One command: its action, key, texts and where it is offered."""

    action: str  # the action method, without ``action_``
    key: str  # Textual key name(s), comma separated
    scopes: tuple[str, ...]  # "app", "dashboard", "detail", "escalate", "form", "log", "stats", "group"
    footer: bool = True
    key_display: str | None = None
    palette: bool = True
    on_app: bool = False  # the action is the App's, whatever screen binds the key
    priority: bool = False  # checked before the focused widget sees the key
    first: bool = False  # shown first in the footer: never cut on a narrow terminal (tui.widgets.footer)

    @property
    def label(self) -> str:
        return tr(f"tui.cmd.{self.action}")

    @property
    def help(self) -> str:
        return tr(f"tui.cmd.{self.action}.help")

    @property
    def shown_key(self) -> str:
        if self.action in _LOST:
            return "—"  # its key went to another command (settings [keys]): palette only
        remapped = _REMAPPED.get(self.action)
        if remapped is not None:
            return key_shown(remapped.split(",")[0])
        return self.key_display or self.key.split(",")[0]


COMMANDS: tuple[Command, ...] = (
    Command("add_case", "a", ("dashboard",)),
    Command("open_case", "enter", ("dashboard",), key_display="⏎"),
    Command("log_contact", "l", ("dashboard", "detail")),
    Command("escalate", "x", ("dashboard", "detail")),
    Command("urge", "u", ("dashboard", "detail")),
    Command("edit_case", "e", ("dashboard", "detail")),
    # The end of a case: in the help and the palette, not the footer (it fits 80 columns).
    Command("end_case", "z", ("dashboard", "detail"), footer=False),
    Command("delete_case", "D", ("dashboard", "detail"), footer=False),
    Command("undelete_last", "ctrl+z", ("dashboard",), footer=False, key_display="^z"),
    Command("show_deleted", "B", ("dashboard",), footer=False),
    Command("show_today", "T", ("dashboard",), footer=False),
    Command("assign_case", "w", ("dashboard", "detail"), footer=False),
    Command("show_stats", "S", ("dashboard",), footer=False),
    # The roster of the case's group complaint (tui/screens/group.py). The lists' own "G"
    # (to the last row) gave way: "end" does that.
    Command("show_group", "G", ("dashboard", "detail"), footer=False),
    Command("toggle_select", "space", ("group",), key_display="space"),
    Command("select_shown", "asterisk", ("group",), key_display="*"),
    Command("assign", "a", ("group",)),
    Command("set_status", "s", ("group",)),
    Command("toggle_marked", "m", ("group",)),
    Command("log_group_contact", "l", ("group",)),
    Command("edit_participant", "e", ("group",)),
    Command("attach_evidence", "A", ("detail",), footer=False),
    Command("export_case", "E", ("detail",), footer=False),
    # The credentials screen (tui.screens.credentials), from anywhere the dashboard's keys work.
    Command("credentials", "K", ("dashboard", "detail"), footer=False, on_app=True),
    Command("add_credential", "a", ("credentials",)),
    Command("change_credential", "e", ("credentials",)),
    Command("test_credential", "t", ("credentials",)),
    Command("copy_user", "u", ("credentials",)),
    Command("copy_password", "p", ("credentials",)),
    Command("delete_credential", "D", ("credentials",)),
    Command("post_digest", "N", ("dashboard",), footer=False, on_app=True),
    Command("focus_filter", "slash", ("dashboard", "group"), key_display="/"),
    Command("toggle_closed", "c", ("dashboard",)),
    Command("edit_text", "e", ("escalate",)),
    Command("copy_text", "c", ("escalate",)),
    Command("save_text", "s", ("escalate",)),
    Command("record", "t", ("escalate",)),
    Command("send_text", "m", ("escalate",), footer=False),
    # Offered only while the text is a kept draft or an edit (EscalateScreen.check_action).
    Command("rebuild_text", "b", ("escalate",)),
    Command("toggle_reveal", "r", ("detail", "escalate", "group")),
    # Offered only while the detail hides earlier timeline entries (CaseDetailScreen.check_action).
    Command("show_more", "m", ("detail",)),
    Command("toggle_letter_lang", "l", ("escalate",)),
    # Offered only on a group case (EscalateScreen.check_action): its own text or the joint one.
    Command("toggle_joint", "j", ("escalate",)),
    Command("toggle_everyone", "a", ("today",)),
    Command("back", "escape", ("detail", "escalate", "stats", "credentials", "group", "today"), key_display="esc"),
    Command("save", "ctrl+s", ("form",), key_display="^s"),
    Command("cancel", "escape", ("form",), key_display="esc"),
    # Offered only while the log form shows a duration found in what was said
    # (LogFormScreen.check_action); otherwise ctrl+d stays the field's delete-right.
    Command("accept_deadline", "ctrl+d", ("log",), key_display="^d", priority=True),
    Command("help", "f1,question_mark", ("app",), key_display="?", first=True),
    Command("cycle_theme", "f2", ("app",), footer=False),
    Command("switch_language", "f3", ("app",), footer=False),
    Command("command_palette", "ctrl+p", ("app",), footer=False, palette=False, key_display="^p", priority=True),
    Command("quit", "q", ("dashboard", "detail", "stats", "group", "today"), on_app=True, first=True),
)


#: Scopes that have another scope's commands too: the log form is a form.
_INCLUDES: dict[str, tuple[str, ...]] = {"log": ("form",)}


def scopes_of(scope: str) -> tuple[str, ...]:
    """``scope`` and the scopes whose commands it also has, most specific first."""
    return (scope, *_INCLUDES.get(scope, ()))


def commands_for(scope: str) -> list[Command]:
    """The commands declared for ``scope`` itself (see :func:`scopes_of` for the rest)."""
    return [c for c in COMMANDS if scope in c.scopes]


def command(action: str) -> Command:
    """The command of ``action`` (its key, to name it in a message)."""
    return next(c for c in COMMANDS if c.action == action)


#: Keys the user's keymap gives commands (settings ``[keys]``): action -> key(s).
_REMAPPED: dict[str, str] = {}
#: Commands whose key a remapped command took.
_LOST: set[str] = set()


def key_shown(key: str) -> str:
    """How the help and the palette write a Textual key name: ``ctrl+e`` as ``^e``."""
    return "^" + key[5:] if key.startswith("ctrl+") and len(key) == 6 else key


class Remapped(NamedTuple):
    """The keymap from the settings, and what in it could not be used."""

    keymap: dict[str, str]  # for ``App.set_keymap``: command id (its action) -> key(s)
    unknown: list[str]  # ids in the settings that name no command
    lost: list[str]  # commands whose key a remapped command took (still in the palette)


def remap(keys: dict[str, str]) -> Remapped:
    """Take the user's keymap (settings ``[keys]``); each command's binding has its action
    as its id. Textual drops a binding whose key another takes without a word, so the
    commands that lose their key are worked out here, to be told."""
    known = {c.action for c in COMMANDS}
    valid = {action: key for action, key in keys.items() if action in known}
    _REMAPPED.clear()
    _REMAPPED.update(valid)
    lost = []
    for c in COMMANDS:
        if c.action in valid:
            continue
        for action, taken in valid.items():
            other = command(action)
            if set(c.key.split(",")) & set(taken.split(",")) and _meet(c, other):
                lost.append(c.action)
                break
    _LOST.clear()
    _LOST.update(lost)
    return Remapped(valid, [action for action in keys if action not in known], lost)


def _meet(a: Command, b: Command) -> bool:
    """Whether ``a`` and ``b`` are bound on one screen (a scope in common, or one is app-wide)."""
    scopes_a = {s for scope in a.scopes for s in scopes_of(scope)}
    scopes_b = {s for scope in b.scopes for s in scopes_of(scope)}
    return bool(scopes_a & scopes_b) or "app" in scopes_a or "app" in scopes_b


def bindings_for(scope: str) -> list[Binding]:
    """The bindings of ``scope``'s own commands (a screen class inherits the bindings
    of the screen class it extends, e.g. the log form those of every form)."""
    return [
        Binding(c.key, f"app.{c.action}" if c.on_app else c.action, c.label,
                show=c.footer, key_display=c.key_display, priority=c.priority, id=c.action)
        for c in commands_for(scope)
    ]
