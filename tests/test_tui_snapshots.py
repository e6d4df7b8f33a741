"""Snapshot tests of the screens at 80×24 and 120×40 (pytest-textual-snapshot, pinned).

The SVGs in tests/__snapshots__/ were looked at before being committed; when a screen
changes on purpose, run ``pytest tests/test_tui_snapshots.py --snapshot-update``, look at
the new SVGs (the failure report in snapshot_report.html shows both) and commit them.

Deterministic by construction: fixed seed, saves in a temporary folder (conftest), no
clock on screen, and every cursor's blink switched off (Textual 8 has no global switch:
``Input``/``TextArea`` each have a ``cursor_blink`` reactive, set to False here on every
screen before the screenshot) — a blinking cursor would make the SVG depend on timing.

Frozen content: the screens are drawn from ``tests/fixtures/frozen/`` (a copy of the
content and the facts, loaded through ``load_content``'s paths), not from ``content/``,
so a change to the model, the scenario, the events or the facts does not redraw every
SVG; only a change to the screens (or the engine) does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from game.loader import Content, GameSetup, load_content, prepare_game
from game.session import Game
from game.tui.app import BalloonApp

FROZEN = Path(__file__).parent / "fixtures" / "frozen"
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def steps(*keys: str, then: Callable[[Pilot], Awaitable[None]] | None = None):  # type: ignore[no-untyped-def]
    """A ``run_before`` that presses keys, waits for workers and stops every cursor blinking."""

    async def run(pilot: Pilot) -> None:
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        if then is not None:
            await then(pilot)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for screen in pilot.app.screen_stack:
            for widget in screen.query("Input, TextArea"):
                assert isinstance(widget, Input | TextArea)
                widget.cursor_blink = False
        await pilot.pause()

    return run


@pytest.fixture(scope="module")
def content() -> Content:
    """The frozen fixture content (shadows conftest's ``content``: the real one)."""
    return load_content(FROZEN / "content", FROZEN / "seeds")


@pytest.fixture(scope="module")
def setup(content: Content) -> GameSetup:
    return prepare_game(content, "vraem-2022")


def app_for(content: Content, setup: GameSetup, *, direct: bool = True) -> BalloonApp:
    return BalloonApp(setup, seed=1, start_directly=direct, content=content)


@pytest.mark.parametrize("size", SIZES)
def test_title(snap_compare, content: Content, setup: GameSetup, size) -> None:  # type: ignore[no-untyped-def]
    app = app_for(content, setup, direct=False)
    assert snap_compare(app, terminal_size=size, run_before=steps())


@pytest.mark.parametrize("size", SIZES)
def test_main(snap_compare, content: Content, setup: GameSetup, size) -> None:  # type: ignore[no-untyped-def]
    app = app_for(content, setup)
    assert snap_compare(app, terminal_size=size, run_before=steps())


@pytest.mark.parametrize("size", SIZES)
def test_report(snap_compare, content: Content, setup: GameSetup, size) -> None:  # type: ignore[no-untyped-def]
    app = app_for(content, setup)
    assert snap_compare(app, terminal_size=size, run_before=steps("e"))


@pytest.mark.parametrize("size", SIZES)
def test_region_detail(snap_compare, content: Content, setup: GameSetup, size) -> None:  # type: ignore[no-untyped-def]
    app = app_for(content, setup)

    async def three_quarters(pilot: Pilot) -> None:
        # played headless through the app's own Game, so the charts have a history
        game = pilot.app.game  # type: ignore[attr-defined]
        for _ in range(3):
            game.play(game.default_orders())
        await pilot.press("right_square_bracket")  # nothing: the map has focus
        await pilot.press("d")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=steps(then=three_quarters))


@pytest.mark.parametrize("size", SIZES)
def test_forecast(snap_compare, content: Content, setup: GameSetup, size) -> None:  # type: ignore[no-untyped-def]
    app = app_for(content, setup)
    assert snap_compare(app, terminal_size=size, run_before=steps("f"))


@pytest.mark.parametrize("size", SIZES)
def test_end(snap_compare, content: Content, setup: GameSetup, size) -> None:  # type: ignore[no-untyped-def]
    app = app_for(content, setup)

    async def to_the_end(pilot: Pilot) -> None:
        balloon = pilot.app
        assert isinstance(balloon, BalloonApp)
        game = Game.new(setup, 1)
        while not game.over:
            game.play(game.default_orders())
        balloon._game = game  # a finished game, as if played to the last quarter
        balloon.show_end()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=steps(then=to_the_end))


@pytest.mark.parametrize("size", SIZES)
def test_guided_quarter_report_step(snap_compare, content: Content, setup: GameSetup, size) -> None:  # type: ignore[no-untyped-def]
    """The guided quarter on its balloon step: the report with the guide's box."""
    app = app_for(content, setup, direct=False)
    keys = ("g", "l", "3", "plus", "e", "m")
    assert snap_compare(app, terminal_size=size, run_before=steps(*keys))
