"""The causal ledger explains every change, and the turn's flows add up.

For every ledgered variable, ``before + sum(contributions) == after`` after any step with
any valid orders; hectares that move, are eradicated or cleared are accounted for, and
land is neither made nor lost.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_invariants import EVENT_EFFECTS, effect_table
from test_orders import affordable, build_orders, plans

from game.engine import new_game, step
from game.engine.ledger import LEDGERED
from game.loader import prepare_game

RTOL = 1e-9
TERM = 40


def close(a: np.ndarray, b: np.ndarray, scale: float | np.ndarray) -> bool:
    return bool(np.allclose(a, b, rtol=RTOL, atol=1e-6 * np.max(scale)))


def expect_close(a: np.ndarray, b: np.ndarray, scale: float, what: str) -> None:
    """Fail with a short message naming ``what`` and the worst gap."""
    if not close(a, b, scale):
        gap = np.abs(np.asarray(a) - np.asarray(b))
        where = np.unravel_index(int(np.argmax(gap)), gap.shape) if gap.ndim else ()
        raise AssertionError(f"{what}: off by {gap.max():.6g} at {where} (scale {scale:.3g})")


def magnitude(*arrays: np.ndarray) -> float:
    return max(1.0, *(float(np.max(np.abs(a))) for a in arrays))


def check_ledger(before_state, result) -> None:
    """Every ledgered change is the sum of its named contributions."""
    ledger, after = result.ledger, result.state
    assert set(ledger.entries) == set(LEDGERED)
    for var in LEDGERED:
        before = getattr(before_state, var)
        same = np.array_equal(ledger.before[var], before)
        assert same, f"{var}: ledger.before is not the state the step was given"
        now = getattr(after, var)
        parts = ledger.contributions(var)
        total = np.zeros_like(before)
        for name, delta in parts.items():
            assert delta.shape == before.shape, f"{var} / {name}: shape {delta.shape}"
            assert bool(np.all(np.isfinite(delta))), f"{var} / {name} is not finite"
            total = total + delta
        scale = magnitude(before, now, *parts.values())
        expect_close(before + total, now, scale, f"{var}: before + contributions vs after")
        expect_close(ledger.total(var), ledger.change(var), scale, f"{var}: total vs change")


def entries(ledger, var: str, prefix: str) -> np.ndarray:
    found = [v for k, v in ledger.contributions(var).items() if k.startswith(prefix)]
    return np.sum(found, axis=0) if found else np.zeros_like(ledger.before[var])


#: contributions that follow from an event's effects rather than from a mechanism
EVENT_ENTRIES = ("event: ", "kept within")


def mechanisms_only(ledger, var: str) -> np.ndarray:
    """The change of ``var`` by the model's mechanisms, leaving out events' effects."""
    found = [v for k, v in ledger.contributions(var).items() if not k.startswith(EVENT_ENTRIES)]
    return np.sum(found, axis=0) if found else np.zeros_like(ledger.before[var])


FLOW_NAMES = (
    "eradicated_ha",
    "replanted_ha",
    "given_up_ha",
    "moved_out_ha",
    "moved_in_ha",
    "arrived_ha",
    "fled_ha",
    "abroad_ha",
    "planted_ha",
    "abandoned_ha",
    "matured_ha",
    "cleared_ha",
)


def check_flows(before_state, result) -> None:
    """Hectares that move, are eradicated, replanted or given up add up."""
    f, ledger, after = result.flows, result.ledger, result.state
    ha = magnitude(before_state.coca_ha, before_state.immature_ha)
    for name in FLOW_NAMES:
        value = getattr(f, name)
        assert bool(np.all(np.isfinite(value))), f"flow {name} is not finite"
        low = float(value.min())
        assert low >= -1e-9 * ha, f"flow {name} negative: {low}"
    assert float(f.moves.min()) >= 0, "negative moves"

    # The balloon: what leaves a region arrives in another one or goes abroad; arrivals
    # wait to settle, and what settles is planted.
    out, into, abroad = f.moved_out_ha.sum(axis=1), f.arrived_ha.sum(axis=1), f.abroad_ha.sum(1)
    expect_close(out, into + abroad, ha, "Σ moved out vs Σ arrived + Σ abroad")
    expect_close(f.moved_out_ha, f.moves.sum(axis=2) + f.abroad_ha, ha, "moved out by origin")
    expect_close(f.arrived_ha, f.moves.sum(axis=1), ha, "arrived by destination")
    settlers = ledger.change("settlers_ha")
    expect_close(settlers, f.arrived_ha - f.moved_in_ha, ha, "settlers: arrived less settled")
    stay = np.diagonal(f.moves, axis1=1, axis2=2)
    assert bool(np.all(stay == 0)), "growers 'moved' to the region they left"

    # Eradicated hectares are replanted, moved elsewhere or given up, nothing else.
    after_eradication = f.moved_out_ha - f.fled_ha
    assert float(after_eradication.min()) >= -1e-9 * ha, "more fled than moved"
    expect_close(
        f.eradicated_ha,
        f.replanted_ha + after_eradication + f.given_up_ha,
        ha,
        "eradicated vs replanted + moved after eradication + given up",
    )

    # The ledger tells the same story as the flows.
    pulled = entries(ledger, "coca_ha", "eradication") + entries(
        ledger, "immature_ha", "eradication"
    )
    expect_close(-pulled, f.eradicated_ha, ha, "eradication (mature and young)")
    expect_close(-entries(ledger, "coca_ha", "growers leaving"), f.fled_ha, ha, "growers leaving")
    expect_close(
        entries(ledger, "settlers_ha", "growers arriving from"), f.arrived_ha, ha, "arrivals"
    )
    expect_close(
        entries(ledger, "immature_ha", "displaced growers planting"), f.moved_in_ha, ha, "settling"
    )
    expect_close(entries(ledger, "immature_ha", "replanting"), f.replanted_ha, ha, "replanting")
    tallies = {
        "eradicated_ha": f.eradicated_ha,
        "displaced_out_ha": f.moved_out_ha,
        "displaced_in_ha": f.arrived_ha,
        "displaced_abroad_ha": f.abroad_ha.sum(axis=1),
    }
    for tally, flow in tallies.items():
        change = getattr(after, tally) - getattr(before_state, tally)
        expect_close(change, flow, ha, f"tally {tally}")

    # Land: what forest loses, farmland gains, hectare for hectare (events aside).
    land = magnitude(before_state.forest_ha, before_state.farmland_ha)
    made = mechanisms_only(ledger, "forest_ha") + mechanisms_only(ledger, "farmland_ha")
    expect_close(made, np.zeros_like(made), land, "land made or lost (forest + farmland)")
    expect_close(-mechanisms_only(ledger, "forest_ha"), f.cleared_ha, land, "forest cleared")
    expect_close(mechanisms_only(ledger, "forest_lost_ha"), f.cleared_ha, land, "forest lost")


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_ledger_and_flows_balance_for_any_orders(content, setup, data):
    difficulty = data.draw(st.sampled_from(["normal", "hard"]), label="difficulty")
    balloon = data.draw(st.sampled_from(["weak", "medium", "strong"]), label="balloon")
    game = prepare_game(content, setup.scenario.id, difficulty=difficulty, balloon=balloon)
    world, table = game.world, game.events
    runs = data.draw(st.integers(1, 3), label="runs")
    seed = data.draw(st.integers(0, 2**31 - 1), label="seed")
    recipes = data.draw(st.lists(plans(world), min_size=1, max_size=3), label="plans")
    turns = data.draw(st.integers(1, 10), label="turns")
    state = new_game(
        world, table, [seed + i for i in range(runs)], game.start_orders, game.difficulty
    )
    land0 = state.forest_ha + state.farmland_ha
    for t in range(turns):
        orders = build_orders(world, table, state, recipes[t % len(recipes)])
        result = step(world, table, state, orders)
        check_ledger(state, result)
        check_flows(state, result)
        state = result.state
    assert close(state.forest_ha + state.farmland_ha, land0, magnitude(land0))


def test_ledger_names_the_mechanisms(setup):
    """With eradication, the coca ledger names eradication, maturing and replanting."""
    world = setup.world
    state = new_game(world, setup.events, [1], setup.start_orders, setup.difficulty)
    result = step(world, setup.events, state, setup.start_orders)
    coca = result.ledger.contributions("coca_ha")
    assert "eradication" in coca and np.all(coca["eradication"] <= 0)
    assert np.any(coca["eradication"] < 0)
    assert "plantings maturing" in coca
    assert "replanting after eradication" in result.ledger.contributions("immature_ha")
    vraem = world.region_index("vraem")
    names = [name for name, _ in result.ledger.breakdown("coca_ha", 0, vraem)]
    assert "eradication" in names


def test_a_ledger_that_does_not_record_moves_the_state_alike(setup):
    """Batches skip the books: nothing is booked, and the new state is the same."""
    world = setup.world
    state = new_game(world, setup.events, [1, 2, 3], setup.start_orders, setup.difficulty)
    kept = step(world, setup.events, state, setup.start_orders)
    skipped = step(world, setup.events, state, setup.start_orders, record=False)
    assert any(kept.ledger.contributions(v) for v in LEDGERED)
    assert not any(skipped.ledger.contributions(v) for v in LEDGERED)
    assert kept.flows.moves is not None and skipped.flows.moves is None
    for name, value in kept.state.array_fields().items():
        assert np.array_equal(value, getattr(skipped.state, name)), name


@pytest.mark.parametrize("balloon", ["weak", "medium", "strong"])
def test_heavy_eradication_balances_over_a_term(content, setup, balloon):
    """Every team in the biggest coca region for 40 quarters: the books still balance."""
    game = prepare_game(content, setup.scenario.id, balloon=balloon)
    world = game.world
    target = int(np.argmax(world.start["coca_ha"]))
    teams = np.zeros((1, world.regions))
    teams[0, target] = world.teams_available
    orders = game.start_orders.with_values(eradication_teams=teams)
    state = new_game(world, game.events, [2, 3], game.start_orders, game.difficulty)
    land0 = state.forest_ha + state.farmland_ha
    moved = 0.0
    for _ in range(TERM):
        result = step(world, game.events, state, orders)
        check_ledger(state, result)
        check_flows(state, result)
        moved += float(result.flows.arrived_ha.sum())
        state = result.state
    assert moved > 0, "squeezed growers moved somewhere"
    assert close(state.forest_ha + state.farmland_ha, land0, magnitude(land0))


@pytest.mark.parametrize("effect", list(EVENT_EFFECTS), ids=list(EVENT_EFFECTS))
def test_event_effects_are_in_the_ledger(setup, effect):
    """An event's effect is a named contribution, and the books still balance."""
    world = setup.world
    table = effect_table(*EVENT_EFFECTS[effect])
    var = EVENT_EFFECTS[effect][0]
    state = new_game(world, table, [1, 2, 3], setup.start_orders, setup.difficulty)
    named = False
    for _ in range(16):
        orders = affordable(world, state, setup.start_orders)
        result = step(world, table, state, orders)
        check_ledger(state, result)
        check_flows(state, result)
        if state.pending_events.any():
            named = named or "event: A test event" in result.ledger.contributions(var)
        state = result.state
    assert named, f"the event's effect on {var} is not in the ledger"
