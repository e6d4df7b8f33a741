"""Every use of a private Textual API in the game, in one place, each with why.

Textual's private methods (a leading ``_``) may change in any release. The game overrides
a few, only where Textual 8.2.8 (pinned in pyproject) crashes or prints what a player
must not see; ``PRIVATE`` lists each with a hash of the Textual source it was written
against, and ``tests/test_textual_private.py`` fails when a Textual upgrade changes any
of them (or when another module of ``game/tui`` starts using a private Textual name), so
an upgrade is a review of this file, not a surprise in play.

**The command palette** (``GamePalette``). Textual's palette crashes the app in races
that a fast typist — or keys arriving in one read from the terminal — can hit:

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
* **Ctrl+P again at once.** A palette just closed is still the app's child until
  Textual has removed it, so a new one with Textual's fixed id ``--command-palette``
  raised ``DuplicateIds``; the app opens its palette without that id, and only when no
  palette is on the stack (``BalloonApp.action_command_palette``).

``GamePalette`` overrides only the methods where that happens: it is dismissed once, and
only while on top (the ``DismissOnce`` of the game's own screens), and ignores what was
typed into it once it is closing or covered by another screen (F1 over the palette),
a search or a redraw that finds it closing does nothing, and a page key before the
list's first layout goes to the first or last command instead. ``tests/test_tui_monkey.py``
types into it that fast.

**Memory** (``StylesCache.get_inner_outer``). Textual 8.2.8 caches a widget's two
background styles with ``lru_cache`` on the method, so the cache's keys hold the
widget's ``StylesCache`` — and with it every line the widget last rendered — for 1,024
calls after the widget is gone: each quarter's report and each event screen stayed in
memory with their drawings, ~7,500 objects a quarter, and every full garbage collection
walked them all (a 100 ms pause by mid-game, landing on a random end turn). The same
styles are cached by the two colours alone, which is all they depend on.

**A click on an option no longer listed** (``OptionList._on_click``). A click names
the option under the mouse as drawn when it was pressed; when a search replaces the
palette's commands before the list handles the click (a letter typed, then a click, in
one read), the option number can be past the new list's end and Textual 8.2.8 indexes
it anyway (``IndexError``). The click landed on a command that is gone, so it does
nothing; any other click is Textual's.

**The regions table's stale drawings** (``drop_stale_renders``). A ``DataTable`` keys
the renders it caches (of cells, rows and lines) by a counter that every cell update
bumps, and keeps up to 10,000 of them: the regions table's 64 cells, updated each
quarter, left 64 dead cell renders and 8 dead rows behind every time — 3,000 by mid-game,
all walked by every garbage collection. After a refresh of every cell none of them can
be used again, so they are dropped (Textual's own ``_clear_caches``, which ``clear()``
calls).

**A screen's first layout, done twice** (``LaidOutOnce``). A screen shown for the first
time is laid out at the terminal's size, and that layout sends the screen a ``Resize`` of
the same size, on which Textual lays it out again — and every screen under it (the whole
main screen, under an event). The report and event screens are built once and refilled
(``screens/kept.py``); their first showing was the slowest of the game's quarters. A
``Resize`` to the size the screen and the screens under it already have changes nothing,
so it is dropped; a real resize (another size) is Textual's as before.

**Crashes** (``QuietCrashes``). A crash inside the app must leave a crash report and one
line on the terminal, never a traceback: Textual has no public hook for either, so its
exception handler and its printing of the error are overridden.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events, work
from textual._styles_cache import StylesCache
from textual.app import App
from textual.color import Color
from textual.command import CommandList, CommandPalette
from textual.css.query import NoMatches
from textual.message import Message
from textual.message_pump import MessagePump
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Button, DataTable, Input, OptionList

from .screens.once import DismissOnce

if TYPE_CHECKING:
    _App = App[None]
    _Screen = Screen[object]
else:
    _App = object
    _Screen = object


@dataclass(frozen=True)
class Private:
    """A private Textual method the game overrides or calls, as it was when written."""

    owner: type
    name: str
    #: the first 12 hex digits of the SHA-256 of its source (``source_hash``)
    source_sha: str


def source_hash(method: object) -> str:
    """The first 12 hex digits of the SHA-256 of a function's source (decorators unwrapped)."""
    function = inspect.unwrap(method)  # type: ignore[arg-type]
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:12]


