"""Class studies, timed as a teacher runs them: the whole ``balloon simulate`` command in a
child process.

* **1,000,000 games × 40 quarters** (``--runs 1000000 --quiet``, default workers): wall
  time, CPU time of the command and its workers, and peak memory. Workers are forked, so
  their pages are shared with the parent until written: the sum of every process's peak
  resident set (``ru_maxrss``) counts shared pages twice and is an upper bound; the
  memory the study really holds is sampled meanwhile as the proportional set size
  (``Pss`` of ``/proc/PID/smaps_rollup``) summed over the command and its workers.
* **Workers 2 against 1 at 100,000 games**: wall and CPU seconds of each. The machine is
  shared, so each is the best of two, and the CPU seconds say whether a slow wall time
  was the machine's load or the work.

``--quick`` runs 100,000 games in place of the million (a minute, not several).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

from tables import markdown_table, met

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"wall_s": 90.0, "peak_mb": 500.0, "speedup": 1.6}
TURNS = 40


def tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (from /proc)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return found


def pss_mb(pids: list[int]) -> float:
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


def measure(runs: int, workers: int | None) -> dict[str, float]:
    """Wall s, CPU s and memory of one ``balloon simulate`` of ``runs`` games."""
    command = [sys.executable, "-m", "game", "simulate", "--runs", str(runs)]
    command += ["--turns", str(TURNS), "--quiet"]
    command += ["--workers", str(workers)] if workers else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = 0.0
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.25):
            peak = max(peak, pss_mb(tree(proc.pid)))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    rss = wait_with_rusage(proc)
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "pss": peak, "rss_sum": rss}


def wait_with_rusage(proc: subprocess.Popen) -> float:
    """Wait for ``proc``; the sum, in MB, of the peak RSS of it and each worker it forked.

    ``os.wait4`` gives the command's own peak including its reaped children's largest
    one; the workers' peaks are read from /proc while they live (``VmHWM``)."""
    peaks: dict[int, float] = {}
    while proc.poll() is None:
        for p in tree(proc.pid):
            try:
                for line in Path(f"/proc/{p}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks[p] = max(peaks.get(p, 0.0), int(line.split()[1]) / 1024)
            except OSError:
                continue
        time.sleep(0.25)
    if proc.returncode != 0:
        raise SystemExit(f"the command failed with exit status {proc.returncode}")
    return sum(peaks.values())


def best(times: int, runs: int, workers: int | None) -> dict[str, float]:
    results = [measure(runs, workers) for _ in range(times)]
    return min(results, key=lambda r: r["wall"])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100,000 games, not 1,000,000")
    args = parser.parse_args(argv if argv is not None else [])
    big = 100_000 if args.quick else 1_000_000
    one = best(2, 100_000, 1)
    two = best(2, 100_000, 2)
    large = measure(big, None)
    speedup = one["wall"] / two["wall"]

    rows = [
        (
            f"{big:,} games × {TURNS} quarters, whole command (default workers: "
            f"{min(os.cpu_count() or 1, big // 2000)} here)",
            f"{large['wall']:.1f} s (CPU {large['cpu']:.1f} s)",
            f"≤ {TARGETS['wall_s']:.0f} s",
            met(large["wall"] <= TARGETS["wall_s"]),
        ),
        (
            "its peak memory: command and workers, proportional set size (sum of peak RSS)",
            f"{large['pss']:.0f} MB ({large['rss_sum']:.0f} MB)",
            f"≤ {TARGETS['peak_mb']:.0f} MB",
            met(large["pss"] <= TARGETS["peak_mb"]),
        ),
        (
            "100,000 games, `--workers 1` (best of 2)",
            f"{one['wall']:.1f} s (CPU {one['cpu']:.1f} s)",
            "",
            "",
        ),
        (
            "100,000 games, `--workers 2` (best of 2)",
            f"{two['wall']:.1f} s (CPU {two['cpu']:.1f} s)",
            "",
            "",
        ),
        (
            "speed-up of 2 workers over 1 (wall)",
            f"{speedup:.2f}×",
            f"≥ {TARGETS['speedup']:g}×",
            met(speedup >= TARGETS["speedup"]),
        ),
    ]
    print(markdown_table(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
