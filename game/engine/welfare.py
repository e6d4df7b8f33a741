"""Step 10 — community welfare, an index from 0 to 100.

Welfare relaxes towards a weighted mix of income per household, services
(infrastructure), safety, stability and development. Coca income counts at a discount:
it pays for basics but, being insecure and owed to traffickers, does not lift a family
out of poverty. Eradication without an alternative takes income and uproots families, so
it lowers welfare; development and infrastructure raise it, slowly. Each component's
pull is its own ledger entry; a regional offset, solved at the start, stands for what the
components leave out (an urban economy, remittances, mining).
"""

from __future__ import annotations

import numpy as np

from .arrays import clamp
from .flows import Flows
from .growers import expected_yield
from .ledger import Ledger
from .orders import Orders
from .state import State
from .world import World

COMPONENTS = ("income", "services", "safety", "stability", "development")


def weights(world: World) -> dict[str, float]:
    """Each component's weight in welfare (the model file's ``welfare_weight_*``)."""
    p = world.params
    return {name: getattr(p, f"welfare_weight_{name}") for name in COMPONENTS}


def household_income(world: World, state: State, flows: Flows) -> np.ndarray:
    """Yearly income per household in USD (runs, R): discounted coca, licit and other work."""
    p = world.params
    harvest = expected_yield(world, state) * np.exp(state.yield_noise)
    realised = state.leaf_price * harvest - p.coca_cost_usd_ha_yr
    realised = realised - world.insurgent_tax_usd_ha * state.insurgency
    coca = np.maximum(realised, 0.0) * state.coca_ha * p.coca_income_discount
    licit = np.maximum(flows.licit_return, 0.0) * state.licit_ha
    households = np.maximum(state.households, 1.0)
    return (coca + licit) / households


def components(world: World, state: State, flows: Flows) -> dict[str, np.ndarray]:
    """Each component of welfare on 0–100 (runs, R)."""
    p = world.params
    income = household_income(world, state, flows)
    uprooted = (flows.given_up_ha + flows.moved_out_ha) / np.maximum(
        state.coca_total() + state.licit_ha, 1.0
    )
    return {
        "income": 100.0 * (1.0 - np.exp(-income / p.income_reference_usd)),
        "services": 100.0 * state.infrastructure,
        "safety": 100.0 * np.exp(-state.violence / p.safety_violence_scale),
        "stability": 100.0 * clamp(1.0 - p.stability_uprooting_scale * uprooted, 0.0, 1.0),
        "development": 100.0 * state.development,
    }


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    rate = world.params.welfare_rate
    welfare = state.welfare
    weight = weights(world)
    for name, value in components(world, state, flows).items():
        ledger.add("welfare", name, rate * weight[name] * (value - welfare))
    ledger.add("welfare", "other conditions", rate * world.welfare_offset)
    ledger.clip("welfare", 0.0, 100.0)
