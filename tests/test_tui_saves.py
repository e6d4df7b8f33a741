"""Saves, loading, new-game settings, quitting and the end of the game, through the TUI.

Every test points ``BALLOON_SAVES_DIR`` at its own ``tmp_path``; waits are on Textual's
message queue and workers (``pilot.pause``, ``workers.wait_for_complete``), never sleeps.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import io
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from game.loader import CONTENT_DIR, Content, GameSetup, prepare_game
from game.saves import AUTOSAVE_DIR, load_save, save_game
from game.session import Game
from game.tui.app import BalloonApp
from game.tui.screens.confirm import ConfirmScreen
from game.tui.screens.endgame import EndScreen
from game.tui.screens.event import EventScreen
from game.tui.screens.main import MainScreen
from game.tui.screens.newgame import NewGameScreen
from game.tui.screens.report import ReportScreen
from game.tui.screens.saves import LoadScreen, SaveScreen
from game.tui.screens.title import TitleScreen

SIZE = (80, 24)


@pytest.fixture
def saves(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "saves"
    monkeypatch.setenv("BALLOON_SAVES_DIR", str(folder))
    return folder


async def until(pilot: Pilot, condition: Callable[[], bool], what: str) -> None:
    """Process messages until ``condition`` holds (bounded, so a bug fails, not hangs)."""
    for _ in range(200):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(f"never happened: {what}")


async def play_turn(pilot: Pilot) -> None:
    """End the turn from the main screen, close the report, answer any events."""
    app = pilot.app
    assert isinstance(app.screen, MainScreen)
    turn = app.game.turn  # type: ignore[attr-defined]
    await pilot.press("e")
    await until(pilot, lambda: isinstance(app.screen, ReportScreen), "the report")
    assert app.game.turn == turn + 1  # type: ignore[attr-defined]
    await pilot.press("escape")
    await pilot.pause()
    while isinstance(app.screen, EventScreen):
        await pilot.press("1")
        await pilot.pause()


def same_state(a: Game, b: Game) -> None:
    assert a.turn == b.turn
    for name, value in a.state.array_fields().items():
        other = getattr(b.state, name)
        assert value.dtype == other.dtype and value.tobytes() == other.tobytes(), name
    assert a.state.rng.counter == b.state.rng.counter
    assert np.array_equal(a.state.rng.keys, b.state.rng.keys)


def plain(widget: Static) -> str:
    """What a Static shows, as plain text (Rich tables included)."""
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def digests(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


async def test_new_game_with_chosen_settings(
    setup: GameSetup, content: Content, saves: Path
) -> None:
    app = BalloonApp(setup, seed=5, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen)
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewGameScreen), "the form")
        form = app.screen
        assert form.query_one("#ng-seed", Input).value == "5"  # the proposed seed
        hint = form.query_one("#ng-hint", Static)
        assert str(hint.render()).startswith("Normal: ")  # what is selected, not a fixed text
        form.query_one("#ng-difficulty", Select).value = "hard"
        form.query_one("#ng-balloon", Select).value = "strong"
        await pilot.pause()
        described = str(hint.render())
        hard = setup.scenario.difficulty["hard"].description
        strong = content.models[setup.scenario.model].balloon["strong"].description
        assert described == f"Hard: {hard}. Strong balloon: {strong}.", described
        form.query_one("#ng-seed", Input).focus()
        await pilot.press(*["backspace"] * 3, "x", "4", "2")  # letters are not accepted
        assert form.query_one("#ng-seed", Input).value == "42"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        assert app.game.setup.difficulty.name == "hard"
        assert app.game.setup.balloon == "strong"
        assert app.game.seed == 42
        fresh = Game.new(app.game.setup, 42)
        same_state(app.game, fresh)


async def test_the_new_game_form_offers_the_scenario_file_being_played(
    content: Content, saves: Path, tmp_path: Path
) -> None:
    """A game started on a scenario file (``--scenario my.toml``) proposes that file again
    beside the built-in scenarios, and starting it plays the file."""
    path = tmp_path / "my.toml"
    path.write_text(
        (CONTENT_DIR / "scenarios" / "vraem-2022.toml")
        .read_text(encoding="utf-8")
        .replace('name = "The VRAEM', 'name = "My VRAEM', 1),
        encoding="utf-8",
    )
    app = BalloonApp(prepare_game(content, str(path)), seed=5, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, NewGameScreen), "the form")
        scenario = app.screen.query_one("#ng-scenario", Select)
        assert scenario.value == str(path.resolve())
        scenario.value = "vraem-2022"  # the built-in one is offered too (else this raises)
        await pilot.pause()
        scenario.value = str(path.resolve())
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "the main screen")
        assert app.game.setup.scenario.name.startswith("My VRAEM")
        assert app.game.setup.scenario_file is not None


async def test_save_autosave_and_load_back_bit_identical(
    setup: GameSetup, content: Content, saves: Path
) -> None:
    app = BalloonApp(setup, seed=3, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not (saves / AUTOSAVE_DIR).exists()
        await play_turn(pilot)
        autosaves = sorted((saves / AUTOSAVE_DIR).glob("*.json"))
        assert [p.name.endswith("-t01.json") for p in autosaves] == [True]
        same_state(load_save(autosaves[0], content).game, app.game)

        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SaveScreen), "the save screen")
        name = app.screen.query_one(Input)
        name.value = "my game"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "back to the game")
        path = saves / "my game.json"
        assert path.is_file() and app.unsaved_quarters() == 0
        kept = Game(
            setup=app.game.setup,
            seed=app.game.seed,
            state=dataclasses.replace(app.game.state),
        )
        kept_arrays = {k: v.copy() for k, v in app.game.state.array_fields().items()}

        await play_turn(pilot)
        assert app.game.turn == 2 and app.unsaved_quarters() == 1
        await pilot.press("ctrl+o")  # one quarter unsaved: asked first
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, LoadScreen), "the load screen")
        table = app.screen.query_one(DataTable)
        names = [s.name for s in app.screen.listings]  # type: ignore[attr-defined]
        table.move_cursor(row=names.index("my game.json"))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "the loaded game")
        assert app.game.turn == 1 and app.unsaved_quarters() == 0
        for key, value in kept_arrays.items():
            loaded = getattr(app.game.state, key)
            assert loaded.tobytes() == value.tobytes() and loaded.dtype == value.dtype, key
        assert app.game.state.rng.counter == kept.state.rng.counter
        # play on from the load exactly as the saved game would have
        await play_turn(pilot)
        assert app.game.turn == 2


async def test_a_dialog_opens_on_a_screen_cleared_of_toasts(
    setup: GameSetup, content: Content, saves: Path
) -> None:
    """At 120×40 the "Saved to …" toast covered the load dialog's keys."""
    app = BalloonApp(setup, seed=3, start_directly=True, content=content)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, SaveScreen), "the save screen")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "back to the game")
        await until(pilot, lambda: len(app.screen.query("Toast")) == 1, "the saved toast")
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, LoadScreen), "the load screen")
        await pilot.pause()
        assert len(app.screen.query("Toast")) == 0
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "back to the game")
        await pilot.press("ctrl+s")  # the save dialog too, over the toast a load leaves
        await until(pilot, lambda: isinstance(app.screen, SaveScreen), "the save screen")
        await pilot.pause()
        assert len(app.screen.query("Toast")) == 0


