"""How a refused save is named and explained: one line, safe to show, saying what to do.

Every refusal starts with the file it is about, and that name comes from the folder (or
from the file itself, for the scenario file it names), so it is shown as plain text.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import SaveError
from ..plaintext import plain_text

#: What a player can do about a save that cannot be loaded.
HELP = "load another save or an autosave (balloon saves lists them)"
#: The longest path shown in a message.
PATH_LIMIT = 300


def where(path: Path | str) -> str:
    """``path`` as a message shows it: plain text, at most ``PATH_LIMIT`` characters."""
    return plain_text(path, PATH_LIMIT)


def damaged(place: str, detail: object) -> SaveError:
    """The refusal of a file that is damaged or was edited, with the detail made plain."""
    return SaveError(f"{place}: is damaged or was edited ({plain_text(detail)}); {HELP}")


def reason_of(error: SaveError, place: str) -> str:
    """The reason alone (no file name, no advice), for a list of saves."""
    return str(error).removeprefix(f"{place}: ").split("; ")[0]
