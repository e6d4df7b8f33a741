"""The report card's legend is true: every dimension grades 50 at the start and moves the
right way, to 0 and 100 at the ends its rule names."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from game.engine import State, new_game
from game.engine.score import APPROVAL_COLLAPSE, REGION_TAKEN, WEIGHTS, report_card
from game.loader import GameSetup, prepare_game


def start_of(game: GameSetup) -> State:
    return new_game(game.world, game.events, [1], game.start_orders, game.difficulty).copy()


@pytest.mark.parametrize("difficulty", ["easy", "normal", "hard"])
def test_every_dimension_grades_50_at_the_start(content, setup, difficulty):
    game = prepare_game(content, setup.scenario.id, difficulty=difficulty)
    card = report_card(game.world, start_of(game))
    assert set(card) == set(WEIGHTS)
    for name, grade in card.items():
        assert grade[0] == pytest.approx(50.0, abs=1e-9), name


def changed(state: State, **changes: Callable[[np.ndarray], np.ndarray]) -> State:
    out = state.copy()
    for name, change in changes.items():
        setattr(out, name, change(getattr(out, name)))
    return out


def scaled(factor: float) -> Callable[[np.ndarray], np.ndarray]:
    return lambda x: x * factor


def shifted(amount: float) -> Callable[[np.ndarray], np.ndarray]:
    return lambda x: x + amount


def to(value: float) -> Callable[[np.ndarray], np.ndarray]:
    return lambda x: np.full_like(x, value)


#: dimension → (a better state's changes, a worse state's changes)
MOVES: dict[str, tuple[dict, dict]] = {
    "coca": ({"coca_ha": scaled(0.8), "immature_ha": scaled(0.8)}, {"coca_ha": scaled(1.2)}),
    "cocaine": ({"cocaine_t": scaled(0.8)}, {"cocaine_t": scaled(1.2)}),
    "welfare": ({"welfare": shifted(5.0)}, {"welfare": shifted(-5.0)}),
    "violence": ({"violence": scaled(0.8)}, {"violence": scaled(1.2)}),
    "forest and Indigenous land": (
        {"indigenous_coca_ha": scaled(0.8)},
        {"forest_lost_ha": shifted(20_000.0)},
    ),
    "armed remnant": ({"insurgency": scaled(0.5)}, {"insurgency": shifted(0.2)}),
    "approval and support": ({"approval": shifted(10.0)}, {"support": shifted(-10.0)}),
}


@pytest.mark.parametrize("dimension", list(MOVES))
def test_each_dimension_moves_the_right_way_and_only_it(setup, dimension):
    world, start = setup.world, start_of(setup)
    better, worse = MOVES[dimension]
    for changes, sign in ((better, +1), (worse, -1)):
        card = report_card(world, changed(start, **changes))
        assert sign * (card[dimension][0] - 50.0) > 1.0, (dimension, sign, card[dimension])
        for other, grade in card.items():
            if other != dimension:
                assert grade[0] == pytest.approx(50.0, abs=1e-9), (dimension, other)


def test_the_ends_of_each_rule(setup):
    """0 and 100 where each rule says: halved or grown by half, the bounds of an index,
    the levels at which the game is lost."""
    world, start = setup.world, start_of(setup)

    def grade(dimension: str, **changes) -> float:
        return float(report_card(world, changed(start, **changes))[dimension][0])

    assert grade("coca", coca_ha=scaled(0.5), immature_ha=scaled(0.5)) == pytest.approx(100.0)
    assert grade("coca", coca_ha=scaled(1.5), immature_ha=scaled(1.5)) == pytest.approx(0.0)
    assert grade("welfare", welfare=to(100.0)) == 100.0
    assert grade("welfare", welfare=to(0.0)) == 0.0
    assert grade("armed remnant", insurgency=to(0.0)) == 100.0
    region = np.zeros_like(start.insurgency)
    region[0, 0] = REGION_TAKEN
    assert grade("armed remnant", insurgency=lambda x: np.maximum(x, region)) == 0.0
    both = {"approval": to(APPROVAL_COLLAPSE), "support": to(0.0)}
    assert grade("approval and support", **both) == 0.0
    assert grade("approval and support", approval=to(100.0), support=to(100.0)) == 100.0
    land = "forest and Indigenous land"
    assert grade(land, indigenous_coca_ha=to(0.0)) == 100.0
    assert grade(land, indigenous_coca_ha=scaled(2.0)) == pytest.approx(0.0)
    lost = world.extras["forest_loss_scale_ha"] / world.regions
    assert grade(land, forest_lost_ha=to(lost)) == pytest.approx(0.0, abs=1e-9)
