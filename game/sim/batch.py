"""Batch runs: one strategy, many seeded games at once, summarised turn by turn.

Runs are the engine's first array axis, so a batch is one game's code with a longer
axis. What is kept is small whatever the number of runs: per turn, the mean and the
10th and 90th percentiles of every metric by region and nationally; at the last turn,
every run's value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..engine import State, new_game, step
from ..engine.indicators import METRICS, NATIONAL_ONLY, national_metric, region_metric
from ..engine.score import final_score
from ..loader import GameSetup
from .strategy import Strategy

NATIONAL = "national"


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

    def series(self, metric: str, column: str = NATIONAL) -> np.ndarray:
        return self.mean[:, list(METRICS).index(metric), self.columns.index(column)]

    def final_values(self, metric: str, column: str = NATIONAL) -> np.ndarray:
        return self.final[:, list(METRICS).index(metric), self.columns.index(column)]


def summarise(table: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mean = table.mean(axis=0)
    p10, p90 = np.quantile(table, [0.1, 0.9], axis=0)
    return mean, p10, p90


def run_batch(
    setup: GameSetup,
    strategy: Strategy,
    seeds: np.ndarray | list[int],
    turns: int,
    state: State | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchResult:
    """Play ``turns`` quarters of ``strategy`` for every seed (or from ``state``)."""
    world, events = setup.world, setup.events
    if state is None:
        state = new_game(world, events, seeds, setup.start_orders, setup.difficulty)
    stats = [summarise(metric_table(state))]
    for _ in range(turns):
        state = step(world, events, state, strategy.orders(state)).state
        stats.append(summarise(metric_table(state)))
        if progress is not None:
            progress(1)
    mean, p10, p90 = (np.stack(parts) for parts in zip(*stats, strict=True))
    return BatchResult(
        region_ids=world.region_ids,
        seeds=np.asarray(seeds),
        mean=mean,
        p10=p10,
        p90=p90,
        final=metric_table(state),
        score=final_score(state),
        ended_turn=state.ended_turn.copy(),
        end_reason=state.end_reason.copy(),
        final_state=state,
    )
