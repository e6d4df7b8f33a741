"""Region detail and forecast: Pilot tests at 80×24 (the numbers behind them are tested
headless, in test_region_numbers.py).

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
from game.sim.forecast import run_forecast
from game.tui.app import BalloonApp
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
