"""Benchmark of saved games: save and load of a 40-quarter game, and the file's size.

Self-contained so that ``benchmarks/bench.py`` (``make bench``) can load it by path and
call ``main()``, which prints a markdown table. Targets from issue 4: save ≤ 100 ms and
load ≤ 100 ms. Load is timed with content already loaded and the scenario prepared (what
the game has in memory when a player loads), and includes every check a load makes.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tables import markdown_table, met  # noqa: E402

from game.loader import load_content, prepare_game  # noqa: E402
from game.saves import load_save, replay, save_game  # noqa: E402
from game.session import Game  # noqa: E402
from game.sim.strategy import load_strategy  # noqa: E402

SCENARIO = "vraem-2022"
STRATEGY = "eradicate-vraem"
QUARTERS = 40
REPEATS = 15
TARGET_MS = 100.0


def bench(repeats: int = REPEATS) -> dict[str, float]:
    """Times in milliseconds (median and worst of ``repeats``) and the size in bytes."""
    content = load_content()
    setup = prepare_game(content, SCENARIO)
    strategy = load_strategy(content, setup, STRATEGY)
    game = Game.new(setup, 1)
    for _ in range(QUARTERS):
        if game.over:
            break
        game.play(strategy.orders(game.state))
    saves, loads = [], []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.json"
        for _ in range(repeats):
            start = time.perf_counter()
            save_game(game, path)
            saves.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            loaded = load_save(path, content)
            loads.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        _, divergence = replay(loaded)
        replay_ms = (time.perf_counter() - start) * 1000
        size = path.stat().st_size
    return {
        "turns": float(game.turn),
        "save_ms": statistics.median(saves),
        "save_worst_ms": max(saves),
        "load_ms": statistics.median(loads),
        "load_worst_ms": max(loads),
        "replay_ms": replay_ms,
        "identical": float(divergence is None),
        "size_bytes": float(size),
    }


def main() -> int:
    r = bench()
    turns = int(r["turns"])

    rows = [
        (
            f"save a {turns}-quarter game (median / worst of {REPEATS})",
            f"{r['save_ms']:.1f} / {r['save_worst_ms']:.1f} ms",
            f"≤ {TARGET_MS:.0f} ms",
            met(r["save_ms"] <= TARGET_MS),
        ),
        (
            f"load and check it (median / worst of {REPEATS})",
            f"{r['load_ms']:.1f} / {r['load_worst_ms']:.1f} ms",
            f"≤ {TARGET_MS:.0f} ms",
            met(r["load_ms"] <= TARGET_MS),
        ),
        ("save file size", f"{r['size_bytes'] / 1024:.0f} KiB", "–", "–"),
        (
            "replay it from the start",
            f"{r['replay_ms']:.0f} ms, {'identical' if r['identical'] else 'NOT identical'}",
            "–",
            "–",
        ),
    ]
    print(markdown_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
