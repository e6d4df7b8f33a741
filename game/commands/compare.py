"""``balloon compare``: strategies side by side on the same seeds, with paired differences."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from functools import partial

from rich.console import Console
from rich.table import Table

from ..engine.metrics import Metric
from ..sim.compare import COMPARED, Comparison, compare_study
from .options import check_batch
from .setup import setup_from_args
from .studies import parquet_target, play_studied, studied_strategies


def label(metric: Metric) -> str:
    """A row's label: the metric, its unit and which way is better."""
    arrow = {1: " ↑", -1: " ↓", 0: ""}[metric.better]
    return f"{metric.label} ({metric.unit}){arrow}"


def compare(args: argparse.Namespace) -> int:
    check_batch(args.seed, args.runs, chunk=args.chunk)
    parquet_target(args)
    content, setup = setup_from_args(args)
    strategies = studied_strategies(
        content, setup, args.strategies, args.strict, least=2, option="--strategies"
    )
    check_batch(args.seed, args.runs, chunk=args.chunk, strategies=len(strategies))
    result = play_studied(args, setup, strategies, "comparing", compare_study)
    console = Console()
    print_split(console, result.strategies, SIDE_CELL, partial(side_by_side, result, setup))
    print_split(console, result.strategies[1:], PAIRED_CELL, partial(paired_table, result), "vs ")
    if result.note is not None:
        console.print(result.note)
    return 0


#: Room a metric's label takes, and the least each strategy's cell takes, with borders.
LABEL_WIDTH = max(len(label(m)) for m in COMPARED) + 4
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
    for metric in COMPARED:
        cells = (metric.fmt.table(result.median(s, metric.key)) for s in strategies)
        table.add_row(label(metric), *cells)
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
    for metric in COMPARED:
        cells = []
        for b in others:
            paired = result.paired(a, b, metric.key)
            diff = metric.fmt.table(paired.median_diff)
            share = "–" if paired.a_beats_b is None else f"{paired.a_beats_b:.0%}"
            cells.append(f"{diff} · {share}")
        table.add_row(label(metric), *cells)
    return table