#: Every private Textual method used here, with the hash of its source in Textual 8.2.8.
PRIVATE = (
    Private(MessagePump, "_on_message", "12c0b6eb18e5"),
    Private(CommandPalette, "_gather_commands", "b91ff7feae77"),
    Private(CommandPalette, "_watch__list_visible", "c01a45104dd9"),
    Private(CommandPalette, "_watch__show_busy", "20c16f13ec9c"),
    Private(CommandPalette, "_action_cursor_down", "c74cc4e8456c"),
    Private(CommandPalette, "_action_command_list", "48813d9c9f89"),
    Private(App, "_handle_exception", "baea2e7f88e7"),
    Private(App, "_print_error_renderables", "6e6be4034677"),
    Private(DataTable, "_clear_caches", "01284b91a565"),
    Private(Screen, "_on_resize", "ba5f7fb1b5a3"),
)
#: Textual methods replaced outright (the class's own method is swapped for the game's),
#: each with its original and the hash of that original's source in Textual 8.2.8.
REPLACED: tuple[tuple[Private, object], ...] = (
    (
        Private(StylesCache, "get_inner_outer", "d2509f3e7966"),
        StylesCache.__dict__["get_inner_outer"],
    ),
    (Private(OptionList, "_on_click", "5ceb90ee0983"), OptionList.__dict__["_on_click"]),
)
#: Private Textual attributes (not methods) read here: owner, name.
PRIVATE_ATTRIBUTES = (
    (CommandPalette, "_GATHER_COMMANDS_GROUP"),
    (App, "_exit_renderables"),
    (App, "_background_screens"),
)

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


@lru_cache(1024)
def inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    """A widget's inner and outer background styles: Textual's, cached by colour only."""
    return Style(background=base_background + background), Style(background=base_background)


def _get_inner_outer(
    self: StylesCache, base_background: Color, background: Color
) -> tuple[Style, Style]:
    return inner_outer(base_background, background)


StylesCache.get_inner_outer = _get_inner_outer  # type: ignore[method-assign]

_option_list_click = OptionList.__dict__["_on_click"]


async def _on_click(self: OptionList, event: events.Click) -> None:
    """Textual's click on an option, unless the option clicked is no longer listed (the
    click is then spent here: passed on, it would reach the palette, which closes on a
    click that is not on its list)."""
    option = event.style.meta.get("option")
    if option is not None and not 0 <= option < self.option_count:
        event.stop()
        return
    await _option_list_click(self, event)


OptionList._on_click = _on_click  # type: ignore[method-assign]


def drop_stale_renders(table: DataTable) -> None:
    """Forget a table's cached renders once every cell has been updated (they are stale)."""
    table._clear_caches()


def resize_changes_nothing(screen: Screen[object], size: object) -> bool:
    """Whether a ``Resize`` of ``size`` would lay out nothing anew: the screen and every
    screen under it were laid out at that size already."""
    under = screen.app._background_screens if screen.is_attached else []
    return all(s.outer_size == size for s in [screen, *under])


class LaidOutOnce(_Screen):
    """Mix into a screen class: the ``Resize`` that echoes its first layout (the same
    size) does not lay it, and the screens under it, out a second time."""

    async def _on_resize(self, event: events.Resize) -> None:
        if resize_changes_nothing(self, event.size):
            event.stop()
            # Textual's own handler (Screen._on_resize) is the next in the MRO: not called
            event.prevent_default()


class QuietCrashes(_App):
    """Mix into the app: a crash writes a report and prints no traceback.

    ``write_crash_report`` and ``crash_report`` are the app's (``GameFiles``); ``tui.run``
    prints the one line that says where the report went.
    """

    #: where the crash report went, when the app crashed
    crash_report: Path | None = None

    if TYPE_CHECKING:

        def write_crash_report(self, error: BaseException) -> Path | None: ...

    def _handle_exception(self, error: Exception) -> None:
        """Record a crash report before Textual shuts the app down (exit status 1)."""
        if self.crash_report is None:
            self.crash_report = self.write_crash_report(error) or Path("(not written)")
        super()._handle_exception(error)

    def _print_error_renderables(self) -> None:
        """No traceback on the player's terminal: ``tui.run`` prints one line instead."""
        if self.crash_report is not None:
            self._exit_renderables.clear()
            return
        super()._print_error_renderables()


__all__ = [
    "PRIVATE",
    "PRIVATE_ATTRIBUTES",
    "REPLACED",
    "GamePalette",
    "LaidOutOnce",
    "Private",
    "QuietCrashes",
    "drop_stale_renders",
    "inner_outer",
    "resize_changes_nothing",
    "source_hash",
]
