"""``balloon compare``: strategies side by side on the same seeds, with paired differences."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial

import numpy as np
from rich.console import Console
from rich.table import Table

from ..cli import UsageError, setup_from_args
from ..engine.final import PLAY_ON_QUARTERS
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
        (turns + PLAY_ON_QUARTERS) * args.runs * len(strategies),
        "comparing",
        lambda advance: compare_strategies(
            setup,
            strategies,
            seeds,
            turns,
            workers=args.workers or default_workers(args.runs),
            progress=advance,
        ),
        runs=args.runs,
    )
    console = Console()
    print_split(console, result.strategies, SIDE_CELL, partial(side_by_side, result, setup))
    print_split(console, result.strategies[1:], PAIRED_CELL, partial(paired_table, result), "vs ")
    return 0


#: Room a metric's label takes, and the least each strategy's cell takes, with borders.
LABEL_WIDTH = max(len(label(m)) for m in BETTER) + 4
SIDE_CELL = 10
PAIRED_CELL = 14


def groups(
    strategies: tuple[str, ...], width: int, least: int, prefix: str = ""
) -> list[tuple[str, ...]]:
    """Strategies split into tables that fit the terminal's width, no name cut off."""
    out: list[tuple[str, ...]] = []
    group: list[str] = []
    room = width - LABEL_WIDTH
    for name in strategies:
        need = max(len(prefix + name), least) + 3
        if group and need > room:
            out.append(tuple(group))
            group, room = [], width - LABEL_WIDTH
        group.append(name)
        room -= need
    out.append(tuple(group))
    return out


def print_split(
    console: Console,
    strategies: tuple[str, ...],
    least: int,
    build: Callable[..., Table],
    prefix: str = "",
) -> None:
    """Print ``build(group, first=..., last=...)`` for each group that fits the width."""
    parts = groups(strategies, console.width, least, prefix)
    for i, group in enumerate(parts):
        console.print(build(group, first=i == 0, last=i == len(parts) - 1))


def metric_rows_table(title: str, caption: str, first: bool, last: bool) -> Table:
    """A table of one row per metric; a split table titles its first part, captions its last."""
    table = Table(title=title if first else None, caption=caption if last else None)
    table.add_column("metric", no_wrap=True)
    return table


def side_by_side(
    result: Comparison, setup, strategies: tuple[str, ...], first: bool = True, last: bool = True
) -> Table:
    span = f"{result.turns} quarters to {setup.world.quarter_label(result.turns)}"
    table = metric_rows_table(
        f"{setup.scenario.name} · {result.runs} paired run(s) · {span}",
        "national, last quarter: median over runs (↑ higher is better, ↓ lower)",
        first,
        last,
    )
    for sid in strategies:
        table.add_column(sid, justify="right")
    for metric in BETTER:
        table.add_row(label(metric), *(cell(result.median(s, metric), metric) for s in strategies))
    return table


def paired_table(
    result: Comparison, others: tuple[str, ...], first: bool = True, last: bool = True
) -> Table:
    a = result.strategies[0]
    table = metric_rows_table(
        f"Paired against {a}: median of ({a} − other), and how often {a} does better",
        "same seeds for every strategy; '–' where neither direction is better",
        first,
        last,
    )
    for b in others:
        table.add_column(f"vs {b}", justify="right")
    for metric in BETTER:
        cells = []
        for b in others:
            paired = result.paired(a, b, metric)
            diff = cell(paired.median_diff, metric)
            share = "–" if paired.a_beats_b is None else f"{paired.a_beats_b:.0%}"
            cells.append(f"{diff} · {share}")
        table.add_row(label(metric), *cells)
    return table
