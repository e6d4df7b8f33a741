"""The terminal interface of Balloon Effect (Textual). ``run`` is what ``balloon play`` calls."""

from __future__ import annotations

import argparse


def run(args: argparse.Namespace) -> int:
    """Open the game: the title screen, or straight into a game if a scenario or seed was given.

    Content errors surface before the terminal is taken over, as the CLI's one-line message.
    """
    from ..loader import load_content, prepare_game
    from .app import BalloonApp

    scenario = getattr(args, "scenario", None)
    seed = getattr(args, "seed", None)
    setup = prepare_game(
        load_content(),
        scenario or "vraem-2022",
        getattr(args, "difficulty", None),
        getattr(args, "balloon", None),
    )
    app = BalloonApp(
        setup, 1 if seed is None else seed, start_directly=scenario is not None or seed is not None
    )
    app.run()
    return int(app.return_code or 0)
