"""Step 3 — the market: leaf output, cocaine, seizures on exit routes, and the leaf price.

Interdiction works route by route. Each exit route seizes a share that rises with the
money spent on it, steeply above a threshold (the 1990s air-bridge denial: a small
intercept rate under lethal threat deterred most flights). Traffickers then shift their
cargo towards the routes watched least, so money spread thin or on one route buys less
than it seems. The farm-gate price falls when more is seized (traffickers pass the risk
down) and when more leaf is grown, and follows world demand.
"""

from __future__ import annotations

import numpy as np

from .arrays import add_along, to_shape
from .flows import Flows
from .ledger import Ledger
from .orders import Orders, derived
from .state import State
from .world import World

PRICE_FACTORS = ("world demand", "shocks", "interdiction", "leaf supply")


def route_seizure_rate(world: World, spend: np.ndarray) -> np.ndarray:
    """Share of the cargo on each route that is seized, given the money spent on it."""
    p = world.params
    above = np.maximum(spend - p.interdiction_threshold_musd, 0.0)
    effort = p.interdiction_per_musd * spend + p.interdiction_convexity * above**2
    return (1.0 - np.exp(-effort)) * world.route_exit


def preferred_route_share(world: World, seizure: np.ndarray) -> np.ndarray:
    """Where traffickers would send their cargo now: cheap routes, lightly watched."""
    p = world.params
    logits = -world.route_cost - p.route_avoidance * seizure
    logits = np.where(world.route_exit > 0, logits, -np.inf)
    weights = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return weights / add_along(weights, keepdims=True)


def route_effects(world: World, orders: Orders) -> tuple[np.ndarray, np.ndarray]:
    """Each route's seizure rate, and the share of cargo traffickers would send on it."""
    seizure = route_seizure_rate(world, orders.interdiction_musd)
    return seizure, preferred_route_share(world, seizure)


def precursor_loss(world: World, orders: Orders) -> np.ndarray:
    """(n,) share of cocaine output lost to precursor control (at most 30%)."""
    p = world.params
    return 0.3 * (1.0 - np.exp(-p.precursor_per_musd * orders.precursor_musd))


def price_factors(
    world: World, state: State, seized_share: np.ndarray, leaf_index: np.ndarray
) -> np.ndarray:
    """(runs, 4) multiplicative factors of the national leaf price, in PRICE_FACTORS order."""
    p = world.params
    gamma = p.price_interdiction_gamma * state.response_scale[:, 2]
    base_pass = 1.0 - p.seized_share_base
    factors = np.empty((state.runs, len(PRICE_FACTORS)))
    factors[:, 0] = state.world_demand
    factors[:, 1] = state.demand_shock * state.price_shock
    factors[:, 2] = ((1.0 - seized_share) / base_pass) ** gamma
    factors[:, 3] = np.maximum(leaf_index, 1e-6) ** (-1.0 / p.price_supply_eta)
    return factors


def leaf_index(world: World, state: State) -> np.ndarray:
    """National leaf output relative to the scenario's start (runs,)."""
    return add_along(state.coca_ha) / world.extras["start_coca_mature_ha"]


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    p = world.params
    # World demand grows; event shocks fade back towards normal.
    ledger.add("world_demand", "growth of world demand", state.world_demand * p.demand_growth_q)
    ledger.add("demand_shock", "shock fading", 0.25 * (1.0 - state.demand_shock))
    ledger.add("price_shock", "shock fading", 0.25 * (1.0 - state.price_shock))

    leaf_kg = state.coca_ha * p.yield_kg_ha_yr / 4.0
    lost = derived(world, orders, precursor_loss)
    cocaine = leaf_kg / p.leaf_per_kg_hcl / 1000.0 * (1.0 - lost)[:, None]

    # Both depend on the orders alone: computed once when every run has the same orders.
    seizure, preferred = derived(world, orders, route_effects)
    shift = p.route_shift_rate * (preferred - state.route_share)
    seizure = to_shape(seizure, state.route_share.shape)
    state.route_share = state.route_share + shift
    seized_share = add_along(state.route_share * seizure)
    state.seized_share = seized_share
    flows.route_seizure = seizure
    flows.cocaine_t = cocaine
    flows.seized_t = cocaine * seized_share[:, None]
    state.cocaine_t = cocaine
    state.seized_t = state.seized_t + flows.seized_t

    new_factors = price_factors(world, state, seized_share, leaf_index(world, state))
    # a scenario script's shocks join the events' shocks
    new_factors[:, 1] = new_factors[:, 1] * (orders.world_demand_mult * orders.leaf_price_mult)
    apply_price_factors(world, state, ledger, new_factors)


def apply_price_factors(world: World, state: State, ledger: Ledger, factors: np.ndarray) -> None:
    """Move the price factor by factor, so each factor's share of the change is named."""
    old = state.price_factors
    price = state.leaf_price
    for k, name in enumerate(PRICE_FACTORS):
        ratio = factors[:, k] / old[:, k]
        new_price = price * ratio[:, None]
        ledger.add("leaf_price", name, new_price - price)
        price = state.leaf_price
    state.price_factors = factors
