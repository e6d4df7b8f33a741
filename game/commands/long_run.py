"""What every command that plays many games shares: its output files are checked before
the long run, not after it, and the run shows a progress bar unless it is quiet or short."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..outfiles import check_output
from .options import input_files

#: Below this many run-quarters a batch finishes in well under a second: no progress bar.
PROGRESS_FROM = 20_000


def check_writable(path: Path | None, option: str, args: argparse.Namespace) -> None:
    """Fail before a long run, not after it, when an output file cannot be written (or
    would replace a file of another kind without ``--force``)."""
    if path is not None:
        check_output(path, option, force=args.force, inputs=input_files(args))


def with_progress(quiet: bool, total: int, label: str, work, runs: int = 1):
    """Run ``work(advance)`` under a Rich progress bar on stderr unless quiet or short.

    ``total`` counts game-quarters; ``work`` calls ``advance(1)`` for each quarter of its
    batch of ``runs`` games.
    """
    if quiet or total < PROGRESS_FROM:
        return work(None)
    # Rich is imported where a bar is drawn: a quiet batch starts about 50 ms sooner.
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn(label),
        BarColumn(),
        TextColumn("{task.completed:,.0f}/{task.total:,.0f} game-quarters"),
        TimeRemainingColumn(),
    )
    # Refreshed by hand on each quarter rather than by Rich's refresh thread: with no
    # other thread running, batch workers can be forked (see sim.batch.start_method).
    console = Console(stderr=True)
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as progress:
        task = progress.add_task(label, total=total)

        def advance(n: int) -> None:
            progress.advance(task, n * runs)
            progress.refresh()

        return work(advance)
