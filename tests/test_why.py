"""Every national figure's why adds up to its change, and the balloon's moves to the flows.

The engine is played with heavy eradication (so growers move) and intelligence money (so
the leader may be caught), and each quarter's breakdowns are checked against the states.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.engine import new_game, step
from game.engine.metrics import national_metric
from game.engine.why import (
    ERADICATION,
    NATIONAL_WHY,
    arrivals_by_origin,
    eradication_by_destination,
    grower_flows,
    national_parts,
    ranked,
)

RUNS, QUARTERS = 3, 12


@pytest.fixture(scope="module")
def played(setup):
    """(state before, result) for each quarter of three games squeezing the top region."""
    world = setup.world
    target = int(np.argmax(world.start["coca_ha"]))
    teams = np.zeros((1, world.regions))
    teams[0, target] = world.teams_available
    orders = setup.start_orders.with_values(eradication_teams=teams)
    state = new_game(world, setup.events, [5, 6, 7], setup.start_orders, setup.difficulty)
    out = []
    for _ in range(QUARTERS):
        result = step(world, setup.events, state, orders)
        out.append((state, result))
        state = result.state
    return out


def route_names(world):
    return [f"route {k}" for k in range(world.routes)]


@pytest.mark.parametrize("key", NATIONAL_WHY)
def test_national_parts_sum_to_the_change(setup, played, key):
    world = setup.world
    moved = False
    for before, result in played:
        change = national_metric(result.state, key) - national_metric(before, key)
        for run in range(RUNS):
            parts = national_parts(world, result, key, route_names(world), run)
            total = sum(parts.values())
            scale = max(1.0, abs(float(national_metric(before, key)[run])))
            assert total == pytest.approx(float(change[run]), abs=1e-7 * scale), key
            moved = moved or len(ranked(parts)) > 1
    assert moved, f"{key}: never more than one named part in {QUARTERS} quarters"


def test_parts_are_named_by_their_cause(setup, played):
    world = setup.world
    _, result = played[0]
    approval = national_parts(world, result, "approval", route_names(world))
    assert "hectares eradicated" in approval
    price = national_parts(world, result, "leaf_price", route_names(world))
    assert {"world demand", "interdiction", "leaf supply", "where the coca grows"} <= set(price)


def test_departures_by_destination_equal_the_flows(setup, played):
    world = setup.world
    target = int(np.argmax(world.start["coca_ha"]))
    moved = 0.0
    for _, result in played:
        f = result.flows
        parts = eradication_by_destination(world, result, target)
        ledger_total = sum(
            float(result.ledger.contributions(v)[ERADICATION][0, target])
            for v in ("coca_ha", "immature_ha")
        )
        assert sum(parts.values()) == pytest.approx(ledger_total, rel=1e-9, abs=1e-6)
        after = 1.0 - f.fled_ha[0, target] / f.moved_out_ha[0, target]
        for j in range(world.regions):
            left = -parts[f"{ERADICATION} → {world.region_names[j]}"]
            assert left == pytest.approx(f.moves[0, target, j] * after, abs=1e-9)
            moved += left
        # what reaches each region is what the flows bring it, by origin
        for j in range(world.regions):
            arrived = arrivals_by_origin(world, result, j)
            assert sum(arrived.values()) == pytest.approx(float(f.arrived_ha[0, j]), abs=1e-6)
        listed = {(g.origin, g.destination): g.ha for g in grower_flows(result, least_ha=0.0)}
        for (i, j), ha in listed.items():
            assert ha == f.moves[0, i, j]
        assert sum(listed.values()) == pytest.approx(float(f.moves[0].sum()))
    assert moved > 0, "the squeezed region's growers went somewhere"


def test_zero_parts_are_left_out():
    rows = ranked({"a": 0.0, "b": -2.0, "c": 1e-12, "d": 1.0})
    assert rows == [("b", -2.0), ("d", 1.0)]
