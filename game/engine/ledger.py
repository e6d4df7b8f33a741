"""The causal ledger: every change of a ledgered variable, split into named contributions.

Mechanisms never assign a ledgered variable directly; they call ``Ledger.add`` with a
named delta, which both moves the state and records why. After a turn, for every
variable, ``before + sum(contributions) == after`` (up to float rounding), which a
property test checks. The report screen reads the same entries to answer "why did this
move?".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from .arrays import rows_replaced
from .state import NATIONAL_VARS, REGION_VARS, State

#: Every variable whose changes are accounted for in the ledger.
LEDGERED: tuple[str, ...] = (
    *REGION_VARS,
    "approval",
    "support",
    "budget_musd",
    "world_demand",
    "demand_shock",
    "price_shock",
    "leader_at_large",
)
assert set(LEDGERED[len(REGION_VARS) :]) <= set(NATIONAL_VARS)


class Ledger:
    """Named contributions to the change of each ledgered variable over one turn.

    With ``record=False`` the state moves exactly as it would otherwise, but nothing is
    booked and breakdowns that exist only for the book (``add_split``'s parts) are never
    computed: a headless batch of thousands of runs has no reader for them.
    """

    def __init__(self, state: State, record: bool = True) -> None:
        # No copies: mechanisms never change a state array in place, they rebind it, so
        # the arrays the state holds now are the turn's "before" values.
        self.state = state
        self.record = record
        self.before: dict[str, np.ndarray] = {v: getattr(state, v) for v in LEDGERED}
        self._book: dict[str, dict[str, np.ndarray]] = {}  # filled as entries come
        self._owned: dict[str, np.ndarray] = {}  # arrays ``add_at`` copied this turn
        # add_split's breakdowns, worked out when the book is first read
        self._unsplit: list[tuple[str, Callable[[], dict[str, np.ndarray]]]] = []

    @property
    def entries(self) -> dict[str, dict[str, np.ndarray]]:
        """Contributions by variable and name, each the full shape of its variable."""
        return {var: self.contributions(var) for var in LEDGERED}

    def add(self, var: str, name: str, delta: np.ndarray | float) -> None:
        """Move ``state.var`` by ``delta`` and record it under ``name``."""
        current = getattr(self.state, var)
        if not isinstance(delta, np.ndarray):
            delta = np.asarray(delta, dtype=float)
        setattr(self.state, var, current + delta)
        if self.record:
            self._enter(var, name, delta)

    def add_split(
        self, var: str, total: np.ndarray, parts: Callable[[], dict[str, np.ndarray]]
    ) -> None:
        """Move ``state.var`` by ``total``, booked as the named ``parts`` that sum to it.

        For a change whose breakdown costs more than the change itself (growers moving
        between every pair of regions): the state always moves by ``total``, so it moves
        the same whether or not the ledger records. ``parts()`` runs only when the book is
        read, so it must read nothing that changes later in the turn (flows and state
        arrays are rebound, never written into).
        """
        setattr(self.state, var, getattr(self.state, var) + total)
        if self.record:
            self._unsplit.append((var, parts))

    def add_at(self, var: str, name: str, index: tuple | np.ndarray, change: np.ndarray) -> None:
        """Move only the elements ``state.var[index]`` by ``change``.

        For changes that touch a few runs of a batch (an event's answer). The variable is
        copied once per turn on its first such change and written in place after that:
        the arrays a state starts the turn with are the last state's, shared and
        read-only. The full-shape delta is built only for the book.
        """
        moved = self._owned.get(var)
        if moved is None or moved is not getattr(self.state, var):
            moved = getattr(self.state, var).copy()
            self._owned[var] = moved
            setattr(self.state, var, moved)
        moved[index] += change
        if self.record:
            delta = np.zeros_like(moved)
            delta[index] = change
            self._enter(var, name, delta)

    def _enter(self, var: str, name: str, delta: np.ndarray) -> None:
        book = self._book.setdefault(var, {})
        book[name] = book[name] + delta if name in book else delta

    def set(self, var: str, name: str, value: np.ndarray) -> None:
        """Set ``state.var`` to ``value``, recording the difference under ``name``."""
        self.add(var, name, np.asarray(value, dtype=float) - getattr(self.state, var))

    def clip(self, var: str, low: float | None, high: float | None) -> None:
        """Keep a variable within its range; what the bound removes is its own entry."""
        value = getattr(self.state, var)
        # two reductions decide; the clip itself is rare
        below = low is not None and np.minimum.reduce(value, axis=None) < low
        above = high is not None and np.maximum.reduce(value, axis=None) > high
        if below or above:
            self.add(var, "kept within range", np.clip(value, low, high) - value)

    def drop_runs(self, rows: np.ndarray) -> None:
        """Book nothing for the runs ``rows`` (indices): their moves were undone.

        ``turn.hold_ended`` puts ended games back as they were; their entries must go
        too, so that before + contributions == after still holds for every run.
        """
        if not self.record:
            return
        for var in LEDGERED:
            book = self.contributions(var)  # full shape, deferred splits entered
            if book:
                self._book[var] = {name: rows_replaced(d, rows, 0.0) for name, d in book.items()}

    def contributions(self, var: str) -> dict[str, np.ndarray]:
        while self._unsplit:
            split_var, parts = self._unsplit.pop(0)
            for name, delta in parts().items():
                self._enter(split_var, name, delta)
        shape = self.before[var].shape
        return {k: np.broadcast_to(v, shape) for k, v in self._book.get(var, {}).items()}

    def moved(self) -> list[str]:
        """The variables changed so far this turn (rebound to a new array)."""
        return [var for var in LEDGERED if getattr(self.state, var) is not self.before[var]]

    def change(self, var: str) -> np.ndarray:
        return getattr(self.state, var) - self.before[var]

    def total(self, var: str) -> np.ndarray:
        book = self.contributions(var)
        if not book:
            return np.zeros_like(self.before[var])
        return np.sum(np.stack(list(book.values())), axis=0)

    def breakdown(
        self, var: str, run: int = 0, region: int | None = None
    ) -> list[tuple[str, float]]:
        """Contributions for one run (and region), largest magnitude first, zeros dropped."""
        rows: Iterable[tuple[str, np.ndarray]] = self.contributions(var).items()
        out = []
        for name, arr in rows:
            value = float(arr[run] if region is None else arr[run, region])
            if value != 0.0:
                out.append((name, value))
        return sorted(out, key=lambda kv: -abs(kv[1]))
