"""The headless benchmark: ``make bench`` writes benchmarks/RESULTS.md.

What it measures, and why each way:

* **10,000 games × 40 quarters** of vraem-2022 as a person would run it: the whole
  ``balloon simulate --runs 10000 --quiet`` command in a child process, so start-up,
  content loading and calibration count. Peak memory is the child's maximum resident
  set size (``getrusage(RUSAGE_CHILDREN)``), measured before any other child runs. Wall
  times are the best of a few runs (noise only adds); alongside: the default workers,
  the start-up alone, and the command writing ``--json``/``--csv`` (with percentiles).
* **Per-game speed-up of the batch** over the same games played one at a time with
  runs = 1: playing all 10,000 singly would take minutes, so ``SINGLES`` games are timed
  and the per-game cost extrapolated; both sides run in this process, start-up excluded.
* **One turn of one game**: the median ``step`` of single games played as a player's
  game is (orders checked, the causal ledger kept); alongside, the same turn as a
  headless single game plays it (no ledger). Like the wall times, the least of three
  medians: a busy moment of the machine moves a whole pass, not single turns.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib.util
import io
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from tables import markdown_table, met  # noqa: E402

from game.engine import new_game, step  # noqa: E402
from game.loader import load_content, prepare_game  # noqa: E402
from game.sim.batch import default_workers, run_batch  # noqa: E402
from game.sim.strategy import load_strategy  # noqa: E402

RUNS = 10_000
TURNS = 40
SINGLES = 50
SCENARIO = "vraem-2022"
STRATEGY = "status-quo"
TARGETS = {"wall_s": 1.5, "speedup": 50.0, "peak_mb": 500.0, "turn_ms": 1.0}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} CPU(s), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, numpy {np.__version__}"
    )


def whole_command(
    workers: int | None, runs: int = RUNS, turns: int = TURNS, *extra: str
) -> tuple[float, float]:
    """Wall seconds and peak MB of ``balloon simulate --runs 10000 --quiet`` in a child.

    The peak is the largest of all children so far, so the first call measures it.
    """
    command = [sys.executable, "-m", "game", "simulate", "--scenario", SCENARIO]
    command += ["--strategy", STRATEGY, "--runs", str(runs), "--turns", str(turns), "--quiet"]
    command += ["--workers", str(workers)] if workers else []
    command += list(extra)
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT)
    wall = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, peak_kb / 1024


def best_of(times: int, measure) -> float:
    """The least of a few wall times: the machine's noise only ever adds."""
    return min(measure()[0] for _ in range(times))


def batch_and_singles() -> tuple[float, float, float, float]:
    """Seconds per game in a batch, per game played alone, and the median single turn
    with and without the ledger.

    Both sides of the speed-up play as ``balloon simulate`` does (no ledger, no series),
    the batch with 10,000 runs and the singles with runs = 1. The turn is timed as a
    player's game plays it: checked orders and the causal ledger kept for the report.
    """
    content = load_content()
    setup = prepare_game(content, SCENARIO)
    strategy = load_strategy(content, setup, STRATEGY)
    seeds = np.arange(1, RUNS + 1)
    start = time.perf_counter()
    run_batch(setup, strategy, seeds, TURNS, series=False)
    batch_per_game = (time.perf_counter() - start) / RUNS

    start = time.perf_counter()
    for seed in seeds[:SINGLES]:
        run_batch(setup, strategy, [seed], TURNS, series=False)
    single_per_game = (time.perf_counter() - start) / SINGLES

    def median_turn(record: bool) -> float:
        return min(one_pass(record) for _ in range(3))

    def one_pass(record: bool) -> float:
        times: list[float] = []
        for seed in seeds[:SINGLES]:
            state = new_game(
                setup.world, setup.events, [seed], setup.start_orders, setup.difficulty
            )
            for _ in range(TURNS):
                orders = strategy.orders(state)
                t0 = time.perf_counter()
                state = step(setup.world, setup.events, state, orders, record=record).state
                times.append(time.perf_counter() - t0)
        return statistics.median(times)

    return batch_per_game, single_per_game, median_turn(True), median_turn(False)


