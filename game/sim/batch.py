"""Batch runs: one strategy, many seeded games at once, summarised turn by turn.

Runs are the engine's first array axis, so a batch is one game's code with a longer
axis. What is kept is small whatever the number of runs: per turn, the mean and the
10th and 90th percentiles of every metric by region and nationally; at the last turn,
every run's value.

Why workers stream whole per-turn tables back to the parent instead of partial summaries:
means and quantiles of parts do not combine bit for bit into those of the whole (float
sums depend on their order; quantiles need the order statistics of all runs). Run *i*
always plays with seed ``S + i`` whatever batch it sits in, so the parent can rebuild each
turn's full table from the workers' slices and summarise it exactly as one process would.
Only one turn's table is held at a time, so memory stays flat in the number of turns.
"""

from __future__ import annotations

import multiprocessing
import queue as queue_module
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..engine import State, new_game, step
from ..engine.indicators import METRICS, NATIONAL_ONLY, national_metric, region_metric
from ..engine.score import final_score
from ..loader import GameSetup
from .strategy import Strategy

NATIONAL = "national"
METRIC_NAMES: tuple[str, ...] = tuple(METRICS)
QUANTILES = (0.1, 0.9)


def metric_table(state: State) -> np.ndarray:
    """(runs, metrics, regions + 1) with the national value last; NaN where not defined."""
    runs, regions = state.runs, state.coca_ha.shape[1]
    table = np.full((runs, len(METRICS), regions + 1), np.nan)
    for m, metric in enumerate(METRICS):
        if metric not in NATIONAL_ONLY:
            table[:, m, :regions] = region_metric(state, metric)
        table[:, m, regions] = national_metric(state, metric)
    return table


@dataclass
class BatchResult:
    """Summaries of a batch: ``mean``/``p10``/``p90`` are (turns + 1, metrics, regions + 1)."""

    region_ids: tuple[str, ...]
    seeds: np.ndarray
    mean: np.ndarray
    p10: np.ndarray
    p90: np.ndarray
    final: np.ndarray  # (runs, metrics, regions + 1)
    score: np.ndarray  # (runs,)
    ended_turn: np.ndarray  # (runs,)
    end_reason: np.ndarray  # (runs,)
    final_state: State

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.region_ids, NATIONAL)

    @property
    def runs(self) -> int:
        return int(self.final.shape[0])

    @property
    def turns(self) -> int:
        return int(self.mean.shape[0]) - 1

    def series(self, metric: str, column: str = NATIONAL) -> np.ndarray:
        return self.mean[:, METRIC_NAMES.index(metric), self.columns.index(column)]

    def band(self, metric: str, column: str = NATIONAL) -> tuple[np.ndarray, np.ndarray]:
        m, c = METRIC_NAMES.index(metric), self.columns.index(column)
        return self.p10[:, m, c], self.p90[:, m, c]

    def final_values(self, metric: str, column: str = NATIONAL) -> np.ndarray:
        return self.final[:, METRIC_NAMES.index(metric), self.columns.index(column)]


def lerp_quantiles(table: np.ndarray, qs: tuple[float, ...]) -> list[np.ndarray]:
    """Quantiles along axis 0 with numpy's default ("linear") method, bit for bit.

    ``np.quantile`` over a (runs, cells) table partitions a transposed copy once per
    call; partitioning once for all wanted order statistics is several times faster,
    and the interpolation below is numpy's own ``_lerp`` so the values are identical.
    """
    n = table.shape[0]
    cells = np.ascontiguousarray(table.reshape(n, -1).T)
    points = []
    for q in qs:
        h = q * (n - 1)
        lo = int(np.floor(h))
        points.append((lo, min(lo + 1, n - 1), h - lo))
    kth = sorted({k for lo, hi, _ in points for k in (lo, hi)})
    part = np.partition(cells, kth, axis=1)
    out = []
    for lo, hi, t in points:
        a, b = part[:, lo], part[:, hi]
        diff = b - a
        value = a + diff * t
        if t >= 0.5:
            value = b - diff * (1 - t)
        out.append(value.reshape(table.shape[1:]))
    return out


