"""Class studies: many strategies, up to a million games each, in flat memory.

A batch (``sim.batch``) holds every run's state at once, about 16 KB a game, so a million
games would need 16 GB. A study plays a batch in *chunks*: contiguous ranges of run
indices, each played from its own seeds (run *i* always plays seed ``S + i``), so the
engine is unchanged and a chunk can be played anywhere: in this process, in a local pool
of worker processes, or on a Dask cluster (``executor``). At most about ``chunk`` games
are in play at once, over all workers.

What does not depend on the chunking:

* **Means** are sums over fixed blocks of ``BLOCK`` runs added in block order (as in
  ``sim.batch``). Chunks are whole blocks and are merged in order, so every mean is bit
  for bit the one an unchunked batch gives.
* **Per-run values** (final values, score, end, events) are each run's own.
* **Counts** (how often A beats B, games ended early, events a game) are exact.

What is estimated when a batch is large: **percentiles**. An exact percentile needs every
run's value at once. Above ``FINAL_SAMPLE`` runs, the percentiles of the final values
(the summary tables, compare's medians) are those of a systematic sample: every k-th run
(run 0, k, 2k, ...), ``FINAL_SAMPLE`` runs at most. The per-quarter p10/p90 bands of the
JSON and CSV need every quarter's values, so above ``BAND_SAMPLE`` runs they come from
a smaller sample of the same kind. Runs are independent draws of the same game, so every
k-th run is a simple random sample of them; the sample does not depend on the chunking
either. Every output says when it holds estimates (``StudyResult.sampling_note``), and
``--parquet`` keeps every run's exact final values for anyone who needs exact ones.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from ..engine.final import PLAY_ON_QUARTERS
from ..errors import USER_ERRORS
from ..loader import GameSetup
from .batch import (
    METRIC_NAMES,
    NATIONAL,
    BatchResult,
    block_sums,
    metric_columns,
    metric_table,
    play,
    quantile_bands,
    run_batch,
    sendable,
    start_method,
)
from .firings import Firings
from .sizes import BLOCK, CHUNK, PIECE
from .strategy import Strategy

#: Percentiles of final values are exact up to this many runs, then from a sample this big.
FINAL_SAMPLE = 32_768
#: Per-quarter bands are exact up to this many runs (or one chunk), then from this sample:
#: every quarter of every sampled run is kept, (quarters + 1) × cells × runs numbers.
BAND_SAMPLE = 2_048


@dataclass(frozen=True)
class Sampling:
    """Every ``stride``-th run of ``runs``: all of them when ``stride`` is 1."""

    runs: int
    stride: int

    @classmethod
    def of(cls, runs: int, size: int) -> Sampling:
        return cls(runs, max(1, -(-runs // size)))

    @property
    def exact(self) -> bool:
        return self.stride == 1

    @property
    def size(self) -> int:
        return len(range(0, self.runs, self.stride))

    def local(self, first: int, count: int) -> np.ndarray:
        """Indices, within runs ``first`` .. ``first + count - 1``, of the sampled runs."""
        return np.arange((-first) % self.stride, count, self.stride)


def chunk_ranges(runs: int, size: int) -> list[tuple[int, int]]:
    """(first run, count) of consecutive chunks of ``size`` runs (whole blocks)."""
    size = max(BLOCK, size // BLOCK * BLOCK)
    return [(first, min(size, runs - first)) for first in range(0, runs, size)]


@dataclass
class Piece:
    """A chunk of one strategy's runs, as played: what every summary and file needs."""

    strategy: int  # index into the study's strategies
    first: int  # the chunk's first run index
    final: np.ndarray  # (runs, metrics, regions + 1) at the last turn
    score: np.ndarray  # (runs,)
    ended_turn: np.ndarray  # (runs,)
    end_reason: np.ndarray  # (runs,)
    fired: Firings
    #: per kept quarter, the block sums of every cell (None: a whole batch's means instead)
    sums: list[list[np.ndarray]] | None = None
    #: (kept quarters, metrics, regions + 1, sampled runs of this chunk) for the bands
    band_rows: np.ndarray | None = None

    @property
    def runs(self) -> int:
        return int(self.score.shape[0])


