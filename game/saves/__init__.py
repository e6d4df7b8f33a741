"""Saved games: save, autosave, load, replay and branch — versioned, exact and atomic.

One module per job, and this package the one place callers import from:

- ``model``: what a save file holds (format 1), its checksum and its bytes;
- ``migrations``: older formats brought up to the current one, in memory;
- ``store``: where saves live; safe reading, atomic writing, autosave rotation;
- ``load``: parse and check a file, then rebuild its game (``checks`` checks the values);
- ``listing``: the saves in a folder, damaged ones with their reason;
- ``replay``: play a save again and find where it first differs.
"""

from __future__ import annotations

from ..errors import SaveError
from .listing import SaveListing, list_saves
from .load import LastQuarter, LoadedSave, load_save, read_save_file
from .migrations import MIGRATIONS, migrate
from .model import (
    FORMAT_NAME,
    FORMAT_VERSION,
    ArrayData,
    SaveFile,
    checksum,
    encode,
    game_version,
    to_save_file,
)
from .replay import (
    Divergence,
    compare_states,
    last_quarter,
    load_to_play,
    replay,
    replay_game,
)
from .store import (
    AUTOSAVE_DIR,
    AUTOSAVE_KEEP,
    MAX_SAVE_BYTES,
    REPO_ROOT,
    SAVES_ENV,
    autosave,
    save_game,
    save_path,
    saves_dir,
    write_atomic,
)

__all__ = [
    "AUTOSAVE_DIR",
    "AUTOSAVE_KEEP",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MAX_SAVE_BYTES",
    "MIGRATIONS",
    "REPO_ROOT",
    "SAVES_ENV",
    "ArrayData",
    "Divergence",
    "LastQuarter",
    "LoadedSave",
    "SaveError",
    "SaveFile",
    "SaveListing",
    "autosave",
    "checksum",
    "compare_states",
    "encode",
    "game_version",
    "last_quarter",
    "list_saves",
    "load_save",
    "load_to_play",
    "migrate",
    "read_save_file",
    "replay",
    "replay_game",
    "save_game",
    "save_path",
    "saves_dir",
    "to_save_file",
    "write_atomic",
]
