"""The terminal interface, driven by the keyboard through Textual's Pilot at 80×24.

These tests wait on Textual's message queue (``pilot.pause``), never on the clock, and
check the game through ``app.game`` — the same ``Game`` a headless player would use.
"""

from __future__ import annotations

import numpy as np
import pytest
from textual.widgets import OptionList, Static

from game.engine import Orders
from game.engine.orders import orders_cost
from game.loader import GameSetup
from game.session import Game
from game.tui.app import BalloonApp
from game.tui.screens.event import EventScreen
from game.tui.screens.help import HelpScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.report import ReportScreen
from game.tui.screens.title import TitleScreen
from game.tui.widgets.choices import Choices

SIZE = (80, 24)


def why_text(app: BalloonApp) -> str:
    why = app.screen.query_one("#why", Static)
    return f"{why.border_title}"


async def answer_events(pilot, key: str = "1") -> int:  # type: ignore[no-untyped-def]
    """Answer every event modal that is up; returns how many were answered."""
    answered = 0
    while isinstance(pilot.app.screen, EventScreen):
        await pilot.press(key)
        await pilot.pause()
        answered += 1
    return answered


async def test_play_a_short_game_with_the_keyboard(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("enter")  # "New game" is the highlighted option: its form
        await pilot.pause()
        await pilot.press("enter")  # the form's defaults: Start
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.game.turn == 0

        # one more eradication team in VRAEM (the first region, the first lever)
        teams = app.orders.eradication_teams[0, 0]
        await pilot.press("3", "plus")
        assert app.orders.eradication_teams[0, 0] == teams + 1
        # next region, one step less development there
        await pilot.press("right_square_bracket", "down", "down", "minus")
        assert app.orders.development_musd[0, 1] == setup.start_orders.development_musd[0, 1] - 0.5

        await pilot.press("ctrl+e")
        await pilot.pause()
        assert app.game.turn == 1
        assert isinstance(app.screen, ReportScreen)
        assert why_text(app).startswith("Why · approval")  # what ends the game comes first
        await pilot.press("right_square_bracket")  # from a national figure: the region's coca
        assert "coca in Alto Huallaga" in why_text(app)  # the region selected in orders
        await pilot.press("m")
        assert "welfare in Alto Huallaga" in why_text(app)
        await pilot.press("right_square_bracket")
        assert "welfare in Ucayali" in why_text(app)
        await pilot.press("escape")
        await pilot.pause()

        # seed 1 fires an event in the first quarter; if not, force one
        if not isinstance(app.screen, EventScreen):
            pending = app.game.state.pending_events.copy()  # history is read-only: a new array
            pending[0, 0] = True
            app.game.state.pending_events = pending
        pending = [setup.events.events[i].id for i in app.game.pending_events()]
        answered = await answer_events(pilot, "2")
        if answered == 0:
            await pilot.press("e")
            await pilot.pause()
            answered = await answer_events(pilot, "2")
            assert isinstance(app.screen, ReportScreen)
        else:
            await pilot.press("e")
            await pilot.pause()
        assert answered == len(pending) >= 1
        assert app.game.history[-1].orders.event_choices == dict.fromkeys(pending, 1)
        assert app.game.turn == 2
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("escape")
        await pilot.pause()
        await answer_events(pilot)

        await pilot.press("r")  # the last report again
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")  # two quarters unsaved: quit without saving
        await pilot.pause()
    assert app.return_code == 0


async def test_impossible_orders_are_refused_with_the_reason(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # every troop already deployed: one more in VRAEM is refused, with the engine's reason
        available = setup.world.troops_available
        troops = app.orders.troops[0]
        app.orders = app.orders.with_amount("troops", 0, troops[0] + (available - troops.sum()))
        await pilot.press("3", "down", "plus")
        assert app.orders.troops[0].sum() == available
        refusal = str(app.screen.query_one("#refusal", Static).render())
        assert "Refused" in refusal and "troops" in refusal
        # the budget spent to the last cent: more development is refused
        await pilot.press("minus", "minus", "down")  # two troops back, to development
        left = app.game.state.budget_musd[0] - float(orders_cost(setup.world, app.orders)[0])
        app.orders = app.orders.with_amount(
            "development_musd", 0, app.orders.development_musd[0, 0] + left
        )
        before = app.orders.development_musd[0, 0]
        await pilot.press("plus")
        assert app.orders.development_musd[0, 0] == before
        assert "budget" in str(app.screen.query_one("#refusal", Static).render())
        # the coast grows no coca: teams there are refused
        await pilot.press("left_square_bracket", "up", "up", "plus")
        assert app.orders.eradication_teams[0, -1] == 0
        assert "no coca" in str(app.screen.query_one("#refusal", Static).render())


def play_headless(setup: GameSetup, edits: list[Orders]) -> Game:
    game = Game.new(setup, 1)
    for orders in edits:
        game.play(orders)
    return game


async def test_tui_and_headless_games_reach_the_same_state(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # turn 1: two more teams in VRAEM, $1M more development in Ucayali
        await pilot.press("3", "plus", "plus")
        await pilot.press("right_square_bracket", "right_square_bracket", "down", "down")
        await pilot.press("plus", "plus")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await answer_events(pilot, "2")
        # turn 2: no Indigenous protection in Ucayali
        await pilot.press("3", "down", "down", "0")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        tui = app.game

    start = setup.start_orders
    first = start.with_amount("eradication_teams", 0, start.eradication_teams[0, 0] + 2)
    first = first.with_amount("development_musd", 2, start.development_musd[0, 2] + 1.0)
    second = first.with_amount("indigenous_musd", 2, 0.0)
    second = second.with_values(
        event_choices={**first.event_choices, **tui.history[1].orders.event_choices}
    )
    assert set(second.event_choices.values()) <= {1}
    headless = play_headless(setup, [first, second])

    assert tui.turn == headless.turn == 2
    for name, value in headless.state.array_fields().items():
        assert np.array_equal(getattr(tui.state, name), value), name
    assert tui.state.rng.counter == headless.state.rng.counter


async def test_help_from_the_title_and_f1(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "q")
        await pilot.pause()
    assert app.return_code == 0


def test_balloon_play_starts_the_tui(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[BalloonApp] = []

    def fake_run(self: BalloonApp) -> None:
        started.append(self)

    monkeypatch.setattr(BalloonApp, "run", fake_run)
    from game.cli import main

    assert main(["play", "--scenario", "vraem-2022", "--seed", "7"]) == 0
    assert started[0].seed == 7 and started[0].start_directly


async def test_help_explains_every_lever_and_indicator(setup: GameSetup) -> None:
    """The help page names every lever the Orders tab offers and every indicator, and
    scrolls to the end of them."""
    from game.engine.metrics import COLLECTED
    from game.tui.screens.help import help_markdown
    from game.tui.widgets.orders import NATIONAL_LEVERS, REGION_LEVERS

    text = help_markdown(setup.world.turns)
    for label, *_ in (*REGION_LEVERS, *NATIONAL_LEVERS, ("Interdiction → route",)):
        assert f"**{label}**" in text, label
    for metric in COLLECTED:  # by the words a player reads, never the internal key
        assert f"**{metric.title}** — {metric.description}" in text, metric.key
        assert "_" not in metric.key or metric.key not in text, metric.key
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        scroll = app.screen.query_one("#help-text")
        assert scroll.max_scroll_y > 0  # longer than 80×24 shows at once
        await pilot.press("end")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y  # the keys reach the page's end


async def test_events_asked_together_say_which_of_how_many(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=3, start_directly=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        app.screen.ask_events([0, 1])
        await pilot.pause()
        titles = []
        while isinstance(app.screen, EventScreen):
            titles.append(app.screen.query_one("#event-box").border_title)
            await pilot.press("1")
            await pilot.pause()
        assert len(titles) == 2
        assert titles[0].startswith("Event 1 of 2 · ") and titles[1].startswith("Event 2 of 2 · ")
        app.screen.ask_events([2])
        await pilot.pause()
        assert app.screen.query_one("#event-box").border_title.startswith("Event · ")


async def test_one_event_screen_is_refilled_for_each_event(setup: GameSetup) -> None:
    """Events are asked on one kept screen (built once, refilled): each shows its own
    title and answers, and an answer posted by an earlier event's list (queued while it
    was closing) does not answer the next one."""
    app = BalloonApp(setup, seed=3, start_directly=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        specs = setup.event_specs
        app.screen.ask_events([0, 1])
        await pilot.pause()
        first = app.screen
        assert isinstance(first, EventScreen)
        assert str(first.query_one("#event-title", Static).render()) == specs[0].title
        choices = first.query_one("#event-choices", Choices)
        stale = choices.get_option_at_index(0)
        await pilot.press("1")
        await pilot.pause()
        assert app.screen is first  # the same screen, refilled with the second event
        assert str(first.query_one("#event-title", Static).render()) == specs[1].title
        assert choices.option_count == len(specs[1].choices)
        # the first event's answer, arriving late: the second event stays asked
        choices.post_message(OptionList.OptionSelected(choices, stale, 0))
        await pilot.pause()
        assert app.screen is first
        assert app.orders.event_choices.get(specs[1].id) is None
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.orders.event_choices[specs[0].id] == 0
        assert app.orders.event_choices[specs[1].id] == 1