async def test_damaged_save_is_shown_and_refused_without_touching_files(
    setup: GameSetup, content: Content, saves: Path
) -> None:
    good = Game.new(setup, 9)
    good.play(good.default_orders())
    save_game(good, saves / "good.json")
    data = (saves / "good.json").read_bytes()
    (saves / "cut.json").write_bytes(data[: len(data) // 2])
    (saves / AUTOSAVE_DIR).mkdir()
    (saves / AUTOSAVE_DIR / "auto-000007-vraem-2022-t03.json").write_bytes(b"\x00garbage")
    before = digests(saves)

    app = BalloonApp(setup, seed=1, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#title-menu")
        continue_option = menu.get_option("continue")  # type: ignore[attr-defined]
        assert continue_option.disabled  # the only autosave is damaged
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, TitleScreen) and app._game is None
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, LoadScreen), "the load screen")
        listings = {s.name: s for s in app.screen.listings}  # type: ignore[attr-defined]
        assert listings["good.json"].status == "ok"
        assert listings["cut.json"].status.startswith("damaged")
        table = app.screen.query_one(DataTable)
        table.move_cursor(row=list(listings).index("cut.json"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen) and app._game is None
        message = plain(app.screen.query_one("#load-message", Static))
        assert "cannot be loaded" in message and "cut short" in message
        table.move_cursor(row=list(listings).index("good.json"))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "the good save")
        assert app.game.turn == 1
    assert digests(saves) == before


async def test_continue_loads_the_latest_autosave_in_a_worker(
    setup: GameSetup, content: Content, saves: Path
) -> None:
    """Continue reads the autosave off the UI thread, then plays on from it."""
    from game.saves import autosave

    game = Game.new(setup, 4)
    for _ in range(3):
        game.play(game.default_orders())
    autosave(game)
    app = BalloonApp(setup, seed=1, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "the continued game")
        assert app.game.turn == 3 and app.game.seed == 4
        same_state(app.game, game)
        # the old title screen is gone: one main screen over Textual's default one
        assert len(app.screen_stack) == 2


async def unsaved_question(pilot, app: BalloonApp) -> str:  # type: ignore[no-untyped-def]
    """The question asked about unsaved quarters, once its screen is up."""
    await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
    await pilot.pause()
    return plain(app.screen.query_one("#confirm-question", Static))


