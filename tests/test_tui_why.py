"""The report's why for national figures, the map's flows overlay and a capture's headline,
driven through Textual's Pilot at 80×24 (the numbers themselves: test_why.py)."""

from __future__ import annotations

import re

import numpy as np
from textual.widgets import Static

from game.engine.orders import orders_cost
from game.loader import GameSetup
from game.session import Game
from game.tui.app import BalloonApp
from game.tui.screens.main import MainScreen
from game.tui.screens.report import ReportScreen
from game.tui.view import REPORT_MEASURES, bar, breakdown, national_breakdown
from game.tui.widgets.flowlayer import ARROWS
from game.tui.widgets.regionmap import RegionMap

SIZE = (80, 24)


def spy_orders(setup: GameSetup, game: Game):  # type: ignore[no-untyped-def]
    """The starting orders with every dollar left put into intelligence."""
    orders = setup.start_orders
    left = float(game.state.budget_musd[0] - orders_cost(setup.world, orders)[0])
    extra = np.floor(left * 10) / 10
    return orders.with_values(intelligence_musd=orders.intelligence_musd + extra)


def capturing_seed(setup: GameSetup) -> int:
    """A seed whose first quarter, all spare money on intelligence, catches the leader."""
    for seed in range(200):
        game = Game.new(setup, seed)
        if bool(game.play(spy_orders(setup, game)).flows.captured[0]):
            return seed
    raise AssertionError("no capture in 200 seeds: the test needs another lever")


async def start(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MainScreen)


def rendered(widget) -> str:  # type: ignore[no-untyped-def]
    return widget.render().plain


async def test_the_flows_overlay_toggles_with_g(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        region_map = app.screen.query_one(RegionMap)
        assert not any(a in rendered(region_map) for a in ARROWS.values())
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        while not isinstance(app.screen, MainScreen):  # answer any events
            await pilot.press("1")
            await pilot.pause()
        region_map = app.screen.query_one(RegionMap)
        assert app.game.grower_flows(), "growers moved in the first quarter"
        assert not region_map.show_flows
        await pilot.press("g")
        await pilot.pause()
        assert region_map.show_flows
        assert any(a in rendered(region_map) for a in ARROWS.values())
        layer_line = str(app.screen.query_one("#layer-line", Static).render())
        assert "growers' moves (g)" in layer_line
        await pilot.press("g")
        await pilot.pause()
        assert not any(a in rendered(region_map) for a in ARROWS.values())


async def test_the_palette_offers_the_flows(setup: GameSetup) -> None:
    from game.tui.commands import BalloonCommands

    app = BalloonApp(setup, seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        provider = BalloonCommands(app.screen)
        keys = {c.name: c.key for c in provider.commands()}
        assert keys["Map: growers' moves"] == "g"


#: a value that prints as zero (+0, −0.000): a part that should not have been drawn
ZERO = re.compile(r"\s[+−]0(?:\.0+)?\s")


async def test_the_report_draws_only_parts_that_are_there(setup: GameSetup) -> None:
    """Each line of a why is a part of the change, none of them zero; with no part at all
    it says so, rather than drawing a bar scaled by a zero maximum."""
    app = BalloonApp(setup, seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        for _ in range(len(REPORT_MEASURES)):
            if screen.national:
                rows = national_breakdown(setup, screen.result, screen.measure)
            else:
                rows = breakdown(setup, screen.result, screen.measure, screen.chosen)
            assert all(value != 0 for _, value in rows)
            text = str(screen.query_one("#why", Static).render())
            # the chosen measure's why (the next ones follow it where the screen is tall)
            text = text.split("\n\nWhy · ")[0].split("arrived, not yet")[0]
            lines = text.strip("\n").splitlines()
            if rows:
                # parts too small to print are not drawn but counted in one dim line
                drawn = [line for line in lines if not line.startswith("and ")]
                told = re.fullmatch(r"and (\d+) parts? too small to show", lines[-1].strip())
                hidden = int(told.group(1)) if told else 0
                assert len(drawn) + hidden == len(rows), (screen.measure, lines)
                assert not any(ZERO.search(line) for line in drawn), (screen.measure, lines)
            else:
                assert lines == ["no change this quarter"]
            await pilot.press("m")
    assert bar(0.0, 0.0, 20) == "" and bar(1.0, 0.0, 20) == ""


async def test_a_capture_heads_the_report_and_the_log(setup: GameSetup) -> None:
    seed = capturing_seed(setup)
    app = BalloonApp(setup, seed=seed)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        app.orders = spy_orders(setup, app.game)
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        press = str(app.screen.query_one("#press", Static).render())
        assert press.splitlines()[0] == "The armed remnant's leader is captured"
        assert any(
            line.endswith("The armed remnant's leader is captured") for line in app.log_lines
        )
        rows = dict(national_breakdown(setup, app.game.last, "approval"))  # type: ignore[arg-type]
        assert rows["leader captured"] > 0
