"""TUI benchmark: start-up to the first interactive frame, and end-turn to the updated screen.

Both are measured headless with ``App.run_test`` at 80×24, which runs the real app (CSS,
compose, layout, rendering to a virtual screen) without a terminal:

* **Start-up**: from creating the app (content already loaded, as ``balloon play`` has it
  before the terminal is taken) to the main screen mounted, filled and idle — the first
  frame that answers a key. Content loading and calibration are timed separately.
* **End turn**: from pressing ``e`` to the report screen up and idle; the median over
  ``TURNS`` quarters.
* **Back**: from closing the report to the main screen redrawn and idle (or the first
  event of the quarter asked over it), which the player waits for too; not a target.
* **Help**: from pressing ``?`` to the help page up and idle, the first time (when it is
  built) and again; not a target.

``main()`` prints a markdown table; ``benchmarks/bench.py`` includes it in RESULTS.md.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from game.loader import load_content, prepare_game  # noqa: E402

TURNS = 8
STARTS = 3
SIZE = (80, 24)
TARGETS = {"startup_s": 1.5, "end_turn_ms": 200.0}


async def startup_once(content, setup) -> float:  # type: ignore[no-untyped-def]
    from game.tui.app import BalloonApp
    from game.tui.screens.main import MainScreen

    start = time.perf_counter()
    app = BalloonApp(setup, seed=1, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.screen, MainScreen):
            await pilot.pause()
        await pilot.pause()
        return time.perf_counter() - start


async def end_turns(content, setup, backs: list[float] | None = None) -> list[float]:  # type: ignore[no-untyped-def]
    from game.tui.app import BalloonApp
    from game.tui.screens.event import EventScreen
    from game.tui.screens.main import MainScreen
    from game.tui.screens.report import ReportScreen

    times = []
    app = BalloonApp(setup, seed=1, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(TURNS):
            while isinstance(app.screen, EventScreen):
                await pilot.press("1")
                await pilot.pause()
            if not isinstance(app.screen, MainScreen):
                break
            turn = app.game.turn
            start = time.perf_counter()
            await pilot.press("e")
            while isinstance(app.screen, EventScreen):  # events asked before the turn
                await pilot.press("1")
            await pilot.pause()
            assert isinstance(app.screen, ReportScreen) and app.game.turn == turn + 1
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            await pilot.press("escape")
            await pilot.pause()
            if backs is not None:
                backs.append(time.perf_counter() - start)
    return times


async def help_opens(content, setup, times: int = 3) -> list[float]:  # type: ignore[no-untyped-def]
    from game.tui.app import BalloonApp
    from game.tui.screens.help import HelpScreen
    from game.tui.screens.main import MainScreen

    opened = []
    app = BalloonApp(setup, seed=1, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.screen, MainScreen):
            await pilot.pause()
        await pilot.pause()
        for _ in range(times):
            start = time.perf_counter()
            await pilot.press("question_mark")
            while not isinstance(app.screen, HelpScreen):
                await pilot.pause()
            await pilot.pause()
            opened.append(time.perf_counter() - start)
            await pilot.press("escape")
            while not isinstance(app.screen, MainScreen):
                await pilot.pause()
            await pilot.pause()
    return opened


def measure() -> dict[str, float]:
    os.environ.setdefault("BALLOON_SAVES_DIR", tempfile.mkdtemp(prefix="bench-tui-"))
    start = time.perf_counter()
    content = load_content()
    setup = prepare_game(content, "vraem-2022")
    load_s = time.perf_counter() - start
    import game.tui.app  # noqa: F401  (import time counts once, as in `balloon play`)

    starts = [asyncio.run(startup_once(content, setup)) for _ in range(STARTS)]
    backs: list[float] = []
    turns = asyncio.run(end_turns(content, setup, backs))
    helps = asyncio.run(help_opens(content, setup))
    return {
        "help_first_ms": helps[0] * 1000,
        "help_again_ms": statistics.median(helps[1:]) * 1000,
        "load_s": load_s,
        "startup_s": statistics.median(starts),
        "end_turn_ms": statistics.median(turns) * 1000,
        "end_turn_max_ms": max(turns) * 1000,
        "back_ms": statistics.median(backs) * 1000,
    }


def table(r: dict[str, float]) -> str:
    def ok(value: float, target: float) -> str:
        return "yes" if value <= target else "**no**"

    rows = [
        "| TUI measure | result | target | met |",
        "|---|---:|---:|:---:|",
        f"| content load and calibration | {r['load_s']:.2f} s | — | |",
        f"| start-up to first interactive frame (median of {STARTS}) | {r['startup_s']:.2f} s"
        f" | ≤ {TARGETS['startup_s']} s | {ok(r['startup_s'], TARGETS['startup_s'])} |",
        f"| end turn to updated screen (median of {TURNS}) | {r['end_turn_ms']:.0f} ms"
        f" | ≤ {TARGETS['end_turn_ms']:.0f} ms | {ok(r['end_turn_ms'], TARGETS['end_turn_ms'])} |",
        f"| end turn, slowest | {r['end_turn_max_ms']:.0f} ms | | |",
        f"| report closed to main screen (median of {TURNS}) | {r['back_ms']:.0f} ms | | |",
        f"| help opened: the first time / again | {r['help_first_ms']:.0f} / "
        f"{r['help_again_ms']:.0f} ms | | |",
    ]
    return "\n".join(rows)


def main() -> str:
    text = table(measure())
    print(text)
    return text


if __name__ == "__main__":
    main()
