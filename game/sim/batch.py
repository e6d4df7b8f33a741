"""Batch runs: one strategy, many seeded games at once, summarised turn by turn.

Runs are the engine's first array axis, so a batch is one game's code with a longer
axis. What is kept is small whatever the number of runs: per turn, the mean of every
metric by region and nationally (and, when asked for, the 10th and 90th percentiles);
at the last turn, every run's value; and every run's final score, played on past the
last turn by the same loop as a single game's (``engine.final``).

Results do not depend on how the runs are split over worker processes:

* Run *i* always plays with seed ``S + i`` whatever batch it sits in.
* Means are built from sums over fixed blocks of ``BLOCK`` runs, added in block order.
  Workers get whole blocks, so each block's sum is computed on the same numbers in the
  same order whichever process holds it, and the parent adds the blocks as one process
  would. (Means of parts would not combine bit for bit: float sums depend on order.)
* Quantiles need the order statistics of all runs, so when bands are asked for, workers
  stream each turn's whole table and the parent summarises it. Only one turn's table is
  held at a time, so memory stays flat in the number of turns. Bands are the expensive
  part of a summary, so they are computed only when an output needs them.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue as queue_module
import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..engine import Orders, State, new_game, step
from ..engine.final import PLAY_ON_QUARTERS, final_score
from ..engine.metrics import COLLECTED, national_metric, region_metric
from ..errors import USER_ERRORS, UsageError
from ..loader import GameSetup
from .firings import FiringLog, Firings
from .sizes import BLOCK
from .strategy import Strategy

NATIONAL = "national"
#: The keys of the summary tables' metric axis, in the registry's order.
METRIC_NAMES: tuple[str, ...] = tuple(m.key for m in COLLECTED)
QUANTILES = (0.1, 0.9)
#: Fewer runs than this per worker are not worth a process.
RUNS_PER_WORKER = 2_000


def metric_columns(state: State) -> np.ndarray:
    """(metrics, regions + 1, runs) with the national value last; NaN where not defined.

    Runs last, so each cell's values over runs are one contiguous row: written in one
    piece, summed by blocks and partitioned for percentiles without a transposed copy.
    """
    runs, regions = state.runs, state.coca_ha.shape[1]
    columns = np.empty((len(COLLECTED), regions + 1, runs))
    for m, metric in enumerate(COLLECTED):
        if metric.regional:
            columns[m, :regions] = region_metric(state, metric.key).T
        else:
            columns[m, :regions] = np.nan
        columns[m, regions] = national_metric(state, metric.key)
    return columns


def metric_table(state: State) -> np.ndarray:
    """(runs, metrics, regions + 1): ``metric_columns`` with runs first."""
    return np.ascontiguousarray(metric_columns(state).transpose(2, 0, 1))


def block_count(runs: int) -> int:
    """How many blocks of ``BLOCK`` runs (the last may be short) hold ``runs``."""
    return -(-runs // BLOCK)


def block_sums(columns: np.ndarray) -> list[np.ndarray]:
    """Sums over runs (the last axis) of each block of ``BLOCK`` runs, in order."""
    runs = columns.shape[-1]
    return [columns[..., start : start + BLOCK].sum(axis=-1) for start in range(0, runs, BLOCK)]


def mean_of_blocks(sums: list[np.ndarray], runs: int) -> np.ndarray:
    total = sums[0].copy()
    for part in sums[1:]:
        total += part
    return total / runs


@dataclass
class TurnSummary:
    """What one turn contributes to the summary: block sums, and the table if bands are on."""

    sums: list[np.ndarray]
    columns: np.ndarray | None  # (metrics, regions + 1, runs)

    @classmethod
    def of(cls, state: State, bands: bool) -> TurnSummary:
        columns = metric_columns(state)
        return cls(block_sums(columns), columns if bands else None)

    @classmethod
    def join(cls, parts: list[TurnSummary | None]) -> TurnSummary | None:
        if any(part is None for part in parts):
            return None
        sums = [s for part in parts for s in part.sums]  # type: ignore[union-attr]
        columns = [part.columns for part in parts]  # type: ignore[union-attr]
        if any(c is None for c in columns):
            return cls(sums, None)
        return cls(sums, np.concatenate(columns, axis=-1))  # type: ignore[arg-type]


def summariser(series: bool, bands: bool) -> Callable[[State], TurnSummary | None]:
    """What to keep of each turn's state: the first is always summarised (its means are
    the start column of a summary table); later turns only when ``series`` is on.
    ``run_batch`` turns ``bands`` off with ``series``."""
    first = True

    def summarise(state: State) -> TurnSummary | None:
        nonlocal first
        keep, first = first or series, False
        return TurnSummary.of(state, bands) if keep else None

    return summarise


@dataclass
class BatchResult:
    """Summaries of a batch: ``mean`` (and ``p10``/``p90`` if asked for) are
    (turns + 1, metrics, regions + 1), or (1, …) when only the start was kept."""

    region_ids: tuple[str, ...]
    seeds: np.ndarray
    turns: int
    mean: np.ndarray
    p10: np.ndarray | None
    p90: np.ndarray | None
    final: np.ndarray  # (runs, metrics, regions + 1)
    score: np.ndarray  # (runs,) final score (engine.final), the batch's turns as the term
    ended_turn: np.ndarray  # (runs,)
    end_reason: np.ndarray  # (runs,)
    final_state: State
    fired: Firings  # which events fired in which run and quarter

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.region_ids, NATIONAL)

    @property
    def runs(self) -> int:
        return int(self.final.shape[0])

    def series(self, metric: str, column: str = NATIONAL) -> np.ndarray:
        if self.mean.shape[0] != self.turns + 1:
            raise ValueError("this batch kept no per-quarter series (run_batch(..., series=True))")
        return self.mean[:, METRIC_NAMES.index(metric), self.columns.index(column)]

    def band(self, metric: str, column: str = NATIONAL) -> tuple[np.ndarray, np.ndarray]:
        if self.p10 is None or self.p90 is None:
            raise ValueError("this batch was run without bands (run_batch(..., bands=True))")
        m, c = METRIC_NAMES.index(metric), self.columns.index(column)
        return self.p10[:, m, c], self.p90[:, m, c]

    def final_values(self, metric: str, column: str = NATIONAL) -> np.ndarray:
        return self.final[:, METRIC_NAMES.index(metric), self.columns.index(column)]


def lerp_quantiles(cells: np.ndarray, qs: tuple[float, ...]) -> list[np.ndarray]:
    """Quantiles along the last axis with numpy's default ("linear") method, bit for bit.

    ``np.quantile`` partitions a copy once per call; finding only the wanted order
    statistics (``order_statistics``) is several times faster, and the interpolation below
    is numpy's own ``_lerp`` so the values are identical.
    """
    n = cells.shape[-1]
    rows = np.ascontiguousarray(cells.reshape(-1, n))
    points = []
    for q in qs:
        h = q * (n - 1)
        lo = int(np.floor(h))
        points.append((lo, min(lo + 1, n - 1), h - lo))
    ranked = order_statistics(rows, [k for lo, hi, _ in points for k in (lo, hi)])
    out = []
    for lo, hi, t in points:
        a, b = ranked[lo], ranked[hi]
        diff = b - a
        value = a + diff * t
        if t >= 0.5:
            value = b - diff * (1 - t)
        out.append(value.reshape(cells.shape[:-1]))
    return out


def order_statistics(rows: np.ndarray, ranks: list[int]) -> dict[int, np.ndarray]:
    """Each row's k-th smallest value (0-based) for every k in ``ranks``.

    One partition per rank, each on what lies right of the last rank partitioned at; a
    rank just above that one is the minimum of what lies right of it. numpy's
    ``partition`` given several ranks at once is about four times slower than given one.
    """
    found: dict[int, np.ndarray] = {}
    rest, first = rows, 0  # rest holds the values of ranks first, first + 1, ... (unordered)
    for k in sorted(set(ranks)):
        if k == first:
            found[k] = rest.min(axis=1)
            continue
        part = np.partition(rest, k - first, axis=1)
        found[k] = part[:, k - first]
        rest, first = part[:, k - first + 1 :], k + 1
    return found


def quantile_bands(columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """p10 and p90 over runs (the last axis); NaN cells stay NaN."""
    defined = ~np.isnan(columns[..., 0])
    p10 = np.full(columns.shape[:-1], np.nan)
    p90 = p10.copy()
    p10[defined], p90[defined] = lerp_quantiles(columns[defined], QUANTILES)
    return p10, p90


def play(
    setup: GameSetup,
    strategy: Strategy,
    seeds: np.ndarray,
    turns: int,
    state: State | None,
    on_turn: Callable[[State], None],
) -> tuple[State, np.ndarray, Firings]:
    """Play the runs, handing each turn's state (turn 0 included) to ``on_turn``.

    Returns the state after ``turns`` quarters, each run's final score (the play-on
    holds the strategy's orders of the last quarter played, as a single game holds its
    player's last orders, ``session.Game.final_score``, so run *i* scores as that game)
    and the events that fired in the quarters played.
    """
    world, events = setup.world, setup.events
    if state is None:
        state = new_game(world, events, seeds, setup.start_orders, setup.difficulty)
    log = FiringLog(state.runs, state.turn, tuple(e.id for e in events.events))
    on_turn(state)
    orders: Orders | None = None
    for _ in range(turns):
        orders = strategy.orders(state)
        state = step(world, events, state, orders, record=False).state
        log.add(state)
        on_turn(state)
    last = orders if orders is not None else strategy.orders(state)
    return state, final_score(world, events, state, last, state.turn), log.done(state)


def default_workers(runs: int) -> int:
    """As many processes as cores, but none with fewer than ``RUNS_PER_WORKER`` runs."""
    return max(1, min(os.cpu_count() or 1, runs // RUNS_PER_WORKER))


def run_batch(
    setup: GameSetup,
    strategy: Strategy,
    seeds: np.ndarray | list[int],
    turns: int,
    state: State | None = None,
    progress: Callable[[int], None] | None = None,
    workers: int = 1,
    bands: bool = True,
    series: bool = True,
) -> BatchResult:
    """Play ``turns`` quarters of ``strategy`` for every seed (or from ``state``).

    With ``workers > 1`` the runs are split into slices of whole blocks played in
    separate processes; the result is identical to ``workers == 1``. ``progress`` is
    told of every quarter played: each of the ``turns``, then the play-on at once.
    ``bands=False`` skips the per-turn percentiles, which cost more than the rest of the
    summary; ``series=False`` keeps no per-turn summary but the start's means (no bands
    either): a table of final values, or a comparison, reads nothing else.
    """
    seeds = np.asarray(seeds)
    runs = state.runs if state is not None else len(seeds)
    means: list[np.ndarray] = []
    lows: list[np.ndarray] = []
    highs: list[np.ndarray] = []
    bands = bands and series
    seen = 0

    def collect(summary: TurnSummary | None) -> None:
        nonlocal seen
        seen += 1
        if summary is not None:
            means.append(mean_of_blocks(summary.sums, runs))
        if summary is not None and summary.columns is not None:
            low, high = quantile_bands(summary.columns)
            lows.append(low)
            highs.append(high)
        if progress is not None and seen > 1:
            progress(1)

    workers = max(1, min(workers, block_count(runs)))
    if workers == 1:
        summarise = summariser(series, bands)
        final_state, score, fired = play(
            setup, strategy, seeds, turns, state, lambda s: collect(summarise(s))
        )
    else:
        final_state, score, fired = play_parallel(
            strategy, seeds, turns, state, workers, series, bands, collect
        )
    if progress is not None:
        progress(PLAY_ON_QUARTERS)
    return BatchResult(
        region_ids=setup.world.region_ids,
        seeds=seeds,
        turns=turns,
        mean=np.stack(means),
        p10=np.stack(lows) if bands else None,
        p90=np.stack(highs) if bands else None,
        final=metric_table(final_state),
        score=score,
        ended_turn=final_state.ended_turn.copy(),
        end_reason=final_state.end_reason.copy(),
        final_state=final_state,
        fired=fired,
    )


class WorkerFailed(RuntimeError):
    """A worker process raised or died; the message says which and why."""


def _worker(
    strategy: Strategy,
    seeds: np.ndarray,
    turns: int,
    state: State | None,
    series: bool,
    bands: bool,
    out,
    numpy_errors: dict[str, str] | None = None,
) -> None:  # pragma: no cover - runs in a child process
    """Play one slice of the runs, streaming each turn's summary (or a bare tick, for the
    progress bar, when none is kept), then the final state and scores.

    An error the person can fix (orders refused in some run) is sent back as itself, to
    be raised again in the parent: the same one line as without workers. Anything else
    is a bug, sent as its name and message. The parent's numpy error handling is kept,
    so a spawned worker warns (or keeps quiet) exactly as the parent would.
    """
    if numpy_errors is not None:
        np.seterr(**numpy_errors)
    try:
        summarise = summariser(series, bands)
        played = play(
            strategy.setup, strategy, seeds, turns, state, lambda s: out.put(("t", summarise(s)))
        )
        out.put(("end", played))
    except USER_ERRORS as exc:
        out.put(("user-error", sendable(exc)))
    except BaseException as exc:
        out.put(("error", f"{type(exc).__name__}: {exc}"))


def sendable(error: Exception) -> Exception:
    """``error`` if it survives pickling (to cross to the parent), else a ``UsageError``
    with its message: a user error reaches the person as one line either way."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return UsageError(str(error))
    return error


