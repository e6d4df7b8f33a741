"""The new-game form: scenario, difficulty, balloon strength and seed, defaults filled in.

Every field starts at the scenario's own default, and the focus starts on *Start*, so a
player who just wants to play presses Enter; one who wants a particular game tabs to a
field. The seed is shown (and editable) because the same seed and orders always give
the same game — a player can replay a game they liked or share it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ...schema import Scenario
from .once import DismissOnce

BALLOONS = ("weak", "medium", "strong")
SEED_LIMIT = 2**62


@dataclass(frozen=True)
class NewGameSettings:
    """What the form asks for; ``prepare_game`` turns it into a setup."""

    scenario: str  # a built-in id, or the path of a scenario file
    difficulty: str
    balloon: str
    seed: int


def parse_seed(text: str) -> int | None:
    """A seed the engine accepts (0 ≤ seed < 2**62), or None."""
    try:
        value = int(text.strip())
    except ValueError:
        return None
    return value if 0 <= value < SEED_LIMIT else None


class NewGameScreen(DismissOnce, ModalScreen[NewGameSettings | None]):
    """Dismisses with the chosen settings, or None when cancelled."""

    DEFAULT_CSS = """
    NewGameScreen { align: center middle; }
    #newgame-box {
        width: 76; max-width: 100%; height: auto;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    .form-row { height: 3; }
    .form-label { width: 16; padding: 1 1 0 0; }
    .form-row Select, .form-row Input { width: 1fr; }
    #ng-hint { margin: 1 0 0 0; color: $text-muted; }
    #ng-buttons { height: auto; align-horizontal: center; }
    #ng-buttons Button { margin: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    #: focused when shown (an on_mount query fails if a queued key closed it first)
    AUTO_FOCUS = "#ng-start"

    def __init__(
        self,
        scenarios: dict[str, Scenario],
        defaults: NewGameSettings,
        balloons: dict[str, str] | None = None,
    ) -> None:
        """``scenarios`` by the name ``prepare_game`` knows them by: the built-in ones by id,
        and the file the current game was started from (if any) by its path; ``balloons``
        the balloon settings' descriptions, for the hint."""
        super().__init__()
        self.scenarios = scenarios
        self.defaults = defaults
        self.balloons = balloons or {}

    def hint(self, scenario: str, difficulty: str, balloon: str) -> str:
        """What the selected difficulty and balloon setting mean, in a line or two."""
        level = self.scenarios[scenario].difficulty.get(difficulty)
        parts = []
        if level is not None and level.description:
            parts.append(f"{difficulty.capitalize()}: {level.description}.")
        if self.balloons.get(balloon):
            parts.append(f"{balloon.capitalize()} balloon: {self.balloons[balloon]}.")
        return " ".join(parts)

    def compose(self) -> ComposeResult:
        d = self.defaults
        scenario = self.scenarios[d.scenario]
        with Vertical(id="newgame-box") as box:
            box.border_title = "New game"
            with Horizontal(classes="form-row"):
                yield Label("Scenario", classes="form-label")
                yield Select(
                    [
                        (s.name if name == s.id else f"{s.name} · {Path(name).name}", name)
                        for name, s in self.scenarios.items()
                    ],
                    value=d.scenario,
                    allow_blank=False,
                    id="ng-scenario",
                )
            with Horizontal(classes="form-row"):
                yield Label("Difficulty", classes="form-label")
                yield Select(
                    [(name, name) for name in scenario.difficulty],
                    value=d.difficulty,
                    allow_blank=False,
                    id="ng-difficulty",
                )
            with Horizontal(classes="form-row"):
                yield Label("Balloon effect", classes="form-label")
                yield Select(
                    [(name, name) for name in BALLOONS],
                    value=d.balloon,
                    allow_blank=False,
                    id="ng-balloon",
                )
            with Horizontal(classes="form-row"):
                yield Label("Seed", classes="form-label")
                yield Input(str(d.seed), id="ng-seed", restrict=r"[0-9]*", max_length=19)
            yield Static(
                Text(self.hint(d.scenario, d.difficulty, d.balloon)), id="ng-hint", markup=False
            )
            with Horizontal(id="ng-buttons"):
                yield Button("Start", id="ng-start", variant="primary")
                yield Button("Cancel", id="ng-cancel")

    def on_select_changed(self, event: Select.Changed) -> None:
        """A new scenario brings its own difficulty levels and default; any change brings
        the hint for what is now selected."""
        if event.select.id == "ng-scenario" and isinstance(event.value, str):
            scenario = self.scenarios[event.value]
            difficulty = self.query_one("#ng-difficulty", Select)
            difficulty.set_options([(name, name) for name in scenario.difficulty])
            difficulty.value = scenario.default_difficulty
        values = [
            self.query_one(f"#ng-{name}", Select).value
            for name in ("scenario", "difficulty", "balloon")
        ]
        if all(isinstance(v, str) for v in values):
            self.query_one("#ng-hint", Static).update(Text(self.hint(*map(str, values))))

    def settings(self) -> NewGameSettings | None:
        """The form's settings, or None (with the reason shown) if the seed is not valid."""
        seed = parse_seed(self.query_one("#ng-seed", Input).value)
        if seed is None:
            self.query_one("#ng-hint", Static).update(
                Text(
                    f"The seed must be a whole number from 0 to {SEED_LIMIT - 1:,}.",
                    style="bold red",
                )
            )
            self.query_one("#ng-seed", Input).focus()
            return None
        values = [
            self.query_one(f"#ng-{name}", Select).value
            for name in ("scenario", "difficulty", "balloon")
        ]
        scenario, difficulty, balloon = (str(v) for v in values)
        return NewGameSettings(scenario, difficulty, balloon, seed)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "ng-start":
            self.action_start()
        else:
            self.action_cancel()

    def action_start(self) -> None:
        chosen = self.settings()
        if chosen is not None:
            self.dismiss(chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
