"""One turn: the thirteen steps of the model in order, each writing to the ledger.

``step`` is a pure function of (world, events, state, orders): it copies the state, runs
the pipeline on the copy and returns the new state with the turn's ledger and flows.
Every run of the batch goes through the same array operations; nothing loops over runs.
A run whose game has ended goes through them too, and is then put back as it was: its
game is over, so run *i* of a batch ends in the state the single game stops in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import (
    actors,
    displacement,
    enforcement,
    events,
    growers,
    land,
    market,
    noise,
    politics,
    programmes,
    replanting,
    score,
    violence,
    welfare,
)
from .arrays import rows_replaced
from .flows import Flows
from .ledger import Ledger
from .orders import Orders, OrdersRefused, check_orders
from .state import RANGES, State
from .world import World

#: The pipeline after orders (step 1). Order matters: see MODEL.md.
PIPELINE = (
    ("chance", noise.apply),
    ("growers", growers.apply),
    ("enforcement", enforcement.apply),
    ("market", market.apply),
    ("replanting", replanting.apply),
    ("displacement", displacement.apply),
    ("land", land.apply),
    ("programmes", programmes.apply),
    ("actors", actors.apply),
    ("violence", violence.apply),
    ("welfare", welfare.apply),
    ("politics", politics.apply),
)


@dataclass
class TurnResult:
    """What one turn produced: the new state, why each variable moved, and what happened."""

    state: State
    ledger: Ledger
    flows: Flows
    orders: Orders


def step(
    world: World,
    table: events.EventTable,
    state: State,
    orders: Orders,
    *,
    check: bool = True,
    record: bool = True,
) -> TurnResult:
    """Play one quarter. Raises ``OrdersRefused`` (state untouched) if orders are invalid.

    ``record=False`` keeps no ledger entries (batches have no reader for them); the new
    state is the same either way. Runs whose game had ended before this quarter keep
    every array as it was (``hold_ended``); only the turn and the random streams' shared
    counter move on.
    """
    if check:
        check_orders(world, state, orders)
        refused = events.choice_refusals(table, orders)
        if refused:
            raise OrdersRefused("; ".join(refused))
    ended = state.ended_turn >= 0
    new = state.evolve()
    ledger = Ledger(new, record=record)
    flows = Flows(new.runs, world.regions, world.routes)
    # 1. orders: answers to last turn's events take effect
    events.resolve_pending(world, table, new, orders, ledger, flows)
    clip_ranges(ledger, ledger.moved())  # only what the answers moved can be out of range
    # Always: land's accounts can end a quarter a rounding error out of balance, and a run
    # must play the same whether or not another run of its batch answered an event.
    land.keep_consistent(ledger)
    # 2–11. the mechanisms
    for _name, mechanism in PIPELINE:
        mechanism(world, new, orders, ledger, flows)
    # 12. events fire, to be answered with next turn's orders
    events.trigger(world, table, new, flows)
    # 13. report: score the quarter and check the end conditions
    new.turn = state.turn + 1
    new.score_sum = new.score_sum + score.quarter_score(world, new)
    score.check_end(world, new)
    if ended.any():
        hold_ended(state, new, ledger, flows, ended)
    return TurnResult(state=new, ledger=ledger, flows=flows, orders=orders)


def hold_ended(
    before: State, after: State, ledger: Ledger, flows: Flows, ended: np.ndarray
) -> None:
    """Put the ``ended`` runs (a (runs,) mask) of ``after`` back as they were in ``before``.

    Masking after the fact, rather than leaving those runs out, keeps one array path for
    every run (no gather and scatter of a changing subset). The turn's report agrees:
    an ended run books nothing in the ledger and nothing flows in it.
    """
    rows = np.flatnonzero(ended)
    for name, value in after.array_fields().items():
        old = getattr(before, name)
        if value is not old:
            setattr(after, name, rows_replaced(value, rows, old[rows]))
    ledger.drop_runs(rows)
    flows.drop_runs(rows)


def clip_ranges(ledger: Ledger, moved: list[str]) -> None:
    """Bring back within range what the events' effects moved; nothing else has moved yet."""
    for var in moved:
        if var in RANGES:
            ledger.clip(var, *RANGES[var])
        if var in FLOORS:
            ledger.clip(var, FLOORS[var], None)


#: Lower bounds that keep quantities meaningful after an event's effects.
FLOORS = {
    "coca_ha": 0.0,
    "immature_ha": 0.0,
    "settlers_ha": 0.0,
    "licit_ha": 0.0,
    "forest_ha": 0.0,
    "households": 0.0,
    "budget_musd": 0.0,
    "violence": 0.0,
    "leaf_price": 0.01,
    "expected_price": 0.01,
    "world_demand": 0.05,
    "demand_shock": 0.05,
    "price_shock": 0.05,
}
