"""TUI benchmark: start-up to the first interactive frame, and end-turn to the updated screen.

Measured headless with ``App.run_test``, which runs the real app (CSS, compose, layout,
rendering to a virtual screen) without a terminal. **What is timed is what a player waits
for: from the key press to the end of the last frame it caused** (``FrameClock``):

* the clock stops when the app has finished its last frame, not when the test pilot
  notices: the pilot polls for idleness in sleeps of 20 ms, which earlier versions of
  this file counted as waiting (about 60 ms of every measure);
* the frame is finished as a terminal would get it: the headless driver skips turning
  the frame's segments into the terminal's escape codes, so the clock does it (and its
  cost counts);
* every frame counts, up to the last one before the app is idle: a screen that draws
  once and then again (a report laid out, then filled to its height) is done when the
  second frame is.

The measures:

* **Start-up**: from creating the app (content already loaded, as ``balloon play`` has it
  before the terminal is taken) to the main screen's last frame — the first frame that
  answers a key. Content loading and calibration are timed separately.
* **End turn**: from pressing ``e`` to the report's last frame; the median over
  ``TURNS`` quarters.
* **Back**: from closing the report to the main screen redrawn (or the first event of
  the quarter asked over it), which the player waits for too; not a target. The last
  quarter's report closes to the end screen instead, which is not counted here.
* **Help**: from pressing ``?`` to the help page drawn, the first time (when it is
  built) and again; not a target.
* **End turn at 120×40, worst case**: the same end turn in the wide layout (every view
  drawn at once), over a whole term of ``WIDE_TURNS`` quarters (the heap, the log and the
  history grow as a game goes on, and the late quarters are the slow ones); the slowest
  counts, since a player feels the slow quarter, not the median. Timed both to the report
  drawn and to the main screen redrawn after it (whichever the player reads next), the
  slowest of each.
* **Start-up to the title**: ``balloon play`` from the shell to the title screen drawn,
  in a child process (interpreter start, imports, content loading and calibration all
  count), Textual running headless at 120×40; the least of ``STARTS`` (noise only adds).

The wide and title measures give the CPU seconds of the process beside the wall time:
on a machine shared with other work the wall time holds the waits for a core, the CPU
time does not (the game draws in one thread, so on an idle machine the two agree, bar
the waits for the disk of the autosave).

``main()`` prints a markdown table; ``benchmarks/bench.py`` includes it in RESULTS.md.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from frameclock import FrameClock, timed_key  # noqa: E402

from game.loader import load_content, prepare_game  # noqa: E402

TURNS = 8
#: a whole term of vraem-2022
WIDE_TURNS = 40
STARTS = 3
SIZE = (80, 24)
WIDE = (120, 40)
TARGETS = {"startup_s": 1.5, "end_turn_ms": 200.0, "wide_end_turn_ms": 150.0, "title_s": 1.0}

#: The child process of the start-up measure: ``balloon play`` as typed in a shell, with
#: Textual headless, printing the seconds since the parent launched it until the title's
#: last frame (and the CPU seconds until then), then leaving.
TITLE_CHILD = """
import sys, time
launched = float(sys.argv[1]) - time.time() + time.perf_counter()
sys.path.insert(0, %r)
from frameclock import FrameClock
from game.tui.app import BalloonApp
from game.tui.screens.title import TitleScreen

run = BalloonApp.run

def headless(self, **_):
    clock = FrameClock(self)
    async def until_title(pilot):
        while not isinstance(self.screen, TitleScreen):
            await pilot.pause()
        await pilot.pause()
        print(f"TITLE {clock.wall - launched} {clock.cpu}", flush=True)
        self.exit()
    return run(self, headless=True, size=(%d, %d), auto_pilot=until_title)

