"""A game's session (``game.session.Game``) on its own, without the terminal."""

from __future__ import annotations

import numpy as np
import pytest

from game.engine.orders import OrdersRefused, orders_cost
from game.loader import GameSetup
from game.session import Game


def test_orders_carried_into_a_smaller_budget_are_kept_and_the_shortfall_said(
    setup: GameSetup,
) -> None:
    """Last quarter's orders over this quarter's budget are not scaled down behind the
    player's back: they come back as they were, with what is over and what trimming
    would cut; the turn cannot end until the player decides."""
    game = Game.new(setup, 1)
    carried, short = game.carried_orders()
    assert short is None
    cost = float(orders_cost(setup.world, carried)[0])
    game.state.budget_musd = np.array([cost - 5.0])
    again, short = game.carried_orders()
    for name, value in again.arrays().items():
        assert np.array_equal(value, carried.arrays()[name]), name
    assert short is not None
    assert short.over == pytest.approx(5.0)
    assert "$5.00M over" in short.what()
    assert short.cuts and all(c.trimmed < c.now for c in short.cuts)
    with pytest.raises(OrdersRefused, match=r"\$5\.00M over"):
        game.play(again)
    assert game.turn == 0


def test_carried_orders_drop_last_quarter_s_answers(setup: GameSetup) -> None:
    """Answers to events were for last quarter's events: a new quarter starts without."""
    game = Game.new(setup, 1)
    spec = setup.event_specs[0]
    game.play(setup.start_orders.with_choice(spec.id, 0))
    carried, _ = game.carried_orders()
    assert game.default_orders().event_choices
    assert carried.event_choices == {}
    assert np.array_equal(carried.troops, game.default_orders().troops)


def test_unanswered_events_are_the_pending_ones_the_draft_does_not_answer(
    setup: GameSetup,
) -> None:
    game = Game.new(setup, 1)
    while not game.pending_events() and not game.over:
        game.play(game.carried_orders()[0])
    pending = game.pending_events()
    assert pending, "no event fired in a whole game"
    draft, _ = game.carried_orders()
    assert game.unanswered_events(draft) == pending
    first = setup.events.events[pending[0]]
    answered = draft.with_choice(first.id, first.default_choice)
    assert game.unanswered_events(answered) == pending[1:]


def test_a_game_s_score_follows_each_quarter_played(setup: GameSetup) -> None:
    """The score asked again in the same quarter is the same; after a quarter is played it
    is that quarter's, as the engine scores it from scratch (the game keeps no stale one)."""
    from game.engine.final import final_score

    game = Game.new(setup, seed=5)
    for _ in range(3):
        first = game.final_score()
        assert game.final_score() == first
        expected = final_score(
            setup.world, setup.events, game.state, game.default_orders(), game.turn
        )[0]
        assert first == float(expected)
        game.play(game.carried_orders()[0])
    assert game.final_score() != first