def summarise(table: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean, p10 and p90 over runs of a (runs, metrics, columns) table; NaN cells stay NaN."""
    defined = ~np.isnan(table[0])
    mean = table.mean(axis=0)
    p10 = np.full(table.shape[1:], np.nan)
    p90 = p10.copy()
    p10[defined], p90[defined] = lerp_quantiles(table[:, defined], QUANTILES)
    return mean, p10, p90


def play(
    setup: GameSetup,
    strategy: Strategy,
    seeds: np.ndarray,
    turns: int,
    state: State | None,
    on_table: Callable[[np.ndarray], None],
) -> State:
    """Play the runs, handing each turn's metric table (turn 0 included) to ``on_table``."""
    world, events = setup.world, setup.events
    if state is None:
        state = new_game(world, events, seeds, setup.start_orders, setup.difficulty)
    on_table(metric_table(state))
    for _ in range(turns):
        state = step(world, events, state, strategy.orders(state)).state
        on_table(metric_table(state))
    return state


def run_batch(
    setup: GameSetup,
    strategy: Strategy,
    seeds: np.ndarray | list[int],
    turns: int,
    state: State | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
) -> BatchResult:
    """Play ``turns`` quarters of ``strategy`` for every seed (or from ``state``).

    With ``workers > 1`` the runs are split into contiguous slices played in separate
    processes; the result is identical to ``workers == 1``.
    """
    seeds = np.asarray(seeds)
    stats: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def collect(table: np.ndarray) -> None:
        stats.append(summarise(table))
        if progress is not None and len(stats) > 1:
            progress(1)

    runs = state.runs if state is not None else len(seeds)
    workers = max(1, min(workers, runs))
    if workers == 1:
        final_state = play(setup, strategy, seeds, turns, state, collect)
    else:
        final_state = play_parallel(strategy, seeds, turns, state, workers, collect)
    mean, p10, p90 = (np.stack(parts) for parts in zip(*stats, strict=True))
    return BatchResult(
        region_ids=setup.world.region_ids,
        seeds=seeds,
        mean=mean,
        p10=p10,
        p90=p90,
        final=metric_table(final_state),
        score=final_score(final_state),
        ended_turn=final_state.ended_turn.copy(),
        end_reason=final_state.end_reason.copy(),
        final_state=final_state,
    )


class WorkerFailed(RuntimeError):
    """A worker process raised or died; the message says which and why."""


def _worker(
    strategy: Strategy, seeds: np.ndarray, turns: int, state: State | None, out
) -> None:  # pragma: no cover - runs in a child process
    """Play one slice of the runs, streaming each turn's table, then the final state."""
    try:
        final = play(strategy.setup, strategy, seeds, turns, state, lambda t: out.put(("t", t)))
        out.put(("end", final))
    except BaseException as exc:
        out.put(("error", f"{type(exc).__name__}: {exc}"))


def play_parallel(
    strategy: Strategy,
    seeds: np.ndarray,
    turns: int,
    state: State | None,
    workers: int,
    on_table: Callable[[np.ndarray], None],
) -> State:
    """Play slices of the runs in ``workers`` processes and join them turn by turn.

    Spawned (not forked) processes: forking a parent that may hold threads (Rich's
    progress refresh, a Textual app) can deadlock, and spawn behaves the same everywhere.
    """
    ctx = multiprocessing.get_context("spawn")
    runs = state.runs if state is not None else len(seeds)
    slices = np.array_split(np.arange(runs), workers)
    queues = [ctx.Queue(maxsize=4) for _ in slices]
    procs = []
    for rows, q in zip(slices, queues, strict=True):
        part = state.take(rows) if state is not None else None
        proc = ctx.Process(
            target=_worker, args=(strategy, seeds[rows] if state is None else seeds, turns, part, q)
        )
        proc.daemon = True
        proc.start()
        procs.append(proc)
    try:
        for _ in range(turns + 1):
            on_table(
                np.concatenate([_receive(q, p, "t") for q, p in zip(queues, procs, strict=True)])
            )
        finals = [_receive(q, p, "end") for q, p in zip(queues, procs, strict=True)]
    finally:
        for proc in procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.terminate()
    return State.concat(finals)


def _receive(q, proc, kind: str):
    """The next message of ``kind`` from a worker; raise if it failed or died."""
    while True:
        try:
            tag, payload = q.get(timeout=0.5)
        except queue_module.Empty:
            if not proc.is_alive():
                raise WorkerFailed(f"a worker stopped (exit code {proc.exitcode})") from None
            continue
        if tag == "error":
            raise WorkerFailed(f"a worker failed: {payload}")
        if tag != kind:
            raise WorkerFailed(f"a worker sent {tag!r} where {kind!r} was expected")
        return payload
