"""Files a person names on the command line, checked before a byte of them is read.

A name can be anything a shell passes: empty, a line break, longer than a file system
allows, ``/dev/zero``, a FIFO nobody writes to, a file of gigabytes. Reading such a thing
hangs or fills the memory, and echoing it back can break the one line an error is. So
the name is checked first, then the file's ``stat`` (which does not open it, so a FIFO
cannot block): only a regular file under the size limit of its kind is handed on to be
read. A missing file passes: its reader says "not found" in its own words.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

from .errors import UsageError, shown

#: Unicode categories that break a line or drive a terminal: controls (C0, DEL and C1,
#: whose CSI starts escape codes), line and paragraph separators.
BREAKING = frozenset({"Cc", "Zl", "Zp"})
#: The longest file name (one part of a path) the usual file systems allow, in bytes.
MAX_NAME_BYTES = 255
#: The longest path Linux accepts, in bytes.
MAX_PATH_BYTES = 4096
#: A strategy or scenario file; the built-in ones are under 30 KB.
MAX_CONTENT_BYTES = 1024 * 1024
#: A save; one of a whole 40-quarter game is about 140 KB.
MAX_SAVE_BYTES = 16 * 1024 * 1024


def check_name(text: str, option: str) -> None:
    """Refuse a name no file can have, or that could not be shown on one line."""
    if not text:
        raise UsageError(f"{option}: the name is empty")
    if any(unicodedata.category(ch) in BREAKING for ch in text):
        raise UsageError(f"{option} {shown(text)}: a file name cannot hold line breaks or codes")
    try:
        raw = os.fsencode(text)
    except UnicodeEncodeError:  # a lone surrogate no file system can store
        raise UsageError(f"{option} {shown(text)}: is not a valid file name") from None
    if len(raw) > MAX_PATH_BYTES or any(len(part) > MAX_NAME_BYTES for part in raw.split(b"/")):
        raise UsageError(
            f"{option} {shown(text)}: the name is too long (at most {MAX_NAME_BYTES} bytes "
            "between slashes)"
        )


def regular_or_missing(path: Path, where: str, verb: str, as_folder: str) -> os.stat_result | None:
    """``path``'s status if it is a regular file, None if there is nothing there; else a
    one-line ``UsageError`` (a folder gets ``as_folder``): what the game reads and what it
    writes must both be regular files, never a device, a pipe or a socket."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(f"{where}: cannot be {verb} ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(f"{where}: {as_folder}")
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(
            f"{where}: is not a regular file (a device, a pipe or a socket); nothing was {verb}"
        )
    return info


def check_file(path: Path, option: str, limit: int) -> None:
    """Refuse ``path`` unless it is a missing file or a regular file of at most ``limit``
    bytes; ``option`` names what it was given as, for the message."""
    check_name(str(path), option)
    where = f"{option} {shown(str(path), None)}"
    info = regular_or_missing(path, where, "read", "is a folder, not a file")
    if info is None:
        return
    if info.st_size > limit:
        raise UsageError(
            f"{where}: is {info.st_size / 2**20:,.1f} MB, more than such "
            f"a file can be ({limit / 2**20:g} MB); nothing was read"
        )
