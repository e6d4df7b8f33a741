"""The title screen: what the game is; new game, continue, load, help and quit."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...goal import goal_paragraphs
from ..widgets.choices import Choices
from ..widgets.footer import KeyBar
from .saves import describe, latest_autosave

if TYPE_CHECKING:
    from ..host import GameHost

BANNER = """\
 ___       _ _                    ___  __  __        _
| _ ) __ _| | |___  ___ _ _      | __|/ _|/ _|___ __| |_
| _ \\/ _` | | / _ \\/ _ \\ ' \\     | _||  _|  _/ -_) _|  _|
|___/\\__,_|_|_\\___/\\___/_||_|    |___|_| |_| \\___\\__|\\__|"""


class TitleScreen(Screen[None]):
    """New game, a guided first quarter, continue, load, help or quit; ``n``, ``g``, ``c``
    and ``q`` are shortcuts. Beside the menu, the goal and how the game is lost: the
    first thing a new player reads.

    Continue is greyed out, with the reason in its label, when there is no autosave to
    continue, so the menu never offers something that then fails.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_game", "New game"),
        Binding("g", "guided", "Guided quarter"),
        Binding("c", "app.continue", "Continue"),
        Binding("q", "app.quit", "Quit"),
    ]
    #: focused when shown (an on_mount query fails if a queued key closed it first)
    AUTO_FOCUS = "OptionList"

    class Chosen(Message):
        """The player chose from the menu: "new", "guided", "continue", "load", "help" or
        "quit".

        The app acts on it (``BalloonApp.on_title_screen_chosen``): starting, loading and
        quitting are the app's, not the screen's.
        """

        def __init__(self, choice: str) -> None:
            super().__init__()
            self.choice = choice

    def compose(self) -> ComposeResult:
        app = cast("GameHost", self.app)
        latest = latest_autosave(app.saves_folder, app.content)
        with Vertical(id="title-box"):
            yield Static(BANNER, id="banner")
            yield Static(
                "Peru's coca policy, one quarter at a time. Squeeze coca in one valley "
                "and it pops up in the next.",
                id="tagline",
            )
            # a save's text is anyone's: plain Text, never read as markup
            yield Static(
                Text(f"Continue: {describe(latest)}" if latest else "No game in progress."),
                id="title-settings",
            )
            with Horizontal(id="title-lower"):
                yield Choices(
                    Option("New game…", id="new"),
                    Option("Guided first quarter", id="guided"),
                    Option(
                        "Continue" if latest else "Continue (none)",
                        id="continue",
                        disabled=latest is None,
                    ),
                    Option("Load…", id="load"),
                    Option("Help", id="help"),
                    Option("Quit", id="quit"),
                    id="title-menu",
                )
                goal, losing = goal_paragraphs(app.setup.world.turns)
                yield Static(Text(f"{goal}\n\n{losing}"), id="title-goal")
        yield KeyBar()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.option.id or "quit"))

    def action_new_game(self) -> None:
        self.post_message(self.Chosen("new"))

    def action_guided(self) -> None:
        self.post_message(self.Chosen("guided"))
