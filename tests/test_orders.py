"""Orders: invalid orders are refused with a reason a player can read, and leave the state
alone; valid orders of any shape the engine accepts go through.

This module also holds the builder of random *valid* orders (``plans`` and
``build_orders``) that the ledger and invariant property tests play with.
"""

from __future__ import annotations

import pickle
import tempfile
from dataclasses import FrozenInstanceError, dataclass
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine import Orders, OrdersRefused, new_game, step
from game.engine.events import Choice, Effect, Event, EventTable
from game.engine.orders import (
    EventChoices,
    check_orders,
    fit_to_budget,
    orders_cost,
    refusal_reasons,
)
from game.engine.state import State
from game.engine.world import World
from game.saves import load_save, save_game
from game.session import Game
from game.sim.strategy import load_strategy

# --- random valid orders (used by test_ledger.py and test_invariants.py too) ---------------


@dataclass(frozen=True)
class Plan:
    """A recipe for one quarter's orders, as hypothesis draws it.

    Shares are of what is available (teams, troops, the budget left after paying the units);
    weights say how it is spread. ``spend`` above 1 asks for more money than there is, and
    ``fit_to_budget`` scales it down, as a strategy would.
    """

    teams: float
    team_weights: tuple[float, ...]
    troops: float
    troop_weights: tuple[float, ...]
    spend: float
    money_weights: tuple[float, ...]
    per_run: bool
    run_spread: tuple[float, ...]
    world_demand_mult: float
    leaf_price_mult: float
    choice: int


MAX_REGIONS = 12
MAX_RUNS = 8


def plans(world: World) -> st.SearchStrategy[Plan]:
    """Recipes for valid orders in ``world``."""
    share = st.floats(0.0, 1.0)
    weights = st.lists(share, min_size=MAX_REGIONS, max_size=MAX_REGIONS).map(tuple)
    n_money = 3 * world.regions + world.routes + 3
    return st.builds(
        Plan,
        teams=share,
        team_weights=weights,
        troops=share,
        troop_weights=weights,
        spend=st.floats(0.0, 1.5),
        money_weights=st.lists(share, min_size=n_money, max_size=n_money).map(tuple),
        per_run=st.booleans(),
        run_spread=st.lists(share, min_size=MAX_RUNS, max_size=MAX_RUNS).map(tuple),
        world_demand_mult=st.one_of(st.just(1.0), st.floats(0.3, 3.0)),
        leaf_price_mult=st.one_of(st.just(1.0), st.floats(0.3, 3.0)),
        choice=st.integers(0, 7),
    )