BalloonApp.run = headless
from game.cli import main
sys.exit(main(["play"]))
"""


async def startup_once(content, setup) -> float:  # type: ignore[no-untyped-def]
    from game.tui.app import BalloonApp
    from game.tui.screens.main import MainScreen

    start, cpu = time.perf_counter(), time.process_time()
    app = BalloonApp(setup, seed=1, start_directly=True, content=content)
    clock = FrameClock(app)
    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.screen, MainScreen):
            await pilot.pause()
        await pilot.pause()
        return clock.since(start, cpu)[0]


async def end_turns(  # type: ignore[no-untyped-def]
    content,
    setup,
    backs: list[float] | None = None,
    size=SIZE,
    turns: int = TURNS,
    cpu: list[float] | None = None,
    back_cpu: list[float] | None = None,
) -> list[float]:
    from game.tui.app import BalloonApp
    from game.tui.screens.event import EventScreen
    from game.tui.screens.main import MainScreen
    from game.tui.screens.report import ReportScreen

    times = []
    app = BalloonApp(setup, seed=1, start_directly=True, content=content)
    clock = FrameClock(app)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for _ in range(turns):
            while isinstance(app.screen, EventScreen):
                await pilot.press("1")
                await pilot.pause()
            if not isinstance(app.screen, MainScreen):
                break
            turn = app.game.turn
            wall, used = await timed_key(pilot, clock, "e")
            # the bench answers events before it ends a turn: none is asked first
            assert isinstance(app.screen, ReportScreen) and app.game.turn == turn + 1
            times.append(wall)
            if cpu is not None:
                cpu.append(used)
            wall, used = await timed_key(pilot, clock, "escape")
            if app.game.over:
                # the end screen, not the main screen: its last frame waits for the
                # status-quo futures played in a worker (it says so while they run)
                break
            if backs is not None:
                backs.append(wall)
            if back_cpu is not None:
                back_cpu.append(used)
    return times


async def help_opens(content, setup, times: int = 3) -> list[float]:  # type: ignore[no-untyped-def]
    from game.tui.app import BalloonApp
    from game.tui.screens.help import HelpScreen
    from game.tui.screens.main import MainScreen

    opened = []
    app = BalloonApp(setup, seed=1, start_directly=True, content=content)
    clock = FrameClock(app)
    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.screen, MainScreen):
            await pilot.pause()
        await pilot.pause()
        for _ in range(times):
            wall, _ = await timed_key(pilot, clock, "question_mark")
            assert isinstance(app.screen, HelpScreen)
            opened.append(wall)
            await pilot.press("escape")
            while not isinstance(app.screen, MainScreen):
                await pilot.pause()
            await pilot.pause()
    return opened


def title_once() -> tuple[float, float]:
    """Seconds from launching ``balloon play`` to the title's last frame, in a child, and
    the child's CPU seconds until then."""
    code = TITLE_CHILD % (str(ROOT / "benchmarks"), *WIDE)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    launched = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code, repr(launched)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("TITLE "))
    _, wall, cpu = line.split()
    return float(wall), float(cpu)


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
    wide_backs: list[float] = []
    wide_cpu: list[float] = []
    wide_back_cpu: list[float] = []
    wide = asyncio.run(
        end_turns(content, setup, wide_backs, WIDE, WIDE_TURNS, wide_cpu, wide_back_cpu)
    )
    titles = [title_once() for _ in range(STARTS)]
    return {
        "wide_end_turn_max_ms": max(wide) * 1000,
        "wide_end_turn_ms": statistics.median(wide) * 1000,
        "wide_end_turn_cpu_max_ms": max(wide_cpu) * 1000,
        "wide_back_max_ms": max(wide_backs) * 1000,
        "wide_back_cpu_max_ms": max(wide_back_cpu) * 1000,
        "title_s": min(t[0] for t in titles),
        "title_cpu_s": min(t[1] for t in titles),
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
        f"| end turn to the report at 120×40, slowest of {WIDE_TURNS} (median; slowest CPU)"
        f" | {r['wide_end_turn_max_ms']:.0f} ms ({r['wide_end_turn_ms']:.0f} ms;"
        f" {r['wide_end_turn_cpu_max_ms']:.0f} ms CPU)"
        f" | ≤ {TARGETS['wide_end_turn_ms']:.0f} ms"
        f" | {ok(r['wide_end_turn_max_ms'], TARGETS['wide_end_turn_ms'])} |",
        f"| report closed to main screen redrawn at 120×40, slowest of {WIDE_TURNS}"
        f" | {r['wide_back_max_ms']:.0f} ms ({r['wide_back_cpu_max_ms']:.0f} ms CPU)"
        f" | ≤ {TARGETS['wide_end_turn_ms']:.0f} ms"
        f" | {ok(r['wide_back_max_ms'], TARGETS['wide_end_turn_ms'])} |",
        f"| `balloon play` to the title, whole process (least of {STARTS})"
        f" | {r['title_s']:.2f} s ({r['title_cpu_s']:.2f} s CPU) | ≤ {TARGETS['title_s']:g} s"
        f" | {ok(r['title_s'], TARGETS['title_s'])} |",
    ]
    return "\n".join(rows)


def main() -> str:
    text = table(measure())
    print(text)
    return text


if __name__ == "__main__":
    main()
