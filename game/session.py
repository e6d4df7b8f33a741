"""One game being played: the setup, the current state, and the record of every turn.

The TUI, the saves and headless single games all go through ``Game``: it is the only
place that keeps a game's history (orders and event answers of every turn, and a small
summary of each quarter for charts), which is exactly what a save needs to replay.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np

from .drafting import Shortfall, shortfall
from .engine import Orders, State, TurnResult, new_game, step
from .engine.final import final_score
from .engine.metrics import COLLECTED, national_metric
from .engine.why import GrowerFlow, grower_flows
from .loader import GameSetup


def national_summary(state: State) -> dict[str, float]:
    """National indicators of run 0, for charts and save files."""
    return {m.key: float(national_metric(state, m.key)[0]) for m in COLLECTED}


def state_checks(state: State) -> dict[str, str]:
    """A short hash of every state variable (and the random streams), by name.

    Saves keep these for every turn so that a replay can name the first turn and the first
    variable where it parts from the saved game, not just say that the end differs.
    """
    checks = {}
    for name, value in state.array_fields().items():
        h = hashlib.blake2b(digest_size=4)
        h.update(f"{value.dtype.name}{value.shape}".encode())
        h.update(np.ascontiguousarray(value, dtype=value.dtype.newbyteorder("<")).tobytes())
        checks[name] = h.hexdigest()
    h = hashlib.blake2b(digest_size=4)
    h.update(np.ascontiguousarray(state.rng.keys, dtype="<u8").tobytes())
    h.update(str(state.rng.counter).encode())
    checks["rng"] = h.hexdigest()
    return checks


@dataclass
class TurnRecord:
    """What was ordered in a turn and how the quarter ended."""

    turn: int
    orders: Orders
    summary: dict[str, float]
    #: ``state_checks`` of the state after the turn (empty in saves that predate them).
    checks: dict[str, str] = field(default_factory=dict)


@dataclass
class Game:
    setup: GameSetup
    seed: int
    state: State
    history: list[TurnRecord] = field(default_factory=list)
    start_summary: dict[str, float] = field(default_factory=dict)
    last: TurnResult | None = None
    #: the last score computed, with the state and history length it was computed for:
    #: a quarter's score is asked for by the screen and again by its autosave, and each
    #: plays the game on for two years (about 18 ms)
    _scored: tuple[State, int, float] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    @classmethod
    def new(cls, setup: GameSetup, seed: int) -> Game:
        state = new_game(setup.world, setup.events, [seed], setup.start_orders, setup.difficulty)
        return cls(setup=setup, seed=seed, state=state, start_summary=national_summary(state))

    @property
    def turn(self) -> int:
        return self.state.turn

    @property
    def over(self) -> bool:
        return self.turn >= self.setup.world.turns or bool(self.state.ended_turn[0] >= 0)

    def default_orders(self) -> Orders:
        """The orders of the last turn (the starting orders on the first)."""
        return self.history[-1].orders if self.history else self.setup.start_orders

    def carried_orders(self) -> tuple[Orders, Shortfall | None]:
        """The draft a new quarter starts from, and what of it is over the budget, if any.

        Last quarter's orders, without last quarter's answers to events (those were for
        last quarter's events), exactly as they were: where the budget fell below what
        they cost, nothing is scaled down behind the player's back. The shortfall says
        what is over and what trimming would cut; the player decides (``trim_to_fit`` is
        theirs to ask for, and the turn cannot end over the budget). Here rather than in
        the TUI so that a headless game and a played one start each quarter alike.
        """
        orders = self.default_orders().with_values(event_choices={})
        return orders, shortfall(self.setup, self.state, orders)

    def play(self, orders: Orders) -> TurnResult:
        """Play one quarter; raises ``OrdersRefused`` and changes nothing if orders are invalid.

        The orders go into the history as they are: they are a value, which no caller can
        change afterwards, so what a save will replay is what was played.
        """
        result = step(self.setup.world, self.setup.events, self.state, orders)
        self.state = result.state
        self.last = result
        self.history.append(
            TurnRecord(
                self.turn - 1, orders, national_summary(self.state), state_checks(self.state)
            )
        )
        return result

    def grower_flows(self) -> list[GrowerFlow]:
        """Growers' moves between regions in the last quarter played (none before one is
        played here: a loaded game keeps no flows)."""
        return grower_flows(self.last) if self.last is not None else []

    def pending_events(self) -> list[int]:
        """Indices of the events waiting for an answer (fired last turn)."""
        return [int(i) for i in np.flatnonzero(self.state.pending_events[0])]

    def unanswered_events(self, orders: Orders) -> list[int]:
        """The pending events a draft has no answer to yet: asked before the turn ends
        (an event left unanswered would be played with its default)."""
        events = self.setup.events.events
        return [i for i in self.pending_events() if events[i].id not in orders.event_choices]

    def final_score(self) -> float:
        """The game's score (``engine.final``); playing it on does not change the game.

        A game that is over (its term played, or ended early) has its final score. A game
        in progress is scored as if its term ended with the quarter it has reached: the
        same rule, so a save's score, too, counts where the last orders lead.
        """
        if self._scored is not None:
            state, played, score = self._scored
            if state is self.state and played == len(self.history):
                return score
        term = self.setup.world.turns if self.over else self.turn
        world, events = self.setup.world, self.setup.events
        score = float(final_score(world, events, self.state, self.default_orders(), term)[0])
        self._scored = (self.state, len(self.history), score)
        return score
