"""Paired comparison of strategies: the same seeds for every strategy.

Why paired: run *i* of every strategy meets the same random world (events, shocks, noise),
so the difference between two strategies in run *i* is the effect of the strategy alone.
Differences of paired runs are far less noisy than differences of two independent
samples, and "A beats B in 70% of runs" has a plain meaning: in 70% of the worlds, A did
better than B would have.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..engine.metrics import METRICS, OUTCOMES, SCORE, national_metric
from ..loader import GameSetup
from .batch import METRIC_NAMES, BatchResult
from .strategy import Strategy
from .study import Piece, run_study

#: What a comparison reports, in this order; each counts as better the way the registry says
#: (more hectares eradicated or a higher leaf price is neither good nor bad in itself).
COMPARED = (SCORE, *OUTCOMES)


@dataclass(frozen=True)
class Paired:
    """A against B in one metric: the median of A − B over runs, and how often A is better."""

    median_diff: float
    a_beats_b: float | None  # share of runs, None when the metric has no better direction
    ties: float


@dataclass
class Comparison:
    """Each strategy's national outcomes, run by run, at the last turn.

    ``values`` holds every run's (or, in a large study, a systematic sample's: the same
    runs for every strategy, so differences stay paired); ``wins`` counts, over every
    run, how often the first strategy beat each other one and how often they tied, so
    shares are exact whatever the sample.
    """

    strategies: tuple[str, ...]
    names: tuple[str, ...]
    runs: int
    turns: int
    values: dict[str, dict[str, np.ndarray]]  # strategy → metric → (runs,) national, turn T
    wins: dict[str, dict[str, tuple[int, int]]] | None = None  # other → metric → (beats, ties)
    note: str | None = None  # how the medians are estimated, when they are

    def median(self, strategy: str, metric: str) -> float:
        return float(np.median(self.values[strategy][metric]))

    def paired(self, a: str, b: str, metric: str) -> Paired:
        va, vb = self.values[a][metric], self.values[b][metric]
        diff = va - vb
        direction = METRICS[metric].better
        if self.wins is not None and a == self.strategies[0] and b in self.wins:
            beats, tied = self.wins[b][metric]
            share = None if direction == 0 else beats / self.runs
            return Paired(float(np.median(diff)), share, tied / self.runs)
        ties = float(np.mean(diff == 0))
        beats = None if direction == 0 else float(np.mean(direction * diff > 0))
        return Paired(float(np.median(diff)), beats, ties)


def national_finals(result: BatchResult) -> dict[str, np.ndarray]:
    """Each run's national value of every compared metric at the last turn, and its final
    score (``BatchResult.score``: played on past the term, so not read from the state)."""
    return {
        m.key: result.score if m is SCORE else national_metric(result.final_state, m.key)
        for m in COMPARED
    }


def piece_finals(final: np.ndarray, score: np.ndarray) -> dict[str, np.ndarray]:
    """``national_finals`` of a table of final values (runs, metrics, regions + 1)."""
    return {
        m.key: score if m is SCORE else final[:, METRIC_NAMES.index(m.key), -1] for m in COMPARED
    }


class WinCounter:
    """Counts, piece by piece, how often the first strategy beats each other one.

    A study hands over the pieces of every strategy for the same runs one after another,
    the first strategy's first (``sim.study.run_study``), so only one piece of it is held.
    """

    def __init__(self, ids: list[str]) -> None:
        self.ids = ids
        self.base: tuple[int, dict[str, np.ndarray]] | None = None
        self.wins = {b: {m.key: (0, 0) for m in COMPARED} for b in ids[1:]}

    def add(self, piece: Piece) -> None:
        values = piece_finals(piece.final, piece.score)
        if piece.strategy == 0:
            self.base = (piece.first, values)
            return
        if self.base is None or self.base[0] != piece.first:
            raise RuntimeError("pieces of a comparison arrived out of order")
        counts = self.wins[self.ids[piece.strategy]]
        for m in COMPARED:
            diff = self.base[1][m.key] - values[m.key]
            beats, ties = counts[m.key]
            won, tied = int((m.better * diff > 0).sum()), int((diff == 0).sum())
            counts[m.key] = (beats + won, ties + tied)


def compare_study(
    setup: GameSetup,
    strategies: list[Strategy],
    seed: int,
    runs: int,
    turns: int,
    *,
    on_piece: Callable[[Piece], None] | None = None,
    **study,
) -> Comparison:
    """Play every strategy on the same seeds (``run_study``, chunked when large) and keep
    each run's national outcomes, or a sample's, with exact win counts."""
    ids = [s.id for s in strategies]
    counter = WinCounter(ids)

    def each(piece: Piece) -> None:
        counter.add(piece)
        if on_piece is not None:
            on_piece(piece)

    results = run_study(setup, strategies, seed, runs, turns, on_piece=each, **study)
    values = {}
    for sid, result in zip(ids, results, strict=True):
        sampled = result.final_sampling.local(0, runs)
        values[sid] = piece_finals(result.sample, result.score[sampled])
    return Comparison(
        strategies=tuple(ids),
        names=tuple(s.spec.name for s in strategies),
        runs=runs,
        turns=turns,
        values=values,
        wins=counter.wins,
        note=results[0].sampling_note(),
    )


def compare_strategies(
    setup: GameSetup,
    strategies: list[Strategy],
    seeds: np.ndarray,
    turns: int,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Comparison:
    """``compare_study`` on consecutive seeds, played whole."""
    seeds = np.asarray(seeds)
    if len(seeds) and not np.array_equal(seeds, np.arange(seeds[0], seeds[0] + len(seeds))):
        raise ValueError("a comparison plays consecutive seeds (run i plays seed + i)")
    return compare_study(
        setup,
        strategies,
        int(seeds[0]),
        len(seeds),
        turns,
        workers=workers,
        progress=progress,
        chunk=max(len(seeds), 1),
    )
