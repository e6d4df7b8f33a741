"""``balloon hindcast``: a historical scenario played as it happened, against the record."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from ..engine.world import QUARTERS_PER_YEAR
from ..errors import UsageError
from ..outfiles import check_output, write_text
from ..plans import window
from ..sim.hindcast import NATIONAL, Hindcast, run_hindcast
from ..sim.strategy import load_strategy
from .options import FORCE_HELP, MAX_TURNS, check_batch, input_files
from .setup import setup_from_args


def hindcast(args: argparse.Namespace) -> int:
    from rich.console import Console

    check_batch(args.seed, args.runs)
    if args.json is not None:
        check_output(args.json, "--json", force=args.force, inputs=input_files(args))
    content, setup = setup_from_args(args)
    if not setup.recorded.get("coca_ha"):
        raise UsageError(f"{setup.scenario.id} has no recorded area to compare with")
    strategy = load_strategy(content, setup, args.strategy)
    until = args.until or last_year(setup, strategy)
    if until < setup.world.start_year:
        raise UsageError(
            f"--until {until} is before the scenario starts ({setup.world.start_year})"
        )
    if (until - setup.world.start_year + 1) * QUARTERS_PER_YEAR > MAX_TURNS:
        what = f"--until {until}" if args.until else f"the strategy's last date ({until})"
        raise UsageError(f"{what} is more than {MAX_TURNS} quarters after the scenario starts")
    result = run_hindcast(setup, strategy, args.runs, args.seed, until)
    console = Console()
    print_hindcast(console, setup, result)
    if args.json is not None:
        data = asdict(result)
        for entry, direction in zip(data["directions"], result.directions, strict=True):
            entry["right"] = bool(direction.right)
            entry["within_range"] = bool(direction.within_range)
        write_text(args.json, json.dumps(data, indent=1) + "\n")
    return 0


def last_year(setup, strategy) -> int:  # type: ignore[no-untyped-def]
    """The scenario's last year, or the last a strategy's dated settings or shocks reach."""
    world = setup.world
    last = world.year_of(world.turns - 1)
    for item in (*strategy.spec.settings, *strategy.spec.shocks):
        start, until = window(world, item)
        reach = (until - 1) if until is not None else start
        last = max(last, world.year_of(max(reach, 0)))
    return last


def print_hindcast(console, setup, result: Hindcast) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    names = dict(zip(setup.world.region_ids, setup.world.region_names, strict=True))
    split = result.out_of_sample_from
    uncertain = any(r.low_confidence for r in result.rows)
    table = Table(
        title=f"{setup.scenario.name} · {result.strategy} · median of {result.runs} runs",
        caption="coca planted (ha) at the end of each year: model median [p10–p90], the survey,"
        " and the error"
        + (f"; from {split} out of sample (not used to fit)" if split else "")
        + (f"; {LOW} a figure of low confidence (its fact's note says why)" if uncertain else ""),
    )
    table.add_column("place")
    table.add_column("year", justify="right")
    table.add_column("model", justify="right")
    table.add_column("p10–p90", justify="right")
    table.add_column("recorded", justify="right")
    table.add_column("error", justify="right")
    for row in result.rows:
        if row.place != NATIONAL and row.recorded is None:
            continue
        place = "national" if row.place == NATIONAL else names[row.place]
        error = "" if row.error is None else f"{row.error:+.0%}"
        if not row.in_sample and row.recorded is not None:
            error += " (out)"
        table.add_row(
            place,
            str(row.year),
            f"{row.model:,.0f}",
            f"{row.p10:,.0f}–{row.p90:,.0f}",
            "" if row.recorded is None else f"{row.recorded:,.0f}" + low_mark(row.low_confidence),
            error,
        )
    console.print(table)
    directions = Table(
        title="Direction of change, model against the record",
        caption="model: the change of the median area; runs p10–p90: the spread of each run's"
        " own change; inside: the recorded change lies in that spread"
        + (f"; {LOW} one of the two figures is of low confidence" if uncertain else ""),
    )
    directions.add_column("place")
    directions.add_column("years")
    directions.add_column("recorded", justify="right")
    directions.add_column("model", justify="right")
    directions.add_column("right", justify="center")
    directions.add_column("runs p10–p90", justify="right", no_wrap=True)
    directions.add_column("inside", justify="center")
    for d in result.directions:
        place = "national" if d.place == NATIONAL else names[d.place]
        span = f"{d.years[0]}→{d.years[1]}" + ("" if d.in_sample else " (out)")
        span += low_mark(d.low_confidence)
        directions.add_row(
            place,
            span,
            f"{d.recorded:+.0%}",
            f"{d.model:+.0%}",
            yes_no(d.right),
            f"{d.model_p10 * 100:+.0f}…{d.model_p90 * 100:+.0f}%",
            yes_no(d.within_range),
        )
    console.print(directions)
    eradication = Table(title="Eradication, ha a year: ordered, achieved (median) and recorded")
    for column in ("year", "ordered", "achieved", "recorded", "shortfall"):
        eradication.add_column(column, justify="right")
    for e in result.eradication:
        short = "" if not e.ordered else f"{1 - e.achieved / e.ordered:.0%}"
        eradication.add_row(
            str(e.year),
            "" if e.ordered is None else f"{e.ordered:,.0f}",
            f"{e.achieved:,.0f}",
            "" if e.recorded is None else f"{e.recorded:,.0f}",
            short,
        )
    console.print(eradication)
    worst = result.worst_in_sample()
    in_sample = [d for d in result.directions if d.in_sample]
    right = sum(d.right for d in in_sample)
    wrong_uncertain = sum(not d.right and d.low_confidence for d in in_sample)
    inside = sum(d.within_range for d in in_sample)
    console.print(
        f"in sample: worst national error {worst:.0%} (target within 10%); "
        f"direction right in {right} of {len(in_sample)} zone-periods"
        + (
            f" ({wrong_uncertain} of the {len(in_sample) - right} misses rest on a figure of"
            " low confidence)"
            if wrong_uncertain
            else ""
        )
        + f"; the recorded change inside the runs' 80% range in {inside} of {len(in_sample)}"
    )


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


LOW = "†"


def low_mark(low_confidence: bool) -> str:
    """The mark of a record (or a change between records) resting on a figure of low
    confidence (its sources conflict, or it is derived from their shares): a teacher
    should know which comparisons are soft."""
    return f" {LOW}" if low_confidence else ""


def add_parser(sub) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from .options import runs_int, seed_int, year_int

    parser = sub.add_parser("hindcast", help="play a historical scenario against the record")
    parser.add_argument("--scenario", default="peru-2013", help="an id or a scenario file")
    parser.add_argument(
        "--strategy",
        default="status-quo",
        help="a built-in name or a .toml file; status-quo follows the scenario's history",
    )
    parser.add_argument("--runs", type=runs_int, default=200)
    parser.add_argument("--seed", type=seed_int, default=1)
    parser.add_argument("--until", type=year_int, default=None, help="the last year to play")
    parser.add_argument("--difficulty", default=None)
    parser.add_argument("--balloon", choices=("weak", "medium", "strong"), default=None)
    parser.add_argument("--json", type=Path, default=None, help="write the tables as JSON")
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)
