"""The playtest list of issue 12, each behaviour driven as a player would (Pilot).

Orders keep their lever across regions, a loaded game shows its last report and its
changes, the orders' keys work beside the map at 120×40, and charts do not draw noise.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import numpy as np
import pytest
from rich.text import Text
from screen_text import screen_text
from textual.widgets import DataTable, Static

from game.loader import Content, GameSetup
from game.progress import played_text, score_number, score_text
from game.saves import last_quarter, list_saves, load_save, load_to_play, save_game, saves_dir
from game.session import Game
from game.tui.app import BalloonApp
from game.tui.commands import BalloonCommands
from game.tui.screens.endgame import EndScreen
from game.tui.screens.event import EventScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.report import ReportScreen
from game.tui.screens.saves import describe
from game.tui.screens.title import TitleScreen
from game.tui.view import (
    BREAKDOWN_VARS,
    RAMP,
    RAMP_TEXT,
    SHADES,
    layer_badness,
    layer_values,
    ramp_step,
)
from game.tui.widgets.chart import axis_range, column_chart, spark_line
from game.tui.widgets.orders import OrdersTable, levers_for, same_lever_row
from game.tui.widgets.regionmap import RegionMap

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


# --- one score and one number of quarters everywhere ---------------------------------------


def shown(app: BalloonApp, selector: str) -> str:
    """What a Static on the current screen shows, as plain text."""
    content = app.screen.query_one(selector, Static).content
    return content.plain if isinstance(content, Text) else str(content)


async def test_score_and_quarters_played_read_the_same_everywhere(
    setup: GameSetup, content: Content
) -> None:
    term = setup.world.turns
    app = BalloonApp(setup, seed=4, start_directly=True, content=content)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await play_quarter(pilot)
        assert isinstance(app.screen, MainScreen)
        score = app.game.final_score()
        top = shown(app, "#topbar")
        assert played_text(1, term) in top and score_text(score) in top
    # the load list and the title screen say the same of its autosave
    listing = next(s for s in list_saves(saves_dir(), content) if s.turn == 1)
    assert played_text(1, term) in describe(listing)
    assert score_text(score) in describe(listing)
    title = BalloonApp(setup, seed=4, content=content)
    async with title.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(title.screen, TitleScreen)
        line = shown(title, "#title-settings")
        assert played_text(1, term) in line and score_text(score) in line
    # and the end screen of a game played to its end
    short = dataclasses.replace(setup, world=dataclasses.replace(setup.world, turns=2))
    app = BalloonApp(short, seed=4, start_directly=True, content=content)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await play_quarter(pilot)
        await play_quarter(pilot)
        assert isinstance(app.screen, EndScreen)
        end_title = shown(app, "#end-title")
        assert played_text(2, 2) in end_title
        assert score_number(app.game.final_score()) in end_title


async def play_quarter(pilot) -> None:  # type: ignore[no-untyped-def]
    """End the turn, leave the report, answer whatever is asked."""
    app = pilot.app
    await pilot.press("e")
    await pilot.pause()
    while isinstance(app.screen, (ReportScreen, EventScreen)):
        await pilot.press("escape" if isinstance(app.screen, ReportScreen) else "1")
        await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


# --- the palette: every command on every screen, with its key -----------------------------


def palette_misses(app: BalloonApp) -> list[str]:
    """Keys of the key bar that the palette of the screen showing does not offer."""
    commands = list(BalloonCommands(app.screen).commands())
    keys = {k for c in commands for k in c.key.split("/") if k}
    missing = []
    for _, binding, enabled, _ in app.screen.active_bindings.values():
        key = app.get_key_display(binding)
        if binding.show and binding.description and enabled and key not in keys:
            missing.append(f"{binding.description} ({key})")
    return missing


async def test_the_palette_offers_every_key_of_every_screen(
    setup: GameSetup, content: Content
) -> None:
    app = BalloonApp(setup, seed=1, content=content)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        seen = []

        async def check(key: str | None = None) -> None:
            if key is not None:
                await pilot.press(key)
                await pilot.pause()
                await app.workers.wait_for_complete()
                await pilot.pause()
            seen.append(type(app.screen).__name__)
            assert palette_misses(app) == [], type(app.screen).__name__

        await check()  # the title
        app.new_game()
        await pilot.pause()
        await check()  # the main screen
        names = [c.name for c in BalloonCommands(app.screen).commands()]
        for name in ("End turn", "Forecast", "Save game", "Help", "Quit", "Map layer: welfare"):
            assert name in names
        end_turn = next(c for c in BalloonCommands(app.screen).commands() if c.name == "End turn")
        assert end_turn.key == "^e"
        await check("e")  # the report
        await check("escape")
        while isinstance(app.screen, EventScreen):
            await check()
            await pilot.press("1")
            await pilot.pause()
        await check("d")  # region detail
        await check("escape")
        await check("f")  # the forecast
        await check("escape")
        await check("question_mark")  # help
        assert {"TitleScreen", "MainScreen", "ReportScreen", "RegionScreen"} <= set(seen)
        assert {"ForecastScreen", "HelpScreen"} <= set(seen)


async def test_the_reports_keys_run_from_the_palette(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        report = app.screen
        assert isinstance(report, ReportScreen)
        measure = report.measure
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"measure")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is report and report.measure != measure


# --- colour for everyone ------------------------------------------------------------------


def lightness(colour: str) -> float:
    """CIE L* (0 black … 100 white) of a ``#rrggbb`` colour."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    y = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    return 116 * y ** (1 / 3) - 16 if y > 0.008856 else 903.3 * y


