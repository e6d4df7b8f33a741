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

from ..engine.metrics import METRICS, SCORE, national_metric, pick
from ..loader import GameSetup
from .batch import BatchResult, run_batch
from .strategy import Strategy

#: What a comparison reports, in this order; each counts as better the way the registry says
#: (more hectares eradicated or a higher leaf price is neither good nor bad in itself).
COMPARED = pick(
    "score",
    "coca_ha",
    "cocaine_t",
    "welfare",
    "violence",
    "insurgency",
    "forest_lost_ha",
    "indigenous_coca_ha",
    "eradicated_ha",
    "seized_t",
    "leaf_price",
    "approval",
    "displaced_abroad_ha",
)


@dataclass(frozen=True)
class Paired:
    """A against B in one metric: the median of A − B over runs, and how often A is better."""

    median_diff: float
    a_beats_b: float | None  # share of runs, None when the metric has no better direction
    ties: float


@dataclass
class Comparison:
    strategies: tuple[str, ...]
    names: tuple[str, ...]
    runs: int
    turns: int
    values: dict[str, dict[str, np.ndarray]]  # strategy → metric → (runs,) national, turn T

    def median(self, strategy: str, metric: str) -> float:
        return float(np.median(self.values[strategy][metric]))

    def paired(self, a: str, b: str, metric: str) -> Paired:
        va, vb = self.values[a][metric], self.values[b][metric]
        diff = va - vb
        direction = METRICS[metric].better
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


def compare_strategies(
    setup: GameSetup,
    strategies: list[Strategy],
    seeds: np.ndarray,
    turns: int,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Comparison:
    """Play every strategy on the same seeds and keep each run's national outcomes."""
    values = {}
    for strategy in strategies:
        result = run_batch(
            setup, strategy, seeds, turns, progress=progress, workers=workers, series=False
        )
        values[strategy.id] = national_finals(result)
    return Comparison(
        strategies=tuple(s.id for s in strategies),
        names=tuple(s.spec.name for s in strategies),
        runs=len(seeds),
        turns=turns,
        values=values,
    )
