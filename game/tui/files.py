"""Saves, loading, quitting and crashes for the app: everything that touches files.

Kept out of ``app.py`` (``BalloonApp`` mixes this in) so the game loop stays readable.

**Unsaved progress** means quarters played since the player last saved by name (or
loaded). Autosaves are written after every quarter, but they do not count: the autosave
folder keeps only the newest five, shared by every game, so a game that lives only
there is gone five quarters into the next one. Quitting or loading with unsaved progress
asks first and offers to save; draft orders of the quarter being planned are not
progress (nothing has been played) and never ask.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from ..loader import Content, prepare_game
from ..plaintext import plain_text
from ..saves import LoadedSave, SaveError, autosave, save_game, saves_dir
from ..session import Game
from .screens.confirm import ConfirmScreen
from .screens.endgame import EndScreen
from .screens.newgame import NewGameScreen, NewGameSettings
from .screens.report import QuarterReport, ReportScreen
from .screens.saves import LoadScreen, SaveScreen, latest_autosave, load_failure
from .textual_private import QuietCrashes

if TYPE_CHECKING:
    import numpy as np

    from ..engine import Orders
    from ..loader import GameSetup
    from ..tutorial import Tutorial


class GameFiles(QuietCrashes):
    """New game from the form, save, load, continue, autosave, quit and crash reports."""

    if TYPE_CHECKING:  # provided by BalloonApp
        setup: GameSetup
        seed: int
        content: Content
        _game: Game | None

        @property
        def game(self) -> Game: ...

        _orders: Orders | None
        previous_coca: np.ndarray
        last_report: Callable[[int], ReportScreen] | None
        score: float | None
        log_lines: list[str]
        tutorial: Tutorial | None

        def new_game(self, guided: bool = False) -> None: ...
        def fresh_orders(self) -> Orders: ...
        def report_screen(self, report: QuarterReport, region: int) -> ReportScreen: ...

    #: the turn of the last save by name (or load); None: never saved
    saved_turn: int | None = None
    #: the file this game was last saved to or loaded from (overwriting it needs no question)
    save_file: Path | None = None
    #: why the last autosave failed, if it did
    autosave_error: str | None = None

    # --- state of the game's files -----------------------------------------------------

    @property
    def saves_folder(self) -> Path:
        """``$BALLOON_SAVES_DIR`` or ``saves/``, read each time (tests point it elsewhere)."""
        return saves_dir()

    def unsaved_quarters(self) -> int:
        """Quarters played since the last save by name or load (0 without a game)."""
        if self._game is None:
            return 0
        return self._game.turn - (self.saved_turn or 0)

    def mark_saved(self, path: Path | None, turn: int) -> None:
        self.save_file = path
        self.saved_turn = turn

    # --- starting and adopting games ---------------------------------------------------

    def new_game_form(self) -> None:
        """Ask scenario, difficulty, balloon and seed, then start that game."""
        setup = self.setup
        defaults = NewGameSettings(
            setup.scenario_name, setup.difficulty.name, setup.balloon, self.seed
        )
        # the built-in scenarios, and the file this game was started from, if any
        scenarios = {**self.content.scenarios, setup.scenario_name: setup.scenario}

        def chosen(settings: NewGameSettings | None) -> None:
            if settings is None:
                return
            try:
                self.setup = prepare_game(
                    self.content,
                    settings.scenario,
                    settings.difficulty,
                    settings.balloon,
                )
            except Exception as exc:  # a content error: say so, keep the title screen
                # not markup: "regions[vraem].coca_ha" in a message is a field, not a tag
                self.notify(str(exc), title="Cannot start", severity="error", markup=False)
                return
            self.seed = settings.seed
            self.new_game()
            self.mark_saved(None, 0)

        balloons = {
            name: setting.description
            for name, setting in self.content.models[setup.scenario.model].balloon.items()
        }
        self.push_screen(NewGameScreen(scenarios, defaults, balloons), chosen)

    def start_guided(self) -> None:
        """A new game of the app's scenario and seed, with the guided first quarter."""
        self.new_game(guided=True)
        self.mark_saved(None, 0)

    def adopt(self, loaded: LoadedSave) -> None:
        """Play on from a loaded save: its setup, its game, and the main screen."""
        game = loaded.game
        self.tutorial = None  # a loaded game is played on without the guide
        self.setup = game.setup
        self.seed = game.seed
        self._game = game
        self._orders = self.fresh_orders()
        # the last quarter played again: Δ and the last report, as before the save
        last = loaded.last
        before = last.before if last is not None else game.state
        self.previous_coca = before.coca_total()[0].copy()
        self.last_report = None
        self.score = game.final_score()
        if last is not None:
            summaries = [game.start_summary] + [h.summary for h in game.history]
            self.last_report = partial(
                self.report_screen,
                QuarterReport(game.setup, last.result, summaries[-2], summaries[-1]),
            )
        quarter = game.setup.world.quarter_label(game.turn)
        name = plain_text(loaded.path.name, 80)  # a file name can hold anything
        self.log_lines = [f"Loaded {name}: {game.setup.scenario.name}, {quarter}."]
        is_autosave = loaded.path.parent.name == "autosave"
        self.mark_saved(None if is_autosave else loaded.path, game.turn)
        self.show_main_screen()
        self.notify(f"{game.setup.scenario.name}, {quarter}", title=f"Loaded {name}", markup=False)
        if game.over:
            self.call_after_refresh(self.show_end)

    def show_main_screen(self) -> None:
        """A fresh main screen for the game just started or loaded.

        It replaces every screen of the game before (its main screen, a report, the end
        screen, a question), which would otherwise pile up under it, one stack a game.
        """
        from .screens.main import MainScreen

        # the bottom screen is Textual's default one; the game's screens are above it
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(MainScreen())
        else:
            self.push_screen(MainScreen())

    def action_continue(self) -> None:
        """Load the newest autosave that can be loaded."""
        latest = latest_autosave(self.saves_folder, self.content)
        if latest is None:
            self.notify("No autosave to continue: start a new game or load one.")
            return
        self.open_save(self.saves_folder / latest.name)

    def open_save(self, path: Path) -> None:
        """Load a save in a worker (it replays the quarters), then play on from it."""
        from ..saves import load_to_play

        self.notify(f"Loading {plain_text(path.name, 80)}…", timeout=3, markup=False)
        self.run_worker(
            partial(load_to_play, path, self.content),
            name=str(path),
            group="open-save",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "open-save":
            return
        if event.state == WorkerState.SUCCESS:
            self.adopt(cast(LoadedSave, worker.result))
        elif event.state == WorkerState.ERROR:
            reason = load_failure(worker.error)
            self.notify(reason, title="Cannot load", severity="error", timeout=10, markup=False)

    # --- save / load actions -----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Save needs a game; neither save nor load over a modal question; the guide's
        key only while the guided quarter is on."""
        if action == "leave_guide":
            return self.tutorial is not None
        if action in ("save", "load"):
            from textual.screen import ModalScreen

            if isinstance(self.screen, ModalScreen):
                return False
            if action == "save" and self._game is None:
                return False
        return True

    def suggested_name(self) -> str:
        if self.save_file is not None:
            return self.save_file.stem
        return f"{self.setup.scenario.id}-seed{self.seed}"

    def action_save(self) -> None:
        if self._game is None:
            return
        game = self._game

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.write_save(game, path)

        self.open_dialog(
            SaveScreen(self.saves_folder, self.suggested_name(), self.save_file), chosen
        )

    def open_dialog(self, dialog: Screen[Any], answered: Callable[[Any], object]) -> None:
        """Open a save or load dialog on a screen cleared of toasts: a toast left from the
        last action ("Saved to …") sits where a tall dialog shows its keys at 120×40."""
        self.clear_notifications()
        self.push_screen(dialog, answered)

    def write_save(self, game: Game, path: Path) -> bool:
        try:
            save_game(game, path)
        except SaveError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10, markup=False)
            return False
        self.mark_saved(path, game.turn)
        self.notify(f"Saved to {plain_text(path, 300)}", title="Saved", markup=False)
        return True

    def action_load(self) -> None:
        def chosen(loaded: LoadedSave | None) -> None:
            if loaded is not None:
                self.adopt(loaded)

        def go() -> None:
            self.open_dialog(LoadScreen(self.saves_folder, self.content), chosen)

        self.ask_if_unsaved("Load another game?", go)

    def autosave_now(self) -> None:
        """Autosave after a quarter; a failure is shown, never raised."""
        if self._game is None:
            return
        try:
            autosave(self._game)
        except SaveError as exc:
            self.autosave_error = str(exc)
            self.notify(
                str(exc), title="Autosave failed", severity="warning", timeout=10, markup=False
            )
        else:
            self.autosave_error = None

    # --- quitting --------------------------------------------------------------------

    def ask_if_unsaved(self, title: str, then: Callable[[], object]) -> None:
        """Run ``then`` now, or after the player agrees to leave unsaved quarters."""
        quarters = self.unsaved_quarters()
        if quarters <= 0 or self._game is None:
            then()
            return
        game = self._game
        where = (
            "They are only in the autosave, which keeps the newest 5 of all games"
            if self.autosave_error is None
            else f"The last autosave failed ({self.autosave_error})"
        )
        plural = "s" if quarters != 1 else ""
        question = f"{quarters} quarter{plural} played since you last saved. {where}.\nSave first?"

        def answered(answer: str | None) -> None:
            if answer == "s":
                self.save_then(game, then)
            elif answer == "d":
                then()

        self.push_screen(
            ConfirmScreen(
                title, question, [("s", "Save first"), ("d", "Don't save"), ("c", "Cancel")]
            ),
            answered,
        )

    def save_then(self, game: Game, then: Callable[[], object]) -> None:
        def chosen(path: Path | None) -> None:
            if path is not None and self.write_save(game, path):
                then()

        self.open_dialog(
            SaveScreen(self.saves_folder, self.suggested_name(), self.save_file), chosen
        )

    async def action_quit(self) -> None:
        """Quit, after asking when there is unsaved progress."""
        self.ask_if_unsaved("Quit?", self.exit)

    def show_end(self) -> None:
        """Open the end screen over the main screen; its answer comes to ``after_end``."""
        self.push_screen(EndScreen(self.game, self.content, self.saves_folder), self.after_end)

    def after_end(self, where: str | None) -> None:
        """The end screen's answer: the title screen, the load screen, or back."""
        if where == "title":
            from .screens.title import TitleScreen

            self.switch_screen(TitleScreen())
        elif where == "load":
            self.action_load()

    # --- crashes ---------------------------------------------------------------------

    def write_crash_report(self, error: BaseException) -> Path | None:
        """Write the traceback to a file in the saves folder; None if even that fails."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = self.saves_folder / f"crash-{stamp}.txt"
        lines = traceback.format_exception(type(error), error, error.__traceback__)
        turn = "" if self._game is None else f" at turn {self._game.turn}, seed {self._game.seed}"
        text = f"Balloon Effect crashed{turn}.\n\n" + "".join(lines)
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return path
        return None


__all__ = ["GameFiles"]
