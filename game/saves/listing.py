"""The list of saves in a folder and its autosave folder, for ``balloon saves``, the title
screen, Continue and the load screen.

Why it catches so much: one bad entry (a damaged file, a FIFO, a link to a device, a
huge file, an unreadable folder) must not hide the good saves beside it. Every entry is
listed; those that cannot be loaded say why, as plain text.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import SaveError
from ..loader import Content
from ..plaintext import plain_text
from .load import read_save_file, refusal
from .store import AUTOSAVE_DIR
from .wording import reason_of, where


@dataclass(frozen=True)
class SaveListing:
    """One entry of the list. ``name`` is the path relative to the folder, as it is on
    disk (to open it); every other field is plain text, safe to show."""

    name: str
    scenario: str
    turn: int | None
    date: str
    score: float | None
    status: str  # "ok", "other content", "scenario file gone" or "changed", "damaged: why"
    #: the scenario's length in quarters, where the content has it (``progress.played_text``)
    term: int | None = None


def _damaged(name: str, reason: str) -> SaveListing:
    return SaveListing(name, "?", None, "", None, f"damaged: {plain_text(reason)}")


def _names(folder: Path) -> list[str]:
    """The ``*.json`` names in ``folder`` (not hidden ones), sorted; raises ``OSError``."""
    with os.scandir(folder) as entries:
        return sorted(e.name for e in entries if e.name.endswith(".json") and e.name[0] != ".")


def _listing(path: Path, name: str, content: Content | None) -> SaveListing:
    try:
        save = read_save_file(path)
        refused = None if content is None else refusal(save, content)
    except SaveError as exc:
        return _damaged(name, reason_of(exc, where(path)))
    except Exception as exc:  # a reader bug must not hide the other saves: say so
        return _damaged(name, f"could not be read ({type(exc).__name__})")
    status = "ok" if refused is None else refused[0]
    score = save.score if np.isfinite(save.score) else None
    date = plain_text(save.saved_at.replace("T", " "))[:16]
    known = content.scenarios.get(save.scenario) if content is not None else None
    term = known.turns if known is not None and save.scenario_file is None else None
    return SaveListing(name, plain_text(save.scenario, 40), save.turn, date, score, status, term)


def list_saves(directory: Path, content: Content | None = None) -> list[SaveListing]:
    """Every ``*.json`` in ``directory`` and its autosave folder; damaged ones say so.

    A folder that cannot be read is one entry itself (``autosave/``), listed as damaged.
    """
    listings = []
    for folder, prefix in ((directory, ""), (directory / AUTOSAVE_DIR, f"{AUTOSAVE_DIR}/")):
        try:
            names = _names(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            reason = f"folder cannot be read ({exc.strerror or type(exc).__name__})"
            listings.append(_damaged(prefix or "./", reason))
            continue
        listings += [_listing(folder / name, prefix + name, content) for name in names]
    return listings
