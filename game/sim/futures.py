"""The player's game set against the futures where nothing changed (the end screen's numbers).

"Doing nothing" is a batch of status-quo games from the very same start (scenario,
difficulty, balloon and the player's seed onwards). Their scores are final scores like
the player's (``engine.final``: the term and the play-on), so the two can be ranked; the
figures are compared at the quarter the player's game ended, so an early end is compared
fairly. Computed here, headless, so that the end screen only draws it and a test can
check it without a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.metrics import Metric, pick
from ..loader import Content
from ..session import Game
from .batch import BatchResult, run_batch
from .strategy import load_strategy

FUTURES = 200
#: Seeds are below 2**62 (the CLI's limit); the futures' seeds wrap round it.
SEED_LIMIT = 2**62
#: The player's outcomes set against the status quo's.
COMPARED = pick("coca_ha", "cocaine_t", "welfare", "violence", "forest_lost_ha", "approval")


def status_quo_futures(
    game: Game, content: Content, runs: int = FUTURES, turns: int | None = None
) -> BatchResult:
    """``runs`` status-quo games from the player's start, over the whole term (or the
    first ``turns`` quarters, as the term: scores only, for a game not yet finished)."""
    setup = game.setup
    strategy = load_strategy(content, setup, "status-quo")
    seeds = (game.seed + np.arange(runs, dtype=np.int64)) % SEED_LIMIT
    if turns is not None:
        return run_batch(setup, strategy, seeds, turns, series=False)
    return run_batch(setup, strategy, seeds, setup.world.turns)


@dataclass(frozen=True)
class Compared:
    """One outcome: at the start, the player's, and the status quo's p10–p90 then."""

    metric: Metric
    start: float
    mine: float
    low: float
    high: float

    @property
    def verdict(self) -> int:
        """+1 better than nine futures in ten (outside the band the good way), −1 worse, 0
        within the band."""
        above, below = self.mine > self.high, self.mine < self.low
        if self.metric.better > 0:
            return 1 if above else -1 if below else 0
        return 1 if below else -1 if above else 0


def compare_with_futures(game: Game, futures: BatchResult) -> list[Compared]:
    """Each of ``COMPARED`` at the player's last quarter against the futures' band then."""
    turn = min(game.turn, futures.turns)
    mine = game.history[-1].summary if game.history else game.start_summary
    rows = []
    for metric in COMPARED:
        low, high = (float(band[turn]) for band in futures.band(metric.key))
        rows.append(Compared(metric, game.start_summary[metric.key], mine[metric.key], low, high))
    return rows


def percentile_of(value: float, others: np.ndarray) -> float:
    """Share (0–100) of ``others`` strictly below ``value``."""
    return 100.0 * float(np.mean(others < value)) if others.size else 0.0
