"""``balloon sensitivity``: which assumptions drive a metric, and whether the ranking holds.

The analysis is ``sim.sensitivity``; this module parses, checks everything before the
long run (the metric, the factors, the output file, SALib being installed), prints the
tables and writes the JSON (``SensitivityOutput``: its shape is a contract).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from ..engine.final import PLAY_ON_QUARTERS
from ..errors import UsageError
from ..outfiles import write_text
from ..sim import sensitivity as sa
from ..sim.strategy import load_strategy
from .long_run import check_writable, with_progress
from .options import (
    FORCE_HELP,
    check_batch,
    positive_int,
    runs_int,
    seed_int,
    turns_int,
    workers_int,
)
from .setup import setup_from_args

DEFAULT_STRATEGIES = "status-quo,integrated,eradicate-all,development-first"
#: Sized so that the default run takes one to two minutes on two cores (benchmarks/).
DEFAULT_TRAJECTORIES = 6
DEFAULT_SAMPLES = 8
DEFAULT_RUNS = 20
DEFAULT_TOP = 15
FORMAT_VERSION = 1


def add_parser(sub) -> None:
    p = sub.add_parser(
        "sensitivity",
        help="which assumptions drive a metric, and whether the strategies' ranking holds",
        description=(
            "Vary every model coefficient marked as an assumption, and the balloon setting, "
            "over a Morris or Sobol design (SALib); each sample is calibrated afresh and "
            "plays every strategy on the same seeds. Bounds: " + sa.BOUNDS_RULE + "."
        ),
    )
    p.add_argument("--scenario", default="vraem-2022", help="a built-in scenario id or a file")
    p.add_argument("--difficulty", default=None)
    p.add_argument("--method", choices=("morris", "sobol"), default="morris")
    p.add_argument(
        "--metric", default="score", help="score, or any metric's key at the last quarter"
    )
    p.add_argument("--strategies", default=DEFAULT_STRATEGIES, help="names or files, with commas")
    p.add_argument("--runs", type=runs_int, default=DEFAULT_RUNS, help="paired games per sample")
    p.add_argument("--turns", type=turns_int, default=None, help="quarters to play")
    p.add_argument("--seed", type=seed_int, default=1, help="first game seed, and the design's")
    p.add_argument(
        "--trajectories",
        type=positive_int,
        default=DEFAULT_TRAJECTORIES,
        help=f"Morris: trajectories, each factors + 1 samples (default {DEFAULT_TRAJECTORIES})",
    )
    p.add_argument(
        "--samples",
        type=positive_int,
        default=DEFAULT_SAMPLES,
        help=f"Sobol: base points, a power of 2, each factors + 2 samples (default "
        f"{DEFAULT_SAMPLES})",
    )
    p.add_argument("--factors", default=None, help="only these factors, with commas")
    p.add_argument("--list-factors", action="store_true", help="list the factors and stop")
    p.add_argument("--top", type=positive_int, default=DEFAULT_TOP, help="rows of the table")
    p.add_argument("--workers", type=workers_int, default=None, help="processes (default: cores)")
    p.add_argument("--json", type=Path, default=None, help="write the indices and samples")
    p.add_argument("--force", action="store_true", help=FORCE_HELP)
    p.add_argument("--quiet", action="store_true", help="no progress bar, no tables")
    p.set_defaults(balloon=None)  # the balloon is a factor, not an option


def sensitivity(args: argparse.Namespace) -> int:
    metric = sa.metric_of(args.metric)
    size = args.trajectories if args.method == "morris" else args.samples
    if args.method == "sobol" and size & (size - 1):
        raise UsageError(f"--samples: Sobol needs a power of 2 (1, 2, 4, 8, …), got {size:,}")
    names = [n.strip() for n in args.strategies.split(",") if n.strip()]
    if not names:
        raise UsageError("--strategies: name at least one strategy")
    check_writable(args.json, "--json", args)
    content, setup = setup_from_args(args)
    strategies = tuple(load_strategy(content, setup, name) for name in names)
    ids = [s.id for s in strategies]
    if len(set(ids)) != len(ids):
        raise UsageError(f"--strategies: a strategy is named twice: {', '.join(ids)}")
    check_batch(args.seed, args.runs, batches=len(strategies))
    every = sa.all_factors(content, setup.scenario.model)
    wanted = None if args.factors is None else [n.strip() for n in args.factors.split(",")]
    factors = sa.pick_factors(every, wanted)
    if not args.list_factors:
        sa.salib()  # installed? (one line if not, before anything is played)
    factors = sa.calibratable(content, args.scenario, args.difficulty, factors)
    if args.list_factors:
        print(f"{'factor':34s} {'value':>10s}   range ({sa.BOUNDS_RULE})")
        for f in factors:
            print(f"{name_of(f):34s} {f.nominal:10.4g}   {f.low:.4g} to {f.high:.4g}")
        return 0
    turns = args.turns or setup.world.turns
    samples = size * sa.group_size(args.method, len(factors))
    job = sa.Job(
        content=content,
        scenario=args.scenario,
        difficulty=args.difficulty,
        factors=tuple(factors),
        strategies=strategies,
        seeds=np.arange(args.seed, args.seed + args.runs),
        turns=turns,
        metric=metric.key,
    )
    per_sample = (turns + PLAY_ON_QUARTERS) * args.runs * len(strategies)
    result = with_progress(
        args.quiet,
        per_sample * samples,
        "sampling",
        lambda advance: sa.run_sensitivity(
            job, args.method, size, args.seed, args.workers or sa.default_workers(), advance
        ),
        runs=per_sample,
    )
    if args.json is not None:
        write_text(args.json, output_of(result, args, turns).model_dump_json(indent=1) + "\n")
    if not args.quiet:
        print_report(result, args, setup.scenario.id, turns)
    return 0


# --- what is printed ----------------------------------------------------------------------


def number(value: float) -> str:
    """An index in a few characters: indices are estimates, more digits would mislead (the
    JSON keeps every digit). Exactly 0 is written 0; below 0.01, "<0.01"; none, "–"."""
    size = abs(value)
    if np.isnan(size):
        return "–"
    if size == 0:
        return "0"
    if size < 0.01:
        return "<0.01"
    return f"{value:.0f}" if size >= 10 else f"{value:.1f}" if size >= 1 else f"{value:.2f}"


def header(sid: str) -> str:
    """A strategy's id broken after its first hyphen, so four columns fit 80 characters."""
    return sid.replace("-", "-\n", 1)


