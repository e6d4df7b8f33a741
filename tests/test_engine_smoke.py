"""The thin path: content → calibrated world → a game of several turns."""

from __future__ import annotations

import numpy as np

from game.engine import new_game, step


def test_status_quo_start_is_near_steady(setup):
    """The calibration makes the starting orders hold coca near its start for two years."""
    world = setup.world
    state = new_game(world, setup.events, [7], setup.start_orders, setup.difficulty)
    start = state.coca_total().sum()
    for _ in range(8):
        state = step(world, setup.events, state, setup.start_orders).state
    assert state.turn == 8
    assert abs(state.coca_total().sum() / start - 1.0) < 0.05
    assert np.all(np.isfinite(state.coca_ha))
