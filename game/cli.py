"""The ``balloon`` command: play, simulate and inspect, from the shell.

Every error a person can cause (a wrong name, a bad number, a broken file) ends here as
one line on stderr and exit status 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import numpy as np

from .commands.options import (
    FORCE_HELP,
    MAX_RUNS,
    MAX_TURNS,
    MAX_WORKERS,
    positive_int,
    runs_int,
    seed_int,
    turn_int,
    turns_int,
    workers_int,
)
from .commands.setup import setup_from_args
from .commands.studies import add_study_options
from .errors import USER_ERRORS, UsageError
from .loader import load_content
from .locations import game_version

# Names that tests and older callers import from here; they are defined in their own modules.
__all__ = ["UsageError", "build_parser", "main", "positive_int", "seed_int", "setup_from_args"]


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (exit 2), like every other error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


SCENARIO_HELP = "a built-in scenario id (balloon scenarios lists them) or a scenario .toml file"
WORKERS_HELP = (
    f"processes to split runs over, 1 to {MAX_WORKERS} (default: one per core, each with at"
    " least 2,000 runs); results are the same for any number"
)


RUNS_HELP = f"games to play, 1 to {MAX_RUNS:,} (and no more than the memory holds)"
TURNS_HELP = f"quarters to play, 1 to {MAX_TURNS}"
SEED_HELP = "the first run's seed, 0 to 2**62 - 1 (run i plays seed + i)"


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="balloon", description="Balloon Effect: Peru's coca policy, one quarter at a time."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {game_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    play = sub.add_parser("play", help="play in the terminal")
    # no defaults: naming a scenario or a seed skips the title screen (vraem-2022, seed 1)
    play.add_argument("--scenario", default=None, help=SCENARIO_HELP)
    play.add_argument("--seed", type=seed_int, default=None)
    play.add_argument("--difficulty", default=None)
    play.add_argument("--balloon", choices=("weak", "medium", "strong"), default=None)
    play.add_argument("--load", default=None, help="a save file or name to play on from")

    simulate = sub.add_parser("simulate", help="run games headless with a strategy")
    simulate.add_argument("--scenario", default="vraem-2022", help=SCENARIO_HELP)
    simulate.add_argument(
        "--strategy",
        default="status-quo",
        help="a built-in name, a .toml file or a folder of them; several, comma-separated",
    )
    simulate.add_argument("--turns", type=turns_int, default=None, help=TURNS_HELP)
    simulate.add_argument("--seed", type=seed_int, default=1, help=SEED_HELP)
    simulate.add_argument("--runs", type=runs_int, default=1, help=RUNS_HELP)
    simulate.add_argument("--save", default=None, help="with --runs 1: save the game (path/name)")
    simulate.add_argument("--force", action="store_true", help=FORCE_HELP)
    simulate.add_argument("--from-save", default=None, help="continue a saved game")
    simulate.add_argument("--saves-dir", default=None, help="folder for save names")
    simulate.add_argument("--difficulty", default=None)
    simulate.add_argument("--balloon", choices=("weak", "medium", "strong"), default=None)
    simulate.add_argument("--quiet", action="store_true", help="no progress bar, no tables")
    simulate.add_argument("--json", type=Path, default=None, help="write summaries as JSON")
    simulate.add_argument("--csv", type=Path, default=None, help="write series as long CSV")
    simulate.add_argument("--workers", type=workers_int, default=None, help=WORKERS_HELP)
    add_study_options(simulate)

    compare = sub.add_parser("compare", help="compare strategies on the same seeds")
    compare.add_argument("--scenario", default="vraem-2022", help=SCENARIO_HELP)
    compare.add_argument(
        "--strategies",
        required=True,
        help="two or more names, .toml files or folders of them, comma-separated; the first "
        "is the one the others are paired against",
    )
    compare.add_argument("--turns", type=turns_int, default=None, help=TURNS_HELP)
    compare.add_argument("--seed", type=seed_int, default=1, help=SEED_HELP)
    compare.add_argument("--runs", type=runs_int, default=100, help=RUNS_HELP)
    compare.add_argument("--difficulty", default=None)
    compare.add_argument("--balloon", choices=("weak", "medium", "strong"), default=None)
    compare.add_argument("--quiet", action="store_true", help="no progress bar")
    compare.add_argument("--workers", type=workers_int, default=None, help=WORKERS_HELP)
    compare.add_argument("--force", action="store_true", help=FORCE_HELP)
    add_study_options(compare)

    replay = sub.add_parser("replay", help="replay a save and check it is identical")
    replay.add_argument("path", help="a save file, or a save name in the saves folder")
    replay.add_argument("--to-turn", type=turn_int, default=None, help="branch at this turn")
    replay.add_argument("--out", default=None, help="where to write the branch save")
    replay.add_argument("--saves-dir", default=None)
    replay.add_argument("--force", action="store_true", help=FORCE_HELP)

    saves = sub.add_parser("saves", help="list saved games")
    saves.add_argument("--saves-dir", default=None)

    from . import serve
    from .commands import debrief, events, evidence, hindcast, sensitivity

    debrief.add_parser(sub)
    evidence.add_parser(sub)
    hindcast.add_parser(sub)
    events.add_parser(sub)
    sensitivity.add_parser(sub)
    serve.add_parser(sub)

    sub.add_parser("scenarios", help="list the scenarios")
    sub.add_parser("strategies", help="list the built-in strategies")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # A strategy's NaN or an empty slice is refused or reported in words; numpy's own
    # warnings about it would only print lines of source code under the message.
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return run_command(parser, args)


def run_command(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Run the command ``args`` names; a user error is one line on stderr and exit 2."""
    command = args.command or "play"
    try:
        if command == "play":
            from .tui import run as play_tui

            return play_tui(args)
        if command == "simulate" and (args.save is not None or args.from_save is not None):
            from .commands.saves import simulate_saved

            return simulate_saved(args)
        if command == "replay":
            from .commands.saves import replay_command

            return replay_command(args)
        if command == "debrief":
            from .commands.debrief import debrief_command

            return debrief_command(args)
        if command == "saves":
            from .commands.saves import saves_command

            return saves_command(args)
        if command == "simulate":
            from .commands.simulate import simulate

            return simulate(args)
        if command == "compare":
            from .commands.compare import compare

            return compare(args)
        if command == "evidence":
            from .commands.evidence import evidence

            return evidence(args)
        if command == "hindcast":
            from .commands.hindcast import hindcast

            return hindcast(args)
        if command == "sensitivity":
            from .commands.sensitivity import sensitivity

            return sensitivity(args)
        if command == "events":
            from .commands.events import events_command

            return events_command(args)
        if command == "serve":
            from .serve import serve_command

            return serve_command(args)
        if command == "scenarios":
            content = load_content()
            for scenario in content.scenarios.values():
                when = f"{scenario.turns} quarters from {scenario.start}"
                print(f"{scenario.id:20s} {scenario.name} ({when})")
            return 0
        if command == "strategies":
            content = load_content()
            for strategy in content.strategies.values():
                print(f"{strategy.id:26s} {strategy.name}: {strategy.description.splitlines()[0]}")
            return 0
    except USER_ERRORS as exc:
        print(f"balloon: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("balloon: interrupted", file=sys.stderr)
        return 130
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
