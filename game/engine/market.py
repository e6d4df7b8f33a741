"""Step 3 — the market: leaf output, cocaine, seizures on exit routes, and the leaf price.

Interdiction works route by route. Each exit route seizes a share that rises with the
money spent on it, steeply above a threshold (the 1990s air-bridge denial: a small
intercept rate under lethal threat deterred most flights). Traffickers answer in two
ways, both of which the 1990s saw: they shift cargo towards the exits watched least,
and on a watched route they adapt (smaller loads, new methods, corrupted officials), so
the same money seizes less each quarter it is kept up. Under a heavy watch they also hide
their loads (containers, split cargo), so seizures saturate while what hiding costs them
still weighs on the price they pay for leaf. Money spread thin or held for years buys
less than it seems.

The farm-gate price is what traffickers pay for leaf. Their margin is huge (about
$1,000 a kilo of cocaine at source against $25,000–200,000 at retail), so their demand
for leaf hardly depends on its price: a cut in supply passes mostly into the price in
the short run (``leaf_demand_elasticity`` small), and into plantings only slowly,
through growers' expected price (``price_expectation_rate``). The price also follows
world demand, falls when more is seized (traffickers pass the risk down), moves with
the scenario's and events' shocks, and swings by chance (noise.py).
"""

from __future__ import annotations

import numpy as np

from .arrays import add_along, max_along, to_shape
from .flows import Flows
from .growers import expected_yield
from .ledger import Ledger
from .orders import Orders, derived
from .state import State
from .world import QUARTERS_PER_YEAR, World

PRICE_FACTORS = ("world demand", "shocks", "interdiction", "leaf supply", "market swings")


def route_effort(world: World, spend: np.ndarray) -> np.ndarray:
    """Interdiction effort on each route from the money spent on it (before adaptation)."""
    p = world.params
    above = np.maximum(spend - p.interdiction_threshold_musd, 0.0)
    return (
        p.interdiction_per_musd * spend + p.interdiction_convexity * above**2
    ) * world.route_exit


def orders_effort(world: World, orders: Orders) -> np.ndarray:
    """(n, K) interdiction effort the orders put on each route."""
    return route_effort(world, orders.interdiction_musd)


def adapted_seizure_rate(world: World, effort: np.ndarray, adaptation: np.ndarray) -> np.ndarray:
    """Share of the cargo on each route that is seized, after traffickers' counter-measures.

    ``risk`` is the share of the cargo the watch would catch if traffickers did nothing
    more; they answer a heavy watch by concealment (cargo hidden in legitimate containers,
    smaller loads, more couriers), so the share actually seized grows ever more slowly
    with it (``seizure_concealment``; 0: every load at risk is seized).
    """
    risk = -np.expm1(-effort / (1.0 + adaptation))
    return risk / (1.0 + world.params.seizure_concealment * risk)


def trafficking_loss(world: World, seized_share: np.ndarray) -> np.ndarray:
    """Share of the cargo traffickers lose to the watch: what is seized and what hiding the
    rest costs them (the inverse of the concealment in ``adapted_seizure_rate``). Near the
    most that can be seized, concealment costs grow without bound: this, not the tonnes
    seized, is the loss they pass down to the farm-gate price."""
    k = world.params.seizure_concealment
    return seized_share / np.maximum(1.0 - k * seized_share, 1e-9)


def settled_adaptation(world: World, effort: np.ndarray) -> np.ndarray:
    """Traffickers' counter-measures once a level of effort has been kept up for years."""
    p = world.params
    return p.route_learning_rate / p.route_forgetting_rate * effort


def preferred_route_share(world: World, seizure: np.ndarray) -> np.ndarray:
    """Where traffickers would send their cargo now: cheap routes, lightly watched."""
    p = world.params
    logits = -world.route_cost - p.route_avoidance * seizure
    logits = np.where(world.route_exit > 0, logits, -np.inf)
    weights = np.exp(logits - max_along(logits, keepdims=True))
    return weights / add_along(weights, keepdims=True)


def precursor_loss(world: World, orders: Orders) -> np.ndarray:
    """(n,) share of cocaine output lost to precursor control (at most ``precursor_max_loss``)."""
    p = world.params
    return p.precursor_max_loss * -np.expm1(-p.precursor_per_musd * orders.precursor_musd)


def leaf_output_index(world: World, leaf: np.ndarray) -> np.ndarray:
    """National leaf output relative to the scenario's start (runs,), from ``leaf_kg``."""
    return add_along(leaf) / world.extras["start_leaf_kg_q"]


def leaf_kg(world: World, state: State) -> np.ndarray:
    """Dry leaf harvested this quarter (runs, R): coca × yield × the weather.

    Young fields give their first, smaller pickings before they are fully grown
    (``immature_yield_share`` of a mature field's).
    """
    per_ha = expected_yield(world, state) / QUARTERS_PER_YEAR
    bearing = state.coca_ha + world.params.immature_yield_share * state.immature_ha
    return bearing * per_ha * np.exp(state.yield_noise)


