"""Where saves live, and the only code that reads or writes their bytes.

Why so careful: a player's save is the one thing the game must never lose, and the saves
folder is open to anything. Writing goes to a temporary file in the same folder, flushed,
fsynced and then moved over the old one with ``os.replace``, so a crash leaves either the
old save or the new one; a temporary file left by a writer that was killed is removed by
the next write to that folder. Reading opens regular files only (never a FIFO, device or
socket, which could block or never end) and never more than ``MAX_SAVE_BYTES``.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import SaveError
from ..infiles import MAX_SAVE_BYTES, check_name
from ..locations import REPO_ROOT as REPO_ROOT  # re-exported: where a checkout's saves/ is
from ..locations import default_saves_dir
from ..outfiles import write_atomic
from .model import encode, to_save_file
from .wording import where

if TYPE_CHECKING:
    from ..session import Game

SAVES_ENV = "BALLOON_SAVES_DIR"
AUTOSAVE_DIR = "autosave"
AUTOSAVE_KEEP = 5
#: Autosave names: a rising number, zero-padded to six digits; up to 18 (a crafted
#: ``auto-999999999999-…`` is still counted, rotated and followed by a larger number).
AUTOSAVE_NAME = re.compile(r"^auto-(\d{6,18})-.*\.json$")
_CHUNK = 1 << 20
_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


class Unreadable(Exception):
    """A file that is not read: why, in a few words (``missing`` if it is not there)."""

    def __init__(self, reason: str, missing: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.missing = reason, missing


def saves_dir(override: str | Path | None = None) -> Path:
    """Where saves go: ``--saves-dir``, else ``$BALLOON_SAVES_DIR``, else ``saves/`` (an
    installed game: the user's data folder, ``locations.default_saves_dir``).

    A name given by the user is checked like any other file name (one line, not a
    traceback from the first ``is_dir``, when it is too long or holds line breaks)."""
    if override:
        check_name(str(override), "--saves-dir")
        return Path(override)
    env = os.environ.get(SAVES_ENV)
    if env:
        check_name(env, SAVES_ENV)
        return Path(env)
    return default_saves_dir()


def save_path(text: str, directory: Path) -> Path:
    """A save name (``mygame``) means ``DIR/mygame.json``; anything path-like is a path."""
    if os.sep in text or "/" in text or text.endswith(".json"):
        return Path(text)
    return directory / f"{text}.json"


# --------------------------------------------------------------------------- reading


def _refuse_kind(mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise Unreadable("is a folder, not a save file")
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        raise Unreadable(f"is {kind}, not a save file")


def _too_large(size: int, limit: int) -> Unreadable:
    return Unreadable(
        f"is too large to be a save ({size / 1e6:.1f} MB; a save is at most {limit / 1e6:.0f} MB)"
    )


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """The bytes of the regular file ``path`` (symbolic links followed), at most ``limit``.

    Its type and size are checked before it is opened, and again on the open file (it may
    have been swapped meanwhile); it is opened non-blocking, and no more than ``limit + 1``
    bytes are ever read, so a FIFO, ``/dev/zero`` or a growing file cannot hang the game
    or fill its memory. ``limit`` is ``MAX_SAVE_BYTES`` unless given. Raises ``Unreadable``.
    """
    limit = MAX_SAVE_BYTES if limit is None else limit
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        raise Unreadable("no such file", missing=True) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise Unreadable(f"cannot be read ({_strerror(exc)})") from None
    _refuse_kind(info.st_mode)
    if info.st_size > limit:
        raise _too_large(info.st_size, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    flags |= getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise Unreadable("no such file", missing=True) from None
    except OSError as exc:
        raise Unreadable(f"cannot be read ({_strerror(exc)})") from None
    try:
        _refuse_kind(os.fstat(fd).st_mode)
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise Unreadable(f"cannot be read ({_strerror(exc)})") from None
    finally:
        os.close(fd)
    if total > limit:
        raise _too_large(total, limit)
    return b"".join(chunks)


def _strerror(exc: BaseException) -> str:
    return (exc.strerror if isinstance(exc, OSError) else None) or type(exc).__name__


# --------------------------------------------------------------------------- writing


def save_game(game: Game, path: Path) -> Path:
    """Write ``game`` to ``path`` atomically; a failure leaves the old file as it was."""
    data = encode(to_save_file(game))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, SaveError)
    except OSError as exc:
        raise SaveError(
            f"{where(path)}: could not be written ({_strerror(exc)}); nothing was changed"
        ) from None
    return path


def autosave(game: Game, directory: Path | None = None, keep: int = AUTOSAVE_KEEP) -> Path:
    """Save ``game`` into ``DIR/autosave/`` and keep only the newest ``keep`` autosaves.

    Call after every turn (the TUI and headless games both do). Names carry a rising
    number, so "newest" does not depend on file times; only regular files of that
    pattern are ever deleted, and only after the new one is safely written.
    """
    if keep < 1:
        raise ValueError(f"autosave must keep at least one file, not {keep}")
    folder = saves_dir(directory) / AUTOSAVE_DIR
    existing = _autosaves(folder)
    number = (existing[-1][0] + 1) if existing else 1
    path = folder / f"auto-{number:06d}-{game.setup.scenario.id}-t{game.turn:02d}.json"
    save_game(game, path)
    for _, old in _autosaves(folder)[:-keep]:
        with contextlib.suppress(OSError):
            old.unlink()
    return path


def _autosaves(folder: Path) -> list[tuple[int, Path]]:
    """The autosaves in ``folder`` by number (regular files only, links not followed)."""
    found = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                match = AUTOSAVE_NAME.match(entry.name)
                if match and entry.is_file(follow_symlinks=False):
                    found.append((int(match.group(1)), Path(entry.path)))
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as exc:
        raise SaveError(
            f"{where(folder)}: cannot be read ({_strerror(exc)}); the autosave was not written"
        ) from None
    return sorted(found)