def section(file_name: str, title: str) -> list[str]:
    """Run another benchmark script's ``main()`` and return its table as a section."""
    path = ROOT / "benchmarks" / file_name
    if not path.exists():
        return []
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    captured = io.StringIO()
    with contextlib.redirect_stdout(captured):
        module.main()
    return [f"## {title} (benchmarks/{file_name})", "", captured.getvalue().strip(), ""]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--workers", type=int, default=None, help="--workers of the big command (default: auto)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md")
    args = parser.parse_args()

    wall, peak = whole_command(args.workers)
    wall = min(wall, best_of(2, lambda: whole_command(args.workers)))
    one_process = best_of(3, lambda: whole_command(1))
    startup = best_of(3, lambda: whole_command(1, 1, 1))
    # the outputs go to regular files: the command refuses devices such as /dev/null
    with tempfile.TemporaryDirectory() as out:
        json_out, csv_out = str(Path(out) / "runs.json"), str(Path(out) / "runs.csv")
        with_files = best_of(
            1,
            lambda: whole_command(args.workers, RUNS, TURNS, "--json", json_out, "--csv", csv_out),
        )
    batch_game, single_game, turn, headless_turn = batch_and_singles()
    speedup = single_game / batch_game
    workers = f"`--workers {args.workers}`" if args.workers else "default workers"
    rows = [
        (
            f"{RUNS:,} games × {TURNS} quarters, whole command ({workers}: "
            f"{args.workers or default_workers(RUNS)} here)",
            f"{wall:.2f} s",
            f"≤ {TARGETS['wall_s']:g} s",
            met(wall <= TARGETS["wall_s"]),
        ),
        ("the same in one process (`--workers 1`)", f"{one_process:.2f} s", "", ""),
        (
            "of which start-up: imports, content, calibration (1 game × 1 quarter)",
            f"{startup:.2f} s",
            "",
            "",
        ),
        (
            "the same with `--json` and `--csv` (adds per-quarter percentiles)",
            f"{with_files:.2f} s",
            "",
            "",
        ),
        (
            f"peak memory of the {RUNS:,}-game command",
            f"{peak:.0f} MB",
            f"≤ {TARGETS['peak_mb']:.0f} MB",
            met(peak <= TARGETS["peak_mb"]),
        ),
        (
            f"per-game speed-up of the batch over {SINGLES} single games",
            f"{speedup:.0f}× ({batch_game * 1e3:.3f} ms vs {single_game * 1e3:.1f} ms a game)",
            f"≥ {TARGETS['speedup']:.0f}×",
            met(speedup >= TARGETS["speedup"]),
        ),
        (
            "one turn of one game (median; orders checked, ledger kept, as in the TUI)",
            f"{turn * 1e3:.2f} ms",
            f"≤ {TARGETS['turn_ms']:g} ms",
            met(turn * 1e3 <= TARGETS["turn_ms"]),
        ),
        ("the same turn played headless (no ledger)", f"{headless_turn * 1e3:.2f} ms", "", ""),
    ]
    lines = [
        "# Benchmark results",
        "",
        f"- date: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine: {machine()}",
        f"- scenario `{SCENARIO}`, strategy `{STRATEGY}`; written by `make bench`",
        "",
        markdown_table(rows),
        "",
    ]
    lines += section("bench_model.py", "The model's commands")
    lines += section("bench_saves.py", "Saves")
    lines += section("bench_tui.py", "TUI")
    lines += section("bench_flows.py", "The map's flows overlay")
    lines += section("bench_debrief.py", "The debrief")
    lines += section("bench_sensitivity.py", "Sensitivity")
    lines += section("bench_serve.py", "In the browser (balloon serve)")
    lines += section("bench_studies.py", "Class studies")
    text = "\n".join(lines)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
