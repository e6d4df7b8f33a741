"""The title screen: what the game is, and a new game with sensible defaults."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from ..app import BalloonApp

BANNER = """\
 ___       _ _                    ___  __  __        _
| _ ) __ _| | |___  ___ _ _      | __|/ _|/ _|___ __| |_
| _ \\/ _` | | / _ \\/ _ \\ ' \\     | _||  _|  _/ -_) _|  _|
|___/\\__,_|_|_\\___/\\___/_||_|    |___|_| |_| \\___\\__|\\__|"""


class TitleScreen(Screen[None]):
    """New game, help or quit; ``n`` and ``q`` are shortcuts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_game", "New game"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        app = cast("BalloonApp", self.app)
        scenario = app.setup.scenario
        with Vertical(id="title-box"):
            yield Static(BANNER, id="banner")
            yield Static(
                "Peru's coca policy, one quarter at a time. Squeeze coca in one valley "
                "and it pops up in the next.",
                id="tagline",
            )
            yield Static(
                f"{scenario.name}\nDifficulty {app.setup.difficulty.name} · "
                f"balloon {app.setup.balloon} · seed {app.seed}",
                id="title-settings",
            )
            with Center():
                yield OptionList(
                    Option("New game", id="new"),
                    Option("Help", id="help"),
                    Option("Quit", id="quit"),
                    id="title-menu",
                )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = event.option.id
        if choice == "new":
            self.action_new_game()
        elif choice == "help":
            self.app.action_help()  # type: ignore[attr-defined]
        else:
            self.app.exit()

    def action_new_game(self) -> None:
        cast("BalloonApp", self.app).new_game()
