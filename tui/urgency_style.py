"""How urgency looks in text: one rich style per :class:`cases.countdown.Urgency`, for the
countdowns of the case detail, ``tousu list`` and ``tousu show``.

The dashboard's case list colours its rows by the theme instead (component classes in
tui.widgets.case_list: ``$error``, ``$warning``, ``$success``): the same red, yellow and
green. Urgency is never told by colour alone: the countdown's words say it.
"""

from __future__ import annotations

from cases.countdown import Urgency

URGENCY_STYLE: dict[Urgency, str] = {
    Urgency.OVERDUE: "bold red",
    Urgency.SOON: "yellow",
    Urgency.LATER: "green",
    Urgency.NONE: "",
}
