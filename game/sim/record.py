"""Keeping every run's value of something, quarter by quarter, while a batch plays.

A batch's summary keeps means (and bands) per quarter, which is all a table needs; a
median over runs, a per-run standard deviation or a hindcast's yearly medians need
every run's value. ``Recorder`` wraps a strategy: each quarter, before it gives its
orders, it keeps what ``keep`` reads off the state. It only works in the process that
plays (``run_batch`` with one worker).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..engine.orders import Orders
from ..engine.state import State
from .strategy import Strategy


def national_area(state: State) -> np.ndarray:
    """(runs,) coca planted, mature and young, nationally."""
    return state.coca_total().sum(axis=1)


class Recorder:
    """A strategy that plays another one and keeps ``read(state)`` every quarter."""

    def __init__(self, strategy: Strategy, read: Callable[[State], np.ndarray]) -> None:
        self.strategy = strategy
        self.id = strategy.id
        self.setup = strategy.setup
        self.read = read
        self.kept: dict[int, np.ndarray] = {}
        self.targets: dict[int, float] = {}  # turn -> yearly eradication target, median over runs

    def keep(self, state: State) -> None:
        self.kept[state.turn] = np.array(self.read(state), copy=True)

    def plan(self, state: State) -> tuple[Orders, np.ndarray | None]:
        self.keep(state)
        orders, targets = self.strategy.plan(state)
        if targets is not None:
            self.targets[state.turn] = float(np.median(targets.sum(axis=1)))
        return orders, targets

    def orders(self, state: State) -> Orders:
        return self.plan(state)[0]
