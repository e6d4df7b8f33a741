"""The key bar at the bottom of every screen: one line, the important keys first to stay.

Textual's ``Footer`` is a row of one widget per key, rebuilt (unmounted and mounted,
restyled, laid out) whenever the focus or the bindings change — a good part of each
quarter's redraw here — and at 80 columns it cuts off whatever comes last, which was
Save/Load. ``KeyBar`` draws the same bindings (``Screen.active_bindings``: the focused
widget's, the screen's and the app's, disabled ones dimmed) as one line of text, redrawn
only when the line changes. When the line is wider than the terminal, the least
important keys give way first: the screen's own moves (forecast, region, layer), then
the focused widget's (``+``/``-``, which the orders panel also spells out), then the
command palette; End turn, Report, Help, Save, Load and Quit stay. A click on a key
presses it.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

#: Actions that stay on the bar however narrow the terminal: what a player must find.
ESSENTIAL = {
    "end_turn",
    "report",
    "help",
    "save",
    "load",
    "quit",
    "dismiss",
    "cancel",
    "back",
    "leave",
}
#: Rank of what gives way (higher goes first): essential, screen, widget, palette.
ESSENTIAL_RANK, SCREEN_RANK, WIDGET_RANK, PALETTE_RANK = 0, 1, 2, 3


class Key(NamedTuple):
    """One entry of the bar: the key pressed on a click, what is shown, and its rank."""

    key: str
    display: str
    description: str
    enabled: bool
    rank: int


def action_name(action: str) -> str:
    """``app.quit`` → ``quit``, ``tab('map')`` → ``tab``."""
    return action.rsplit(".", 1)[-1].split("(", 1)[0]


class KeyBar(Widget, can_focus=False):
    """The bindings of the active screen on one line."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        .keybar--key {
            color: $footer-key-foreground;
            text-style: bold;
        }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.keys: list[Key] = []
        #: (start, end, key) of each entry drawn, for clicks
        self.spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)
        self.bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        keys = self.collect()
        if keys != self.keys:
            self.keys = keys
            self.refresh()

    def collect(self) -> list[Key]:
        """The bindings to show, in the order Textual's footer shows them."""
        screen = self.screen
        app = self.app
        seen: set[str] = set()
        keys: list[Key] = []
        for namespace, binding, enabled, _ in screen.active_bindings.values():
            # one entry an action ("q" and ctrl+q both quit on the title screen)
            action = binding.action.removeprefix("app.")
            if not binding.show or action in seen:
                continue
            seen.add(action)
            if action_name(action) in ESSENTIAL:
                rank = ESSENTIAL_RANK
            elif namespace is screen or namespace is app:
                rank = SCREEN_RANK
            else:
                rank = WIDGET_RANK
            keys.append(
                Key(binding.key, app.get_key_display(binding), binding.description, enabled, rank)
            )
        # Quit is a priority binding, so Textual lists it first among the app's; it reads
        # better last, as in most programs
        keys.sort(key=lambda k: k.description == "Quit")
        palette = app.COMMAND_PALETTE_BINDING
        if app.ENABLE_COMMAND_PALETTE and palette in screen.active_bindings:
            _, binding, enabled, _ = screen.active_bindings[palette]
            shown = Binding(binding.key, binding.action, key_display=binding.key_display)
            keys.append(Key(palette, app.get_key_display(shown), "Commands", enabled, PALETTE_RANK))
        return keys

    @staticmethod
    def width_of(keys: list[Key]) -> int:
        """Columns taken: each entry is " key description " (so two spaces between)."""
        return sum(len(k.display) + len(k.description) + 3 for k in keys)

    def fitted(self, width: int) -> list[Key]:
        """The keys that fit in ``width`` columns, dropping the least important first."""
        keys = list(self.keys)
        while keys and self.width_of(keys) > width:
            worst = max(k.rank for k in keys)
            # of the least important, the last one goes first
            drop = max(i for i, k in enumerate(keys) if k.rank == worst)
            del keys[drop]
        return keys

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        dim = Style(dim=True)
        text = Text(no_wrap=True, overflow="crop")
        self.spans = []
        for entry in self.fitted(self.size.width):
            start = len(text)
            text.append(" ")
            text.append(entry.display, key_style if entry.enabled else key_style + dim)
            text.append(f" {entry.description}", "" if entry.enabled else dim)
            text.append(" ")
            self.spans.append((start, len(text), entry.key))
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self.spans:
            if start <= event.x < end:
                event.stop()
                self.app.simulate_key(key)
                return


__all__ = ["KeyBar"]
