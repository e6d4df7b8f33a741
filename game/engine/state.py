"""The game state: every quantity that changes, as arrays with a leading runs axis.

One game is ``runs == 1``; a batch of ten thousand is the same code with a longer first
axis. Region quantities are shaped ``(runs, regions)``, national ones ``(runs,)``, route
ones ``(runs, routes)``. The random streams travel with the state so that saving the state
saves the future it would have had.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields

import numpy as np

from .rng import RunStreams

#: Region variables in hectares and people (runs, R): never negative.
REGION_AMOUNTS: tuple[str, ...] = (
    "coca_ha",
    "immature_ha",
    "settlers_ha",
    "licit_ha",
    "farmland_ha",
    "forest_ha",
    "forest_lost_ha",
    "indigenous_coca_ha",
    "households",
    "growers",
)

#: Region variables (runs, R). Each is changed only through the ledger (see ledger.py).
REGION_VARS: tuple[str, ...] = (
    *REGION_AMOUNTS,
    "state_presence",
    "insurgency",
    "traffickers",
    "infrastructure",
    "development",
    "perceived_risk",
    "leaf_price",
    "expected_price",
    "violence",
    "welfare",
)

#: Region running totals and last-quarter flows (runs, R), kept for reports and scores.
REGION_TALLIES: tuple[str, ...] = (
    "eradicated_ha",  # cumulative
    "seized_t",  # cumulative, attributed to the region producing it
    "cocaine_t",  # last quarter's cocaine potential
    "displaced_in_ha",  # cumulative arrivals
    "displaced_out_ha",  # cumulative departures
    "civilian_harm",  # cumulative incidents
)

#: National variables (runs,).
NATIONAL_VARS: tuple[str, ...] = (
    "budget_musd",
    "approval",
    "support",
    "world_demand",
    "demand_shock",
    "price_shock",
    "seized_share",
    "leader_at_large",
    "captures",
    "displaced_abroad_ha",
    "headline_index",
    "real_index",
    "score_sum",
)

#: Bounded variables and their ranges, checked by the invariant tests.
RANGES: dict[str, tuple[float, float]] = {
    "state_presence": (0.0, 1.0),
    "insurgency": (0.0, 1.0),
    "traffickers": (0.0, 1.0),
    "infrastructure": (0.0, 1.0),
    "development": (0.0, 1.0),
    "perceived_risk": (0.0, 1.0),
    "welfare": (0.0, 100.0),
    "approval": (0.0, 100.0),
    "support": (0.0, 100.0),
    "seized_share": (0.0, 1.0),
    "leader_at_large": (0.0, 1.0),
}

#: Never negative in a game: hectares, people, tallies, money, counts and indices
#: (checked by the invariant tests, and in every loaded save).
NON_NEGATIVE: tuple[str, ...] = (
    *REGION_AMOUNTS,
    *REGION_TALLIES,
    "violence",
    "budget_musd",
    "captures",
    "displaced_abroad_ha",
    "headline_index",
    "real_index",
    "score_sum",
    "route_share",
    "event_count",
)
#: Turn numbers, -1 for "never" or "not yet": an event's last firing and the turn a
#: chained event is due from (checked by the invariant tests, and in every loaded save).
TURN_MARKS: tuple[str, ...] = ("last_fired", "due_from")
#: Always above zero: prices and the multipliers they are made of (checked in saves).
POSITIVE: tuple[str, ...] = ("leaf_price", "price_factors", "response_scale")

END_REASONS = ("", "approval collapsed", "the armed remnant took a region")


@dataclass
class State:
    """All that changes during a game.

    Consecutive states share the arrays a turn did not change (see ``evolve``); shared
    arrays are read-only, so writing into a past state raises instead of rewriting
    history. Use ``copy`` for a state whose arrays you may write into.
    """

    turn: int
    # region variables
    coca_ha: np.ndarray
    immature_ha: np.ndarray
    settlers_ha: np.ndarray  # displaced growers' hectares waiting to settle in the region
    licit_ha: np.ndarray
    farmland_ha: np.ndarray
    forest_ha: np.ndarray
    forest_lost_ha: np.ndarray
    indigenous_coca_ha: np.ndarray
    households: np.ndarray
    growers: np.ndarray  # households that grow coca (they move with the balloon)
    state_presence: np.ndarray
    insurgency: np.ndarray
    traffickers: np.ndarray
    infrastructure: np.ndarray
    development: np.ndarray
    perceived_risk: np.ndarray
    leaf_price: np.ndarray
    expected_price: np.ndarray
    violence: np.ndarray
    welfare: np.ndarray
    # region tallies
    eradicated_ha: np.ndarray
    seized_t: np.ndarray
    cocaine_t: np.ndarray
    displaced_in_ha: np.ndarray
    displaced_out_ha: np.ndarray
    civilian_harm: np.ndarray
    # national
    budget_musd: np.ndarray
    approval: np.ndarray
    support: np.ndarray
    world_demand: np.ndarray
    demand_shock: np.ndarray
    price_shock: np.ndarray
    seized_share: np.ndarray
    leader_at_large: np.ndarray
    captures: np.ndarray
    displaced_abroad_ha: np.ndarray
    headline_index: np.ndarray
    real_index: np.ndarray
    score_sum: np.ndarray
    # routes, events, end of game, uncertainty
    route_share: np.ndarray  # (runs, K) share of exported cocaine taking each exit route
    route_adaptation: np.ndarray  # (runs, K) traffickers' counter-measures on each route
    price_factors: np.ndarray  # (runs, F) factors of the leaf price (see market.PRICE_FACTORS)
    # chance: persistent shocks that carry from quarter to quarter (see noise.py)
    price_noise: np.ndarray  # (runs,) log deviation of traffickers' demand for leaf
    region_price_noise: np.ndarray  # (runs, R) log deviation of each region's leaf price
    yield_noise: np.ndarray  # (runs, R) log deviation of yields (weather, blight)
    planting_noise: np.ndarray  # (runs, R) shift of growers' propensity to plant (logit)
    pending_events: np.ndarray  # (runs, E) bool: fired last turn, awaiting a choice
    event_count: np.ndarray  # (runs, E) int: how often each event has fired
    last_fired: np.ndarray  # (runs, E) int: turn of its last firing, -1 if never (cool-downs)
    due_from: np.ndarray  # (runs, E) int: turn from which a chained event is due, -1 if unopened
    ended_turn: np.ndarray  # (runs,) int: turn the game ended, -1 while it goes on
    end_reason: np.ndarray  # (runs,) int index into END_REASONS
    response_scale: np.ndarray  # (runs, 3) multipliers on theta, beta, gamma (hard mode)
    rng: RunStreams

    @property
    def runs(self) -> int:
        return int(self.coca_ha.shape[0])

    def array_fields(self) -> dict[str, np.ndarray]:
        """Every array of the state by name (not the turn, not the random streams)."""
        return {name: getattr(self, name) for name in _array_names()}

    def copy(self) -> State:
        arrays = {k: v.copy() for k, v in self.array_fields().items()}
        return State(turn=self.turn, rng=self.rng.copy(), **arrays)

    def evolve(self) -> State:
        """A new state sharing this one's arrays, for the next turn to rebind.

        The engine never writes into an array a past state holds (it assigns new ones,
        or writes into its own copy: ``Ledger.add_at``), so sharing is safe and saves
        copying every array every turn; the random streams' counter is the one thing
        that changes in place, so the streams are copied.
        """
        for array in self.array_fields().values():
            if array.flags.writeable:  # reading the flag costs a sixth of setting it
                array.setflags(write=False)  # history is immutable: a stray write raises
        new = object.__new__(State)  # the same fields, a new object (copy.copy, cheaper)
        new.__dict__.update(self.__dict__)
        new.rng = RunStreams(self.rng.keys, self.rng.counter)
        return new

    def take(self, rows: np.ndarray | list[int] | slice) -> State:
        """A state holding only some runs (e.g. one game out of a batch)."""
        rows = np.arange(self.runs)[rows] if isinstance(rows, slice) else np.asarray(rows)
        arrays = {k: v[rows].copy() for k, v in self.array_fields().items()}
        return State(turn=self.turn, rng=self.rng.take(rows), **arrays)

    @staticmethod
    def concat(states: list[State]) -> State:
        """Join states of the same turn and counter along the runs axis."""
        first = states[0]
        if any(s.turn != first.turn or s.rng.counter != first.rng.counter for s in states):
            raise ValueError("can only join states at the same turn and draw counter")
        arrays = {k: np.concatenate([getattr(s, k) for s in states]) for k in first.array_fields()}
        keys = np.concatenate([s.rng.keys for s in states])
        return State(turn=first.turn, rng=RunStreams(keys, first.rng.counter), **arrays)

    def coca_total(self) -> np.ndarray:
        """Coca planted, mature and young: the area a survey would count (runs, R)."""
        return self.coca_ha + self.immature_ha


@functools.cache
def _array_names() -> tuple[str, ...]:
    """The state's array fields, read once from its annotations (every turn asks)."""
    return tuple(f.name for f in fields(State) if f.type == "np.ndarray")
