"""The model's own commands, timed as a teacher runs them: ``balloon evidence`` (every
evidence target, 200 paired runs each) and ``balloon hindcast`` (200 runs of peru-2013),
each the whole command in a child process, best of two (noise only adds)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tables import markdown_table, met

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"evidence_s": 60.0, "hindcast_s": 5.0}


def wall(*argv: str) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "game", *argv], check=True, cwd=ROOT, stdout=subprocess.DEVNULL
        )
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    evidence = wall("evidence", "--runs", "200")
    hindcast = wall("hindcast", "--scenario", "peru-2013", "--runs", "200")
    measured = [
        ("`balloon evidence` (every target, 200 paired runs)", evidence, "evidence_s"),
        ("`balloon hindcast --scenario peru-2013 --runs 200`", hindcast, "hindcast_s"),
    ]
    rows = [
        (label, f"{seconds:.1f} s", f"≤ {TARGETS[key]:.0f} s", met(seconds <= TARGETS[key]))
        for label, seconds, key in measured
    ]
    print(markdown_table(rows))


if __name__ == "__main__":
    main()
