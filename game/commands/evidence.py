"""``balloon evidence``: the model's evidence targets, measured by running the engine.

One table a teacher can read: each fact, what the literature or the record says, the
range the model must reach, what it measured, and whether that holds.
"""

from __future__ import annotations

import argparse
import json

from ..loader import load_content
from ..outfiles import check_output, write_text
from ..sim.evidence import RUNS, SEED, Lab, run_evidence
from .options import FORCE_HELP, check_batch


def evidence(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    check_batch(args.seed, args.runs, batches=2)  # two strategies side by side at most
    if args.json is not None:
        check_output(args.json, "--json", force=args.force)
    lab = Lab(load_content(), runs=args.runs, seed=args.seed)
    checks = run_evidence(lab, args.balloon)
    table = Table(
        title=f"The evidence, measured · {args.balloon} balloon · {args.runs} paired runs",
        caption="each fact: what the record or the literature says, the range the model must "
        "reach, and what it measured",
        show_lines=True,
        expand=True,
    )
    table.add_column("fact", ratio=3)
    table.add_column("evidence", ratio=3)
    table.add_column("measured (must)", ratio=5)
    table.add_column("holds", justify="center", no_wrap=True)
    for check in checks:
        mark = Text("yes", "green") if check.holds else Text("no", "bold red")
        measured = Text(check.measured)
        measured.append(f"\nmust: {check.target}", "dim")
        table.add_row(Text(check.fact, "bold"), Text(check.evidence), measured, mark)
    Console().print(table)
    held = sum(c.holds for c in checks)
    print(f"{held} of {len(checks)} hold")
    if args.json is not None:
        data = {
            "balloon": args.balloon,
            "runs": args.runs,
            "seed": args.seed,
            "checks": [c.as_json() for c in checks],
        }
        write_text(args.json, json.dumps(data, indent=1) + "\n")
    return 0


def add_parser(sub) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from .options import runs_int, seed_int

    parser = sub.add_parser("evidence", help="measure the model against the evidence it cites")
    parser.add_argument("--balloon", choices=("weak", "medium", "strong"), default="medium")
    parser.add_argument("--runs", type=runs_int, default=RUNS)
    parser.add_argument("--seed", type=seed_int, default=SEED)
    parser.add_argument("--json", type=Path, default=None, help="write the checks as JSON")
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)
