"""One browser tab's game: ``python -m game.serve.session ROOT``, run by ``balloon serve``.

textual-serve starts this command, the same for every tab, when a browser connects. It
makes a new folder with an unguessable name in ``ROOT`` and plays ``balloon play`` with
that folder as the saves folder, so the tab's autosaves, saves and crash reports are its
own and no other tab's are listed, continued or loaded. A folder left empty (a tab
closed before a quarter was played) is removed when the game ends; one with saves stays
for the teacher.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sys
from pathlib import Path

from ..saves.store import SAVES_ENV


def new_folder(root: Path) -> Path:
    """A fresh private folder in ``root``: 128 random bits, made by this process alone."""
    root.mkdir(parents=True, exist_ok=True)
    folder = root / secrets.token_hex(16)
    folder.mkdir(mode=0o700)  # never an existing folder: a clash raises, it is not shared
    return folder


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m game.serve.session SESSIONS_FOLDER", file=sys.stderr)
        return 2
    folder = new_folder(Path(argv[0]))
    os.environ[SAVES_ENV] = str(folder)
    from ..cli import main as balloon

    try:
        return balloon(["play"])
    finally:
        with contextlib.suppress(OSError):
            folder.rmdir()  # only if empty


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
