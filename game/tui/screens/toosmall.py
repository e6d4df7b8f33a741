"""Shown over everything while the terminal is smaller than the game's 80×24.

Below that size the map, the tables and the orders cannot all be drawn: rather than a
screen of clipped labels, the player is told what to do, and the game resumes, as it was,
when the terminal is large enough again.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from .ready import DrawnOnMount

#: The smallest terminal the game is laid out for.
MIN_COLUMNS, MIN_ROWS = 80, 24


def too_small(columns: int, rows: int) -> bool:
    return columns < MIN_COLUMNS or rows < MIN_ROWS


class TooSmallScreen(DrawnOnMount, ModalScreen[None]):
    """A message and nothing else; the app removes it when the terminal grows."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; background: $background; }
    #too-small { width: auto; max-width: 100%; height: auto; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")

    def draw(self) -> None:
        self.show(self.app.size.width, self.app.size.height)

    def show(self, columns: int, rows: int) -> None:
        self.query_one("#too-small", Static).update(
            Text(
                f"Please enlarge the terminal to at least {MIN_COLUMNS}×{MIN_ROWS} "
                f"(it is {columns}×{rows} now). The game goes on when it fits; "
                "Ctrl+Q quits."
            )
        )