def print_report(result: sa.Sensitivity, args: argparse.Namespace, scenario: str, turns: int):
    from rich.console import Console

    console = Console()
    m = result.metric
    what = (
        f"Morris, {result.size} trajectories"
        if result.method == "morris"
        else f"Sobol (Saltelli), {result.size} base points"
    )
    console.print(
        f"[bold]Sensitivity of {m.label} ({m.unit}) · {scenario} · {what} = {result.samples:,} "
        f"samples of {len(result.factors)} factors · {args.runs} paired runs each · {turns} "
        "quarters[/bold]"
    )
    console.print(f"bounds: {sa.BOUNDS_RULE}")
    cut = [f.name for f in result.factors if f.cut]
    if cut:
        console.print(f"* cut to where the scenario still calibrates: {', '.join(cut)}")
    if result.failed:
        left = (
            "the steps to and from them give no effect"
            if result.method == "morris"
            else f"their base points are left out: indices from {result.used:,} samples"
        )
        share = result.failed / result.samples
        console.print(
            f"{result.failed:,} of {result.samples:,} samples ({share:.0%}) could not be "
            f"calibrated (a start the model cannot produce); {left}"
        )
    order = sorted(result.factors, key=lambda f: -strength(result, f.name))
    shown = order[: args.top]
    top = f"strongest first (top {len(shown)} of {len(order)})"
    if result.method == "morris":
        table = factor_table(
            f"What drives {m.label}: μ* (σ) for each strategy, {top}",
            f"μ*: mean absolute change of the mean {m.label} over a factor's whole range; "
            "σ: spread of those changes (large: interactions or curvature)",
        )
        for sid in result.strategies:
            table.add_column(header(sid), justify="right")
        for f in shown:
            cells = (
                f"{number(i.values[f.name]['mu_star'])} ({number(i.values[f.name]['sigma'])})"
                for i in result.indices
            )
            table.add_row(name_of(f), f"{f.nominal:.4g}", *cells)
        console.print(table)
    else:
        for sid, ind in zip(result.strategies, result.indices, strict=True):
            table = factor_table(
                f"What drives {m.label} under {sid}: {top}",
                f"S1: share of the variance a factor causes alone; ST: with its interactions; "
                f"± {sa.CONFIDENCE:.0%} intervals",
            )
            for column in ("S1", "±", "ST", "± "):
                table.add_column(column, justify="right")
            for f in shown:
                v = ind.values[f.name]
                cells = (number(v[k]) for k in ("S1", "S1_conf", "ST", "ST_conf"))
                table.add_row(name_of(f), f"{f.nominal:.4g}", *cells)
            console.print(table)
    none = [f.name for f in order if strength(result, f.name) == 0]
    if none:
        console.print(
            f"no effect in any step measured, in any strategy: {', '.join(none)} (solved by "
            "calibration, switched off by another factor in those steps, or idle in these "
            "strategies)"
        )
    print_ranking(console, result)


