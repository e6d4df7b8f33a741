"""The command line's numbers and their bounds, shared by ``cli`` and every subcommand.

Every number a person types has a stated range, checked before anything is loaded or
allocated, so a typo (``--runs 1e12``, ``--turns 99999999``) is one line and exit status
2 instead of a machine out of memory or a run that never ends. They live here, not in
``game/cli.py``, so that a subcommand's parser does not import the command line itself.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..errors import UsageError, shown

#: Seeds are 62-bit: every run's seed (seed + i) is one a save file can hold.
SEED_LIMIT = 2**62
#: A batch of more runs than this is refused whatever the memory (about 16 GB).
MAX_RUNS = 1_000_000
#: A century of quarters: far past any scenario, short of a run that never ends.
MAX_TURNS = 400
#: More processes than this only queue for cores.
MAX_WORKERS = 64
#: What one run of a batch holds at most while it plays (its state, the turn's metric
#: table and its share of the percentiles), measured at about 7 KB and doubled.
BYTES_PER_RUN = 16 * 1024


#: ``--force`` for every command that writes a file a person names.
FORCE_HELP = (
    "replace an existing file that is not of the kind the option writes "
    "(a save, JSON, a series CSV, Parquet)"
)


def whole_number(text: str, what: str, low: int, high: int | None = None) -> int:
    """Parse an integer option in ``[low, high]``, or say in one line what was expected."""
    try:
        value = int(text)
    except ValueError:  # also a number of more than 4,300 digits
        raise argparse.ArgumentTypeError(f"expected {what}, got {shown(text)}") from None
    if value < low or (high is not None and value > high):
        bound = f"of at least {low:,}" + (f" and at most {high:,}" if high is not None else "")
        number = f"{value:,}" if value.bit_length() <= 64 else "a longer number"
        raise argparse.ArgumentTypeError(f"expected {what} {bound}, got {number}")
    return value


def positive_int(text: str) -> int:
    return whole_number(text, "a whole number", 1)


def runs_int(text: str) -> int:
    return whole_number(text, "a whole number of runs", 1, MAX_RUNS)


def turns_int(text: str) -> int:
    return whole_number(text, "a whole number of quarters", 1, MAX_TURNS)


def workers_int(text: str) -> int:
    return whole_number(text, "a whole number of worker processes", 1, MAX_WORKERS)


def seed_int(text: str) -> int:
    return whole_number(text, "a seed", 0, SEED_LIMIT - 1)


def turn_int(text: str) -> int:
    return whole_number(text, "a turn number", 0, MAX_TURNS)


def year_int(text: str) -> int:
    return whole_number(text, "a year", 1, 9999)


def physical_memory() -> int | None:
    """This machine's memory in bytes, or None where the system does not say."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, OSError, ValueError):
        return None


#: What a study keeps of every run of every strategy beyond the chunk in play (its score,
#: end and event counts), doubled.
KEPT_BYTES_PER_RUN = 64


def check_batch(
    seed: int,
    runs: int,
    batches: int = 1,
    memory: int | None = None,
    chunk: int | None = None,
    strategies: int = 1,
) -> None:
    """Refuse, before anything is allocated, a batch whose seeds run past the last one a
    save can hold, or whose games need more memory than exists: ``batches`` × ``runs``
    games held at once or, in a study played in chunks (``chunk``), one chunk's games
    and what is kept of every run of each of the ``strategies``."""
    if seed + runs > SEED_LIMIT:
        raise UsageError(
            f"--seed {seed:,} with --runs {runs:,}: run seeds (seed + i) must stay below 2**62"
        )
    memory = physical_memory() if memory is None else memory
    if chunk is None:
        need, fix = runs * batches * BYTES_PER_RUN, "use fewer runs"
    else:
        need = min(runs, chunk) * BYTES_PER_RUN + runs * strategies * KEPT_BYTES_PER_RUN
        fix = "use fewer runs or a smaller --chunk"
    if memory is not None and need > memory:
        raise UsageError(
            f"--runs {runs:,} needs about {need / 2**30:.1f} GB of memory; this machine has "
            f"{memory / 2**30:.1f} GB ({fix})"
        )


def input_files(args: argparse.Namespace) -> list[Path]:
    """The files a command reads, as named on its command line (scenario, strategies,
    saves): an output must not be one of them."""
    names: list[str] = []
    for option in ("scenario", "from_save", "load"):
        value = getattr(args, option, None)
        if isinstance(value, str):
            names.append(value)
    for option in ("strategy", "strategies"):
        value = getattr(args, option, None)
        if isinstance(value, str):
            names.extend(part.strip() for part in value.split(","))
    folders = [Path(name) for name in names if name and Path(name).is_dir()]
    names.extend(str(p) for folder in folders for p in folder.glob("*.toml"))
    return [Path(name) for name in names if name and Path(name).is_file()]
