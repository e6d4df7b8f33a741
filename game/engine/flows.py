"""What happened during one turn that is not itself a state variable.

Mechanisms later in the pipeline read what earlier ones did (replanting needs the
hectares eradicated; welfare needs who was displaced). ``Flows`` carries those
quantities through the turn and into the report, so no mechanism recomputes another's
work.
"""

from __future__ import annotations

import functools

import numpy as np

from .arrays import rows_replaced


class Flows:
    """Per-turn quantities. Region arrays are (runs, R); national (runs,)."""

    def __init__(self, runs: int, regions: int, routes: int) -> None:
        # Read-only zero arrays stand for every flow until a mechanism rebinds it
        # (mechanisms never write into arrays in place), shared by every turn.
        zero = _zeros((runs, regions))
        z = lambda: zero  # noqa: E731
        self.eradicated_ha = z()
        self.replanted_ha = z()
        self.planted_ha = z()  # new plantings for profit
        self.abandoned_ha = z()
        self.matured_ha = z()
        self.moved_out_ha = z()  # growers leaving (eradication + risk)
        self.arrived_ha = z()  # displaced growers reaching the region this quarter
        self.moved_in_ha = z()  # displaced growers planting (settling) this quarter
        self.fled_ha = z()  # movers who left standing coca because of risk
        # [run, from, to]; only when the ledger records (it exists for the report)
        self.moves: np.ndarray | None = None
        self.abroad_ha = z()  # growers leaving the country, by origin
        self.given_up_ha = z()  # eradicated, not replanted, growers stayed
        self.cleared_ha = z()
        self.cocaine_t = z()
        self.cocaine_before = z()  # last quarter's cocaine, by region (the report's why)
        self.seized_t = z()
        self.harm = z()
        self.coca_return = z()  # USD per ha per year
        self.licit_return = z()
        self.troop_pressure = z()
        self.eradication_intensity = z()
        self.eradication_luck = _ones((runs, regions))  # chance's share of capacity achieved
        self.route_seizure = _zeros((runs, routes))
        self.route_seized_t = _zeros((runs, routes))  # tonnes seized on each route
        self.captured = _zeros((runs,), bool)
        self.fired_events = _zeros((runs, 0), bool)
        self.resolved_events: dict[str, int] = {}
        self.budget_changes: dict[str, np.ndarray] = {}  # event answers, charged next quarter

    def drop_runs(self, rows: np.ndarray) -> None:
        """Nothing flowed in the runs ``rows`` (indices): their games had ended.

        Every per-run flow (its first axis the runs), the budget charges of event answers
        included, is zeroed there; ``resolved_events`` names answers, not runs.
        """
        runs = self.eradicated_ha.shape[0]

        def zeroed(value: np.ndarray) -> np.ndarray:
            per_run = value.ndim > 0 and value.shape[0] == runs
            return rows_replaced(value, rows, 0) if per_run else value

        for name, value in vars(self).items():
            if isinstance(value, np.ndarray):
                setattr(self, name, zeroed(value))
        self.budget_changes = {k: zeroed(v) for k, v in self.budget_changes.items()}


@functools.lru_cache(maxsize=64)
def _ones(shape: tuple[int, ...]) -> np.ndarray:
    """A read-only array of ones of ``shape``, made once."""
    one = np.ones(shape)
    one.setflags(write=False)
    return one


@functools.lru_cache(maxsize=64)
def _zeros(shape: tuple[int, ...], dtype: type = float) -> np.ndarray:
    """A read-only array of zeros of ``shape``, made once."""
    zero = np.zeros(shape, dtype=dtype)
    zero.setflags(write=False)
    return zero