def name_of(factor: sa.Factor) -> str:
    """A factor's name, starred where a bound was cut to where calibration still works."""
    return factor.name + ("*" if factor.cut else "")


def factor_table(title: str, caption: str):
    from rich import box
    from rich.table import Table

    table = Table(
        title=title, caption=caption, box=box.SIMPLE_HEAD, padding=(0, 0, 0, 1), pad_edge=False
    )
    table.add_column("factor", no_wrap=True)
    table.add_column("value", justify="right")
    return table


def strength(result: sa.Sensitivity, name: str) -> float:
    """A factor's largest effect over the strategies (μ*, or ST for Sobol)."""
    key = "mu_star" if result.method == "morris" else "ST"
    return max(np.nan_to_num(abs(ind.values[name][key]), nan=-1.0) for ind in result.indices)


def print_ranking(console, result: sa.Sensitivity) -> None:
    m, r = result.metric, result.ranking
    if len(result.strategies) < 2:
        return
    way = {1: "higher is better", -1: "lower is better", 0: "no better direction: highest first"}
    played = result.samples - result.failed
    console.print(f"[bold]Ranking by {m.label} ({way[m.better]})[/bold]")
    values = " · ".join(
        f"{s} {m.fmt.table(v)}" for s, v in zip(result.strategies, result.nominal, strict=True)
    )
    console.print(f"at the content's values: {' > '.join(r.nominal)}  ({values})")
    console.print(f"the same order in {r.same_as_nominal:.0%} of {played:,} samples")
    best = sorted(r.best.items(), key=lambda kv: -kv[1])
    console.print("best: " + " · ".join(f"{s} {share:.0%}" for s, share in best))
    for order, share in r.orders[:3]:
        console.print(f"  {share:4.0%}  {' > '.join(order)}")


# --- the JSON -----------------------------------------------------------------------------


class FactorOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    nominal: float
    low: float
    high: float
    why: str = Field(description="the content's stated assumption")
    cut: bool = Field(description="a bound moved in to where the scenario still calibrates")


class RankingOut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    nominal: list[str] = Field(description="best first, at the content's own values")
    same_as_nominal: float = Field(description="share of played samples with that order")
    best: dict[str, float] = Field(description="strategy → share of samples it is best in")
    orders: list[tuple[list[str], float]]


class SensitivityOutput(BaseModel):
    """What ``balloon sensitivity --json`` writes."""

    model_config = ConfigDict(extra="forbid")
    format_version: int = FORMAT_VERSION
    scenario: str
    method: str
    metric: str
    unit: str
    better: int
    strategies: list[str]
    runs: int
    turns: int
    seed: int
    size: int = Field(description="Morris trajectories or Sobol base points")
    samples: int
    failed_samples: int
    bounds_rule: str
    factors: list[FactorOut]
    #: strategy → factor → index → value (mu_star, mu_star_conf, sigma | S1, S1_conf, ST, ST_conf)
    indices: dict[str, dict[str, dict[str, float]]]
    nominal: dict[str, float] = Field(description="strategy → metric at the content's values")
    ranking: RankingOut
    design: list[list[float]] = Field(description="samples × factors, in the factors' order")
    outputs: dict[str, list[float | None]] = Field(
        description="strategy → each sample's mean of the metric (null: not calibrated)"
    )


def output_of(result: sa.Sensitivity, args: argparse.Namespace, turns: int) -> SensitivityOutput:
    r = result.ranking
    return SensitivityOutput(
        scenario=args.scenario,
        method=result.method,
        metric=result.metric.key,
        unit=result.metric.unit,
        better=result.metric.better,
        strategies=list(result.strategies),
        runs=args.runs,
        turns=turns,
        seed=args.seed,
        size=result.size,
        samples=result.samples,
        failed_samples=result.failed,
        bounds_rule=sa.BOUNDS_RULE,
        factors=[FactorOut(**vars(f)) for f in result.factors],
        indices={s: ind.values for s, ind in zip(result.strategies, result.indices, strict=True)},
        nominal={s: float(v) for s, v in zip(result.strategies, result.nominal, strict=True)},
        ranking=RankingOut(
            nominal=list(r.nominal),
            same_as_nominal=r.same_as_nominal,
            best=r.best,
            orders=[(list(o), share) for o, share in r.orders],
        ),
        design=result.design.tolist(),
        outputs={
            s: [None if np.isnan(v) else float(v) for v in result.outputs[:, i]]
            for i, s in enumerate(result.strategies)
        },
    )
