"""Step 4 — growers: plantings mature, and farmers plant or abandon coca by its returns.

Each region's farmers aim at a share of their farmland under coca, a logistic function
of the log ratio of coca to licit returns per hectare, lowered by state presence. The
response to returns (``theta``) is small: cultivation is inelastic, because coca is the
one crop that a trafficker collects at the farm gate. Farmers close only part of the gap
to that target each quarter; new coca starts as immature plants. Licit crops follow the
land coca leaves, faster with infrastructure and development.
"""

from __future__ import annotations

import numpy as np

from .arrays import clamp
from .flows import Flows
from .ledger import Ledger
from .orders import Orders
from .state import State
from .world import World

MIN_RETURN = 50.0  # USD/ha/yr floor inside the log ratio, so a loss-making crop stays finite


def coca_return(world: World, state: State) -> np.ndarray:
    """Expected coca profit per ha per year (runs, R): price × yield × survival − costs − tax."""
    p = world.params
    gross = state.leaf_price * p.yield_kg_ha_yr * (1.0 - state.perceived_risk)
    return gross - p.coca_cost_usd_ha_yr - world.insurgent_tax_usd_ha * state.insurgency


DEVELOPMENT_YIELD_GAIN = 3.0  # licit revenue × (1 + 3·development): full capacity ≈ 4× (assumption)


def licit_return(world: World, state: State) -> np.ndarray:
    """Licit profit per ha per year (runs, R): market access and development raise it.

    Development here is technical help, credit, buyers and certification together; the
    programmes that had them report large income gains (PDA: +83%, implementer's claim).
    """
    p = world.params
    access = 0.4 + 0.6 * state.infrastructure
    gain = 1.0 + DEVELOPMENT_YIELD_GAIN * state.development
    return p.licit_revenue_usd_ha_yr * access * gain - p.licit_cost_usd_ha_yr


def target_coca_share(world: World, state: State, rc: np.ndarray, rl: np.ndarray) -> np.ndarray:
    """Share of farmland growers want under coca (runs, R)."""
    p = world.params
    theta = p.theta * state.response_scale[:, 0:1]
    ratio = np.log(np.maximum(rc, MIN_RETURN) / np.maximum(rl, MIN_RETURN))
    z = world.alpha + theta * ratio - p.kappa * state.state_presence
    return p.share_max * world.grows_coca / (1.0 + np.exp(-z))


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    p = world.params
    matured = p.maturing_rate * state.immature_ha
    ledger.add("immature_ha", "plantings maturing", -matured)
    ledger.add("coca_ha", "plantings maturing", matured)
    flows.matured_ha = matured

    rc = coca_return(world, state)
    rl = licit_return(world, state)
    flows.coca_return, flows.licit_return = rc, rl
    target = target_coca_share(world, state, rc, rl) * state.farmland_ha
    gap = target - state.coca_total()
    planted = p.plant_rate * np.maximum(gap, 0.0)
    abandoned = np.minimum(p.abandon_rate * np.maximum(-gap, 0.0), state.coca_ha)
    ledger.add("immature_ha", "new plantings (returns)", planted)
    ledger.add("coca_ha", "abandoned (returns)", -abandoned)
    flows.planted_ha, flows.abandoned_ha = planted, abandoned

    # Licit crops grow as access and development raise their returns above the start's;
    # they do not give way to coca, so new coca beyond fallow land clears forest.
    licit_target = world.start["licit_ha"] * licit_appeal(world, state)
    free = np.maximum(state.farmland_ha - state.coca_total() - state.licit_ha, 0.0)
    licit_change = p.licit_rate * (licit_target - state.licit_ha)
    licit_change = clamp(licit_change, -state.licit_ha, free)
    ledger.add("licit_ha", "licit crops (returns, access, development)", licit_change)


def licit_appeal(world: World, state: State) -> np.ndarray:
    """Licit crops' market access and support now, relative to the start (1.0 at the start)."""
    gain = DEVELOPMENT_YIELD_GAIN
    now = (0.4 + 0.6 * state.infrastructure) * (1.0 + gain * state.development)
    start = (0.4 + 0.6 * world.start["infrastructure"]) * (1.0 + gain * world.start["development"])
    return now / start
