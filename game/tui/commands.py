"""Command palette (ctrl+p) commands of the game, on every screen, each with its key.

The palette is how a player finds what a key does without reading the help; each command
calls the same action as its key, and the key shown beside it is read from the screen's
own bindings, so the two can never disagree. The game's commands come first, in words a
player would look for (with a line of help); then every other key of the screen showing
(the report's Measure, the end screen's Title screen), so nothing a key does is missing
from the palette. Commands whose action the app or the screen does not have are simply
not offered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.dom import DOMNode

from ..engine.metrics import METRICS
from .view import LAYERS


@dataclass(frozen=True)
class Command:
    """One palette entry: its name, a line of help, what it does and its key ("" if none)."""

    name: str
    help: str
    run: Callable[[], object]
    key: str = ""

    def display(self, name: Content | None = None) -> Content:
        """The name (highlighted where it matched), its key dim beside it."""
        shown = name if name is not None else Content(self.name)
        return shown + Content.styled(f"  {self.key}", "dim") if self.key else shown


#: The game's commands on a screen: action, name, help. The app's own are in APP_ACTIONS.
SCREEN_ACTIONS = (
    ("end_turn", "End turn", "Play the quarter with the draft orders"),
    ("forecast", "Forecast", "Play the next 8 quarters 200 times with the draft orders"),
    ("region", "Region detail", "History, growers' budget and sources of the region"),
    ("report", "Last report", "The last quarterly report and its causal breakdown"),
    ("next_layer", "Next map layer", "Colour the map by the next measure"),
    ("flows", "Map: growers' moves", "Show or hide last quarter's growers moving along the routes"),
)
APP_ACTIONS = (
    ("save", "Save game", "Save the game to a file"),
    ("load", "Load game", "Load a saved game"),
    ("help", "Help", "How to play: the goal, the keys, the levers"),
    ("quit", "Quit", "Leave the game (it asks first if quarters are unsaved)"),
)


#: Textual's own keys, which say nothing about the game.
INTERNAL = frozenset({"focus_next", "focus_previous", "copy_text", "command_palette"})


def bare(action: str) -> str:
    """An action without its namespace or arguments: ``app.quit`` → ``quit``."""
    return action.split("(")[0].removeprefix("app.").removeprefix("screen.")


class BalloonCommands(Provider):
    """The game's commands and the screen's keys, offered from every screen."""

    def keys(self) -> dict[str, tuple[DOMNode, str, str, str]]:
        """Each action bound on the screen showing: its node, action, description and key."""
        app = self.app
        found: dict[str, tuple[DOMNode, str, str, str]] = {}
        for node, binding, enabled, _ in self.screen.active_bindings.values():
            if not enabled:
                continue
            action = binding.action
            key = app.get_key_display(binding)
            name = bare(action) if "(" not in action else action.removeprefix("app.")
            if name in INTERNAL:
                continue
            if name in found:  # a second key for the same action: show both
                held = found[name]
                if key not in held[3].split("/"):
                    found[name] = (*held[:3], f"{held[3]}/{key}")
            else:
                found[name] = (node, action, binding.description, key)
        return found

    def commands(self) -> Iterator[Command]:
        app = self.app
        screen = self.screen
        keys = self.keys()
        offered: set[str] = set()

        def key(action: str) -> str:
            offered.add(action)
            return keys[action][3] if action in keys else ""

        if hasattr(app, "action_new_game"):
            yield Command(
                "New game", "Start a new game", partial(app.run_action, "new_game"), key("new_game")
            )
        for action, name, help_text in SCREEN_ACTIONS:
            # bound on this screen: the report's region(1) is another action of that name
            if action in keys and hasattr(screen, f"action_{action}"):
                yield Command(name, help_text, partial(screen.run_action, action), key(action))
        if hasattr(screen, "action_layer"):
            for layer in LAYERS:
                label = METRICS[layer].label
                yield Command(
                    f"Map layer: {label}",
                    f"Colour the map by {label}",
                    partial(screen.run_action, f"layer('{layer}')"),
                    key(f"layer('{layer}')"),
                )
        for action, name, help_text in APP_ACTIONS:
            if hasattr(app, f"action_{action}"):
                yield Command(name, help_text, partial(app.run_action, action), key(action))
        # every other key of this screen, named as its key bar names it
        for action, (node, full, description, shown) in keys.items():
            if action in offered or not description:
                continue
            yield Command(
                description, f"Key {shown} on this screen", partial(node.run_action, full), shown
            )
        for theme in sorted(app.available_themes):
            switch = partial(setattr, app, "theme", theme)
            yield Command(f"Theme: {theme}", "Switch the colour theme", switch)

    async def discover(self) -> Hits:
        for command in self.commands():
            if not command.name.startswith("Theme:"):
                yield DiscoveryHit(
                    command.display(), command.run, text=command.name, help=command.help
                )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            score = matcher.match(command.name)
            if score > 0:
                shown = command.display(matcher.highlight(command.name))
                yield Hit(score, shown, command.run, text=command.name, help=command.help)
