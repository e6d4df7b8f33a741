"""``balloon simulate``: a seeded batch of one strategy, with a summary table."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..engine.final import PLAY_ON_QUARTERS
from ..engine.metrics import pick
from ..errors import UsageError
from ..outfiles import check_target
from ..sim.batch import METRIC_NAMES, BatchResult, default_workers, run_batch
from ..sim.strategy import load_strategy
from .options import check_batch, input_files
from .setup import setup_from_args

if TYPE_CHECKING:
    from rich.console import Console

# Rich is imported where a bar or a table is drawn: ``--quiet`` draws neither, and a
# quiet batch starts about 50 ms sooner without it.

#: Below this many run-quarters a batch finishes in well under a second: no progress bar.
PROGRESS_FROM = 20_000

#: The national table's rows.
SUMMARY_METRICS = pick(
    "coca_ha",
    "cocaine_t",
    "welfare",
    "violence",
    "insurgency",
    "forest_lost_ha",
    "indigenous_coca_ha",
    "eradicated_ha",
    "seized_t",
    "approval",
)
#: The regional table's columns, headed by short label and unit to fit 80 columns.
REGION_COLUMNS = pick(
    "coca_ha",
    "cocaine_t",
    "welfare",
    "violence",
    "insurgency",
    "forest_lost_ha",
    "eradicated_ha",
)


def check_writable(path: Path | None, option: str, args: argparse.Namespace) -> None:
    """Fail before a long run, not after it, when an output file cannot be written."""
    if path is not None:
        check_target(path, option, inputs=input_files(args))


def with_progress(quiet: bool, total: int, label: str, work, runs: int = 1):
    """Run ``work(advance)`` under a Rich progress bar on stderr unless quiet or short.

    ``total`` counts game-quarters; ``work`` calls ``advance(1)`` for each quarter of its
    batch of ``runs`` games.
    """
    if quiet or total < PROGRESS_FROM:
        return work(None)
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


def simulate(args: argparse.Namespace) -> int:
    check_batch(args.seed, args.runs)
    check_writable(args.json, "--json", args)
    check_writable(args.csv, "--csv", args)
    if args.json is not None and args.csv is not None and args.json.resolve() == args.csv.resolve():
        raise UsageError("--json and --csv name the same file; give each its own")
    content, setup = setup_from_args(args)
    strategy = load_strategy(content, setup, args.strategy)
    turns = args.turns or setup.world.turns
    seeds = np.arange(args.seed, args.seed + args.runs)
    result = with_progress(
        args.quiet,
        (turns + PLAY_ON_QUARTERS) * args.runs,
        "simulating",
        lambda advance: run_batch(
            setup,
            strategy,
            seeds,
            turns,
            progress=advance,
            workers=args.workers or default_workers(args.runs),
            # the table reads only final values; per-quarter series are for the files
            series=args.json is not None or args.csv is not None,
        ),
        runs=args.runs,
    )
    from ..sim.output import build_output, write_csv, write_json  # its models cost 50 ms

    if args.json is not None:
        output = build_output(
            result,
            scenario=setup.scenario.id,
            strategy=strategy.id,
            seed=args.seed,
            balloon=setup.balloon,
            difficulty=setup.difficulty.name,
        )
        write_json(output, args.json)
    if args.csv is not None:
        write_csv(result, args.csv)
    if not args.quiet:
        from rich.console import Console

        print_summary(Console(), setup, strategy.spec.name, result, turns, args.runs)
    return 0


#: Where a strategy's orders are cut: said under every summary, since a player's orders
#: never are (the TUI refuses them and lets the player trim).
STRATEGY_TRIMS = (
    "budget: in a quarter where a run's budget is below what the strategy orders, its money "
    "orders are trimmed by one share to fit (teams and troops kept); a player's orders never are"
)


def print_summary(
    console: Console, setup, name: str, result: BatchResult, turns: int, runs: int
) -> None:
    from rich import box
    from rich.table import Table

    world = setup.world
    span = f"{turns} quarters to {world.quarter_label(turns)}"
    title = f"{setup.scenario.name} · {name} · {runs} run(s) · {span}"
    table = Table(title=title, title_style="bold")
    table.add_column("national, last quarter")
    for column in ("median", "p10", "p90", "start"):
        table.add_column(column, justify="right")
    for metric in SUMMARY_METRICS:
        values = result.final_values(metric.key)
        p10, median, p90 = np.quantile(values, [0.1, 0.5, 0.9])
        start = result.mean[0, METRIC_NAMES.index(metric.key), -1]
        cells = (metric.fmt.table(v) for v in (median, p10, p90, start))
        table.add_row(f"{metric.description} ({metric.unit})", *cells)
    console.print(table)
    regions = Table(
        title="By region, median at the last quarter",
        box=box.SIMPLE_HEAD,
        padding=(0, 0, 0, 1),
        pad_edge=False,
    )
    regions.add_column("region", min_width=13)
    for metric in REGION_COLUMNS:
        regions.add_column(f"{metric.short}\n{metric.unit}", justify="right")
    for rid, rname in zip(world.region_ids, world.region_names, strict=True):
        cells = [
            m.fmt.table(float(np.median(result.final_values(m.key, rid)))) for m in REGION_COLUMNS
        ]
        # a long name breaks after its dash rather than being cut off
        regions.add_row(rname.replace("–", "–\n"), *cells)
    console.print(regions)
    ended = int((result.ended_turn >= 0).sum())
    console.print(
        f"score: median {np.median(result.score):.1f} · games ended early: {ended} of {runs}"
    )
    counts, gaps = result.fired.counts(), result.fired.longest_gaps()
    console.print(
        f"events: median {np.median(counts):g} a game · quarters without one: "
        f"median {np.median(gaps):g} in a row, at most {gaps.max(initial=0)}"
    )
    console.print(STRATEGY_TRIMS)
