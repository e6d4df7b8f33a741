"""A game is a pure function of its seed and its orders.

Same seed and orders give bit-identical states; run *i* of a batch is the game a single
run with run *i*'s seed would have played; different seeds differ; ``step`` never
changes the state it is given.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.engine import Orders, State, new_game, step
from game.engine.arrays import SMALL_BATCH, add_along, max_along, mix
from game.engine.events import ALL_REGIONS, NATIONAL, Choice, Effect, Event, EventTable
from game.engine.ledger import LEDGERED
from game.engine.orders import fit_to_budget
from game.engine.rng import FEW_DRAWS, RunStreams
from game.loader import prepare_game

TURNS = 40


@pytest.fixture(scope="module")
def hard(content, setup):
    """Hard difficulty: responses drawn per run, so runs differ from the first quarter."""
    return prepare_game(content, setup.scenario.id, difficulty="hard")


def lively_orders(game) -> Orders:
    """The starting orders with more intelligence and troops: captures and harm happen."""
    world = game.world
    troops = game.start_orders.troops.copy()
    troops[0, world.region_index("vraem")] += 10
    return game.start_orders.with_values(
        intelligence_musd=np.full(1, 8.0), troops=troops, diplomacy_musd=np.zeros(1)
    )


def play(
    game, seeds, turns: int = TURNS, orders: Orders | None = None, record: bool = True
) -> State:
    world, table = game.world, game.events
    orders = orders or lively_orders(game)
    state = new_game(world, table, seeds, game.start_orders, game.difficulty)
    for _ in range(turns):
        state = step(world, table, state, fit_to_budget(world, state, orders), record=record).state
    return state


def assert_identical(a: State, b: State) -> None:
    assert a.turn == b.turn
    assert a.rng.counter == b.rng.counter
    assert a.rng.keys.dtype == b.rng.keys.dtype
    assert np.array_equal(a.rng.keys, b.rng.keys)
    fa, fb = a.array_fields(), b.array_fields()
    assert set(fa) == set(fb)
    for name in fa:
        assert fa[name].dtype == fb[name].dtype, name
        assert fa[name].shape == fb[name].shape, name
        same = np.array_equal(fa[name], fb[name])
        assert same, f"{name} differs (largest gap {np.max(np.abs(fa[name] - fb[name])):.3g})"


def differing(a: State, b: State) -> list[str]:
    return [n for n, v in a.array_fields().items() if not np.array_equal(v, getattr(b, n))]


@pytest.mark.parametrize("level", ["normal", "hard"])
def test_same_seed_same_orders_same_game(setup, hard, level):
    game = setup if level == "normal" else hard
    assert_identical(play(game, [21]), play(game, [21]))


def test_a_run_of_a_batch_is_the_single_game_with_its_seed(hard):
    # batches keep no ledger (record=False); a player's game keeps one: same states
    batch = play(hard, [11, 12, 13, 14], record=False)
    single = play(hard, [13])
    assert_identical(batch.take([2]), single)
    assert_identical(batch.take(slice(2, 3)), single)


def test_a_run_does_not_depend_on_its_neighbours_events(setup):
    """Land a rounding error out of balance is set right in a run whether or not another
    run of its batch has an event to answer (the turn's first checks run for all)."""
    world, table = setup.world, setup.events
    state = new_game(world, table, [1, 2], setup.start_orders, setup.difficulty).copy()
    state.farmland_ha = np.nextafter(state.coca_total() + state.licit_ha, -np.inf)
    alone = step(world, table, state.take([0]), setup.start_orders).state
    state.pending_events[1, 0] = True
    together = step(world, table, state, setup.start_orders).state
    assert_identical(together.take([0]), alone)


def test_batch_with_per_run_orders_matches_single_games(setup):
    """Per-run orders (a row per run, as strategies with rules give) keep runs apart."""
    world, table = setup.world, setup.events
    seeds = [5, 6, 7]
    teams = np.zeros((3, world.regions))
    for i, rid in enumerate(("vraem", "ucayali", "loreto")):
        teams[i, world.region_index(rid)] = 20 + 5 * i
    orders = lively_orders(setup).with_values(eradication_teams=teams)
    batch = new_game(world, table, seeds, setup.start_orders, setup.difficulty)
    singles = [new_game(world, table, [s], setup.start_orders, setup.difficulty) for s in seeds]
    for _ in range(12):
        batch = step(world, table, batch, fit_to_budget(world, batch, orders), record=False).state
        for i, single in enumerate(singles):
            mine = fit_to_budget(world, single, orders.take(np.array([i])))
            singles[i] = step(world, table, single, mine).state
    for i, single in enumerate(singles):
        assert_identical(batch.take([i]), single)


def test_a_game_can_be_split_and_joined_mid_way(hard):
    """Taking runs out of a batch mid-game and playing them on gives the same ending."""
    world, table = hard.world, hard.events
    orders = lively_orders(hard)
    state = play(hard, [31, 32, 33], turns=20)
    parts = [state.take([0]), state.take([1, 2])]
    for _ in range(TURNS - 20):
        state = step(world, table, state, fit_to_budget(world, state, orders)).state
        parts = [step(world, table, p, fit_to_budget(world, p, orders)).state for p in parts]
    assert_identical(State.concat(parts), state)


def test_different_seeds_differ(setup, hard):
    assert differing(play(hard, [1], turns=0), play(hard, [2], turns=0)), (
        "hard draws responses per run"
    )
    a, b = play(setup, [1]), play(setup, [2])
    assert differing(a, b), "40 quarters of capture and harm draws left two seeds identical"
    batch = play(hard, [1, 2, 3, 4])
    rows = [batch.take([i]) for i in range(4)]
    for i in range(4):
        for j in range(i + 1, 4):
            assert differing(rows[i], rows[j]), f"runs {i} and {j} are identical"


def test_draws_do_not_depend_on_orders(setup):
    """Every run draws the same count of numbers every quarter, whatever it is ordered:
    batches with per-run orders stay aligned, and a replay re-draws the same numbers."""
    world, table = setup.world, setup.events
    quiet = Orders.zeros(world)
    busy = lively_orders(setup)
    a = new_game(world, table, [9], setup.start_orders, setup.difficulty)
    b = a.copy()
    for _ in range(TURNS):
        a = step(world, table, a, quiet).state
        b = step(world, table, b, fit_to_budget(world, b, busy)).state
        assert a.rng.counter == b.rng.counter


def test_step_does_not_change_its_input(hard):
    world, table = hard.world, hard.events
    state = play(hard, [4, 5], turns=6)
    orders = fit_to_budget(world, state, lively_orders(hard))
    keep = state.copy()
    keep_orders = {name: value.copy() for name, value in orders.arrays().items()}
    ids = {name: id(value) for name, value in state.array_fields().items()}
    first = step(world, table, state, orders)
    assert_identical(state, keep)
    for name, value in state.array_fields().items():
        assert id(value) == ids[name], f"{name} was replaced on the input state"
    for name, value in orders.arrays().items():
        assert np.array_equal(value, keep_orders[name]), f"orders.{name} changed"
    # stepping the same input again gives the same result: nothing leaked between calls
    second = step(world, table, state, orders)
    assert_identical(first.state, second.state)
    assert first.state.turn == state.turn + 1


def test_history_stays_intact(hard):
    """Playing on from a state changes none of the states before it (a report, an undo
    or a save may still hold them), even if later states share arrays with them."""
    world, table = hard.world, hard.events
    orders = lively_orders(hard)
    states = [new_game(world, table, [8, 9], hard.start_orders, hard.difficulty)]
    copies = [states[0].copy()]
    for _ in range(12):
        states.append(
            step(world, table, states[-1], fit_to_budget(world, states[-1], orders)).state
        )
        copies.append(states[-1].copy())
    for i, (state, copy) in enumerate(zip(states, copies, strict=True)):
        assert state.turn == i
        assert_identical(state, copy)


def test_step_after_events_is_replayable(setup):
    """With events in play, a game replayed from its orders ends the same."""
    world, table = setup.world, setup.events
    orders = lively_orders(setup)
    log: list[Orders] = []
    state = new_game(world, table, [77], setup.start_orders, setup.difficulty)
    for t in range(TURNS):
        pending = state.pending_events.any(axis=0)
        choices = {e.id: t % len(e.choices) for i, e in enumerate(table.events) if pending[i]}
        o = fit_to_budget(world, state, orders).with_values(event_choices=choices)
        log.append(o)
        state = step(world, table, state, o).state
    replay = new_game(world, table, [77], setup.start_orders, setup.difficulty)
    for o in log:
        replay = step(world, table, replay, o).state
    assert_identical(replay, state)


def test_neighbour_sums_give_the_same_bits_in_a_big_batch_and_alone():
    """``mix`` takes a sparse route for big batches and a dense one for small: same bits."""
    rng = np.random.default_rng(7)
    weights = rng.random((7, 7)) * (rng.random((7, 7)) < 0.4)
    x = rng.random((3 * SMALL_BATCH, 7)) * rng.integers(0, 2, (3 * SMALL_BATCH, 7))
    big = mix(x, weights)
    alone = np.concatenate([mix(x[i : i + 1], weights) for i in range(len(x))])
    assert np.array_equal(big, alone)
    assert np.array_equal(np.signbit(big), np.signbit(alone))
    assert np.allclose(big, x @ weights.T)
    wide = rng.random((3, 7)) * (rng.random((3, 7)) < 0.5)  # e.g. routes onto regions
    assert np.array_equal(mix(x, wide), np.concatenate([mix(row[None], wide) for row in x]))


@pytest.mark.parametrize("counter", [0, 1, 7, 2**40 + 3])
def test_draws_are_the_same_bits_in_a_big_batch_and_alone(counter):
    """A few numbers are drawn in Python integers, many in numpy: the same bits."""
    keys = RunStreams.from_seeds(np.arange(1, FEW_DRAWS + 2)).keys
    batch = RunStreams(keys.copy(), counter).uniform(3)
    alone = [RunStreams(keys[i : i + 1].copy(), counter).uniform(3) for i in range(len(keys))]
    assert np.array_equal(batch, np.concatenate(alone))
    assert batch.min() >= 0.0 and batch.max() < 1.0 and len(np.unique(batch)) == batch.size


@pytest.mark.parametrize("runs", [1, 3, FEW_DRAWS + 1])
def test_draws_of_some_columns_are_those_columns_of_the_whole_draw(runs):
    """Events draw only the columns chance decides: the very numbers of the whole draw,
    and the streams move on alike; a normal draw is Box–Muller on two whole draws (the
    cosine in single precision)."""
    keys = RunStreams.from_seeds(np.arange(5, 5 + runs)).keys
    whole, some = RunStreams(keys.copy(), 9), RunStreams(keys.copy(), 9)
    columns = np.array([0, 3, 4, 11])
    assert np.array_equal(some.uniform_by_column(12, columns), whole.uniform(12)[:, columns].T)
    assert some.uniform_by_column(12, columns[:0]).shape == (0, runs)
    assert some.counter == whole.counter + 1
    u1, u2 = whole.uniform(6), whole.uniform(6)
    by_formula = np.sqrt(-2.0 * np.log1p(-u1)) * np.cos((2.0 * np.pi * u2).astype(np.float32))
    assert np.array_equal(RunStreams(keys.copy(), 10).normal(6), by_formula)


@pytest.mark.parametrize("columns", [1, 7, 15])
def test_sums_over_regions_give_the_same_bits_in_a_big_batch_and_alone(columns):
    """``add_along`` accumulates in one call for a small batch, column by column for a big."""
    rng = np.random.default_rng(columns)
    x = rng.lognormal(size=(2 * SMALL_BATCH, columns)) * rng.integers(0, 2, (1, columns)) * 1e3
    x[3] = -0.0  # a run of negative zeros
    big = add_along(x)
    alone = np.concatenate([add_along(x[i : i + 1]) for i in range(len(x))])
    assert np.array_equal(big, alone)
    assert np.array_equal(np.signbit(big), np.signbit(alone))
    assert np.allclose(big, x.sum(axis=1))


def test_ended_runs_stop_where_the_single_game_stops(setup):
    """A run whose game ended (approval collapsed, the remnant took a region) stops there.

    Events that wreck approval or arm the remnant fire in some runs and not others; each
    run that ended holds, bit for bit, the state its single game stops in (a single game
    is not played past its end), while the batch plays on with the runs still going.
    """
    world = setup.world
    scandal = Choice("accept", (Effect("approval", NATIONAL, -200.0),))
    offensive = Choice("accept", (Effect("insurgency", ALL_REGIONS, 1.0),))
    table = EventTable(
        tuple(
            Event(name, name, probability, 0, 10_000, 1, (), (choice,))
            for name, probability, choice in (
                ("scandal", 0.02, scandal),
                ("offensive", 0.04, offensive),
            )
        )
    )
    seeds = list(range(1, 13))
    turns = 20
    batch = new_game(world, table, seeds, setup.start_orders, setup.difficulty)
    for _ in range(turns):
        orders = fit_to_budget(world, batch, setup.start_orders)
        batch = step(world, table, batch, orders, record=False).state
    ended = batch.ended_turn >= 0
    assert set(batch.end_reason[ended]) == {1, 2}, "both ways of losing happen in some runs"
    assert not ended.all(), "some runs play the whole term"
    for i, seed in enumerate(seeds):
        single = new_game(world, table, [seed], setup.start_orders, setup.difficulty)
        while single.turn < turns and single.ended_turn[0] < 0:
            single = step(
                world, table, single, fit_to_budget(world, single, setup.start_orders)
            ).state
        mine = batch.take([i])
        if ended[i]:
            assert single.turn == batch.ended_turn[i] <= turns
        for name, value in single.array_fields().items():
            assert np.array_equal(getattr(mine, name), value), f"run {i}: {name} differs"


def test_an_ended_run_books_nothing_and_nothing_flows(setup):
    """The turn's report agrees with the held state: no entries, no flows in ended runs."""
    world, table = setup.world, setup.events
    state = new_game(world, table, [1, 2], setup.start_orders, setup.difficulty)
    state = step(world, table, state, setup.start_orders).state.copy()
    state.ended_turn[1], state.end_reason[1] = state.turn, 1
    result = step(world, table, state, setup.start_orders)
    for name, value in result.state.array_fields().items():
        assert np.array_equal(value[1], getattr(state, name)[1]), name
    assert any(np.any(d[0] != 0) for d in result.ledger.contributions("coca_ha").values())
    for var in LEDGERED:
        for name, delta in result.ledger.contributions(var).items():
            assert not np.any(delta[1]), f"{var} / {name} booked in an ended run"
    assert np.any(result.flows.eradicated_ha[0] > 0) and not np.any(result.flows.eradicated_ha[1])
    assert not np.any(result.flows.moves[1])


@pytest.mark.parametrize("columns", [1, 7, 15])
def test_maxima_over_regions_give_the_same_bits_in_a_big_batch_and_alone(columns):
    """``max_along`` accumulates in one call for a small batch, column by column for a big:
    numpy's own maximum, signed zeros and all."""
    rng = np.random.default_rng(columns)
    x = rng.normal(size=(2 * SMALL_BATCH, columns)) * rng.integers(0, 2, (1, columns))
    x[3], x[4, ::2], x[5, 1::2] = -0.0, 0.0, -0.0  # rows of zeros of both signs
    big = max_along(x)
    alone = np.concatenate([max_along(x[i : i + 1]) for i in range(len(x))])
    assert np.array_equal(big, alone)
    assert np.array_equal(np.signbit(big), np.signbit(alone))
    assert np.array_equal(big, x.max(axis=1))
    assert max_along(x, keepdims=True).shape == (len(x), 1)