def play_chunk(
    strategy: Strategy,
    index: int,
    seed: int,
    first: int,
    count: int,
    turns: int,
    series: bool,
    band_stride: int | None,
    numpy_errors: dict[str, str] | None = None,
) -> Piece:
    """Play runs ``first`` .. ``first + count - 1`` (seeds ``seed + i``) of ``strategy``.

    A plain function of picklable arguments, so that a worker process or a Dask worker
    can run it: everything it needs travels with the strategy (its setup included).
    An error the person can fix comes back as itself, to be one line in the parent.
    """
    if numpy_errors is not None:
        np.seterr(**numpy_errors)
    seeds = np.arange(seed + first, seed + first + count)
    sums: list[list[np.ndarray]] = []
    rows: list[np.ndarray] = []
    sampled = None if band_stride is None else Sampling(first + count, band_stride)
    local = None if sampled is None else sampled.local(first, count)

    def on_turn(state) -> None:
        if sums and not series:
            return  # the start's means are always kept; later quarters only for a series
        columns = metric_columns(state)
        sums.append(block_sums(columns))
        if local is not None:
            rows.append(columns[..., local])

    try:
        state, score, fired = play(strategy.setup, strategy, seeds, turns, None, on_turn)
    except USER_ERRORS as exc:
        raise sendable(exc) from None
    return Piece(
        strategy=index,
        first=first,
        final=metric_table(state),
        score=score,
        ended_turn=state.ended_turn.copy(),
        end_reason=state.end_reason.copy(),
        fired=fired,
        sums=sums,
        band_rows=np.stack(rows) if rows else None,
    )


@dataclass
class StudyResult:
    """One strategy's summary over all its runs, chunked or not.

    ``mean``, ``p10``, ``p90`` are (quarters kept, metrics, regions + 1) as in
    ``BatchResult``; ``sample`` is (sampled runs, metrics, regions + 1) final values, every
    run when ``final_sampling.exact``. Scores, ends and event counts are every run's.
    """

    strategy: Strategy
    region_ids: tuple[str, ...]
    turns: int
    mean: np.ndarray
    p10: np.ndarray | None
    p90: np.ndarray | None
    sample: np.ndarray
    final_sampling: Sampling
    band_sampling: Sampling | None
    score: np.ndarray
    ended_turn: np.ndarray
    event_counts: np.ndarray
    longest_gaps: np.ndarray
    #: the whole batch, when it was played whole and asked for (``--json`` reads it)
    batch: BatchResult | None = None

    @property
    def runs(self) -> int:
        return int(self.score.shape[0])

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.region_ids, NATIONAL)

    def series(self, metric: str, column: str = NATIONAL) -> np.ndarray:
        if self.mean.shape[0] != self.turns + 1:
            raise ValueError("this study kept no per-quarter series")
        return self.mean[:, METRIC_NAMES.index(metric), self.columns.index(column)]

    def band(self, metric: str, column: str = NATIONAL) -> tuple[np.ndarray, np.ndarray]:
        if self.p10 is None or self.p90 is None:
            raise ValueError("this study was run without bands")
        m, c = METRIC_NAMES.index(metric), self.columns.index(column)
        return self.p10[:, m, c], self.p90[:, m, c]

    def final_values(self, metric: str, column: str = NATIONAL) -> np.ndarray:
        """Final values of the sampled runs (every run's when the sample is exact)."""
        return self.sample[:, METRIC_NAMES.index(metric), self.columns.index(column)]

    def sampling_note(self) -> str | None:
        """One line saying which percentiles are estimated and how, or None if none is."""
        parts = []
        if not self.final_sampling.exact:
            s = self.final_sampling
            parts.append(f"percentiles of final values from every {s.stride}th run ({s.size:,})")
        if self.band_sampling is not None and not self.band_sampling.exact:
            s = self.band_sampling
            parts.append(f"per-quarter bands from every {s.stride}th run ({s.size:,})")
        if not parts:
            return None
        return (
            f"estimated over {self.runs:,} runs: {'; '.join(parts)}; means, counts and "
            "--parquet's per-run values are exact"
        )