async def test_quit_asks_when_quarters_are_unsaved(
    setup: GameSetup, content: Content, saves: Path
) -> None:
    app = BalloonApp(setup, seed=2, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await play_turn(pilot)
        await pilot.press("ctrl+q")
        assert "1 quarter played" in await unsaved_question(pilot, app)
        await pilot.press("escape")  # changed my mind
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.return_code is None
        await pilot.press("ctrl+q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        await pilot.press("s")  # save first, then quit
        await until(pilot, lambda: isinstance(app.screen, SaveScreen), "the save screen")
        await pilot.press("enter")  # the suggested name
        await until(pilot, lambda: app.return_code is not None, "the app to quit")
    assert app.return_code == 0
    assert (saves / "vraem-2022-seed2.json").is_file()


async def test_nothing_played_quits_without_asking(setup: GameSetup, content: Content) -> None:
    app = BalloonApp(setup, seed=2, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+q")
        await until(pilot, lambda: app.return_code is not None, "the app to quit")


async def test_end_screen_after_the_last_quarter(
    setup: GameSetup, content: Content, saves: Path
) -> None:
    short = dataclasses.replace(setup, world=dataclasses.replace(setup.world, turns=2))
    app = BalloonApp(short, seed=4, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await play_turn(pilot)
        await play_turn(pilot)
        await until(pilot, lambda: isinstance(app.screen, EndScreen), "the end screen")
        end = app.screen
        assert isinstance(end, EndScreen)
        card = plain(end.query_one("#end-card", Static))
        for dimension in ("Coca", "Welfare", "Armed remnant", "Approval and support"):
            assert dimension in card
        assert f"{app.game.final_score():.1f}" in plain(end.query_one("#end-title", Static))
        await app.workers.wait_for_complete()
        await until(pilot, lambda: end.futures is not None, "the status-quo futures")
        assert end.futures is not None and end.futures.runs == 200
        assert end.futures.turns == 2  # the term; run_batch plays on to score them
        compare = plain(end.query_one("#end-compare", Static))
        assert "Status quo p10–p90" in compare and "Coca (ha)" in compare
        assert "of the futures" in plain(end.query_one("#end-verdict", Static))
        # the end is autosaved; ending the turn again only brings the end screen back
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, EndScreen), "the end screen again")
        assert app.game.turn == 2
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, TitleScreen), "the title screen")


def test_play_load_refuses_a_damaged_save_in_one_line(
    saves: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from game.cli import main

    saves.mkdir()
    (saves / "bad.json").write_text('{"format": "balloon-effect-save", "format_ver')
    assert main(["play", "--load", str(saves / "bad.json")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "damaged or cut short" in err and "Traceback" not in err


def test_play_load_opens_a_save(
    setup: GameSetup, saves: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from game.cli import main

    game = Game.new(setup, 11)
    game.play(game.default_orders())
    save_game(game, saves / "mine.json")
    started: list[BalloonApp] = []
    monkeypatch.setattr(BalloonApp, "run", lambda self: started.append(self))
    assert main(["play", "--load", "mine"]) == 0  # a name in the saves folder
    assert started[0].loaded is not None
    same_state(started[0].loaded.game, game)


def test_a_crash_is_one_line_and_a_report(
    saves: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from game.cli import main

    def boom(self: BalloonApp) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(BalloonApp, "run", boom)
    assert main(["play", "--seed", "1"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    reports = list(saves.glob("crash-*.txt"))
    assert len(reports) == 1 and str(reports[0]) in err
    assert "ZeroDivisionError: a bug" in reports[0].read_text()


async def test_a_crash_inside_the_app_writes_a_report(
    setup: GameSetup, content: Content, saves: Path
) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True, content=content)

    def broken() -> None:
        raise ValueError("broken action")

    with pytest.raises(ValueError, match="broken action"):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.call_later(broken)
            await pilot.pause()
    assert app.return_code == 1 and app.crash_report is not None
    assert "ValueError: broken action" in app.crash_report.read_text()


async def test_a_terminal_below_80_by_24_is_told_to_grow_and_the_game_comes_back(
    setup: GameSetup, content: Content, saves: Path
) -> None:
    from game.tui.screens.toosmall import TooSmallScreen

    app = BalloonApp(setup, seed=5, content=content, start_directly=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        message = str(app.screen.query_one("#too-small", Static).render())
        assert "80×24" in message and "60×20" in message
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.resize_terminal(79, 30)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "79×30" in str(app.screen.query_one("#too-small", Static).render())


async def test_new_game_from_the_palette_asks_before_dropping_quarters(
    setup: GameSetup, content: Content, saves: Path
) -> None:
    from game.tui.commands import BalloonCommands

    app = BalloonApp(setup, seed=2, start_directly=True, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await play_turn(pilot)
        provider = BalloonCommands(app.screen)
        new_game = next(c for c in provider.commands() if c.name == "New game")
        started = new_game.run()
        if inspect.isawaitable(started):  # the palette awaits a command that is a coroutine
            await started
        assert "1 quarter played" in await unsaved_question(pilot, app)
        await pilot.press("escape")  # keep playing
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.game.turn == 1
