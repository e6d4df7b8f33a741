"""Textual's command palette, made safe for keys typed faster than it opens and closes.

Textual 8.2.8's palette (pinned in pyproject) crashes the app in races that a fast
typist — or keys arriving in one read from the terminal — can hit:

* **Page up/down before the list's first layout.** ``OptionList`` pages through a line
  cache built when the list is laid out; ``ctrl+p`` then ``PageDown`` in the same frame
  (or while the list is hidden) looks up a line that is not there: ``KeyError``.
* **Enter twice.** Each Enter selects the highlighted command; the second selection
  dismisses the palette again, which pops the screen *under* it (the main screen) or
  fails with ``ScreenStackError``, and would run the command twice.
* **A search finishing after the palette closed.** A key typed just after ``Escape`` or
  ``Enter`` starts a search in a worker; when it ends, the palette's children are gone
  and its ``query_one(CommandList)`` raises ``NoMatches`` in the worker, which Textual
  treats as a crash.

``GamePalette`` overrides only the methods where that happens: it is dismissed once, and
only while on top (the ``DismissOnce`` of the game's own screens), and ignores what was
typed into it once it is closing or covered by another screen (F1 over the palette),
a search or a redraw that finds it closing does nothing, and a page key before the
list's first layout goes to the first or last command instead. ``tests/test_tui_monkey.py``
types into it that fast.
"""

from __future__ import annotations

import contextlib

from textual import work
from textual.command import CommandList, CommandPalette
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Button, Input, OptionList

from .screens.once import DismissOnce

#: What a dismissed palette no longer acts on: the player's typing and choosing.
INPUT = (Input.Changed, Input.Submitted, OptionList.OptionSelected, Button.Pressed)


class GamePalette(DismissOnce, CommandPalette):
    """The command palette, minus the crashes of keys typed ahead of it."""

    async def _on_message(self, message: Message) -> None:
        closed = getattr(self, "_dismissed_once", False) or self.app.screen is not self
        if closed and isinstance(message, INPUT):
            message.stop()
            return
        await super()._on_message(message)

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        # the list is only ever missing while the palette is being torn down
        with contextlib.suppress(NoMatches):
            await CommandPalette._gather_commands.__wrapped__(self, search_value)  # type: ignore[attr-defined]

    def _watch__list_visible(self) -> None:
        with contextlib.suppress(NoMatches):
            super()._watch__list_visible()

    async def _watch__show_busy(self) -> None:
        with contextlib.suppress(NoMatches):
            await super()._watch__show_busy()

    def _action_cursor_down(self) -> None:
        with contextlib.suppress(NoMatches):
            super()._action_cursor_down()

    def _action_command_list(self, action: str) -> None:
        try:
            command_list = self.query_one(CommandList)
        except NoMatches:
            return
        if action in ("page_up", "page_down"):
            try:
                getattr(command_list, f"action_{action}")()
            except KeyError:  # no line cache yet: the list has not been laid out
                if action == "page_up":
                    command_list.action_first()
                else:
                    command_list.action_last()
            return
        super()._action_command_list(action)


__all__ = ["GamePalette"]
