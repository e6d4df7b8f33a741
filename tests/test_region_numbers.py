"""The numbers the region detail, forecast and end screens draw, computed headless.

History, the growers' budget, sources, the forecast and the status-quo comparison are
``game.sim`` code: these tests run them without Textual, as a headless game would.
"""

from __future__ import annotations

import numpy as np

from game.loader import Content, GameSetup
from game.session import Game
from game.sim.forecast import run_forecast, tiled_state
from game.sim.household import household_budget, region_sources
from game.sim.region_history import RegionHistory


def played(setup: GameSetup, turns: int, seed: int = 1) -> Game:
    game = Game.new(setup, seed)
    for _ in range(turns):
        game.play(game.default_orders())
    return game


def test_region_history_replays_to_the_live_state(setup: GameSetup) -> None:
    game = played(setup, 3)
    history = RegionHistory()
    coca = history.series(game, "coca_ha", 0)
    assert len(coca) == 4
    assert coca[-1] == float(game.state.coca_total()[0, 0])
    assert coca[0] == float(Game.new(setup, 1).state.coca_total()[0, 0])
    # one more quarter extends the cached replay instead of starting over
    replay = history.replay
    game.play(game.default_orders())
    welfare = history.series(game, "welfare", 2)
    assert history.replay is replay and len(welfare) == 5
    assert welfare[-1] == float(game.state.welfare[0, 2])


def test_household_budget_adds_up_to_the_engines_returns(setup: GameSetup) -> None:
    game = played(setup, 2)
    for region in range(setup.world.regions):
        b = household_budget(setup, game.state, region)
        assert np.isclose(b.gross - b.costs - b.tax, b.coca)
        assert 0.0 <= b.deterrence <= 1.0
    vraem = household_budget(setup, game.state, 0)
    assert vraem.tax > 0 and vraem.coca > vraem.licit  # the remnant taxes VRAEM's coca


def test_region_sources_name_the_facts_it_uses(content: Content, setup: GameSetup) -> None:
    ids = [fact_id for fact_id, _ in region_sources(content.facts, setup, 0)]
    assert ids[0] == "vraem-coca-2022"  # the starting hectares come first
    assert "vraem-poverty" in ids  # and the cited facts after
    assert len(ids) == len(set(ids))


def test_forecast_is_deterministic_and_leaves_the_game_alone(setup: GameSetup) -> None:
    game = played(setup, 1)
    before = {k: v.copy() for k, v in game.state.array_fields().items()}
    counter = game.state.rng.counter
    orders = game.default_orders()
    a = run_forecast(setup, game.state, orders, game.seed, runs=40, turns=4)
    b = run_forecast(setup, game.state, orders, game.seed, runs=40, turns=4)
    for metric in a.p10:
        assert np.array_equal(a.p10[metric], b.p10[metric])
        assert np.array_equal(a.p90[metric], b.p90[metric])
        assert len(a.mean[metric]) == 5
        assert np.all(a.p10[metric] <= a.p90[metric])
    assert a.p90["coca_ha"][-1] > a.p10["coca_ha"][-1]  # the runs really differ
    assert game.state.rng.counter == counter
    for name, value in before.items():
        assert np.array_equal(getattr(game.state, name), value), name
    # another seed, another (fixed) future
    c = run_forecast(setup, game.state, orders, game.seed + 1, runs=40, turns=4)
    assert not np.array_equal(a.p90["coca_ha"], c.p90["coca_ha"])


def test_tiled_state_gives_every_run_its_own_stream(setup: GameSetup) -> None:
    state = Game.new(setup, 1).state
    tiled = tiled_state(state, np.arange(5))
    assert tiled.runs == 5 and len(set(tiled.rng.keys.tolist())) == 5
    assert np.array_equal(tiled.coca_ha[3], state.coca_ha[0])


def test_the_end_screens_comparison_is_the_players_last_quarter_against_the_band(
    content: Content, setup: GameSetup
) -> None:
    import dataclasses

    from game.engine.metrics import METRICS
    from game.sim.futures import COMPARED, Compared, compare_with_futures, status_quo_futures

    short = dataclasses.replace(setup, world=dataclasses.replace(setup.world, turns=3))
    game = played(short, 2, seed=4)
    futures = status_quo_futures(game, content, runs=8)
    rows = compare_with_futures(game, futures)
    assert [r.metric for r in rows] == list(COMPARED)
    for row in rows:
        low, high = (float(b[2]) for b in futures.band(row.metric.key))
        assert (row.low, row.high) == (low, high) and row.low <= row.high
        assert row.mine == game.history[-1].summary[row.metric.key]
        assert row.start == game.start_summary[row.metric.key]
    # better is outside the band the metric's good way; within it, no different
    coca, welfare = METRICS["coca_ha"], METRICS["welfare"]  # less coca is better
    assert Compared(coca, 0, 5.0, 10.0, 20.0).verdict == 1
    assert Compared(coca, 0, 25.0, 10.0, 20.0).verdict == -1
    assert Compared(welfare, 0, 25.0, 10.0, 20.0).verdict == 1
    assert Compared(welfare, 0, 15.0, 10.0, 20.0).verdict == 0
