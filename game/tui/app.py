"""The Balloon Effect terminal app: owns the ``Game`` and the draft orders, nothing else.

Screens read the game through ``host.GameHost`` (they never import this module) and
replace ``app.orders`` with edited orders (orders are values: an edit makes new ones);
what they want done they ask with typed messages (``MainScreen.GameOver``,
``TitleScreen.Chosen``), handled here. Only ``end_turn`` changes the game (the main
screen calls it through ``GameHost``: a message would be handled after keys typed
ahead), by calling ``Game.play`` with the draft — exactly what a headless game does,
which is why a game played here and the same orders played headless end in the same state.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import ClassVar

import numpy as np
from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider

from ..drafting import Shortfall
from ..engine import Orders
from ..loader import Content, GameSetup, load_content
from ..saves import LoadedSave
from ..session import Game, national_summary
from ..sim.region_history import RegionHistory
from ..tutorial import Tutorial
from .commands import BalloonCommands
from .files import GameFiles
from .heap import freeze_start_up
from .screens.endgame import EndScreen
from .screens.help import HelpScreen
from .screens.kept import kept_screen
from .screens.main import MainScreen
from .screens.report import QuarterReport, ReportScreen
from .screens.title import TitleScreen
from .screens.toosmall import TooSmallScreen, too_small
from .textual_private import GamePalette
from .view import headlines
from .widgets.guide import GuideBox

#: The name the report screen is installed under.
REPORT = "report"


class BalloonApp(GameFiles, App[None]):
    """The game in the terminal (saves, loading and quitting are in ``GameFiles``)."""

    CSS_PATH = "balloon.tcss"
    #: the game's commands and every screen's keys, on every screen (Textual's own
    #: Keys/Screenshot/Theme entries are replaced: themes are among the game's commands)
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {BalloonCommands}
    TITLE = "Balloon Effect"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", key_display="?"),
        Binding("ctrl+s", "save", "Save", key_display="^s"),
        Binding("ctrl+o", "load", "Load", key_display="^o"),
        Binding("ctrl+q", "quit", "Quit", key_display="^q", priority=True),
        Binding("x", "leave_guide", "Leave guide", show=False),
    ]

    def __init__(
        self,
        setup: GameSetup,
        seed: int,
        *,
        start_directly: bool = False,
        content: Content | None = None,
        loaded: LoadedSave | None = None,
    ) -> None:
        super().__init__()
        self.content = content if content is not None else load_content()
        self.loaded = loaded
        self.setup = setup
        self.seed = seed
        self.start_directly = start_directly
        self._game: Game | None = None
        self._orders: Orders | None = None
        #: what the carried-over draft has over this quarter's budget, if anything
        self.carried_short: Shortfall | None = None
        self.previous_coca: np.ndarray = np.zeros(setup.world.regions)
        self.last_report: Callable[[int], ReportScreen] | None = None
        #: the game's score as it stands (``Game.final_score``), kept from the last quarter
        self.score: float | None = None
        self.log_lines: list[str] = []
        self.region_history = RegionHistory()
        #: the guided first quarter, while it is on (``game.tutorial`` decides its steps)
        self.tutorial: Tutorial | None = None

    @property
    def game(self) -> Game:
        if self._game is None:
            raise RuntimeError("no game has been started")
        return self._game

    @property
    def orders(self) -> Orders:
        """The draft orders for the quarter being planned."""
        if self._orders is None:
            raise RuntimeError("no game has been started")
        return self._orders

    @orders.setter
    def orders(self, orders: Orders) -> None:
        self._orders = orders
        guide = self.tutorial
        if guide is not None and guide.orders_set(orders, self.game.carried_orders()[0]):
            self.show_guide()

    def on_mount(self) -> None:
        if self.loaded is not None:
            self.adopt(self.loaded)
        elif self.start_directly:
            self.new_game()
        else:
            self.push_screen(TitleScreen())
        self.check_size(self.size.width, self.size.height)
        # after the first frame: the player sees it while the collector is set up
        self.call_after_refresh(freeze_start_up)

    def on_resize(self, event: events.Resize) -> None:
        self.check_size(event.size.width, event.size.height)

    def check_size(self, columns: int, rows: int) -> None:
        """Below 80×24, one message over everything; at that size or more, the game."""
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small(columns, rows):
            if showing:
                self.screen.show(columns, rows)  # type: ignore[attr-defined]
            else:
                self.push_screen(TooSmallScreen())
        elif showing:
            self.pop_screen()

    def action_new_game(self) -> None:
        """The command palette's New game: the form, after asking about unsaved quarters
        (it used to drop them without a word)."""
        self.ask_if_unsaved("Start a new game?", self.new_game_form)

    def new_game(self, guided: bool = False) -> None:
        """Start a game with the app's setup and seed, and show the main screen; with
        ``guided``, the guided first quarter walks the player through it."""
        self.tutorial = Tutorial(self.setup.world.region_names) if guided else None
        self._game = Game.new(self.setup, self.seed)
        self._orders = self.fresh_orders()
        self.previous_coca = self._game.state.coca_total()[0].copy()
        self.last_report = None
        self.score = self._game.final_score()
        self.log_lines = [f"{self.setup.scenario.name}: the game begins."]
        self.show_main_screen()

    def fresh_orders(self) -> Orders:
        """The game's carried-over draft (``Game.carried_orders``), never scaled down; what
        of it is over the new budget is kept in ``carried_short`` for the log and notice."""
        orders, self.carried_short = self.game.carried_orders()
        return orders

    def note(self, line: str) -> None:
        self.log_lines.append(line)

    def end_turn(self) -> None:
        """Play the draft orders; raises ``OrdersRefused`` and changes nothing if refused."""
        game = self.game
        before = national_summary(game.state)
        coca_before = game.state.coca_total()[0].copy()
        result = game.play(self.orders)
        if self.tutorial is not None:
            self.tutorial.turn_ended(result)
            self.show_guide()
        self.previous_coca = coca_before
        self.score = game.final_score()
        after = game.history[-1].summary
        quarter = self.setup.world.quarter_label(game.turn - 1)
        self.note(
            f"{quarter}: coca {after['coca_ha']:,.0f} ha, seized "
            f"{after['seized_t'] - before['seized_t']:.1f} t, eradicated "
            f"{after['eradicated_ha'] - before['eradicated_ha']:,.0f} ha"
        )
        for line in headlines(result):
            self.note(f"{quarter}: {line}")
        for i in game.pending_events():
            self.note(f"{quarter}: event — {self.setup.events.events[i].title}")
        self._orders = self.fresh_orders()
        short = self.carried_short
        if short is not None:
            now = self.setup.world.quarter_label(game.turn)
            self.note(f"{now}: the budget fell: last quarter's {short.what()}; {short.remedy(1)}")
        self.autosave_now()
        self.last_report = partial(
            self.report_screen, QuarterReport(self.setup, result, before, after)
        )

    def report_screen(self, report: QuarterReport, region: int) -> ReportScreen:
        """The one report screen, filled with this quarter (``kept_screen``: built the
        first time, then kept installed and refilled)."""
        return kept_screen(
            self,
            REPORT,
            ReportScreen,
            lambda: ReportScreen(report, region),
            lambda screen: screen.show(report, region),
        )

    # --- what the screens ask for (typed messages; the screens never import the app) ----

    def on_main_screen_game_over(self, _: MainScreen.GameOver) -> None:
        if not any(isinstance(s, EndScreen) for s in self.screen_stack):
            self.show_end()

    def on_title_screen_chosen(self, message: TitleScreen.Chosen) -> None:
        actions: dict[str, Callable[[], object]] = {
            "new": self.new_game_form,
            "guided": self.start_guided,
            "continue": self.action_continue,
            "load": self.action_load,
            "help": self.action_help,
        }
        actions.get(message.choice, self.exit)()

    # --- the guided quarter ------------------------------------------------------------

    def show_guide(self) -> None:
        """Redraw the guide's box on every screen that has one (hidden when it is off)."""
        if self.tutorial is not None and not self.tutorial.active:
            self.tutorial = None
        for screen in self.screen_stack:
            for box in screen.query(GuideBox):
                box.show_step(self.tutorial)

    def on_main_screen_layer_shown(self) -> None:
        if self.tutorial is not None and self.tutorial.layer_changed():
            self.show_guide()

    def on_report_screen_why_shown(self, message: ReportScreen.WhyShown) -> None:
        if self.tutorial is not None and self.tutorial.why_shown(message.region, message.measure):
            self.show_guide()

    def action_leave_guide(self) -> None:
        """Stop the guided quarter; the game goes on as any other."""
        if self.tutorial is not None:
            self.tutorial.leave()
            self.show_guide()

    async def on_event(self, event: events.Event) -> None:
        """Drop a mouse press on a widget that is gone (Textual 8.2.8 would crash on it).

        Textual finds the widget under the mouse in the last frame's layout; a widget
        removed since then (a footer key being rebuilt, a notification expiring) has no
        parent, and starting a text selection in it raises ``AttributeError``. The press
        landed on something no longer there, so it does nothing.
        """
        if isinstance(event, events.MouseDown) and not event.is_forwarded:
            screen = self.screen
            widget, _ = screen.get_widget_and_offset_at(event.x, event.y)
            if widget is not None and widget is not screen and widget.parent is None:
                return
        await super().on_event(event)

    def action_command_palette(self) -> None:
        """Textual's palette, without its crashes when keys are typed ahead of it.

        One palette at a time, wherever it is on the stack: ``GamePalette.is_open`` looks
        at the top screen only, so ``ctrl+p`` on a question asked over the palette opened
        a second one. And no fixed id (Textual gives it ``--command-palette``): a palette
        just closed is still the app's child until Textual has removed it, so ``ctrl+p``
        typed right after Escape met it (``DuplicateIds``); nothing looks it up by id.
        """
        if self.use_command_palette and not any(
            isinstance(screen, GamePalette) for screen in self.screen_stack
        ):
            self.push_screen(GamePalette())

    def action_help(self) -> None:
        """The help page; built once for each length of term (its goal names the term)
        and kept."""
        name = f"help-{self.setup.world.turns}"
        if not self.is_screen_installed(name):
            self.install_screen(HelpScreen(self.setup.world.turns), name)
        if self.get_screen(name) not in self.screen_stack:
            self.push_screen(name)
