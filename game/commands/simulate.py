"""``balloon simulate``: a seeded batch of one strategy, with a summary table."""

from __future__ import annotations

import argparse
import itertools
import sys
from typing import TYPE_CHECKING

import numpy as np

from ..engine.metrics import OUTCOMES, pick
from ..errors import UsageError
from ..progress import score_number
from ..sim.batch import METRIC_NAMES
from ..sim.study import StudyResult, run_study
from .long_run import check_writable
from .options import check_batch
from .setup import setup_from_args
from .studies import parquet_target, play_studied, studied_strategies

if TYPE_CHECKING:
    from rich.console import Console

# Rich is imported where a table is drawn (``long_run`` imports it for the bar): a quiet
# batch starts about 50 ms sooner without it.

#: The national table's rows.
SUMMARY_METRICS = tuple(m for m in OUTCOMES if m.key not in ("leaf_price", "displaced_abroad_ha"))
#: The regional table's columns, headed by short label and unit: the regional rows but two,
#: to fit 80 columns.
REGION_COLUMNS = tuple(
    m for m in SUMMARY_METRICS if m.regional and m.key not in ("indigenous_coca_ha", "seized_t")
)


def simulate(args: argparse.Namespace) -> int:
    check_batch(args.seed, args.runs, chunk=args.chunk)
    check_writable(args.json, "--json", args)
    check_writable(args.csv, "--csv", args)
    outputs = [(o, p) for o, p in (("--json", args.json), ("--csv", args.csv)) if p is not None]
    if args.parquet is not None:
        outputs.append(("--parquet", args.parquet))
    for (a, path_a), (b, path_b) in itertools.combinations(outputs, 2):
        if path_a.resolve() == path_b.resolve():
            raise UsageError(f"{a} and {b} name the same file; give each its own")
    parquet_target(args)
    content, setup = setup_from_args(args)
    strategies = studied_strategies(
        content, setup, args.strategy, args.strict, least=1, option="--strategy"
    )
    check_batch(args.seed, args.runs, chunk=args.chunk, strategies=len(strategies))
    if len(strategies) > 1 and (args.json is not None or args.csv is not None):
        raise UsageError(
            "--json and --csv describe one strategy; for several, write --parquet (every "
            "run of each) or run them one at a time"
        )
    if args.json is not None and (args.runs > args.chunk or args.scheduler is not None):
        raise UsageError(
            f"--json holds every run's values in one file, played at once: at most --chunk "
            f"({args.chunk:,}) runs; for more, write --parquet (every run's final values) "
            "and --csv (the series)"
        )
    turns = args.turns or setup.world.turns
    series = args.json is not None or args.csv is not None
    results = play_studied(
        args,
        setup,
        strategies,
        "simulating",
        run_study,
        # the table reads only final values; per-quarter series are for the files
        series=series,
        bands=series,
        keep_batch=args.json is not None,
    )
    from ..sim.output import build_output, write_csv, write_json  # its models cost 50 ms

    result = results[0]
    if args.json is not None and result.batch is not None:
        output = build_output(
            result.batch,
            scenario=setup.scenario.id,
            strategy=result.strategy.id,
            seed=args.seed,
            balloon=setup.balloon,
            difficulty=setup.difficulty.name,
        )
        write_json(output, args.json)
    if args.csv is not None:
        write_csv(result, args.csv)
    if not args.quiet:
        from rich.console import Console

        console = Console()
        if len(results) == 1:
            print_summary(console, setup, result.strategy.spec.name, result, turns, args.runs)
        else:
            print_class(console, setup, results, turns, args.runs)
        notes = {r.sampling_note() for r in results} - {None}
        for note in sorted(notes):  # type: ignore[type-var]
            console.print(note)
    elif result.sampling_note() is not None and args.csv is not None:
        print(f"balloon: --csv bands {result.sampling_note()}", file=sys.stderr)
    return 0


#: The columns of the table of a class of strategies, a row each.
CLASS_METRICS = pick("coca_ha", "cocaine_t", "welfare", "violence", "approval")


def print_class(console: Console, setup, results: list[StudyResult], turns: int, runs: int) -> None:
    """Several strategies: one row each, the median of its runs' final values."""
    from rich import box
    from rich.table import Table

    span = f"{turns} quarters to {setup.world.quarter_label(turns)}"
    table = Table(
        title=f"{setup.scenario.name} · {len(results)} strategies · {runs:,} run(s) · {span}",
        caption="national, last quarter: median over runs; the same seeds for every strategy",
        box=box.SIMPLE_HEAD,
        padding=(0, 0, 0, 1),
        pad_edge=False,
    )
    table.add_column("strategy", no_wrap=True)
    table.add_column("score\n0–100", justify="right")
    for metric in CLASS_METRICS:
        table.add_column(
            f"{metric.short}\n{metric.unit}", justify="right", min_width=len(metric.short)
        )
    for result in results:
        cells = [m.fmt.table(float(np.median(result.final_values(m.key)))) for m in CLASS_METRICS]
        score = score_number(float(np.median(result.score)))
        table.add_row(result.strategy.id, score, *cells)
    console.print(table)
    ended = [(r.strategy.id, float((r.ended_turn >= 0).mean())) for r in results]
    shown = ", ".join(f"{sid} {share:.1%}" for sid, share in ended if share > 0)
    console.print(f"games ended early: {shown or 'none'}")


#: Where a strategy's orders are cut: said under every summary, since a player's orders
#: never are (the TUI refuses them and lets the player trim).
STRATEGY_TRIMS = (
    "budget: in a quarter where a run's budget is below what the strategy orders, its money "
    "orders are trimmed by one share to fit (teams and troops kept); a player's orders never are"
)


def print_summary(
    console: Console, setup, name: str, result: StudyResult, turns: int, runs: int
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
    median = score_number(float(np.median(result.score)))
    console.print(f"score: median {median} · games ended early: {ended} of {runs}")
    counts, gaps = result.event_counts, result.longest_gaps
    console.print(
        f"events: median {np.median(counts):g} a game · quarters without one: "
        f"median {np.median(gaps):g} in a row, at most {gaps.max(initial=0)}"
    )
    console.print(STRATEGY_TRIMS)
