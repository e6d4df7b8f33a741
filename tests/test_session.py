"""A game's session (``game.session.Game``) on its own, without the terminal."""

from __future__ import annotations

import numpy as np

from game.engine.orders import orders_cost
from game.loader import GameSetup
from game.session import Game


def test_orders_carried_into_a_smaller_budget_are_scaled_to_fit(setup: GameSetup) -> None:
    """Last quarter's orders over this quarter's budget keep their units, money scaled."""
    game = Game.new(setup, 1)
    carried, scaled = game.carried_orders()
    assert not scaled
    cost = float(orders_cost(setup.world, carried)[0])
    game.state.budget_musd = np.array([cost - 5.0])
    fitted, scaled = game.carried_orders()
    assert scaled
    assert float(orders_cost(setup.world, fitted)[0]) <= cost - 5.0
    assert np.array_equal(fitted.troops, carried.troops)
    assert np.array_equal(fitted.eradication_teams, carried.eradication_teams)
    assert fitted.development_musd.sum() < carried.development_musd.sum()


def test_carried_orders_drop_last_quarter_s_answers(setup: GameSetup) -> None:
    """Answers to events were for last quarter's events: a new quarter starts without."""
    game = Game.new(setup, 1)
    spec = setup.event_specs[0]
    game.play(setup.start_orders.with_choice(spec.id, 0))
    carried, _ = game.carried_orders()
    assert game.default_orders().event_choices
    assert carried.event_choices == {}
    assert np.array_equal(carried.troops, game.default_orders().troops)