def test_the_map_ramp_rises_evenly_in_lightness() -> None:
    levels = [lightness(c) for c in RAMP]
    steps = [b - a for a, b in itertools.pairwise(levels)]
    assert all(s > 10 for s in steps), levels  # each step visibly lighter than the last
    assert max(steps) / min(steps) < 1.3, levels  # and evenly so
    # the value is readable on each step: dark text on light steps, light on dark
    for colour, text in zip(RAMP, RAMP_TEXT, strict=True):
        assert abs(lightness(colour) - lightness(text)) > 45, (colour, text)


def map_styles(app: BalloonApp) -> set[str]:
    rendered = app.screen.query_one(RegionMap).render()
    return {str(span.style) for span in rendered.spans}


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light", "solarized-light"])
async def test_the_map_uses_the_ramp_in_every_theme(setup: GameSetup, theme: str) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=SMALL) as pilot:
        app.theme = theme
        await pilot.pause()
        bodies = {s for s in map_styles(app) if " on " in s and "#3a3a3a" not in s}
        assert bodies and all(any(c in s for c in RAMP) for s in bodies), bodies


async def test_without_colour_the_map_and_legend_read_by_shades(
    setup: GameSetup, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert app.no_color
        region_map = app.screen.query_one(RegionMap)
        text = region_map.render().plain
        legend_line = shown(app, "#layer-line")
        assert "".join(SHADES) in legend_line.replace(" ", "")
        # each region's box is filled with the shade of its step
        for i, name in enumerate(setup.world.region_names):
            if not setup.world.grows_coca[i]:
                continue
            value = float(layer_values(app.game.state, "coca_ha")[i])
            shade = SHADES[ramp_step(layer_badness("coca_ha", value))]
            row = next(line for line in text.splitlines() if f" {value:,.0f} ha " in line)
            assert shade * 2 in row or shade == SHADES[0], (name, row)


# --- the space of a larger terminal -------------------------------------------------------


def blank_rows(text: str) -> int:
    """The longest run of rows with nothing but borders and spaces."""
    longest = run = 0
    for line in text.splitlines():
        run = run + 1 if not line.strip(" │╭╮╰╯─") else 0
        longest = max(longest, run)
    return longest


@pytest.mark.parametrize("size", [WIDE, (200, 50)])
async def test_larger_terminals_fill_the_report_forecast_and_map(
    setup: GameSetup, size: tuple[int, int]
) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        region_map = app.screen.query_one(RegionMap)
        assert region_map.size.width > size[0] // 2  # the map grew with the terminal
        boxes = region_map.boxes
        assert max(b.x + b.w for b in boxes.values()) > 0.8 * region_map.size.width
        await pilot.press("e")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        why = app.screen.query_one("#why", Static)
        text = str(why.content)
        shown = 1 + text.count("Why · ")  # the first is in the border
        assert shown >= 3  # more than one measure's story fits
        # the rows are used, unless every measure is shown already
        assert shown == len(BREAKDOWN_VARS) or blank_rows(screen_text(app)) < 12
        await pilot.press("escape")
        await pilot.pause()
        while isinstance(app.screen, EventScreen):
            await pilot.press("1")
            await pilot.pause()
        await pilot.press("f")
        await app.workers.wait_for_complete()
        await pilot.pause()
        charts = app.screen.query(".band-chart")
        assert sum(c.size.height for c in charts) > 0.7 * size[1]
