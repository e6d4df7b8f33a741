"""Region detail and forecast: Pilot tests at 80×24, plus the numbers behind them.

The Pilot tests wait for Textual's messages and workers (``pilot.pause``,
``app.workers.wait_for_complete``), never for the clock.
"""

from __future__ import annotations

import io

import numpy as np
from rich.console import Console
from textual.widgets import Static

from game.loader import GameSetup
from game.session import Game
from game.tui.app import BalloonApp
from game.tui.forecast import run_forecast, tiled_state
from game.tui.history import RegionHistory
from game.tui.household import household_budget, region_sources
from game.tui.screens.forecast import ForecastScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.region import RegionScreen
from game.tui.widgets.chart import BandChart, Chart

SIZE = (80, 24)


def plain(widget: Static) -> str:
    """A Static's content as plain text, whether it holds a string, Text or a Rich table."""
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(widget.content)
    return console.export_text()


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


def test_region_sources_name_the_facts_it_uses(setup: GameSetup) -> None:
    ids = [fact_id for fact_id, _ in region_sources(setup, 0)]
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


async def test_region_detail_from_the_key_and_the_table(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")  # one quarter, so the charts have a history
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        while not isinstance(app.screen, MainScreen):
            await pilot.press("1")
            await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, RegionScreen)
        screen = app.screen
        assert "VRAEM" in str(screen.query_one("#region-title", Static).render())
        coca = screen.query_one("#chart-coca_ha", Chart)
        start = float(Game.new(setup, 1).state.coca_total()[0, 0])
        assert len(coca.values) == 2 and coca.values[0] == start
        assert coca.values[-1] == float(app.game.state.coca_total()[0, 0])
        budget = plain(screen.query_one("#household", Static))
        assert "Coca pays" in budget and "Licit crops pay" in budget and "tax" in budget
        assert "DEVIDA" in plain(screen.query_one("#region-about", Static))
        await pilot.press("right_square_bracket")
        assert "Alto Huallaga" in str(screen.query_one("#region-title", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        # from the regions table: the third row, enter
        await pilot.press("2", "down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RegionScreen)
        assert app.screen.chosen == 2
        assert "Ucayali" in str(app.screen.query_one("#region-title", Static).render())


async def test_forecast_runs_in_a_worker_and_shows_the_band(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ForecastScreen)
        # the app answers keys while the worker runs (help opens and closes)
        await pilot.press("question_mark", "escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.result is not None and screen.error is None
        expected = run_forecast(setup, app.game.state, app.orders, app.game.seed)
        assert np.array_equal(screen.result.p10["coca_ha"], expected.p10["coca_ha"])
        assert np.array_equal(screen.result.p90["welfare"], expected.p90["welfare"])
        band = screen.query_one("#band-coca_ha", BandChart)
        assert band.data is not None and len(band.data[1]) == 9
        assert "8 futures in 10" in plain(screen.query_one("#forecast-note", Static))
        assert app.game.turn == 0  # forecasting plays nothing
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_forecast_of_refused_orders_says_why(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        over = app.orders.development_musd[0, 0] + 1000.0  # far over the budget
        app.orders = app.orders.with_amount("development_musd", 0, over)
        await pilot.press("f")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ForecastScreen) and screen.result is None
        assert "budget" in plain(screen.query_one("#forecast-note", Static))
