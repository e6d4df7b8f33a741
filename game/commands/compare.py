"""``balloon compare``: strategies side by side on the same seeds, with paired differences."""

from __future__ import annotations

import argparse

import numpy as np
from rich.console import Console
from rich.table import Table

from ..cli import UsageError, setup_from_args
from ..engine.indicators import METRICS
from ..sim.batch import default_workers
from ..sim.compare import BETTER, Comparison, compare_strategies
from ..sim.strategy import load_strategy
from .simulate import fmt, with_progress

#: Short row labels, so that ten strategies fit side by side in a wide terminal.
SHORT = {
    "score": "score",
    "coca_ha": "coca",
    "cocaine_t": "cocaine/quarter",
    "welfare": "welfare",
    "violence": "violence",
    "insurgency": "armed remnant",
    "forest_lost_ha": "forest lost",
    "indigenous_coca_ha": "coca, Indigenous land",
    "eradicated_ha": "eradicated",
    "seized_t": "seized",
    "leaf_price": "leaf price",
    "approval": "approval",
    "displaced_abroad_ha": "moved abroad",
}


def label(metric: str) -> str:
    unit = "0–100" if metric == "score" else METRICS[metric][1]
    text = SHORT[metric]
    arrow = {1: " ↑", -1: " ↓", 0: ""}[BETTER[metric]]
    return f"{text} ({unit}){arrow}"


def cell(value: float, metric: str) -> str:
    return f"{value:.1f}" if metric == "score" else fmt(value, metric)


def compare(args: argparse.Namespace) -> int:
    names = [name.strip() for name in args.strategies.split(",") if name.strip()]
    if len(names) < 2:
        raise UsageError("--strategies needs at least two names separated by commas")
    content, setup = setup_from_args(args)
    strategies = [load_strategy(content, setup, name) for name in names]
    ids = [s.id for s in strategies]
    if len(set(ids)) != len(ids):
        raise UsageError(f"a strategy is named twice: {', '.join(ids)}")
    turns = args.turns or setup.world.turns
    seeds = np.arange(args.seed, args.seed + args.runs)
    result = with_progress(
        args.quiet,
        turns * args.runs * len(strategies),
        "comparing",
        lambda advance: compare_strategies(
            setup,
            strategies,
            seeds,
            turns,
            workers=args.workers or default_workers(args.runs),
            progress=advance,
        ),
    )
    console = Console()
    console.print(side_by_side(result, setup))
    console.print(paired_table(result))
    return 0


def side_by_side(result: Comparison, setup) -> Table:
    span = f"{result.turns} quarters to {setup.world.quarter_label(result.turns)}"
    table = Table(
        title=f"{setup.scenario.name} · {result.runs} paired run(s) · {span}",
        caption="national, last quarter: median over runs (↑ higher is better, ↓ lower)",
    )
    table.add_column("metric")
    for sid in result.strategies:
        table.add_column(sid, justify="right")
    for metric in BETTER:
        table.add_row(
            label(metric), *(cell(result.median(s, metric), metric) for s in result.strategies)
        )
    return table


def paired_table(result: Comparison) -> Table:
    a = result.strategies[0]
    table = Table(
        title=f"Paired against {a}: median of ({a} − other), and how often {a} does better",
        caption="same seeds for every strategy; '–' where neither direction is better",
    )
    table.add_column("metric")
    for b in result.strategies[1:]:
        table.add_column(f"vs {b}", justify="right")
    for metric in BETTER:
        cells = []
        for b in result.strategies[1:]:
            paired = result.paired(a, b, metric)
            diff = cell(paired.median_diff, metric)
            share = "–" if paired.a_beats_b is None else f"{paired.a_beats_b:.0%}"
            cells.append(f"{diff} · {share}")
        table.add_row(label(metric), *cells)
    return table
