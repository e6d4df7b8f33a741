"""The goal on the first screen and in Help, and the guided first quarter, at 80×24.

Driven by the keyboard through Textual's Pilot, waiting on the message queue: each key
a newcomer is told to press moves the guide one step, and ``x`` leaves it at any step.
"""

from __future__ import annotations

from rich.markdown import Markdown
from test_tui import answer_events
from textual.widgets import Static

from game.goal import goal_paragraphs
from game.loader import GameSetup
from game.tui.app import BalloonApp
from game.tui.screens.help import HelpScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.report import ReportScreen
from game.tui.screens.title import TitleScreen
from game.tui.widgets.guide import GuideBox
from game.tutorial import Step

SIZE = (80, 24)


def shown_text(app: BalloonApp) -> str:
    """Every Static's text on the current screen, as drawn (wrapped lines rejoined)."""
    return " ".join(" ".join(str(w.render()).split()) for w in app.screen.query(Static))


def guide_box(app: BalloonApp) -> GuideBox:
    return app.screen.query_one(GuideBox)


async def test_the_first_screen_states_the_goal_and_how_it_is_lost(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        shown = shown_text(app)
        for paragraph in goal_paragraphs(setup.world.turns):
            assert paragraph in shown
        # all of it inside 80×24, above the key bar
        box = app.screen.query_one("#title-goal").region
        assert box.bottom <= SIZE[1] - 1 and box.right <= SIZE[0]
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        page = app.screen.query_one("#help-text Static", Static).content
        assert isinstance(page, Markdown)
        assert page.markup.startswith("# The goal")  # the page opens on it
        for paragraph in goal_paragraphs(setup.world.turns):
            assert paragraph in page.markup


async def test_the_guided_quarter_advances_on_each_action(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        guide = app.tutorial
        assert guide is not None and guide.step == Step.MAP
        assert guide_box(app).display and "step 1 of 5" in str(guide_box(app).border_title)
        await pilot.press("3")  # a key of a later step does nothing to the guide
        await pilot.pause()
        assert guide.step == Step.MAP
        await pilot.press("l")  # another map layer
        await pilot.pause()
        assert guide.step == Step.ORDER
        assert "step 2 of 5" in str(guide_box(app).border_title)
        await pilot.press("3", "plus")  # one more team in the first region
        await pilot.pause()
        assert guide.step == Step.END_TURN
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen) and guide.step == Step.WHY
        assert "step 4 of 5" in str(guide_box(app).border_title)
        await pilot.press("m")  # another measure's why
        await pilot.pause()
        assert guide.step == Step.BALLOON
        assert guide.destination is not None
        # back to coca, then the regions in turn until the one the growers went to
        await pilot.press(*["m"] * 4)
        for _ in range(setup.world.regions):
            if guide.step == Step.DONE:
                break
            await pilot.press("right_square_bracket")
            await pilot.pause()
        assert guide.step == Step.DONE
        assert app.screen.chosen == guide.destination  # type: ignore[attr-defined]
        assert "done" in str(guide_box(app).border_title)
        await pilot.press("escape")
        await pilot.pause()
        await answer_events(pilot)  # the quarter's events, if any, are asked first
        assert isinstance(app.screen, MainScreen) and guide_box(app).display
        await pilot.press("e")  # done: the next quarter closes the guide
        await pilot.pause()
        assert app.tutorial is None and not guide_box(app).display
        assert app.game.turn == 2  # the game goes on


async def test_the_guide_can_be_left_at_any_step(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("g")
        await pilot.pause()
        await pilot.press("l", "3", "plus", "e")
        await pilot.pause()
        assert isinstance(app.screen, ReportScreen)
        assert app.tutorial is not None and app.tutorial.step == Step.WHY
        await pilot.press("x")  # on the report
        await pilot.pause()
        assert app.tutorial is None and not guide_box(app).display
        await pilot.press("escape")
        await pilot.pause()
        await answer_events(pilot)
        assert isinstance(app.screen, MainScreen) and not guide_box(app).display
        await pilot.press("x")  # nothing to leave: the key does nothing
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_a_game_without_the_guide_shows_no_guide(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.tutorial is None and not guide_box(app).display
