"""What a screen may read of the app that hosts it, without importing the app.

The app imports its screens; a screen importing the app back would make a cycle (and let
a screen reach into anything of the app). Screens instead read the game through this
protocol — the game, the draft orders, the content and the log — and ask the app to *do*
things by posting typed messages (``MainScreen.GameOver``, ``TitleScreen.Chosen``…), which
the app handles. The draft orders are the one value a screen replaces (orders are
values: an edit makes new ones); only the app changes the game, in ``end_turn``, which
the main screen calls rather than asks by message: a message is handled after the keys
typed ahead of it, which would then edit orders already sent to be played, and find the
main screen where the player expects the report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import numpy as np
    from textual.screen import Screen

    from ..drafting import Shortfall
    from ..engine import Orders
    from ..loader import Content, GameSetup
    from ..session import Game
    from ..sim.region_history import RegionHistory


class GameHost(Protocol):
    """The app as its screens see it (``BalloonApp`` is one)."""

    setup: GameSetup
    content: Content
    seed: int
    #: each region's coca a quarter ago, for the regions table's Δ
    previous_coca: np.ndarray
    #: the game's log, oldest first
    log_lines: list[str]
    #: the last quarter's report for a chosen region (None before the first quarter)
    last_report: Callable[[int], Screen[None]] | None
    #: per-region history, replayed once and extended (shared by the region screens)
    region_history: RegionHistory
    #: what the carried-over draft had over this quarter's budget (None: it fitted)
    carried_short: Shortfall | None

    @property
    def game(self) -> Game: ...

    @property
    def orders(self) -> Orders:
        """The draft orders for the quarter being planned."""
        ...

    @orders.setter
    def orders(self, orders: Orders) -> None: ...

    @property
    def saves_folder(self) -> Path: ...

    def end_turn(self) -> None:
        """Play the draft; raises ``OrdersRefused`` and changes nothing if refused."""
        ...

    def note(self, line: str) -> None:
        """Add a line to the game's log."""
        ...
