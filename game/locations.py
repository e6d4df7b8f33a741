"""Where the game's files are (its content and fact sheet, the default saves folder), and
which version of the game this is.

Why a module of its own: the game runs from a checkout (``make play``, an editable
install) and as an installed command (``pipx install``, ``uv tool install``, a plain
``pip install .``). In a checkout ``content/`` and ``seeds/`` sit beside ``game/``; an
installed wheel carries copies inside the package, in ``game/_data/`` (``setup.py``
puts them there at build time), since nothing beside ``site-packages/game`` is the
game's. The loader, the output guard and the saves folder all ask here.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
#: Where a built wheel keeps the content (``setup.py``); absent in a checkout.
PACKAGED = PACKAGE / "_data"
#: True when running from an installed wheel rather than a checkout.
INSTALLED = (PACKAGED / "content").is_dir()
DATA_ROOT = PACKAGED if INSTALLED else PACKAGE.parent
CONTENT_DIR = DATA_ROOT / "content"
SEEDS_DIR = DATA_ROOT / "seeds"
#: The checkout's root (in an installed game, the folder that holds the package).
REPO_ROOT = PACKAGE.parent


def default_saves_dir() -> Path:
    """``saves/`` in a checkout; an installed game's saves go to the user's data folder
    (``$XDG_DATA_HOME/balloon-effect/saves``, else ``~/.local/share/…``), never into
    ``site-packages``, which a reinstall wipes."""
    if not INSTALLED:
        return REPO_ROOT / "saves"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "balloon-effect" / "saves"


def game_version() -> str:
    """The installed package's version, from its metadata (so pyproject.toml holds the one
    number): ``balloon --version`` and every save's ``game_version``."""
    from importlib import metadata

    try:
        return metadata.version("balloon-effect")
    except metadata.PackageNotFoundError:  # a checkout that was never installed
        return "unknown"