@dataclass
class Tally:
    """Merges one strategy's pieces, in run order, into its ``StudyResult``."""

    strategy: Strategy
    runs: int
    turns: int
    final_sampling: Sampling
    band_sampling: Sampling | None
    totals: list[np.ndarray] = field(default_factory=list)
    samples: list[np.ndarray] = field(default_factory=list)
    band_rows: list[np.ndarray] = field(default_factory=list)
    score: list[np.ndarray] = field(default_factory=list)
    ended: list[np.ndarray] = field(default_factory=list)
    counts: list[np.ndarray] = field(default_factory=list)
    gaps: list[np.ndarray] = field(default_factory=list)
    next_run: int = 0
    whole: BatchResult | None = None

    def add(self, piece: Piece) -> None:
        if piece.first != self.next_run:
            raise RuntimeError(f"run {piece.first} merged where run {self.next_run} was due")
        self.next_run += piece.runs
        for t, sums in enumerate(piece.sums or ()):
            for part in sums:  # in block order, as mean_of_blocks adds them
                if t == len(self.totals):
                    self.totals.append(part.copy())
                else:
                    self.totals[t] += part
        if piece.band_rows is not None:
            self.band_rows.append(piece.band_rows)
        self.samples.append(piece.final[self.final_sampling.local(piece.first, piece.runs)])
        self.score.append(piece.score)
        self.ended.append(piece.ended_turn)
        self.counts.append(piece.fired.counts())
        self.gaps.append(piece.fired.longest_gaps())

    def result(self, keep_batch: bool = False) -> StudyResult:
        if self.next_run != self.runs:
            raise RuntimeError(f"{self.next_run:,} of {self.runs:,} runs merged")
        whole = self.whole
        if whole is not None:
            mean, p10, p90 = whole.mean, whole.p10, whole.p90
        else:
            mean = np.stack(self.totals) / self.runs
            p10 = p90 = None
            if self.band_rows:
                rows = np.concatenate(self.band_rows, axis=-1)
                bands = [quantile_bands(turn) for turn in rows]
                p10 = np.stack([low for low, _ in bands])
                p90 = np.stack([high for _, high in bands])
        return StudyResult(
            strategy=self.strategy,
            region_ids=self.strategy.setup.world.region_ids,
            turns=self.turns,
            mean=mean,
            p10=p10,
            p90=p90,
            sample=np.concatenate(self.samples),
            final_sampling=self.final_sampling,
            band_sampling=None if p10 is None else self.band_sampling,
            score=np.concatenate(self.score),
            ended_turn=np.concatenate(self.ended),
            event_counts=np.concatenate(self.counts),
            longest_gaps=np.concatenate(self.gaps),
            batch=whole if keep_batch else None,
        )


def piece_of_batch(index: int, batch: BatchResult) -> Piece:
    """A whole batch as one piece (its means and exact bands are the batch's own)."""
    return Piece(
        strategy=index,
        first=0,
        final=batch.final,
        score=batch.score,
        ended_turn=batch.ended_turn,
        end_reason=batch.end_reason,
        fired=batch.fired,
    )


class LocalPool:
    """Worker processes of this machine, with the ``submit``/``result`` of a Dask client."""

    def __init__(self, workers: int) -> None:
        ctx = multiprocessing.get_context(start_method())
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)

    def submit(self, fn, *args):
        return self.pool.submit(fn, *args)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class InProcess:
    """Chunks played one after another in this process."""

    class Done:
        def __init__(self, value) -> None:
            self.value = value

        def result(self):
            return self.value

    def submit(self, fn, *args):
        return self.Done(fn(*args))

    def close(self) -> None:
        pass


