"""The thin path: content → calibrated world → a game of several turns."""

from __future__ import annotations

import numpy as np

from game.engine import new_game, step


def test_status_quo_start_is_near_steady(setup):
    """The main scenario starts close to steady: its stated trends are a few per cent a
    year, so without chance the starting orders keep coca within 5% for two years."""
    from game.engine.calibrate import without_chance

    world = without_chance(setup.world)
    state = new_game(world, setup.events, [7], setup.start_orders, setup.difficulty)
    start = state.coca_total().sum()
    for _ in range(8):
        state = step(world, setup.events, state, setup.start_orders).state
    assert state.turn == 8
    assert abs(state.coca_total().sum() / start - 1.0) < 0.05
    assert np.all(np.isfinite(state.coca_ha))


def test_final_score_plays_on_past_the_term_without_changing_the_game(setup):
    """A last-quarter trick does not pay: the final score plays on with the last orders."""
    from game.engine.final import PLAY_ON_QUARTERS
    from game.session import Game

    honest, trick = Game.new(setup, 3), Game.new(setup, 3)
    for _ in range(6):
        honest.play(honest.default_orders())
        trick.play(trick.default_orders())
    # the trick: stop all work and walk away in the last quarter
    stop = trick.default_orders()
    stop = stop.with_values(
        **{k: v * 0 for k, v in stop.arrays().items() if not k.endswith("mult")}
    )
    trick.play(stop)
    honest.play(honest.default_orders())
    turn, before = trick.turn, trick.state
    played = float(trick.state.score_sum[0]) / trick.turn  # the quarters played alone
    assert trick.final_score() < played  # what follows the trick is counted
    assert trick.turn == turn and trick.state is before  # playing on changed nothing
    assert honest.final_score() > trick.final_score()
    assert PLAY_ON_QUARTERS >= 4
