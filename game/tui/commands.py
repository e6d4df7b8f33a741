"""Command palette (ctrl+p) commands of the game: new game, save, load, forecast, region
detail, map layers and themes.

The palette is how a player finds what a key does without reading the help; each command
calls the same action as its key, so the two can never disagree. Commands whose action
the app does not have (save and load live in another module) are simply not offered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ..engine.metrics import METRICS
from .view import LAYERS

Command = tuple[str, str, Callable[[], object]]


class BalloonCommands(Provider):
    """The game's commands, offered from the main screen."""

    def commands(self) -> Iterator[Command]:
        app = self.app
        screen = self.screen
        if hasattr(app, "action_new_game"):
            yield "New game", "Start a new game", partial(app.run_action, "new_game")
        elif hasattr(app, "new_game"):
            yield "New game", "Start a new game with the same settings", app.new_game
        for action, name, help_text in (
            ("save", "Save game", "Save the game to a file"),
            ("load", "Load game", "Load a saved game"),
        ):
            if hasattr(app, f"action_{action}"):
                yield name, help_text, partial(app.run_action, action)
        for action, name, help_text in (
            ("forecast", "Forecast", "Play the next 8 quarters 200 times with the draft orders"),
            ("region", "Region detail", "History, growers' budget and sources of the region"),
            ("end_turn", "End turn", "Play the quarter with the draft orders"),
            ("report", "Last report", "The last quarterly report and its causal breakdown"),
        ):
            if hasattr(screen, f"action_{action}"):
                yield name, help_text, partial(screen.run_action, action)
        if hasattr(screen, "action_flows"):
            yield (
                "Map: growers' moves (g)",
                "Show or hide last quarter's growers moving along the routes",
                partial(screen.run_action, "flows"),
            )
        if hasattr(screen, "action_layer"):
            for layer in LAYERS:
                label = METRICS[layer].label
                yield (
                    f"Map layer: {label}",
                    f"Colour the map by {label}",
                    partial(screen.run_action, f"layer('{layer}')"),
                )
        for theme in sorted(app.available_themes):
            switch = partial(setattr, app, "theme", theme)
            yield f"Theme: {theme}", "Switch the colour theme", switch

    async def discover(self) -> Hits:
        for name, help_text, callback in self.commands():
            if not name.startswith("Theme:"):
                yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
