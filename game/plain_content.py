"""Content text is plain text: no terminal codes, nothing a screen would read as styling.

Names, descriptions and event texts from content files reach the terminal through Rich
tables and Textual widgets, both of which read ``[bold]…[/bold]`` as styling (and crash
on an unmatched ``[/oops]``), and a terminal obeys escape codes. Refusing both when a file
loads, naming the file and the field, keeps every screen safe whatever draws it; a
designer who meant a literal bracket tag gets told why, not a crashed game.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

#: What Rich and Textual take for a style tag: ``[`` then a letter, ``#``, ``/`` or ``@``.
STYLE_TAG = re.compile(r"\[[a-zA-Z#/@][^\[\]]*\]")
#: Line breaks and tabs are text; every other control character is a terminal code.
ALLOWED_CONTROLS = frozenset("\n\t")


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be shown as written, or None."""
    for ch in text:
        if ch not in ALLOWED_CONTROLS and unicodedata.category(ch) in ("Cc", "Cf", "Cs"):
            return (
                f"holds the control character U+{ord(ch):04X}; content text is shown as "
                "written, so it may not carry terminal codes"
            )
    tag = STYLE_TAG.search(text)
    if tag is not None:
        return (
            f"{tag.group(0)[:30]!r} would be read as styling on screen; leave square-bracket "
            "tags out of content text"
        )
    return None


def check_plain(value: Any) -> Any:
    """``value`` unchanged if every string in it (through lists and tables) is plain text;
    else a ``ValueError`` saying why (pydantic adds the field)."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem is not None:
            raise ValueError(problem)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            check_plain(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_plain(key)
            check_plain(item)
    return value
