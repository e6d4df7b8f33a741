"""A monkey at the keyboard and mouse: 2,000 seeded random keys and clicks must not crash.

The keys are the game's bindings plus navigation, paging and some typing, and the clicks
land anywhere on the 80×24 screen, so the monkey reaches the main screen's tabs, the
report, events, region detail, the forecast, help, the command palette, the save and
load forms and their questions, and the end of the game. Leaving the app is not a crash,
so ``exit`` is counted instead of obeyed; a crash is any exception Textual caught
(``App._exception``, which also covers failed workers) or the app's crash report.

Keys and mouse buttons go to the app the way the terminal driver sends them, in batches
and without waiting for the screen between them — as a fast typist's keys arrive, and
as keys sent in one read do. That is both faster than ``Pilot.press`` (which waits for
the app to be idle after every key, minutes for 2,000) and harsher: it is how the
command palette's races (``game/tui/textual_private.py``) and those of a screen's
first frame (``game/tui/screens/ready.py``) were found.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.command import CommandList
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from game.loader import Content, GameSetup
from game.saves import load_save, save_game, saves_dir
from game.session import Game
from game.tui import app as app_module
from game.tui.app import BalloonApp
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.report import ReportScreen
from game.tui.screens.toosmall import TooSmallScreen
from game.tui.textual_private import GamePalette
from game.tui.view import REPORT_MEASURES
from game.tui.widgets.orders import AmountField, OrdersTable

KEYS = (
    *"ecwvilofdrmnt0123456789qsy",
    *("plus", "minus", "left_square_bracket", "right_square_bracket", "question_mark"),
    *("up", "down", "left", "right", "enter", "escape", "tab", "shift+tab", "space"),
    *("pageup", "pagedown", "home", "end", "backspace", "delete", "f1", "ctrl+e"),
    *("ctrl+p", "ctrl+s", "ctrl+o", "ctrl+q"),
)
#: Keys weighted up so the monkey plays quarters and leaves modal screens often enough.
FAVOURITES = ("e", "e", "enter", "escape", "escape", "1", "2", "3", "down", "plus", "r")
CHARACTERS = {"space": " ", "plus": "+", "minus": "-", "question_mark": "?"}
CHARACTERS |= {"left_square_bracket": "[", "right_square_bracket": "]"}
EVENTS = 2000
#: Events sent in one go before the app catches up (a fast typist, or one terminal read).
BATCH = 12
CLICKS = 0.15
SIZE = (80, 24)
SEED = 20240605
#: The monkey starts from a game this many quarters in (played headless), so that its
#: quarters take it past the last one to the end screen (the events of the later game
#: ask for answers on most quarters, and each takes some of its keys).
START_TURN = 20


def send(app: App[Any], event: events.Event) -> None:
    """Queue an input event as the terminal driver does."""
    driver = app._driver
    assert driver is not None
    event.set_sender(app)
    driver.send_message(event)


def send_key(app: App[Any], key: str) -> None:
    char = key if len(key) == 1 else CHARACTERS.get(key)
    send(app, events.Key(key, char))


def send_click(app: App[Any], x: int, y: int) -> None:
    """Press and release the left button at a screen cell: the app makes the Click."""
    for cls in (events.MouseDown, events.MouseUp):
        send(app, cls(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y))


class MonkeyApp(BalloonApp):
    """The game, except that quitting is counted rather than done."""

    # a subclass elsewhere would look for the stylesheet beside this test file
    CSS_PATH = str(Path(app_module.__file__).with_name("balloon.tcss"))
    exits = 0

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self.exits += 1


def crashed(app: BalloonApp) -> str | None:
    if app._exception is not None:
        return repr(app._exception)
    if app.crash_report is not None:
        return f"crash report at {app.crash_report}"
    if not app.is_running:
        return "the app stopped"
    return None


async def test_two_thousand_random_keys_and_clicks_do_not_crash(
    content: Content, setup: GameSetup
) -> None:
    rng = random.Random(SEED)
    # a game some way into the term, so that the monkey also plays to the end screen
    game = Game.new(setup, 1)
    for _ in range(START_TURN):
        game.play(game.default_orders())
    path = saves_dir() / "monkey.json"
    save_game(game, path)
    app = MonkeyApp(setup, seed=1, content=content, loaded=load_save(path, content))
    screens: set[str] = set()
    keys = clicks = 0
    start = time.perf_counter()

    def seen(message: Message) -> None:
        if isinstance(message, events.ScreenResume):
            screens.add(type(app.screen).__name__)

    async with app.run_test(size=SIZE, message_hook=seen) as pilot:
        await pilot.pause()
        while keys + clicks < EVENTS:
            for _ in range(min(BATCH, EVENTS - keys - clicks)):
                roll = rng.random()
                if roll < CLICKS:
                    send_click(app, rng.randrange(SIZE[0]), rng.randrange(SIZE[1]))
                    clicks += 1
                else:
                    send_key(app, rng.choice(FAVOURITES if roll < 0.45 else KEYS))
                    keys += 1
            # let the app handle the batch and draw a frame; no waiting for idle
            await pilot.pause(0)
            await pilot.pause(0)
            problem = crashed(app)
            assert problem is None, f"after {keys + clicks} events: {problem}"
        await app.workers.wait_for_complete()
        await pilot.pause()
        problem = crashed(app)
        assert problem is None, f"after the last event: {problem}"
        turn = app.game.turn
    took = time.perf_counter() - start
    print(f"monkey: {keys} keys, {clicks} clicks, {took:.1f} s, turn {turn}, {sorted(screens)}")
    assert keys + clicks == EVENTS and clicks > EVENTS * CLICKS / 2
    # the monkey got somewhere: quarters played to the end, through the game's screens
    assert turn > START_TURN + 5
    assert {"MainScreen", "ReportScreen", "HelpScreen", "EndScreen"} <= screens, screens
    modals = {"EventScreen", "ConfirmScreen", "SaveScreen", "LoadScreen", "GamePalette"}
    assert len(screens & modals) >= 2, screens


# --- the races the monkey found, one by one ------------------------------------------


async def test_palette_keys_typed_ahead(content: Content, setup: GameSetup) -> None:
    """Page keys before the palette's first layout, and Enter twice, in one read."""
    app = MonkeyApp(setup, seed=1, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main = app.screen
        for key in ("ctrl+p", "pagedown", "pageup", "escape", "ctrl+p", "l", "enter", "enter"):
            send_key(app, key)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert crashed(app) is None
        # the second Enter neither popped the main screen nor left a dead palette on top
        assert app.screen is main


async def test_region_keys_typed_ahead_settle(content: Content, setup: GameSetup) -> None:
    """Stale highlights of the regions table no longer move the choice back and forth.

    Two Down keys in one read used to set off hundreds of highlights: each stale one
    moved the cursor back, which posted another.
    """
    app = MonkeyApp(setup, seed=1, start_directly=True, content=content)
    highlights = 0

    def count(message: Message) -> None:
        nonlocal highlights
        if isinstance(message, DataTable.RowHighlighted):
            highlights += message.data_table.id == "regions-table"

    async with app.run_test(size=SIZE, message_hook=count) as pilot:
        await pilot.pause()
        send_key(app, "2")
        await pilot.pause()
        highlights = 0
        for key in ("down", "down", "down", "up", "down"):
            send_key(app, key)
        for _ in range(3):
            await pilot.pause()
        screen = app.screen
        assert screen.query_one("#regions-table", DataTable).cursor_row == 3
        assert getattr(screen, "chosen", None) == 3
    # one a key, counted at each of the six nodes it bubbles through (3,000 before)
    assert highlights <= 60, highlights


async def test_press_on_a_widget_just_removed(content: Content, setup: GameSetup) -> None:
    """A click on a widget removed since the last frame does nothing (Textual crashed)."""
    app = MonkeyApp(setup, seed=1, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.screen.query_one("#topbar").remove()
        for cls in (events.MouseDown, events.MouseUp):  # where the top bar was, at once
            app.post_message(cls(None, 5, 0, 0, 0, 1, False, False, False, screen_x=5, screen_y=0))
        await pilot.pause()
        assert crashed(app) is None


# --- a screen acted on, or closed, before it has composed ----------------------------
# Textual runs a key's binding on ``app.screen``, which is a pushed screen before its
# compose has run when the push came from a message handler (Enter on the regions table
# opens the region detail), and removes a closed screen even while it composes. The
# monkey met each under load, one run in a few; these tests put the steps in that order
# directly: the app's push, then what the next key runs, with no pause between.


async def settle(app: BalloonApp, pilot: Any) -> None:
    """Let the app finish what the steps started: frames, workers, then a frame."""
    for _ in range(4):
        await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_region_key_before_the_region_screen_composed(
    content: Content, setup: GameSetup
) -> None:
    """``]`` right after the region detail opened steps to the next region, once drawn
    (it raised ``NoMatches`` for ``#region-title``)."""
    app = MonkeyApp(setup, seed=1, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.action_region()  # as Enter on the regions table does
        region = app.screen
        await app.run_action("region(1)", region)  # what ] runs, before the compose
        await settle(app, pilot)
        assert crashed(app) is None
        assert app.screen is region
        name = setup.world.region_names[1]
        assert name in str(region.query_one("#region-title", Static).render())


async def test_report_key_before_the_report_composed(content: Content, setup: GameSetup) -> None:
    """``m`` right after the first report opened shows the next measure's why, once drawn
    (it raised ``NoMatches`` for ``#why``)."""
    app = MonkeyApp(setup, seed=1, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.action_end_turn()
        report = app.screen
        assert isinstance(report, ReportScreen)
        await app.run_action("measure", report)  # what m runs, before the compose
        await settle(app, pilot)
        assert crashed(app) is None
        assert (report.measure, report.national) == REPORT_MEASURES[1]
        title = report.why_section(*REPORT_MEASURES[1])[0]
        assert report.query_one("#why", Static).border_title == f"Why · {title}"


#: How the game opens each screen that fills its widgets when it is mounted.
OPENERS: dict[str, Callable[[BalloonApp], object]] = {
    "region": lambda app: app.screen.action_region(),  # type: ignore[attr-defined]
    # the first report: installed, so Textual keeps it and its widgets when it is closed
    "report": lambda app: app.screen.action_end_turn(),  # type: ignore[attr-defined]
    "forecast": lambda app: app.screen.action_forecast(),  # type: ignore[attr-defined]
    "load": lambda app: app.action_load(),
    "end": lambda app: app.show_end(),
    "too small": lambda app: app.push_screen(TooSmallScreen()),
}


@pytest.mark.parametrize("opener", OPENERS)
async def test_screen_closed_before_it_composed(
    content: Content, setup: GameSetup, opener: str
) -> None:
    """Escape in the frame that opened a screen goes back, quietly (the region detail
    and the load screen raised ``NoMatches`` in ``on_mount``)."""
    app = MonkeyApp(setup, seed=1, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        below = app.screen
        OPENERS[opener](app)
        assert app.screen is not below
        app.pop_screen()
        await settle(app, pilot)
        assert crashed(app) is None
        assert app.screen is below


async def test_palette_reopened_while_the_last_one_is_removed(
    content: Content, setup: GameSetup
) -> None:
    """``ctrl+p`` right after the palette closed opens a new one (``DuplicateIds``: the
    closed one still held the palette's id)."""
    app = MonkeyApp(setup, seed=1, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        main = app.screen
        app.action_command_palette()
        await pilot.pause()
        app.screen.dismiss()
        app.action_command_palette()
        await settle(app, pilot)
        assert crashed(app) is None
        assert isinstance(app.screen, GamePalette) and app.screen_stack[-2] is main


async def test_palette_under_a_question_is_not_opened_again(
    content: Content, setup: GameSetup
) -> None:
    """``ctrl+p`` on a question asked over the palette leaves the one palette there."""
    app = MonkeyApp(setup, seed=1, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_command_palette()
        await pilot.pause()
        app.push_screen(ConfirmScreen("Quit?", "Sure?", [("y", "Yes"), ("n", "No")]))
        await pilot.pause()
        app.action_command_palette()
        await settle(app, pilot)
        assert crashed(app) is None
        assert [type(s) for s in app.screen_stack[-2:]] == [GamePalette, ConfirmScreen]


async def test_amount_field_asked_twice_in_one_frame(content: Content, setup: GameSetup) -> None:
    """Enter twice on the orders: one field, with the focus (the first field, removed
    while composing, raised ``NoMatches`` for its ``Input``)."""
    app = MonkeyApp(setup, seed=1, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("3")
        table = app.screen.query_one(OrdersTable)
        for _ in range(2):  # as two Enters reach the table before the first field composes
            table.post_message(OrdersTable.TypeAmount(table.levers[0]))
        await settle(app, pilot)
        assert crashed(app) is None
        fields = app.screen.query(AmountField)
        assert len(fields) == 1
        assert app.focused is fields.first().query_one(Input)


async def test_click_on_a_command_no_longer_listed(content: Content, setup: GameSetup) -> None:
    """A click on a palette command that a search took off the list before the click
    was handled does nothing (Textual's ``OptionList`` raised ``IndexError``)."""
    app = MonkeyApp(setup, seed=1, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.action_command_palette()
        await settle(app, pilot)
        palette = app.screen
        commands = palette.query_one(CommandList)
        # the cell of the lowest command drawn (its option number is in the cell's style)
        area = commands.region
        drawn = {
            palette.get_style_at(x, y).meta.get("option", -1): (x, y)
            for y in range(area.y, area.bottom)
            for x in range(area.x, area.right)
        }
        assert max(drawn) >= 3
        x, y = drawn[max(drawn)]
        for cls in (events.MouseDown, events.MouseUp):  # the app makes the click on it
            press = cls(None, x, y, 0, 0, 1, False, False, False, screen_x=x, screen_y=y)
            await app.on_event(press)
        commands.clear_options()  # a search's hits replace the list before the click lands
        await settle(app, pilot)
        assert crashed(app) is None
        assert app.screen is palette
