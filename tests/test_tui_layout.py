"""Layouts: tabs at 80×24, every view at once from 120×40, and nothing overlapping."""

from __future__ import annotations

import itertools

from textual.widgets import TabbedContent

from game.loader import GameSetup
from game.tui.app import BalloonApp
from game.tui.screens.main import MainScreen
from game.tui.view import good_or_bad

PANELS = ("#region-map", "#regions-table", "#orders-table", "#national-panel", "#log-scroll")


def visible_panels(app: BalloonApp) -> dict[str, object]:
    screen = app.screen
    return {
        panel: screen.query_one(panel).region
        for panel in PANELS
        if screen.query_one(panel).region.area > 0
    }


async def test_wide_terminals_show_every_view_without_overlap(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.wide
        assert not screen.query(TabbedContent)
        regions = visible_panels(app)
        assert set(regions) == set(PANELS)
        for (a, ra), (b, rb) in itertools.combinations(regions.items(), 2):
            assert not ra.overlaps(rb), (a, b)  # type: ignore[attr-defined]
        for region in regions.values():
            assert region.right <= 120 and region.bottom <= 39  # type: ignore[attr-defined]
        # keys that pick a tab at 80×24 focus the view instead
        await pilot.press("3", "plus")
        assert app.focused is screen.query_one("#orders-table")
        assert app.orders.eradication_teams[0, 0] == setup.start_orders.eradication_teams[0, 0] + 1

        # shrinking the terminal folds the views back into tabs, keeping the draft orders
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not screen.wide and screen.query(TabbedContent)
        assert len(visible_panels(app)) == 1
        assert app.orders.eradication_teams[0, 0] == setup.start_orders.eradication_teams[0, 0] + 1
        await pilot.resize_terminal(130, 45)
        await pilot.pause()
        assert screen.wide and len(visible_panels(app)) == len(PANELS)


def test_report_colours_say_good_or_bad_for_the_measure() -> None:
    assert good_or_bad("coca_ha", +100) == "red"  # more coca is bad news
    assert good_or_bad("coca_ha", -100) == "green"
    assert good_or_bad("violence", +1) == "red"
    assert good_or_bad("forest_lost_ha", +1) == "red"
    assert good_or_bad("welfare", +1) == "green"
    assert good_or_bad("welfare", -1) == "red"


async def test_command_palette_runs_game_commands_and_themes(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"layer: welfare", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one("#region-map").map_layer == "welfare"  # type: ignore[attr-defined]
        await pilot.press("ctrl+p")
        await pilot.press(*"theme: textual-light", "enter")
        await pilot.pause()
        assert app.theme == "textual-light"
        await pilot.press("ctrl+p")
        await pilot.press(*"forecast", "enter")
        await pilot.pause()
        from game.tui.screens.forecast import ForecastScreen

        assert isinstance(app.screen, ForecastScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.result is not None


async def test_key_bar_keeps_the_important_keys_at_80_columns(setup: GameSetup) -> None:
    """End turn, Report, Help, Save, Load and Quit fit on the 80-column key bar, on every
    tab of the main screen and on the report; a click on a key presses it."""
    from game.tui.screens.report import ReportScreen
    from game.tui.widgets.footer import KeyBar

    def bar_text(app: BalloonApp) -> str:
        bar = app.screen.query_one(KeyBar)
        return str(bar.render())

    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for tab in "12345":
            await pilot.press(tab)
            await pilot.pause()
            text = bar_text(app)
            assert len(text) <= 80
            for entry in ("^e End turn", "r Report", "? Help", "^s Save", "^o Load", "^q Quit"):
                assert entry in text, (tab, text)
        bar = app.screen.query_one(KeyBar)
        x = next(start for start, _, key in bar.spans if key == "ctrl+e")
        await pilot.click(KeyBar, offset=(x + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        text = bar_text(app)
        for entry in ("esc Back", "[ ] Region", "m Measure", "? Help", "^s Save", "^o Load"):
            assert entry in text, text
