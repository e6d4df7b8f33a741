"""What ``simulate`` and ``compare`` share as class studies: many strategy files, a
Parquet file of every run, chunked play and where it runs (local processes or Dask)."""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.final import PLAY_ON_QUARTERS
from ..errors import UsageError
from ..sim.sizes import BLOCK, CHUNK
from .long_run import check_writable, with_progress
from .options import MAX_RUNS, whole_number

if TYPE_CHECKING:
    from ..loader import GameSetup
    from ..sim.strategy import Strategy

STRICT_HELP = "stop (exit 2) if any strategy file cannot be used, instead of skipping it"
PARQUET_HELP = "write every run's final values, score, end and events as Parquet (pyarrow)"
CHUNK_HELP = (
    f"games in play at once, a multiple of {BLOCK} (default {CHUNK:,}): memory is about "
    "16 KB a game; a larger batch is played chunk by chunk, same results"
)
SCHEDULER_HELP = "play chunks on a Dask cluster: its scheduler's address (host:port)"


def chunk_int(text: str) -> int:
    value = whole_number(text, "a whole number of runs", BLOCK, MAX_RUNS)
    if value % BLOCK:
        raise argparse.ArgumentTypeError(f"expected a multiple of {BLOCK}, got {value:,}")
    return value


def add_study_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--parquet", type=Path, default=None, help=PARQUET_HELP)
    parser.add_argument("--strict", action="store_true", help=STRICT_HELP)
    parser.add_argument("--chunk", type=chunk_int, default=CHUNK, help=CHUNK_HELP)
    parser.add_argument("--scheduler", default=None, help=SCHEDULER_HELP)


def studied_strategies(
    content, setup, text: str, strict: bool, least: int, option: str
) -> list[Strategy]:
    """The strategies ``text`` names that load. Each file that does not is one line on
    stderr naming it and its error; ``--strict`` then stops before anything is played."""
    from ..sim.strategy import load_strategies

    found = load_strategies(content, setup, text)
    for line in found.skipped:
        print(f"balloon: skipped {line}", file=sys.stderr)
    if found.skipped and strict:
        raise UsageError(
            f"--strict: {len(found.skipped)} strategy file(s) could not be used; nothing was run"
        )
    if len(found.strategies) < least:
        needed = "a strategy" if least == 1 else "at least two strategies"
        raise UsageError(f"{option} needs {needed} that can be played; {len(found.strategies)} can")
    return found.strategies


def parquet_target(args: argparse.Namespace):
    """Fail before a long run when ``--parquet`` cannot be written or pyarrow is missing."""
    if args.parquet is None:
        return
    from ..sim.parquet import require_pyarrow

    check_writable(args.parquet, "--parquet", args)
    require_pyarrow()


def runs_file(args: argparse.Namespace, strategies: list[Strategy], seed: int):
    """The open ``--parquet`` file (a context manager), or a stand-in that writes nothing."""
    if args.parquet is None:
        return contextlib.nullcontext(None)
    from ..sim.parquet import RunsFile

    region_ids = strategies[0].setup.world.region_ids
    return RunsFile(args.parquet, [s.id for s in strategies], region_ids, seed)


@contextlib.contextmanager
def executor_of(args: argparse.Namespace):
    """Where chunks are played: a Dask cluster when ``--scheduler`` names one."""
    if args.scheduler is None:
        yield None, None
        return
    from ..sim.cluster import DaskChunks, connect

    client = connect(args.scheduler)
    try:
        chunks = DaskChunks(client)
        yield chunks, chunks.workers
    finally:
        client.close()


def play_studied(
    args: argparse.Namespace,
    setup: GameSetup,
    strategies: list[Strategy],
    label: str,
    study,
    **options,
):
    """Play ``study`` (``run_study`` or ``compare_study``) as the command line asks:
    its seeds, runs, quarters, chunk and workers, on Dask where ``--scheduler`` says,
    each piece written to ``--parquet`` as it finishes, under a progress bar."""
    from ..sim.batch import default_workers

    turns = args.turns or setup.world.turns
    with runs_file(args, strategies, args.seed) as parquet, executor_of(args) as (pool, size):
        return with_progress(
            args.quiet,
            (turns + PLAY_ON_QUARTERS) * args.runs * len(strategies),
            label,
            lambda advance: study(
                setup,
                strategies,
                args.seed,
                args.runs,
                turns,
                chunk=args.chunk,
                workers=size or args.workers or default_workers(args.runs),
                on_piece=None if parquet is None else parquet.write,
                progress=advance,
                executor=pool,
                **options,
            ),
        )
