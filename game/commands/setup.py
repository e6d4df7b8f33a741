"""The game a subcommand plays: content loaded and the scenario named on the command line
(a built-in id, or a scenario file, checked before it is read) prepared."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..infiles import MAX_CONTENT_BYTES, check_file, check_name
from ..loader import Content, GameSetup, load_content, prepare_game


def setup_from_args(args: argparse.Namespace) -> tuple[Content, GameSetup]:
    """Load content and prepare the scenario named by ``--scenario`` (an id or a file)."""
    content = load_content()
    check_scenario(content, args.scenario)
    return content, prepare_game(content, args.scenario, args.difficulty, args.balloon)


def check_scenario(content: Content, name: str) -> None:
    """A scenario named by a file (not a built-in id) is checked before it is read."""
    if name not in content.scenarios:
        check_name(name, "--scenario")
        check_file(Path(name), "--scenario", MAX_CONTENT_BYTES)
