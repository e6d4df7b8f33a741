"""The forecast: the engine played ahead many times from the current state and orders.

Why its own seeds: the game's runs carry one random stream; tiling the state 200 times
would give 200 identical futures. Each forecast run gets a fresh stream whose seed is
derived from the game's seed and the turn, so the same state and orders always give the
same forecast (and a different quarter gives a different, but again fixed, one) — while
the game's own stream is never touched, so forecasting cannot change the game.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

import numpy as np

from ..engine import Orders, State
from ..engine.metrics import pick
from ..engine.orders import OrdersRefused, fit_to_budget, refusal_reasons
from ..engine.rng import RunStreams
from ..loader import GameSetup
from .batch import run_batch
from .strategy import Strategy

RUNS = 200
TURNS = 8
#: National metrics the forecast shows.
FORECAST_METRICS = pick("coca_ha", "welfare")


def forecast_seeds(seed: int, turn: int, runs: int = RUNS) -> np.ndarray:
    """Fixed, well-mixed seeds for a forecast from ``turn`` of the game seeded ``seed``."""
    entropy = [seed & 0xFFFFFFFF, (seed >> 32) & 0xFFFFFFFF, turn, 0xF0CA5]
    return np.random.SeedSequence(entropy).generate_state(runs).astype(np.int64)


def tiled_state(state: State, seeds: np.ndarray) -> State:
    """Run 0 of ``state`` copied once per seed, each copy with its own random stream."""
    tiled = state.take(np.zeros(len(seeds), dtype=int))
    tiled.rng = RunStreams(RunStreams.from_seeds(seeds).keys, state.rng.counter)
    return tiled


class HoldOrders:
    """A strategy that gives the player's draft orders every quarter.

    The first quarter is played exactly as drafted (the turn about to be played); later
    quarters keep the same orders, trimmed where a run's budget has fallen below their
    cost, as a scripted strategy would be.
    """

    def __init__(self, setup: GameSetup, orders: Orders, first_turn: int) -> None:
        self.setup = setup
        self.held = orders
        self.first_turn = first_turn

    def orders(self, state: State) -> Orders:
        if state.turn == self.first_turn:
            return self.held
        return fit_to_budget(self.setup.world, state, self.held)


@dataclass(frozen=True)
class Forecast:
    """Per quarter (row 0 = now) p10, mean and p90 of each forecast measure, nationally."""

    quarters: tuple[str, ...]
    p10: dict[str, np.ndarray]
    mean: dict[str, np.ndarray]
    p90: dict[str, np.ndarray]
    runs: int
    ended_share: float  # share of runs in which the game ended early within the horizon


def run_forecast(
    setup: GameSetup,
    state: State,
    orders: Orders,
    seed: int,
    *,
    runs: int = RUNS,
    turns: int = TURNS,
    progress: Callable[[int], None] | None = None,
) -> Forecast:
    """Play ``turns`` quarters ``runs`` times from ``state`` with ``orders`` held.

    Raises ``OrdersRefused`` if the draft cannot be played, as ending the turn would.
    """
    reasons = refusal_reasons(setup.world, state, orders)
    if reasons:
        raise OrdersRefused("; ".join(reasons))
    turns = max(1, min(turns, setup.world.turns - state.turn))
    seeds = forecast_seeds(seed, state.turn, runs)
    strategy = cast("Strategy", HoldOrders(setup, orders, state.turn))  # duck-typed strategy
    result = run_batch(
        setup, strategy, seeds, turns, state=tiled_state(state, seeds), progress=progress
    )
    quarters = tuple(setup.world.quarter_label(state.turn + t) for t in range(turns + 1))
    p10, mean, p90 = {}, {}, {}
    for metric in FORECAST_METRICS:
        low, high = result.band(metric.key)
        p10[metric.key], p90[metric.key] = low.copy(), high.copy()
        mean[metric.key] = result.series(metric.key).copy()
    ended = float(np.mean(result.ended_turn >= 0))
    return Forecast(quarters, p10, mean, p90, runs, ended)
