"""``balloon events``: what can happen in a scenario, and how often it does.

For a designer writing events and a player writing a strategy file (which answers
events by id): each event's title and id, when it can fire, how often it may repeat,
which answer opens it or what it opens, its choices and what they cost, and the facts
it cites. ``--pacing`` plays headless games and sets them against issue 12's targets.
"""

from __future__ import annotations

import argparse
import json
import textwrap
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..engine.metrics import METRICS
from ..loader import Content, citations, events_of, load_content, resolve_scenario
from ..outfiles import check_output, write_text
from ..schema import ConditionSpec, EventSpec, Scenario
from .options import FORCE_HELP, input_files, runs_int
from .setup import check_scenario


def add_parser(sub) -> None:  # type: ignore[no-untyped-def]
    parser = sub.add_parser("events", help="list a scenario's events, or measure their pacing")
    parser.add_argument("--scenario", default="vraem-2022", help="an id or a scenario file")
    parser.add_argument("--json", type=Path, default=None, help="write the list as JSON")
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)
    parser.add_argument(
        "--pacing", action="store_true", help="play headless games and measure event pacing"
    )
    parser.add_argument(
        "--runs", type=runs_int, default=None, help="games per strategy for --pacing (1,000)"
    )
    parser.add_argument("--difficulty", default=None)
    parser.add_argument("--balloon", choices=("weak", "medium", "strong"), default=None)


def events_command(args: argparse.Namespace) -> int:
    from ..errors import UsageError

    if args.runs is not None and not args.pacing:
        raise UsageError("--runs counts the games of --pacing: give --pacing too")
    if args.json is not None:
        check_output(args.json, "--json", force=args.force, inputs=input_files(args))
    content = load_content()
    check_scenario(content, args.scenario)
    if args.pacing:
        return pacing_command(content, args)
    scenario = resolve_scenario(content, args.scenario).scenario
    listing = describe_events(content, scenario)
    print(listing_text(scenario, listing))
    if args.json is not None:
        write_text(args.json, json.dumps(listing, indent=1, ensure_ascii=False) + "\n")
    return 0


# --- the listing ------------------------------------------------------------------------------


def describe_events(content: Content, scenario: Scenario) -> list[dict[str, Any]]:
    """Each event of ``scenario`` as plain data: what the text and the JSON both show."""
    specs = events_of(scenario, content.events)
    titles = {spec.id: spec.title for spec in content.events}
    openers: dict[str, list[dict[str, Any]]] = {}
    for spec in specs:
        for choice in spec.choices:
            for opening in choice.opens:
                openers.setdefault(opening.event, []).append(
                    {
                        "event": spec.id,
                        "title": spec.title,
                        "choice": choice.label,
                        "after": opening.after,
                    }
                )
    regions = {r.id: r.name for r in scenario.regions}
    out = []
    for spec in specs:
        cited: dict[str, list[str]] = {}
        citations(spec, spec.id, cited)
        out.append(
            {
                "id": spec.id,
                "title": spec.title,
                "when": when_text(spec),
                "probability": spec.probability,
                "at": spec.at,
                "first": spec.first,
                "last": spec.last,
                "conditions": [condition_text(c, regions) for c in spec.conditions],
                "max_times": spec.max_times,
                "cooldown": spec.cooldown,
                "chained": spec.chained,
                "opened_by": openers.get(spec.id, []),
                "choices": [
                    {
                        "label": choice.label,
                        "cost_musd": choice.cost_musd,
                        "default": i == spec.default_choice,
                        "opens": [
                            {
                                "event": o.event,
                                "title": titles.get(o.event, o.event),
                                "after": o.after,
                            }
                            for o in choice.opens
                        ],
                    }
                    for i, choice in enumerate(spec.choices)
                ],
                "facts": sorted(cited),
            }
        )
    return out


def when_text(spec: EventSpec) -> str:
    """When an event can fire, in words: its quarter, or its window and chance."""
    if spec.at is not None:
        return f"at {spec.at}, for certain"
    window = (
        f"from {spec.first or 'the start'} to {spec.last or 'the end'}"
        if spec.first or spec.last
        else "any quarter"
    )
    if spec.probability is None:
        chance = "for certain once due"
    else:
        chance = f"{spec.probability:.0%} chance a quarter"
    if spec.chained:
        return f"once an answer opens it, {window}, {chance}"
    return f"{window}, {chance}"


