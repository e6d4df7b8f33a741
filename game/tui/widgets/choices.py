"""An ``OptionList`` whose page keys cannot crash before its first layout.

Textual 8.2.8's ``OptionList`` pages through a line cache that is built when the list is
laid out; ``PageUp``/``PageDown`` pressed in the same frame as the screen that holds the
list is pushed (a key typed ahead, or several keys in one read from the terminal) looks up
a line that is not there yet and raises ``KeyError``, which ends the app. Here such a key
goes to the first or last choice instead. (The command palette's list has the same
fault; ``game/tui/textual_private.py`` guards it.)
"""

from __future__ import annotations

from textual.widgets import OptionList


class Choices(OptionList):
    """The event's answers and the title menu."""

    def action_page_up(self) -> None:
        try:
            super().action_page_up()
        except KeyError:  # not laid out yet
            self.action_first()

    def action_page_down(self) -> None:
        try:
            super().action_page_down()
        except KeyError:  # not laid out yet
            self.action_last()
