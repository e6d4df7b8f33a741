"""The guided quarter's box: the current step and what to do, above the key bar.

The steps and what completes them are ``game.tutorial``'s; this only draws them. Every
screen the guide walks through composes one (the main screen and the report); it hides
itself when no guided quarter is on, and the app redraws it when a step is done.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...tutorial import Tutorial

#: How to leave, on every step: the player can stop the guide at any time.
LEAVE = "x leaves the guide"


class GuideBox(Static):
    """One step of the guided quarter, or nothing (hidden) when none is on."""

    DEFAULT_CSS = """
    GuideBox {
        height: auto;
        border: round $warning;
        border-title-color: $warning;
        border-title-style: bold;
        border-subtitle-color: $text-muted;
        padding: 0 1;
        display: none;
    }
    GuideBox.-on { display: block; }
    """

    def on_mount(self) -> None:
        self.show_step(getattr(self.app, "tutorial", None))

    def show_step(self, tutorial: Tutorial | None) -> None:
        """Draw ``tutorial``'s current step, or hide when there is none (or it was left)."""
        on = tutorial is not None and tutorial.active
        self.set_class(on, "-on")
        if tutorial is None or not on:
            return
        heading, text = tutorial.instruction()
        self.border_title = heading
        self.border_subtitle = LEAVE
        # region names are content text: plain Text, never read as markup
        self.update(Text(text))