#: Unit suffixes of state variables' names, read as units when a condition is shown.
UNITS = ("ha", "t", "musd")


def condition_text(condition: ConditionSpec, regions: dict[str, str]) -> str:
    """A condition in words: the metric's name where the metric is that state variable
    (``compute`` None), the variable's own name otherwise."""
    metric = METRICS.get(condition.var)
    plain = metric is not None and metric.compute is None
    if plain:
        what = metric.label  # type: ignore[union-attr]
    else:
        name, _, unit = condition.var.rpartition("_")
        what = f"{name.replace('_', ' ')} ({unit})" if unit in UNITS else condition.var

    where = {"national": "", "any": " in some region"}.get(
        condition.region, f" in {regions.get(condition.region, condition.region)}"
    )
    return f"{what}{where} {condition.op} {condition.value:g}"


def repeats_text(event: dict[str, Any]) -> str:
    if event["max_times"] == 1:
        return "once a game"
    apart = f", at least {event['cooldown'] + 1} quarters apart" if event["cooldown"] else ""
    return f"up to {event['max_times']} times{apart}"


def listing_text(scenario: Scenario, listing: list[dict[str, Any]]) -> str:
    if not listing:
        return f"{scenario.name}: no events\n"
    lines = [
        f"{scenario.name}: {len(listing)} events",
        "(a strategy file answers an event by the [id] and a choice's number)",
        "",
    ]
    for event in listing:
        lines.append(f"{event['title']}  [{event['id']}]")
        lines.append(f"  when:    {event['when']}")
        if event["conditions"]:
            lines.append(f"  if:      {'; '.join(event['conditions'])}")
        lines.append(f"  repeats: {repeats_text(event)}")
        for opener in event["opened_by"]:
            lines.append(
                f'  opened by: {opener["title"]}, answer "{opener["choice"]}", '
                f"{opener['after']} quarters on"
            )
        for i, choice in enumerate(event["choices"]):
            cost = f", ${choice['cost_musd']:g}M" if choice["cost_musd"] else ""
            default = " (the default)" if choice["default"] else ""
            lines.append(f"  {i}. {choice['label']}{cost}{default}")
            for opening in choice["opens"]:
                lines.append(f"     opens {opening['title']} {opening['after']} quarters on")
        if event["facts"]:
            facts = ", ".join(event["facts"])
            lines += textwrap.wrap(
                facts, 78, initial_indent="  facts:   ", subsequent_indent=" " * 11
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


# --- pacing ----------------------------------------------------------------------------------


def pacing_command(content: Content, args: argparse.Namespace) -> int:
    from ..loader import prepare_game
    from ..sim.pacing import (
        PACING_RUNS,
        TARGET_LONGEST_GAP,
        TARGET_MEDIAN_EVENTS,
        TARGET_SHARE_WITHIN_GAP,
        measure_pacing,
    )

    setup = prepare_game(content, args.scenario, args.difficulty, args.balloon)
    runs = args.runs or PACING_RUNS
    figures = measure_pacing(content, setup, runs)
    rows = [
        ("strategy", "events a game", "quarters quiet", "games with no", "events", "gaps"),
        (
            "",
            "median (mean)",
            "median (max)",
            f"spell over {TARGET_LONGEST_GAP}",
            "target",
            "target",
        ),
    ]
    for p in figures:
        rows.append(
            (
                p.name,
                f"{p.median_events:g} ({p.mean_events:.1f})",
                f"{p.median_longest_gap:g} ({p.longest_gap})",
                f"{p.share_within_gap:.0%}",
                "met" if p.events_ok else "missed",
                "met" if p.gaps_ok else "missed",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print(f"{setup.scenario.name}: event pacing, {runs:,} games a strategy")
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    print(
        f"targets (issue 12): a median of {TARGET_MEDIAN_EVENTS} events a game or more, and no"
        f" spell\nof more than {TARGET_LONGEST_GAP} quarters without one in "
        f"{TARGET_SHARE_WITHIN_GAP:.0%} of games or more"
    )
    met = all(p.events_ok and p.gaps_ok for p in figures)
    print("all targets met" if met else "not all targets met")
    if args.json is not None:
        data = [{**asdict(p), "events_ok": p.events_ok, "gaps_ok": p.gaps_ok} for p in figures]
        write_text(args.json, json.dumps(data, indent=1) + "\n")
    return 0
