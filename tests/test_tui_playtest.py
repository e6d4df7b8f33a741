"""The playtest list of issue 12, each behaviour driven as a player would (Pilot).

Orders keep their lever across regions, a loaded game shows its last report and its
changes, the orders' keys work beside the map at 120×40, and charts do not draw noise.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from textual.widgets import DataTable

from game.loader import Content, GameSetup
from game.saves import last_quarter, load_save, load_to_play, save_game
from game.session import Game
from game.tui.app import BalloonApp
from game.tui.screens.main import MainScreen
from game.tui.screens.report import ReportScreen
from game.tui.widgets.chart import axis_range, column_chart, spark_line
from game.tui.widgets.orders import OrdersTable, levers_for, same_lever_row

SMALL, WIDE = (80, 24), (120, 40)


def played(setup: GameSetup, turns: int, seed: int = 1) -> Game:
    game = Game.new(setup, seed)
    for _ in range(turns):
        game.play(game.default_orders())
    return game


# --- the orders cursor keeps its lever ---------------------------------------------------


def test_the_same_lever_is_found_in_a_region_with_other_routes(setup: GameSetup) -> None:
    world = setup.world
    counts = [
        sum(1 for lv in levers_for(setup, r) if lv.field == "interdiction_musd")
        for r in range(world.regions)
    ]
    # the test needs regions with different numbers of routes abroad, as vraem-2022 has
    assert len(set(counts)) > 1
    many = counts.index(max(counts))
    few = counts.index(min(counts))
    old, new = levers_for(setup, many), levers_for(setup, few)
    for row, lever in enumerate(old):
        moved = new[same_lever_row(old, row, new)]
        if lever.field == "interdiction_musd" and not counts[few]:
            continue  # no route abroad there: the cursor stays on its row
        assert moved.field == lever.field
        if lever.column is None:  # a national lever: the very same one
            assert moved == lever


async def test_the_orders_cursor_keeps_its_lever_when_the_region_changes(
    setup: GameSetup,
) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("3")
        table = app.screen.query_one(OrdersTable)
        table.move_cursor(row=len(table.levers) - 1)  # the last lever: Diplomacy
        await pilot.pause()
        label = table.levers[table.cursor_row].label
        for _ in range(setup.world.regions):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert table.levers[table.cursor_row].label == label
        # and a region lever stays that lever too
        table.move_cursor(row=1)
        await pilot.pause()
        for _ in range(setup.world.regions):
            await pilot.press("right_square_bracket")
            await pilot.pause()
            assert table.levers[table.cursor_row].field == "troops"


# --- orders keys beside the map --------------------------------------------------------


async def test_plus_and_minus_change_orders_at_120x40_without_choosing_the_orders(
    setup: GameSetup,
) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.wide
        assert not isinstance(app.focused, OrdersTable)  # the map has the focus
        teams = float(app.orders.eradication_teams[0, 0])
        await pilot.press("plus")
        assert app.orders.eradication_teams[0, 0] == teams + 1
        await pilot.press("minus", "minus")
        assert app.orders.eradication_teams[0, 0] == teams - 1


async def test_plus_on_the_map_tab_at_80x24_changes_nothing(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        before = app.orders
        await pilot.press("plus")
        await pilot.pause()
        assert app.orders is before


# --- after loading: the last report and Δ ------------------------------------------------


def test_the_last_quarter_of_a_save_is_played_again_exactly(
    setup: GameSetup, content: Content, tmp_path: Path
) -> None:
    game = played(setup, 3)
    path = tmp_path / "three.json"
    save_game(game, path)
    loaded = load_save(path, content)
    last = last_quarter(loaded)
    assert last is not None
    assert last.before.turn == 2 and last.result.state.turn == 3
    assert np.array_equal(last.result.state.coca_total(), game.state.coca_total())
    before = played(setup, 2)
    assert np.array_equal(last.before.coca_total(), before.state.coca_total())
    # a save of no quarters has no last quarter
    save_game(Game.new(setup, 1), tmp_path / "none.json")
    assert last_quarter(load_save(tmp_path / "none.json", content)) is None


async def test_a_loaded_game_shows_its_last_report_and_changes(
    setup: GameSetup, content: Content, tmp_path: Path
) -> None:
    game = played(setup, 2)
    path = tmp_path / "two.json"
    save_game(game, path)
    loaded = load_to_play(path, content)
    app = BalloonApp(loaded.game.setup, loaded.game.seed, content=content, loaded=loaded)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        previous = played(setup, 1).state.coca_total()[0]
        assert np.array_equal(app.previous_coca, previous)
        # the regions table's Δ column shows the change since last quarter, not +0%
        table = app.screen.query_one("#regions-table", DataTable)
        changes = [str(table.get_cell_at((r, 2))) for r in range(setup.world.regions)]
        assert any(c.strip() not in ("+0%", "−0%") for c in changes), changes
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert app.screen.result.state.turn == game.turn


# --- charts do not draw rounding noise -----------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [[40.3] * 6, [95_008.0, 95_009.0, 95_008.0, 95_010.0], [0.0, 1e-7, 0.0, 2e-7]],
)
def test_a_flat_or_noisy_series_draws_flat(values: list[float]) -> None:
    chart = column_chart(values, 30, 6, lambda v: f"{v:.1f}", "", resolution=0.1)
    columns = {line[8:] for line in chart.plain.splitlines()}
    # every row is a run of one character: all columns stand equally high
    for row in columns:
        assert len(set(row.strip())) <= 1, chart.plain
    line = spark_line(values, 12, resolution=0.1)
    assert len(set(line)) == 1, line


def test_a_real_change_still_fills_the_chart() -> None:
    values = [100.0, 80.0, 60.0]
    low, high = axis_range(values)
    assert low < 60.0 and high > 100.0 and high - low < 60.0
    line = spark_line(values, 3)
    assert line[0] in "▇█" and line[2] in "▁▂" and line[1] in "▃▄▅"
    # the least span follows the level: 5% of 95,000 ha, not the data's 2 ha
    low, high = axis_range([95_008.0, 95_010.0])
    assert high - low >= 0.05 * 95_010.0
