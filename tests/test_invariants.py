"""Invariants that hold in every run, every quarter, whatever valid orders are given.

Random sequences of valid orders over a whole term (40 quarters), in batches of 1–4 runs,
on every difficulty and balloon strength: no NaN or infinity, no negative hectares, no
more crops than farmland, bounded variables within their ranges, and no more coca on
Indigenous land than coca.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from test_orders import affordable, build_orders, plans

from game.engine import new_game, step
from game.engine.events import ALL_REGIONS, NATIONAL, Choice, Effect, Event, EventTable
from game.engine.market import PRICE_FACTORS
from game.engine.state import END_REASONS, NON_NEGATIVE, RANGES, TURN_MARKS, State
from game.loader import prepare_game

TURNS = 40
EPS = 1e-6


def _where_worst(state: State, values: np.ndarray) -> str:
    """'run 0, Pacific ports' for the worst element of a (runs, R) array."""
    run, col = np.unravel_index(int(np.argmax(values)), values.shape)
    return f"run {run}, region {col}"


def check_invariants(state: State, where: str) -> None:
    for name, value in state.array_fields().items():
        if value.dtype.kind == "f":
            finite = bool(np.all(np.isfinite(value)))
            assert finite, f"{where}: {name} is not finite"
    for name in NON_NEGATIVE:
        value = getattr(state, name)
        low = float(value.min())
        assert low >= 0, f"{where}: {name} negative ({low:.6g})"
    crops = state.coca_ha + state.immature_ha + state.licit_ha
    over = crops - state.farmland_ha - EPS * np.maximum(state.farmland_ha, 1.0)
    worst = float(over.max())
    assert worst <= 0, (
        f"{where}: coca + young coca + licit exceeds farmland by {worst:.6g} ha "
        f"({_where_worst(state, over)})"
    )
    for name, (low, high) in RANGES.items():
        value = getattr(state, name)
        lo, hi = float(value.min()), float(value.max())
        assert low <= lo and hi <= high, f"{where}: {name} outside [{low}, {high}]: {lo}..{hi}"
    excess = (
        state.indigenous_coca_ha - state.coca_total() - EPS * np.maximum(state.coca_total(), 1.0)
    )
    worst = float(excess.max())
    assert worst <= 0, f"{where}: coca on Indigenous land exceeds coca by {worst:.6g} ha"
    assert float(state.leaf_price.min()) > 0, f"{where}: leaf price not positive"
    assert float(state.route_share.min()) >= 0, f"{where}: negative route share"
    shares = state.route_share.sum(axis=1)
    assert bool(np.allclose(shares, 1.0)), f"{where}: route shares sum to {shares}"
    assert state.price_factors.shape[1] == len(PRICE_FACTORS)
    assert float(state.price_factors.min()) > 0, f"{where}: a price factor is not positive"
    for name in TURN_MARKS:
        assert int(getattr(state, name).min(initial=-1)) >= -1, f"{where}: {name} below -1"
    assert bool(np.all(state.last_fired < state.turn)), f"{where}: a firing in the future"
    reasons_ok = bool(np.all((state.end_reason >= 0) & (state.end_reason < len(END_REASONS))))
    assert reasons_ok, f"{where}: end reason {state.end_reason}"
    consistent = bool(np.all((state.ended_turn == -1) == (state.end_reason == 0)))
    assert consistent, f"{where}: ended {state.ended_turn} for reasons {state.end_reason}"


@settings(
    max_examples=15,
    deadline=None,
    # each example is a whole term: shrinking a failure would take minutes, and the
    # failure already names the quarter, the variable and the run
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_invariants_hold_over_a_term(content, setup, data):
    difficulty = data.draw(st.sampled_from(sorted(setup.scenario.difficulty)), label="difficulty")
    balloon = data.draw(st.sampled_from(["weak", "medium", "strong"]), label="balloon")
    game = prepare_game(content, setup.scenario.id, difficulty=difficulty, balloon=balloon)
    world, table = game.world, game.events
    runs = data.draw(st.integers(1, 4), label="runs")
    seeds = data.draw(
        st.lists(st.integers(0, 2**40), min_size=runs, max_size=runs, unique=True), label="seeds"
    )
    recipes = data.draw(st.lists(plans(world), min_size=1, max_size=4), label="plans")
    schedule = data.draw(
        st.lists(st.integers(0, 3), min_size=TURNS, max_size=TURNS), label="schedule"
    )
    state = new_game(world, table, seeds, game.start_orders, game.difficulty)
    check_invariants(state, "start")
    layout = {k: (v.shape, v.dtype) for k, v in state.array_fields().items()}
    ended = state.ended_turn.copy()
    for t in range(TURNS):
        orders = build_orders(world, table, state, recipes[schedule[t] % len(recipes)])
        state = step(world, table, state, orders).state
        assert state.turn == t + 1
        check_invariants(state, f"turn {state.turn}")
        now = {k: (v.shape, v.dtype) for k, v in state.array_fields().items()}
        assert now == layout, f"turn {state.turn}: arrays changed shape or type"
        # a game that has ended stays ended, at the turn it ended
        assert np.all(state.ended_turn[ended >= 0] == ended[ended >= 0])
        ended = state.ended_turn.copy()
    assert state.turn == TURNS


def test_invariants_under_extreme_orders(content, setup):
    """Corner orders: nothing, everything on one region, every lever at once, shocks."""
    world, table = setup.world, setup.events
    r = world.regions
    coca = np.flatnonzero(world.grows_coca > 0)
    big = int(coca[np.argmax(world.start["coca_ha"][coca])])
    small = int(coca[np.argmin(world.start["coca_ha"][coca])])
    zero = setup.start_orders.with_values(
        **{k: np.zeros_like(v) for k, v in setup.start_orders.arrays().items() if "musd" in k},
        eradication_teams=np.zeros((1, r)),
        troops=np.zeros((1, r)),
    )

    def units(index: int, teams: float, troops: float):
        t = np.zeros((1, r))
        t[0, index] = teams
        u = np.zeros((1, r))
        u[0, index] = troops
        return zero.with_values(eradication_teams=t, troops=u)

    corners = {
        "nothing": zero,
        "all teams on the biggest region": units(big, world.teams_available, 0),
        "all teams and troops on the smallest region": units(
            small, world.teams_available, world.troops_available
        ),
        "a demand boom": setup.start_orders.with_values(world_demand_mult=np.full(1, 10.0)),
        "a price collapse": setup.start_orders.with_values(
            leaf_price_mult=np.full((1, world.regions), 0.01)
        ),
        "all money on development": zero.with_values(
            development_musd=np.where(world.grows_coca > 0, 1000.0, 0.0)[None, :]
        ),
        "all money on interdiction": zero.with_values(
            interdiction_musd=np.full((1, world.routes), 1000.0) * world.route_exit
        ),
    }
    for name, orders in corners.items():
        state = new_game(world, table, [1, 2], setup.start_orders, setup.difficulty)
        for _ in range(TURNS):
            state = step(world, table, state, affordable(world, state, orders)).state
            check_invariants(state, f"{name}, turn {state.turn}")


# --- events: content may change any ledgered variable; the invariants must survive it -----

#: (var, region, add, mul) effects a content writer could plausibly give an event; "all"
#: regions includes the ports, which have no farmland, forest or coca.
EVENT_EFFECTS = {
    "cacao programme: +2,000 ha licit everywhere": ("licit_ha", "all", 2000.0, 1.0),
    "coca rush: +3,000 ha young coca everywhere": ("immature_ha", "all", 3000.0, 1.0),
    "coca boom: mature coca x1.3": ("coca_ha", "all", 0.0, 1.3),
    "landslides: -500 ha farmland everywhere": ("farmland_ha", "all", -500.0, 1.0),
    "land conflict: farmland x0.7": ("farmland_ha", "all", 0.0, 0.7),
    "fires: forest x0.2": ("forest_ha", "all", 0.0, 0.2),
    "titling: +4,000 ha coca on Indigenous land": ("indigenous_coca_ha", "all", 4000.0, 1.0),
    "exodus: households x0": ("households", "all", 0.0, 0.0),
    "price crash: leaf price x0": ("leaf_price", "all", 0.0, 0.0),
    "offensive: armed remnant +0.8": ("insurgency", "all", 0.8, 1.0),
    "scandal: approval -200": ("approval", "national", -200.0, 1.0),
    "freeze: budget x0": ("budget_musd", "national", 0.0, 0.0),
    "slump: world demand x0": ("world_demand", "national", 0.0, 0.0),
    "capture: leader -1": ("leader_at_large", "national", -1.0, 1.0),
}


def effect_table(var: str, region: str, add: float, mul: float):
    code = ALL_REGIONS if region == "all" else NATIONAL
    event = Event(
        id="test-effect",
        title="A test event",
        probability=0.5,
        first_turn=0,
        last_turn=10_000,
        max_times=3,
        conditions=(),
        choices=(Choice("accept", (Effect(var, code, add, mul),)),),
    )
    return EventTable((event,))


@pytest.mark.parametrize("effect", list(EVENT_EFFECTS), ids=list(EVENT_EFFECTS))
def test_invariants_hold_after_event_effects(setup, effect):
    world = setup.world
    table = effect_table(*EVENT_EFFECTS[effect])
    state = new_game(world, table, [1, 2, 3], setup.start_orders, setup.difficulty)
    fired = 0
    for _ in range(TURNS):
        orders = setup.start_orders.with_values(event_choices={"test-effect": 0})
        result = step(world, table, state, affordable(world, state, orders))
        state = result.state
        fired += int(result.flows.fired_events.sum())
        check_invariants(state, f"{effect}, turn {state.turn}")
    assert fired > 0
