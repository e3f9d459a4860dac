"""Strip what a terminal would act on from user text.

Anything typed or imported may carry escape sequences (window title, OSC 52
clipboard writes, screen clears), C1 control codes or bidi overrides that reorder
what the user sees. Rich passes those straight to the terminal, so they are
removed before text enters a case.
"""

from __future__ import annotations

import re

# C0 controls except TAB and LF, DEL, C1 controls, and the bidi embedding /
# override / isolate characters plus the invisible marks that steer them.
_UNSAFE_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str, *, multiline: bool = False) -> str:
    """Return ``text`` without control characters, C1 codes or bidi controls.

    Single-line text also loses TAB and newlines (each becomes a space);
    multi-line text keeps LF and TAB, and CR LF becomes LF.
    """
    if text.isprintable():  # fast path: ordinary text, CJK included
        return text
    if multiline:
        return _UNSAFE_MULTILINE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _UNSAFE_LINE.sub("", text.replace("\t", " ").replace("\r\n", " ").replace("\n", " "))
