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


def licit_return(world: World, state: State) -> np.ndarray:
    """Licit profit per ha per year (runs, R): market access and development raise it."""
    p = world.params
    access = 0.4 + 0.6 * state.infrastructure
    return p.licit_revenue_usd_ha_yr * access * (1.0 + state.development) - p.licit_cost_usd_ha_yr


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

    # Licit crops spread over land that coca does not want, within free farmland.
    licit_target = (
        (1.0 - target / np.maximum(state.farmland_ha, 1.0))
        * state.farmland_ha
        * (0.35 + 0.4 * state.infrastructure + 0.25 * state.development)
    )
    free = np.maximum(state.farmland_ha - state.coca_total() - state.licit_ha, 0.0)
    licit_change = p.licit_rate * (licit_target - state.licit_ha)
    licit_change = np.minimum(licit_change, free)
    licit_change = np.maximum(licit_change, -state.licit_ha)
    ledger.add("licit_ha", "licit crops (returns, access, development)", licit_change)