def price_factors(
    world: World,
    state: State,
    orders: Orders,
    seized_share: np.ndarray,
    turn: int,
    leaf: np.ndarray,
) -> np.ndarray:
    """(runs, F, R) multiplicative factors of each region's leaf price, in PRICE_FACTORS order.

    The price moves by the ratio of each factor to its value last quarter, so only changes
    matter; at the start they are whatever the starting conditions give. The scenario's
    series are read for quarter ``turn`` (the start's own factors: before its first).
    ``leaf`` is the quarter's harvest (``leaf_kg``), which the caller has already worked out.
    """
    p = world.params
    gamma = p.price_interdiction_gamma * state.response_scale[:, 2]
    base_pass = 1.0 - trafficking_loss(world, np.asarray(p.seized_share_base))
    demand = state.world_demand * world.exogenous.at("world_demand_mult", turn)
    demand = demand * orders.world_demand_mult
    shocks = (state.demand_shock * state.price_shock)[:, None] * orders.leaf_price_mult
    shocks = shocks * world.exogenous.at("leaf_price_mult", turn)
    passed = np.maximum(1.0 - trafficking_loss(world, seized_share), 1e-9)
    interdiction = (passed / base_pass) ** gamma
    supply = np.maximum(leaf_output_index(world, leaf), 1e-6) ** (-1.0 / p.leaf_demand_elasticity)
    swings = np.exp(state.price_noise[:, None] + state.region_price_noise)
    factors = np.empty((state.runs, len(PRICE_FACTORS), world.regions))
    factors[:, 0] = demand[:, None]
    factors[:, 1] = shocks
    factors[:, 2] = interdiction[:, None]
    factors[:, 3] = supply[:, None]
    factors[:, 4] = swings
    return factors


def seizures(
    world: World, state: State, orders: Orders, flows: Flows
) -> tuple[np.ndarray, np.ndarray]:
    """Traffickers adapt to this quarter's effort, then shift routes; the share seized.

    Returns each route's seizure rate (runs, K) and the share of exported cocaine seized
    (runs,). Moves the state's route shares and counter-measures.
    """
    p = world.params
    effort = to_shape(derived(world, orders, orders_effort), state.route_share.shape)
    adaptation = state.route_adaptation
    state.route_adaptation = (
        adaptation + p.route_learning_rate * effort - p.route_forgetting_rate * adaptation
    )
    seizure = adapted_seizure_rate(world, effort, state.route_adaptation)
    shift = p.route_shift_rate * (preferred_route_share(world, seizure) - state.route_share)
    state.route_share = state.route_share + shift
    return seizure, add_along(state.route_share * seizure)


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    p = world.params
    # World demand grows; event shocks fade back towards normal.
    ledger.add("world_demand", "growth of world demand", state.world_demand * p.demand_growth_q)
    ledger.add("demand_shock", "shock fading", p.shock_fade_rate * (1.0 - state.demand_shock))
    ledger.add("price_shock", "shock fading", p.shock_fade_rate * (1.0 - state.price_shock))

    lost = derived(world, orders, precursor_loss)
    leaf = leaf_kg(world, state)  # the harvest: routes and seizures below do not change it
    cocaine = leaf / p.leaf_per_kg_hcl / 1000.0 * (1.0 - lost)[:, None]
    seizure, seized_share = seizures(world, state, orders, flows)
    state.seized_share = seized_share
    flows.route_seizure = seizure
    flows.cocaine_before = state.cocaine_t
    flows.cocaine_t = cocaine
    flows.seized_t = cocaine * seized_share[:, None]
    # the same tonnes by the route they were seized on (they sum to the quarter's seizures)
    flows.route_seized_t = add_along(cocaine, keepdims=True) * state.route_share * seizure
    state.cocaine_t = cocaine
    state.seized_t = state.seized_t + flows.seized_t

    factors = price_factors(world, state, orders, seized_share, state.turn, leaf)
    apply_price_factors(state, ledger, factors)
    ledger.add(
        "expected_price",
        "growers' expectations adapt",
        p.price_expectation_rate * (state.leaf_price - state.expected_price),
    )


def apply_price_factors(state: State, ledger: Ledger, factors: np.ndarray) -> None:
    """Move the price factor by factor, so each factor's share of the change is named."""
    ratios = factors / state.price_factors  # one pass over whole arrays, not F strided ones
    price = state.leaf_price
    for k, name in enumerate(PRICE_FACTORS):
        new_price = price * ratios[:, k]
        ledger.add("leaf_price", name, new_price - price)
        price = state.leaf_price
    state.price_factors = factors
