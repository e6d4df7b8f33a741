"""Starting a game: the state at turn 0 for one or many runs.

Difficulty changes what the player starts with and how well the model is known: on
``hard`` the growers', movers' and traffickers' responses are drawn per run from a range,
so the same orders can turn out better or worse than the player expects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .events import EventTable
from .market import (
    PRICE_FACTORS,
    adapted_seizure_rate,
    leaf_kg,
    orders_effort,
    precursor_loss,
    preferred_route_share,
    price_factors,
    settled_adaptation,
)
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
    ones = np.ones(runs)
    national = {v: np.zeros(runs) for v in NATIONAL_VARS}
    effort = orders_effort(world, start_orders)[0]
    adaptation = settled_adaptation(world, effort)
    seizure = adapted_seizure_rate(world, effort, adaptation)
    route_share = preferred_route_share(world, seizure)
    national.update(
        budget_musd=ones * world.budget_at(0),
        approval=ones * difficulty.approval_start,
        support=ones * world.extras["start_support"],
        world_demand=ones.copy(),
        demand_shock=ones.copy(),
        price_shock=ones.copy(),
        seized_share=ones * float(np.sum(route_share * seizure)),
        leader_at_large=ones.copy(),
        headline_index=ones * 100.0,
        real_index=ones * 100.0,
    )
    if difficulty.uncertainty > 0:
        response_scale = np.exp(difficulty.uncertainty * rng.normal(3))
    else:
        rng.normal(3)  # same draws consumed on every difficulty: streams stay aligned
        response_scale = np.ones((runs, 3))
    state = State(
        turn=0,
        **regions,
        **tallies,
        **national,
        route_share=np.tile(route_share, (runs, 1)),
        route_adaptation=np.tile(adaptation, (runs, 1)),
        price_factors=np.ones((runs, len(PRICE_FACTORS), world.regions)),
        price_noise=np.zeros(runs),
        region_price_noise=np.zeros((runs, world.regions)),
        yield_noise=np.zeros((runs, world.regions)),
        planting_noise=np.zeros((runs, world.regions)),
        pending_events=np.zeros((runs, len(table)), dtype=bool),
        event_count=np.zeros((runs, len(table)), dtype=np.int64),
        last_fired=np.full((runs, len(table)), -1, dtype=np.int64),
        due_from=np.full((runs, len(table)), -1, dtype=np.int64),
        ended_turn=np.full(runs, -1, dtype=np.int64),
        end_reason=np.zeros(runs, dtype=np.int64),
        response_scale=response_scale,
        rng=rng,
    )
    # last quarter's cocaine, as the starting orders make it from the starting coca
    lost = precursor_loss(world, start_orders)[:, None]
    leaf = leaf_kg(world, state)
    state.cocaine_t = leaf / world.params.leaf_per_kg_hcl / 1000.0 * (1 - lost)
    # the price's factors as the start has them: later quarters move the price by their ratios
    state.price_factors = price_factors(world, state, start_orders, state.seized_share, -1, leaf)
    return state
