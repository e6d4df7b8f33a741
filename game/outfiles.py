"""Every file the command line writes for a person: checked first, then written atomically.

A path on the command line may name anything: the README, a scenario, a folder,
``/dev/full``. So before a long run starts, ``check_target`` refuses what is not a
regular file (a folder, a device, a pipe) and, for a kind that replaces only its own
files (saves, JSON, CSV and Parquet outputs), an existing file that is not one of them
unless ``--force`` is given.
``write_atomic`` then writes the bytes to a temporary file in the same folder, fsyncs it
and moves it over the old one with ``os.replace``: a full disk or a kill mid-write
leaves the old file as it was, and the message names the path.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from .errors import UsageError, UserError, shown
from .infiles import check_name, regular_or_missing
from .locations import CONTENT_DIR, PACKAGE, SEEDS_DIR

try:  # POSIX: a live writer holds a lock on its temporary file (see ``_clean_strays``)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: The temporary files ``write_atomic`` makes: ``.NAME.balloon-<8 random characters>.tmp``.
#: The marker keeps the cleanup to this game's own files: another program's ``.x.tmp``
#: in the same folder is never touched.
TEMPORARY_PREFIX = "balloon-"
_TEMPORARY_NAME = re.compile(r"^\..+\.balloon-[A-Za-z0-9_]{8}\.tmp$")

#: How much of an existing file ``check_target`` reads to tell whose it is.
HEAD_BYTES = 4096


def read_head(path: Path) -> bytes:
    """The first ``HEAD_BYTES`` of a regular file (empty if it cannot be read)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(HEAD_BYTES)
    except OSError:
        return b""


#: The game's own files: never an output, ``--force`` or not (a ``--json`` onto a
#: scenario destroyed it).
GAME_FOLDERS = (CONTENT_DIR, SEEDS_DIR, PACKAGE)


def _is_reading(path: Path, inputs: Iterable[Path]) -> bool:
    """Whether ``path`` is one of the game's own files or a file this command reads."""
    resolved = path.resolve()
    if any(resolved.is_relative_to(folder) for folder in GAME_FOLDERS):
        return True
    for source in inputs:
        with contextlib.suppress(OSError):
            if os.path.samefile(path, source):
                return True
    return False


def _is_json(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _is_series_csv(head: bytes) -> bool:
    return head.startswith(b"turn,region,metric,")


def _is_parquet(head: bytes) -> bool:
    return head[:4] == b"PAR1"


#: What an output option writes, and how its files are told from a first few bytes: a
#: re-run replaces the last run's output without asking, but a file of another kind (a
#: strategy, notes, a report) is refused without ``--force``.
OUTPUT_KINDS: dict[str, tuple[Callable[[bytes], bool], str]] = {
    "--json": (_is_json, "a JSON file"),
    "--csv": (_is_series_csv, "a series CSV of this game"),
    "--parquet": (_is_parquet, "a Parquet file"),
}


def check_output(
    path: Path, option: str, *, force: bool = False, inputs: Iterable[Path] = ()
) -> Path:
    """``check_target`` for an output option of ``OUTPUT_KINDS``: an existing file of
    another kind is not replaced without ``force``."""
    owns, kind = OUTPUT_KINDS[option]
    return check_target(path, option, owns=owns, kind=kind, force=force, inputs=inputs)


def check_target(
    path: Path,
    option: str,
    *,
    owns: Callable[[bytes], bool] | None = None,
    kind: str = "a save of this game",
    force: bool = False,
    inputs: Iterable[Path] = (),
    keep_existing: bool = False,
) -> Path:
    """``path`` if it may be written, else a one-line ``UsageError`` naming ``option``.

    Only a missing file or a regular file may be written: never a folder, a device, a
    pipe or a socket, ``--force`` or not. ``owns`` tells from a file's first bytes whether
    it is of the kind written (a save); without ``force``, an existing file it does not
    own is refused rather than replaced. ``keep_existing`` refuses any existing file
    without ``force`` (a report a person may have edited or handed out).
    """
    where = f"{option} {shown(str(path), None)}"
    check_name(str(path), option)
    folder = path.parent
    if not folder.is_dir():
        raise UsageError(
            f"{where}: cannot be written: folder {shown(str(folder), None)} does not exist"
        )
    if regular_or_missing(path, where, "written", "is a folder; name a file in it") is None:
        return path
    if _is_reading(path, inputs):
        raise UsageError(
            f"{where}: is one of the game's files or an input of this command; choose another name"
        )
    if keep_existing and not force:
        raise UsageError(f"{where}: exists; choose another name, or give --force to replace it")
    if owns is not None and not force and not owns(read_head(path)):
        raise UsageError(
            f"{where}: exists and is not {kind}; choose another name, or give --force to replace it"
        )
    return path


def _clean_strays(folder: Path) -> None:
    """Remove temporary files that writers killed mid-write left in ``folder``.

    A live writer holds an exclusive lock on its temporary file until it is renamed, and
    the lock dies with the process: a temporary file whose lock can be taken is a stray.
    Where there are no such locks (Windows) strays are left alone.
    """
    if fcntl is None:
        return
    try:
        entries = [e for e in os.scandir(folder) if _TEMPORARY_NAME.match(e.name)]
    except OSError:
        return
    for entry in entries:
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            fd = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a writer is still at work
        else:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes, error: type[UserError] = UsageError) -> None:
    """Replace ``path`` with ``data`` so that it holds either the old or the new bytes
    (``atomic_writer``)."""
    with atomic_writer(path, error) as handle:
        handle.write(data)


@contextlib.contextmanager
def atomic_writer(path: Path, error: type[UserError] = UsageError) -> Iterator[BinaryIO]:
    """A binary handle whose bytes replace ``path`` when the block ends without error.

    For a file too big to hold in memory (a study's per-run table), written piece by
    piece. The temporary file sits in the same folder (so ``os.replace`` is an atomic
    rename on the same file system), is locked while written (stray temporary files from
    killed writers are removed on the next write to the folder) and fsynced before the
    rename; the folder is fsynced after, so the rename itself survives a power cut. A
    failure (a full disk, a folder that is not writable) removes the temporary file and
    raises ``error`` naming ``path``; an exception of the block's removes it too, and
    goes on as itself.
    """
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.{TEMPORARY_PREFIX}", suffix=".tmp"
        )
        if fcntl is not None:  # locked while written: other writers know it is no stray
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _clean_strays(path.parent)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
            with contextlib.suppress(OSError, AttributeError):
                os.chmod(tmp, 0o644)
            os.replace(tmp, path)  # still locked: nobody takes it for a stray
        tmp = None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise error(f"{path}: could not be written ({reason}); nothing was changed") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    with contextlib.suppress(OSError, AttributeError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_text(path: Path, text: str, error: type[UserError] = UsageError) -> None:
    """``write_atomic`` of ``text`` as UTF-8."""
    write_atomic(path, text.encode("utf-8"), error)