def _spread(total: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(n, len(weights)) amounts summing to ``total`` (n,), in proportion to ``weights``."""
    s = weights.sum()
    if s <= 0:
        return np.zeros((total.shape[0], weights.shape[0]))
    return total[:, None] * (weights / s)[None, :]


def build_orders(world: World, table: EventTable, state: State, plan: Plan) -> Orders:
    """Valid orders for ``state`` from ``plan``: within teams, troops and every run's budget,
    no teams where no coca grows, and an answer to every pending event."""
    r, k, runs = world.regions, world.routes, state.runs
    p = world.params
    rows = runs if plan.per_run else 1
    ones = np.ones(rows)
    team_w = np.array(plan.team_weights[:r]) * (world.grows_coca > 0)
    teams = _spread(ones * plan.teams * world.teams_available, team_w)
    troops = _spread(ones * plan.troops * world.troops_available, np.array(plan.troop_weights[:r]))
    budget = state.budget_musd if plan.per_run else np.full(1, state.budget_musd.min())
    fixed = teams.sum(axis=1) * p.team_cost_musd + troops.sum(axis=1) * p.troop_cost_musd
    if np.any(fixed > budget):  # an event cut the budget below the units' pay
        units = np.minimum(1.0, budget / np.maximum(fixed, 1e-12))[:, None] * (1 - 1e-9)
        teams, troops = teams * units, troops * units
        fixed = teams.sum(axis=1) * p.team_cost_musd + troops.sum(axis=1) * p.troop_cost_musd
    spend = plan.spend * np.maximum(budget - fixed, 0.0)
    if plan.per_run:
        spend = spend * np.array(plan.run_spread[:runs])
    money = _spread(spend, np.array(plan.money_weights))
    orders = Orders(
        eradication_teams=teams,
        troops=troops,
        development_musd=money[:, 0:r],
        infrastructure_musd=money[:, r : 2 * r],
        indigenous_musd=money[:, 2 * r : 3 * r],
        interdiction_musd=money[:, 3 * r : 3 * r + k] * world.route_exit,
        precursor_musd=money[:, 3 * r + k],
        intelligence_musd=money[:, 3 * r + k + 1],
        diplomacy_musd=money[:, 3 * r + k + 2],
        world_demand_mult=ones * plan.world_demand_mult,
        leaf_price_mult=np.ones((rows, r)) * plan.leaf_price_mult,
        event_choices=event_choices(table, state, plan.choice),
    )
    return fit_to_budget(world, state, orders)


def affordable(world: World, state: State, orders: Orders) -> Orders:
    """``fit_to_budget``, and fewer teams and troops in runs that cannot even pay those."""
    orders = fit_to_budget(world, state, orders)
    p = world.params
    fixed = (
        orders.eradication_teams.sum(axis=1) * p.team_cost_musd
        + orders.troops.sum(axis=1) * p.troop_cost_musd
    )
    if np.all(fixed <= state.budget_musd):
        return orders
    units = np.minimum(1.0, state.budget_musd / np.maximum(fixed, 1e-12)) * (1 - 1e-9)
    shape = (state.runs, world.regions)
    return orders.with_values(
        eradication_teams=np.broadcast_to(orders.eradication_teams, shape) * units[:, None],
        troops=np.broadcast_to(orders.troops, shape) * units[:, None],
    )


def event_choices(table: EventTable, state: State, seed: int) -> dict[str, int]:
    """A (varied) answer to every event waiting for one in some run."""
    pending = np.asarray(state.pending_events).any(axis=0)
    return {
        event.id: (seed + i) % len(event.choices)
        for i, event in enumerate(table.events)
        if pending[i]
    }


# --- the builder gives valid orders --------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_built_orders_are_accepted(setup, data):
    world, table = setup.world, setup.events
    runs = data.draw(st.integers(1, 4), label="runs")
    state = new_game(world, table, list(range(runs)), setup.start_orders, setup.difficulty)
    state.budget_musd = state.budget_musd * np.linspace(0.7, 1.0, runs)
    plan = data.draw(plans(world), label="plan")
    orders = build_orders(world, table, state, plan)
    check_orders(world, state, orders)
    assert np.all(orders_cost(world, orders) <= state.budget_musd + 1e-6)


# --- refusals ---------------------------------------------------------------------------------


@pytest.fixture
def game(setup):
    """A fresh two-run game (its own copy: tests here may try to damage it)."""
    return new_game(setup.world, setup.events, [3, 4], setup.start_orders, setup.difficulty)


def snapshot(state: State) -> dict[str, object]:
    arrays = {k: v.copy() for k, v in state.array_fields().items()}
    return {
        "turn": state.turn,
        "arrays": arrays,
        "keys": state.rng.keys.copy(),
        "counter": state.rng.counter,
    }


def assert_same(state: State, snap: dict[str, object]) -> None:
    assert state.turn == snap["turn"]
    assert state.rng.counter == snap["counter"]
    assert np.array_equal(state.rng.keys, snap["keys"])
    arrays = snap["arrays"]
    assert isinstance(arrays, dict)
    assert set(state.array_fields()) == set(arrays)
    for name, value in state.array_fields().items():
        assert value.dtype == arrays[name].dtype, name
        assert np.array_equal(value, arrays[name], equal_nan=True), name


def region(world: World, region_id: str) -> int:
    return world.region_index(region_id)


def coca_region(world: World) -> int:
    return int(np.flatnonzero(world.grows_coca > 0)[0])


def coast_region(world: World) -> int:
    coast = np.flatnonzero(world.grows_coca == 0)
    assert coast.size, "the scenario has a region without coca (the ports)"
    return int(coast[0])


def _zeros(setup) -> Orders:
    return Orders.zeros(setup.world)


def over_budget(setup, state):
    world = setup.world
    orders = _zeros(setup).with_amount("development_musd", coca_region(world), 1.0)
    extra = float(state.budget_musd.max()) + 5.0
    return orders.with_amount("precursor_musd", None, extra), ("budget", "available")


def negative_amount(setup, state):
    orders = _zeros(setup).with_amount("infrastructure_musd", coca_region(setup.world), -2.0)
    return orders, ("infrastructure_musd", "negative")


def negative_teams(setup, state):
    orders = _zeros(setup).with_amount("eradication_teams", coca_region(setup.world), -1.0)
    return orders, ("eradication_teams", "negative")


def nan_amount(setup, state):
    orders = _zeros(setup).with_amount("development_musd", coca_region(setup.world), np.nan)
    return orders, ("development_musd", "number")


def infinite_amount(setup, state):
    orders = _zeros(setup).with_amount("intelligence_musd", None, np.inf)
    return orders, ("intelligence_musd", "number")


def wrong_region_count(setup, state):
    r = setup.world.regions
    orders = _zeros(setup).with_values(troops=np.zeros((1, r + 1)))
    return orders, ("troops", "shape", str(r), str(r + 1))


def wrong_route_count(setup, state):
    k = setup.world.routes
    orders = _zeros(setup).with_values(interdiction_musd=np.zeros((1, k - 1)))
    return orders, ("interdiction_musd", "shape", str(k))


def national_as_region_array(setup, state):
    r = setup.world.regions
    orders = _zeros(setup).with_values(diplomacy_musd=np.zeros((1, r)))
    return orders, ("diplomacy_musd", "shape")


def wrong_run_count(setup, state):
    r = setup.world.regions
    orders = _zeros(setup).with_values(development_musd=np.zeros((state.runs + 1, r)))
    return orders, ("development_musd", "runs")


def troops_beyond_available(setup, state):
    world = setup.world
    orders = _zeros(setup).with_amount("troops", coca_region(world), world.troops_available + 1)
    return orders, ("troops", str(world.troops_available + 1), str(world.troops_available))


def troops_spread_beyond_available(setup, state):
    world = setup.world
    per_region = world.troops_available / world.regions + 1.0
    orders = _zeros(setup).with_amount("troops", None, per_region)
    return orders, ("troops", "available")


def teams_beyond_available(setup, state):
    world = setup.world
    orders = _zeros(setup).with_amount(
        "eradication_teams", coca_region(world), world.teams_available + 1
    )
    return orders, ("eradication teams", str(world.teams_available))


def teams_on_the_coast(setup, state):
    world = setup.world
    coast = coast_region(world)
    orders = _zeros(setup).with_amount("eradication_teams", coast, 1.0)
    return orders, ("eradication teams", world.region_names[coast])


def multiplier_out_of_range(setup, state):
    orders = _zeros(setup).with_values(leaf_price_mult=np.zeros((1, setup.world.regions)))
    return orders, ("leaf_price_mult",)


CASES = [
    over_budget,
    negative_amount,
    negative_teams,
    nan_amount,
    infinite_amount,
    wrong_region_count,
    wrong_route_count,
    national_as_region_array,
    wrong_run_count,
    troops_beyond_available,
    troops_spread_beyond_available,
    teams_beyond_available,
    teams_on_the_coast,
    multiplier_out_of_range,
]


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_invalid_orders_are_refused_with_the_reason(setup, game, case):
    orders, words = case(setup, game)
    before = snapshot(game)
    with pytest.raises(OrdersRefused) as refused:
        step(setup.world, setup.events, game, orders)
    message = str(refused.value)
    for word in words:
        assert word.lower() in message.lower(), f"{word!r} not in {message!r}"
    assert "None" not in message, message
    assert "\n" not in message
    assert_same(game, before)


def test_refusal_lists_every_reason(setup, game):
    world = setup.world
    orders = _zeros(setup).with_amount("eradication_teams", coast_region(world), 1.0)
    orders = orders.with_amount("troops", coca_region(world), world.troops_available + 5)
    with pytest.raises(OrdersRefused) as refused:
        step(world, setup.events, game, orders)
    message = str(refused.value)
    assert "troops" in message
    assert world.region_names[coast_region(world)] in message


def test_orders_at_the_limits_are_accepted(setup, game):
    """All the teams, all the troops and the whole budget, to the cent, are allowed."""
    world = setup.world
    orders = _zeros(setup).with_amount(
        "eradication_teams", coca_region(world), world.teams_available
    )
    orders = orders.with_amount("troops", coca_region(world), world.troops_available)
    left = float(game.budget_musd.min()) - float(orders_cost(world, orders)[0])
    assert left > 0
    orders = orders.with_amount("diplomacy_musd", None, left)
    before = snapshot(game)
    result = step(world, setup.events, game, orders)
    assert result.state.turn == game.turn + 1
    assert_same(game, before)


def test_orders_for_one_run_of_a_batch(setup, game):
    """Per-run orders (one row per run) are accepted and each run gets its own row."""
    world = setup.world
    r = coca_region(world)
    teams = np.zeros((game.runs, world.regions))
    teams[1, r] = 10.0
    orders = _zeros(setup).with_values(eradication_teams=teams)
    result = step(world, setup.events, game, orders)
    assert result.flows.eradicated_ha[0, r] == 0.0
    assert result.flows.eradicated_ha[1, r] > 0.0


# --- answers to events ---------------------------------------------------------------------

COST = 30.0


@pytest.fixture(scope="module")
def costly_event() -> EventTable:
    """An event that always fires, whose second answer costs money and changes approval."""
    event = Event(
        id="test-costly",
        title="A costly decision",
        probability=1.0,
        first_turn=0,
        last_turn=10_000,
        max_times=1_000,
        conditions=(),
        choices=(
            Choice("do nothing", ()),
            Choice("pay", (Effect("approval", -3, add=4.0),), cost_musd=COST),
        ),
        default_choice=0,
    )
    return EventTable((event,))


def _pending_game(setup, table: EventTable) -> State:
    world = setup.world
    state = new_game(world, table, [5], setup.start_orders, setup.difficulty)
    state = step(world, table, state, setup.start_orders).state
    assert state.pending_events.all(), "the test event fires every quarter"
    return state


def test_event_choice_takes_effect(setup, costly_event):
    world = setup.world
    state = _pending_game(setup, costly_event)
    free = step(world, costly_event, state, setup.start_orders.with_values(event_choices={}))
    answered = setup.start_orders.with_values(event_choices={"test-costly": 1})
    paid = step(world, costly_event, state, answered)
    assert paid.state.approval[0] - free.state.approval[0] == pytest.approx(4.0, abs=0.5)
    assert "event: A costly decision" in paid.ledger.contributions("approval")


def test_event_choice_cost_is_paid(setup, costly_event):
    """An answer that costs money must cost money: either the quarter's orders must leave
    room for it (and are refused if they do not) or the budget that follows is smaller."""
    world = setup.world
    state = _pending_game(setup, costly_event)
    full = _zeros(setup).with_amount("diplomacy_musd", None, float(state.budget_musd[0]))
    free = step(world, costly_event, state, full.with_values(event_choices={"test-costly": 0}))
    pay = full.with_values(event_choices={"test-costly": 1})
    try:
        paid = step(world, costly_event, state, pay)
    except OrdersRefused as refused:
        assert "budget" in str(refused)
        return
    assert paid.state.budget_musd[0] <= free.state.budget_musd[0] - 0.99 * COST, (
        f"chose to pay ${COST:.0f}M: budget {paid.state.budget_musd[0]:.2f} vs "
        f"{free.state.budget_musd[0]:.2f} when paying nothing"
    )


def test_answer_to_an_unknown_choice_is_refused(setup, costly_event):
    """A choice index the event does not have is a mistake to report, not to guess at."""
    world = setup.world
    state = _pending_game(setup, costly_event)
    before = snapshot(state)
    orders = setup.start_orders.with_values(event_choices={"test-costly": 5})
    with pytest.raises(OrdersRefused) as refused:
        step(world, costly_event, state, orders)
    assert "test-costly" in str(refused.value)
    assert_same(state, before)


def test_fit_to_budget_leaves_affordable_runs_alone(setup):
    """Scaling money down for a run that cannot pay must not touch the runs that can:
    otherwise run i of a batch is not the game its seed plays alone."""
    world = setup.world
    state = new_game(world, setup.events, [1, 2, 3], setup.start_orders, setup.difficulty)
    cost = float(orders_cost(world, setup.start_orders)[0])
    state.budget_musd = np.array([cost + 50.0, cost - 10.0, cost])
    fitted = fit_to_budget(world, state, setup.start_orders)
    check_orders(world, state, fitted)
    spent = orders_cost(world, fitted)
    assert spent[1] <= state.budget_musd[1] + 1e-9
    for run in (0, 2):
        for name, value in fitted.arrays().items():
            row = value[run] if value.shape[0] > 1 else value[0]
            original = setup.start_orders.arrays()[name][0]
            assert np.array_equal(row, original), f"run {run}: {name} changed"


def test_answer_to_an_unknown_event_is_refused(setup, costly_event):
    world = setup.world
    state = _pending_game(setup, costly_event)
    before = snapshot(state)
    orders = setup.start_orders.with_values(event_choices={"no-such-event": 0})
    with pytest.raises(OrdersRefused) as refused:
        step(world, costly_event, state, orders)
    assert "no-such-event" in str(refused.value)
    assert_same(state, before)


def test_edited_orders_take_effect(setup, game):
    """An edit makes new orders: the effects kept by value for the old ones must not be
    reused for them, and they play as the same values built afresh do."""
    world = setup.world
    orders = setup.start_orders
    step(world, setup.events, game, orders)  # works out and keeps the old values' effects
    region = coca_region(world)
    route = int(np.flatnonzero(world.route_exit)[0])
    edited = (
        orders.with_amount("troops", region, orders.troops[0, region] + 5.0)
        .with_amount("interdiction_musd", route, orders.interdiction_musd[0, route] + 1.0)
        .with_amount("diplomacy_musd", None, orders.diplomacy_musd[0] + 1.0)
    )
    played = step(world, setup.events, game, edited).state
    fresh = step(world, setup.events, game, Orders(**edited.arrays())).state  # reuses `played`'s
    world.orders_memo.clear()
    cold = step(world, setup.events, game, Orders(**edited.arrays())).state  # nothing kept
    for name, value in fresh.array_fields().items():
        assert np.array_equal(getattr(played, name), value), name
        assert np.array_equal(getattr(cold, name), value), name
    before = step(world, setup.events, game, orders).state
    assert not np.array_equal(played.support, before.support)
    assert not np.array_equal(played.insurgency, before.insurgency)


def test_per_run_orders_are_not_kept_by_value(setup):
    world = setup.world
    runs = 100  # more rows than are worth hashing
    state = new_game(world, setup.events, np.arange(runs), setup.start_orders, setup.difficulty)
    orders = setup.start_orders.with_values(troops=np.repeat(setup.start_orders.troops, runs, 0))
    world.orders_memo.clear()
    step(world, setup.events, state, orders)
    assert not world.orders_memo


def test_refusals_follow_edits(setup, game):
    """The orders panel asks again at every key, with the orders the edit made: the answer
    must follow the edit, although the check keeps what it found by value."""
    world = setup.world
    draft = fit_to_budget(world, game, setup.start_orders)
    assert refusal_reasons(world, game, draft) == []
    region = coca_region(world)
    too_many = draft.with_amount("troops", region, world.troops_available + 1.0)
    assert any("troops" in r for r in refusal_reasons(world, game, too_many))
    assert refusal_reasons(world, game, draft) == []  # the orders edited are as they were
    back = too_many.with_amount("troops", region, float(draft.troops[0, region]))
    assert refusal_reasons(world, game, back) == []
    over = draft.with_amount("development_musd", region, 1e6)
    assert any("budget" in r for r in refusal_reasons(world, game, over))


# --- orders are values ---------------------------------------------------------------------


def test_orders_cannot_be_written(setup):
    """An edit must make new orders: whoever holds the old ones (a game's history, a
    forecast in a worker, the effects ``derived`` keeps by value, a step that refuses
    them) can count on them never changing. Writing into them raises."""
    orders = setup.start_orders.with_choice("some-event", 1)
    for name, value in orders.arrays().items():
        with pytest.raises(ValueError, match="read-only"):
            value[0] = 1.0
        with pytest.raises(ValueError, match="read-only"):
            value += 1.0
        assert not value.flags.writeable, name
    with pytest.raises(FrozenInstanceError):
        orders.troops = np.zeros_like(orders.troops)  # type: ignore[misc]
    with pytest.raises(TypeError):
        orders.event_choices["some-event"] = 0  # type: ignore[index]


def test_every_way_of_making_orders_makes_them_read_only(content, setup, game):
    world = setup.world
    rules = load_strategy(content, setup, "follow-the-coca").orders(game)  # per-run rows
    loaded = Game.new(setup, 1)
    loaded.play(setup.start_orders.with_choice(setup.events.events[0].id, 0))
    with tempfile.TemporaryDirectory() as folder:
        path = save_game(loaded, Path(folder) / "g.json")
        from_save = load_save(path, content).game.history[0].orders
    poor = game.copy()
    poor.budget_musd = poor.budget_musd * 0.5
    made = {
        "zeros": Orders.zeros(world, 3),
        "from writable arrays": Orders(**{k: v.copy() for k, v in rules.arrays().items()}),
        "start orders (orders_from_spec, fit_within)": setup.start_orders,
        "a strategy with rules": rules,
        "fit_to_budget": fit_to_budget(world, poor, setup.start_orders),
        "take": rules.take(np.array([1])),
        "with_values": setup.start_orders.with_values(troops=np.ones((1, world.regions))),
        "with_amount": setup.start_orders.with_amount("precursor_musd", None, 2.0),
        "a save": from_save,
        "pickled": pickle.loads(pickle.dumps(rules)),
    }
    for how, orders in made.items():
        for name, value in orders.arrays().items():
            assert not value.flags.writeable, f"{how}: {name}"
        assert isinstance(orders.event_choices, EventChoices), how
    assert from_save.event_choices == {setup.events.events[0].id: 0}


def test_making_orders_leaves_the_callers_arrays_alone(setup):
    """An array someone else may still write is copied (and only such an array): making
    the caller's own array read-only would surprise it, and its later writes must not
    change the orders."""
    world = setup.world
    troops = np.zeros((1, world.regions))
    orders = Orders.zeros(world).with_values(troops=troops)
    troops[0, 0] = 7.0  # still the caller's to write
    assert orders.troops[0, 0] == 0.0
    view = troops[:, :]
    view.setflags(write=False)  # read-only, but a view of an array the caller can write
    assert not np.shares_memory(Orders.zeros(world).with_values(troops=view).troops, troops)
    same = orders.with_values(diplomacy_musd=np.ones(1))
    assert same.troops is orders.troops  # read-only arrays are shared, not copied


def test_an_edit_leaves_the_original_unchanged(setup):
    world = setup.world
    orders = setup.start_orders
    before = {name: value.copy() for name, value in orders.arrays().items()}
    region = coca_region(world)
    edited = (
        orders.with_amount("troops", region, orders.troops[0, region] + 5.0)
        .with_amount("diplomacy_musd", None, 9.0)
        .with_values(world_demand_mult=np.full(1, 2.0))
        .with_choice("some-event", 1)
    )
    for name, value in orders.arrays().items():
        assert np.array_equal(value, before[name]), name
    assert not orders.event_choices
    assert edited.troops[0, region] == before["troops"][0, region] + 5.0
    assert edited.diplomacy_musd[0] == 9.0 and edited.world_demand_mult[0] == 2.0
    assert edited.event_choices == {"some-event": 1}
    assert edited.with_choice("some-event", 0).event_choices == {"some-event": 0}
    assert edited.event_choices == {"some-event": 1}
    assert edited.value_key != orders.value_key


def test_event_choices_read_like_a_dict_and_are_a_value():
    choices = EventChoices.of({"b": 1, "a": 0})
    assert choices == {"a": 0, "b": 1} and choices != {"a": 0}
    assert list(choices) == ["b", "a"]  # in the order given, as a dict's
    assert choices.get("a") == 0 and choices.get("c", 5) == 5 and "b" in choices
    with pytest.raises(KeyError):
        choices["c"]
    assert hash(choices) == hash(EventChoices.of({"a": 0, "b": 1}))
    assert pickle.loads(pickle.dumps(choices)) == choices
    assert EventChoices.of(choices) is choices