def start_method() -> str:
    """Fork when it is safe, spawn otherwise.

    A forked worker starts at once with the content loaded and calibrated; a spawned one
    imports and prepares everything again (about a second). Forking a process that runs
    other threads (a Textual app, a progress bar refreshing itself) can deadlock on a
    lock one of them held, so then, and where fork does not exist, workers are spawned.
    """
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def worker_slices(runs: int, workers: int) -> list[np.ndarray]:
    """Contiguous slices of whole blocks, as even as blocks allow."""
    blocks = np.array_split(np.arange(block_count(runs)), workers)
    return [np.arange(b[0] * BLOCK, min((b[-1] + 1) * BLOCK, runs)) for b in blocks if len(b)]


def play_parallel(
    strategy: Strategy,
    seeds: np.ndarray,
    turns: int,
    state: State | None,
    workers: int,
    series: bool,
    bands: bool,
    on_turn: Callable[[TurnSummary | None], None],
) -> tuple[State, np.ndarray, Firings]:
    """Play slices of the runs in ``workers`` processes and join them turn by turn; the
    final states, scores and firings are joined in the order of the slices."""
    ctx = multiprocessing.get_context(start_method())
    runs = state.runs if state is not None else len(seeds)
    slices = worker_slices(runs, workers)
    queues = [ctx.Queue(maxsize=4) for _ in slices]
    procs = []
    for rows, q in zip(slices, queues, strict=True):
        part = state.take(rows) if state is not None else None
        args = (strategy, seeds[rows] if state is None else seeds, turns, part, series, bands, q)
        proc = ctx.Process(target=_worker, args=(*args, np.geterr()))
        proc.daemon = True
        proc.start()
        procs.append(proc)
    try:
        for _ in range(turns + 1):
            on_turn(
                TurnSummary.join([_receive(q, p, "t") for q, p in zip(queues, procs, strict=True)])
            )
        finals = [_receive(q, p, "end") for q, p in zip(queues, procs, strict=True)]
    except BaseException:
        for proc in procs:  # the others are not waited for: their results are not wanted
            proc.terminate()
        raise
    finally:
        for proc in procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.terminate()
    return (
        State.concat([f for f, _, _ in finals]),
        np.concatenate([s for _, s, _ in finals]),
        Firings.join([e for _, _, e in finals]),
    )


def _receive(q, proc, kind: str):
    """The next message of ``kind`` from a worker; raise if it failed or died."""
    while True:
        try:
            tag, payload = q.get(timeout=0.5)
        except queue_module.Empty:
            if not proc.is_alive():
                raise WorkerFailed(f"a worker stopped (exit code {proc.exitcode})") from None
            continue
        if tag == "user-error":
            raise payload
        if tag == "error":
            raise WorkerFailed(f"a worker failed: {payload}")
        if tag != kind:
            raise WorkerFailed(f"a worker sent {tag!r} where {kind!r} was expected")
        return payload
