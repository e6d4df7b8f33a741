"""Untrusted text made safe to show: printable characters on one line, of bounded length.

Why: a save is a file anyone can edit, and a file name is whatever someone typed. Their
text reaches a terminal (``balloon saves``, error lines) and Rich/Textual widgets. A
terminal escape code in it would drive the player's terminal, a lone surrogate would
crash ``print``, and ``[/oops]`` read as markup crashes a screen. ``plain_text`` removes
escape sequences and every character that is not printable; widgets then show the result
as ``rich.text.Text``, never as a markup string. Kept free of Rich so that the headless
modules (saves, command line) can use it.
"""

from __future__ import annotations

import re

#: Terminal escape sequences, removed whole: CSI (``ESC [ … final``), OSC/DCS/APC/PM/SOS
#: strings (ended by BEL or ``ESC \``), and two-character ``ESC x`` sequences; also their
#: one-byte C1 forms (U+009B CSI, U+009D OSC…).
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d-\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
#: The longest text shown by default (a file can hold megabytes in one field).
LIMIT = 200


def plain_text(text: object, limit: int = LIMIT) -> str:
    """``text`` as printable characters on one line, cut to ``limit`` characters with "…".

    Control and format characters (C0, DEL, C1, bidirectional overrides, lone
    surrogates, private-use and unassigned code points) are removed, escape sequences
    with them; line breaks and tabs become spaces. Ordinary text comes back unchanged.
    """
    text = str(text)
    if not text.isprintable():
        text = _ESCAPES.sub("", text)
        # line breaks, tabs and other spaces become spaces; the rest that is not printable goes
        kept = (ch for ch in text if ch.isprintable() or ch.isspace())
        text = "".join(" " if ch.isspace() else ch for ch in kept)
    if len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    return text