def in_order(submit: Callable[..., object], jobs: list[tuple], window: int) -> Iterator[Piece]:
    """Results of ``jobs`` in the order given, with at most ``window`` submitted and not
    yet taken, so finished chunks never pile up in memory while an earlier one plays."""
    pending: deque = deque()
    todo = iter(jobs)
    for job in todo:
        pending.append(submit(play_chunk, *job))
        if len(pending) >= window:
            break
    while pending:
        piece = pending.popleft().result()
        job = next(todo, None)
        if job is not None:
            pending.append(submit(play_chunk, *job))
        yield piece


def run_study(
    setup: GameSetup,
    strategies: list[Strategy],
    seed: int,
    runs: int,
    turns: int,
    *,
    chunk: int = CHUNK,
    workers: int = 1,
    series: bool = False,
    bands: bool = False,
    on_piece: Callable[[Piece], None] | None = None,
    progress: Callable[[int], None] | None = None,
    executor=None,
    keep_batch: bool = False,
) -> list[StudyResult]:
    """Play every strategy on runs 0 .. ``runs`` - 1 (seeds ``seed + i``) and summarise.

    A batch of at most ``chunk`` runs is played whole (``run_batch``, split over
    ``workers`` as it does: exact bands, the per-quarter streaming it already has).
    A larger one is played in chunks, strategy by strategy within a chunk so that the
    same runs of every strategy arrive together (``on_piece`` sees each piece once, in
    that order: a file writer or a paired comparison). ``executor`` is anything with
    ``submit(fn, *args)`` returning a future with ``result()``, such as a Dask
    ``distributed.Client``; by default chunks are played in ``workers`` local processes.
    ``progress`` is told of game-quarters played, a piece at a time. ``keep_batch``
    keeps a whole batch's ``BatchResult`` (every run's state: for the JSON).
    """
    bands = bands and series
    final_sampling = Sampling.of(runs, FINAL_SAMPLE)
    quarters = turns + PLAY_ON_QUARTERS
    if runs <= chunk and executor is None:
        results = []
        for index, strategy in enumerate(strategies):
            batch = run_batch(
                setup,
                strategy,
                np.arange(seed, seed + runs),
                turns,
                workers=workers,
                bands=bands,
                series=series,
            )
            every = Sampling(runs, 1)  # a whole batch holds every run: nothing is estimated
            tally = Tally(strategy, runs, turns, every, every)
            tally.whole = batch
            piece = piece_of_batch(index, batch)
            tally.add(piece)
            if on_piece is not None:
                on_piece(piece)
            if progress is not None:
                progress(quarters * runs)
            results.append(tally.result(keep_batch))
        return results
    band_sampling = Sampling.of(runs, BAND_SAMPLE) if bands else None
    tallies = [
        Tally(s, runs, turns, final_sampling, band_sampling if bands else None) for s in strategies
    ]
    # a chunk is shared by the workers: each plays pieces of chunk / workers runs, and no
    # more than PIECE (the size a core plays fastest); a cluster's workers play whole chunks
    local_piece = min(PIECE, chunk // max(1, workers))
    pieces = chunk_ranges(runs, local_piece if executor is None else chunk)
    stride = band_sampling.stride if band_sampling is not None else None
    errors = np.geterr()
    jobs = [
        (strategy, index, seed, first, count, turns, series, stride, errors)
        for first, count in pieces
        for index, strategy in enumerate(strategies)
    ]
    own = executor is None
    if own:
        executor = LocalPool(workers) if workers > 1 else InProcess()
    window = 2 * max(1, workers)
    try:
        for piece in in_order(executor.submit, jobs, window):
            tallies[piece.strategy].add(piece)
            if on_piece is not None:
                on_piece(piece)
            if progress is not None:
                progress(quarters * piece.runs)
    finally:
        if own:
            executor.close()
    return [tally.result() for tally in tallies]
