"""The terminal interface of Balloon Effect (Textual). ``run`` is what ``balloon play`` calls."""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    """Open the game: the title screen, a new game, or a saved game (``--load``).

    Content errors and a save that cannot be loaded surface before the terminal is taken
    over, as the CLI's one-line message (exit 2). A crash inside the app never shows the
    player a traceback: Textual restores the terminal, the traceback goes to a crash
    report in the saves folder, and one line says where (exit 1).
    """
    from ..commands.saves import save_named
    from ..commands.setup import check_scenario
    from ..loader import load_content, prepare_game
    from ..saves import load_to_play, saves_dir
    from .app import BalloonApp

    saves_dir()  # a saves folder no file can have is refused here, not on the first save
    content = load_content()
    scenario = getattr(args, "scenario", None)
    seed = getattr(args, "seed", None)
    load = getattr(args, "load", None)
    loaded = None
    if load is not None:
        loaded = load_to_play(save_named(load, saves_dir(), "--load"), content)
        setup, seed = loaded.game.setup, loaded.game.seed
    else:
        check_scenario(content, scenario or "vraem-2022")
        setup = prepare_game(
            content,
            scenario or "vraem-2022",
            getattr(args, "difficulty", None),
            getattr(args, "balloon", None),
        )
    start_directly = scenario is not None or seed is not None
    if seed is None:
        # a game started straight from the command line is seed 1, as documented; the
        # title screen's form proposes a fresh seed so that each new game differs
        seed = 1 if start_directly else random.randrange(1, 1_000_000)
    app = BalloonApp(setup, seed, start_directly=start_directly, content=content, loaded=loaded)
    try:
        app.run()
    except Exception as exc:  # outside Textual's own handling: still one line, no traceback
        app.crash_report = app.write_crash_report(exc) or Path("(not written)")
    if app.crash_report is not None:
        print(
            f"balloon: the game crashed; the terminal is restored and a crash report was "
            f"written to {app.crash_report}; every quarter played is in the autosaves",
            file=sys.stderr,
        )
        return 1
    return int(app.return_code or 0)
