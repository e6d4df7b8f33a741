"""Per-region history of a game, derived from its record rather than stored beside it.

``Game.history`` keeps every turn's orders (with the answers to events) but only national
summaries. A region's charts need its values quarter by quarter, so they are rebuilt by
replaying the record from the seed — the engine is deterministic, so the replay passes
through exactly the states the player saw (a test checks that it lands on the live state).
Why replay instead of a per-region summary in every ``TurnRecord``: it works unchanged for
games loaded from saves written before such summaries existed, and it keeps the save
format (another module's) as it is. A replay is ~10 ms a quarter and is cached and
extended incrementally, so a 40-quarter game costs at most ~0.4 s once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..engine import State
from ..engine.metrics import pick, region_metric
from ..session import Game

#: Region series the detail screen charts.
HISTORY_METRICS = pick("coca_ha", "welfare", "violence", "insurgency")


def region_row(state: State) -> dict[str, np.ndarray]:
    """(R,) values of each charted metric for run 0 of a state."""
    return {m.key: region_metric(state, m.key)[0].astype(float).copy() for m in HISTORY_METRICS}


@dataclass
class RegionHistory:
    """Rows of per-region values from the start (row 0) to the game's current turn."""

    game: Game | None = None
    replay: Game | None = None
    rows: list[dict[str, np.ndarray]] = field(default_factory=list)

    def update(self, game: Game) -> list[dict[str, np.ndarray]]:
        """Bring the rows up to ``game``'s turn, replaying only the quarters not yet seen."""
        if game is not self.game or self.replay is None or len(self.rows) > len(game.history) + 1:
            self.game = game
            self.replay = Game.new(game.setup, game.seed)
            self.rows = [region_row(self.replay.state)]
        replay = self.replay
        for record in game.history[len(replay.history) :]:
            replay.play(record.orders)
            self.rows.append(region_row(replay.state))
        return self.rows

    def series(self, game: Game, metric: str, region: int) -> list[float]:
        """One region's values of one metric, start included, one per quarter played."""
        return [float(row[metric][region]) for row in self.update(game)]
