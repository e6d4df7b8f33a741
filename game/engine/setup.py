"""Starting a game: the state at turn 0 for one or many runs.

Difficulty changes what the player starts with and how well the model is known: on
``hard`` the growers', movers' and traffickers' responses are drawn per run from a range,
so the same orders can turn out better or worse than the player expects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .events import EventTable
from .market import preferred_route_share, route_seizure_rate
from .orders import Orders
from .rng import RunStreams
from .state import NATIONAL_VARS, REGION_TALLIES, REGION_VARS, State
from .world import World


@dataclass(frozen=True)
class Difficulty:
    name: str = "normal"
    budget_mult: float = 1.0
    armed_mult: float = 1.0  # multiplies starting insurgency and traffickers
    approval_start: float = 55.0
    uncertainty: float = 0.0  # spread (log-normal sigma) of response coefficients per run


def armed_start(strength: np.ndarray, armed_mult: float) -> np.ndarray:
    """An armed actor's starting strength on a difficulty (the loader's score reference
    for the remnant reads it here too, so the two cannot drift apart)."""
    return np.clip(strength * armed_mult, 0.0, 1.0)


def new_game(
    world: World,
    table: EventTable,
    seeds: np.ndarray | list[int],
    start_orders: Orders,
    difficulty: Difficulty | None = None,
) -> State:
    """The turn-0 state of ``len(seeds)`` runs; run i uses stream ``seeds[i]``."""
    difficulty = difficulty or Difficulty()
    rng = RunStreams.from_seeds(seeds)
    runs = rng.runs
    regions = {v: np.tile(np.asarray(world.start[v], dtype=float), (runs, 1)) for v in REGION_VARS}
    regions["insurgency"] = armed_start(regions["insurgency"], difficulty.armed_mult)
    regions["traffickers"] = armed_start(regions["traffickers"], difficulty.armed_mult)
    tallies = {v: np.zeros((runs, world.regions)) for v in REGION_TALLIES}
    # last quarter's cocaine, as the first quarter of the starting orders makes it
    share = regions["coca_ha"] / np.maximum(regions["coca_ha"].sum(axis=1, keepdims=True), 1.0)
    tallies["cocaine_t"] = share * world.extras.get("start_cocaine_t_q", 0.0)
    ones = np.ones(runs)
    national = {v: np.zeros(runs) for v in NATIONAL_VARS}
    seizure = route_seizure_rate(world, start_orders.interdiction_musd)
    national.update(
        budget_musd=ones * world.base_budget_musd,
        approval=ones * difficulty.approval_start,
        support=ones * world.extras["start_support"],
        world_demand=ones.copy(),
        demand_shock=ones.copy(),
        price_shock=ones.copy(),
        seized_share=ones * world.params.seized_share_base,
        leader_at_large=ones.copy(),
        headline_index=ones * 100.0,
        real_index=ones * 100.0,
    )
    route_share = np.tile(preferred_route_share(world, seizure[0]), (runs, 1))
    if difficulty.uncertainty > 0:
        response_scale = np.exp(difficulty.uncertainty * rng.normal(3))
    else:
        rng.normal(3)  # same draws consumed on every difficulty: streams stay aligned
        response_scale = np.ones((runs, 3))
    return State(
        turn=0,
        **regions,
        **tallies,
        **national,
        route_share=route_share,
        price_factors=np.ones((runs, 4)),
        pending_events=np.zeros((runs, len(table)), dtype=bool),
        event_count=np.zeros((runs, len(table)), dtype=np.int64),
        ended_turn=np.full(runs, -1, dtype=np.int64),
        end_reason=np.zeros(runs, dtype=np.int64),
        response_scale=response_scale,
        rng=rng,
    )
