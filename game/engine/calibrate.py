"""Calibration at load time: the few coefficients fixed by the scenario's own start.

Two quantities are not free parameters but follow from the data, so they are solved
for rather than typed in:

* ``interdiction_per_musd`` — so that the starting orders seize the share of output the
  police estimate (``seized_share_base``, 7–10%).
* each region's ``alpha`` (its propensity to grow coca), young plantings and perceived
  risk — so that, under the starting orders, each region's coca follows its stated
  yearly trend: the start is a near-equilibrium, and what the player changes moves it.
* baselines of state presence, violence, the armed actors' growth and households'
  other income — so that the starting orders hold the stated starting situation.

Reference values for the score and the headline index (cocaine per quarter, hectares
eradicated per quarter under the starting orders, …) are measured by playing the start.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from .events import EventTable
from .market import preferred_route_share, route_seizure_rate
from .orders import Orders
from .setup import Difficulty, new_game
from .turn import step
from .world import World

ITERATIONS = 12


def seized_share_at_start(world: World, orders: Orders) -> float:
    seizure = route_seizure_rate(world, orders.interdiction_musd)[0]
    return float(np.sum(preferred_route_share(world, seizure) * seizure))


def solve_interdiction(world: World, orders: Orders) -> World:
    target = world.params.seized_share_base
    if orders.interdiction_musd.sum() <= 0:
        return world
    low, high = 1e-6, 10.0
    for _ in range(60):
        mid = 0.5 * (low + high)
        trial = replace(world, params=replace(world.params, interdiction_per_musd=mid))
        if seized_share_at_start(trial, orders) < target:
            low = mid
        else:
            high = mid
    return replace(world, params=replace(world.params, interdiction_per_musd=0.5 * (low + high)))


def measure_start(world: World, orders: Orders) -> dict[str, float]:
    """Play one quarter of the start and read the reference figures off it."""
    state = new_game(world, EventTable(), [0], orders, Difficulty())
    result = step(world, EventTable(), state, orders, check=False)
    f = result.flows
    return {
        "start_coca_mature_ha": float((state.coca_ha - f.eradicated_ha).sum()),
        "start_cocaine_t_q": float(f.cocaine_t.sum()),
        "start_seized_t_q": max(float(f.seized_t.sum()), 1e-6),
        "start_eradicated_ha_q": max(float(f.eradicated_ha.sum()), 1.0),
    }


def solve_growers(world: World, orders: Orders, trend_per_year: np.ndarray) -> World:
    """Alpha, young plantings and perceived risk that make the start a steady state.

    In a steady state, what growers plant each quarter replaces what is eradicated and not
    replanted and what is abandoned for fear, less what arrives from elsewhere, plus the
    region's trend. That fixes the gap to the growers' target, hence the target share and
    alpha. Young plantings are what that flow keeps in the ground; perceived risk is the
    eradication intensity itself.
    """
    p = world.params
    grows = world.grows_coca > 0
    total = world.start["coca_ha"] + world.start["immature_ha"]
    trend_q = (1.0 + trend_per_year) ** 0.25 - 1.0
    for _ in range(ITERATIONS):
        state = new_game(world, EventTable(), [0], orders, Difficulty())
        f = step(world, EventTable(), state, orders, check=False).flows
        erad, fled = f.eradicated_ha[0], f.fled_ha[0]
        needed = erad + fled - f.replanted_ha[0] - f.moved_in_ha[0] + trend_q * total
        gap = np.where(needed >= 0, needed / p.plant_rate, needed / p.abandon_rate)
        target = total - erad + gap
        capacity = np.maximum(state.farmland_ha[0] * p.share_max, 1.0)
        share = np.clip(target / capacity, 1e-4, 0.999)
        rc = np.maximum(f.coca_return[0], 50.0)
        rl = np.maximum(f.licit_return[0], 50.0)
        alpha = (
            np.log(share / (1 - share))
            - p.theta * np.log(rc / rl)
            + p.kappa * state.state_presence[0]
        )
        immature = np.minimum((erad + fled + trend_q * total) / p.maturing_rate, 0.6 * total)
        risk = np.clip(4.0 * erad / np.maximum(total, 1.0), 0.0, 1.0)
        start = {
            **world.start,
            "coca_ha": np.where(grows, total - immature, 0.0),
            "immature_ha": np.where(grows, immature, 0.0),
            "perceived_risk": risk,
        }
        new_alpha = np.where(grows, alpha, 0.0)
        settled = np.max(np.abs(new_alpha - world.alpha)) < 1e-6
        world = replace(world, alpha=new_alpha, start=start)
        if settled:
            break
    return world


def calibrate(world: World, orders: Orders, trend_per_year: np.ndarray) -> World:
    """Solve the start's free coefficients; the steps depend on each other, so repeat."""
    world = solve_interdiction(world, orders)
    for _ in range(3):
        world = solve_baselines(world, orders)
        world = solve_growers(world, orders, trend_per_year)
        world = replace(world, extras={**world.extras, **measure_start(world, orders)})
    return solve_baselines(world, orders)


def solve_baselines(world: World, orders: Orders) -> World:
    """Baselines that make the starting situation a steady state under the starting orders.

    The content gives where each region stands (presence, development, infrastructure,
    the remnant, traffickers, violence, welfare); what it would drift to without the
    starting policy is not observed, so it is solved for: how fast development and roads
    wear away, state presence's baseline, the remnant's and the traffickers' growth,
    violence's baseline and the income households earn outside coca and licit crops.
    """
    from . import actors, violence, welfare
    from .ledger import Ledger
    from .programmes import saturating

    state = new_game(world, EventTable(), [0], orders, Difficulty())
    p = world.params

    def solve_decay(level: np.ndarray, gain: np.ndarray, default: np.ndarray) -> np.ndarray:
        solved = np.divide(gain * (1 - level), level, out=default.copy(), where=level > 1e-3)
        return np.where(gain > 0, solved, default)

    dev_gain = p.development_gain * saturating(orders.development_musd[0], p.development_half_musd)
    infra_gain = p.infrastructure_gain * saturating(
        orders.infrastructure_musd[0], p.infrastructure_half_musd
    )
    world = replace(
        world,
        development_decay=solve_decay(
            state.development[0], dev_gain * world.grows_coca, world.development_decay
        ),
        infrastructure_decay=solve_decay(
            state.infrastructure[0], infra_gain, world.infrastructure_decay
        ),
    )
    pressure = actors.troop_pressure(world, orders)
    x = (0.6 * pressure + 0.3 * state.infrastructure)[0]
    sp0 = state.state_presence[0]
    world = replace(world, base_presence=np.clip((sp0 - x) / np.maximum(1.0 - x, 1e-9), 0.0, sp0))

    def solve_growth(pulls: dict[str, np.ndarray], key: str, current: np.ndarray) -> np.ndarray:
        growth = pulls[key][0]
        rest = sum(v[0] for k, v in pulls.items() if k != key)
        solved = current * np.divide(-rest, growth, out=np.zeros_like(growth), where=growth > 1e-12)
        return np.where(growth > 1e-12, np.maximum(solved, 0.0), current)

    world = replace(
        world,
        insurgency_growth=solve_growth(
            actors.insurgency_pulls(world, state, pressure), "tax on coca", world.insurgency_growth
        ),
    )
    flows = step(world, EventTable(), state, orders, check=False).flows
    world = replace(
        world,
        trafficker_growth=solve_growth(
            actors.trafficker_pulls(world, state, orders, pressure, flows.cocaine_t),
            "cocaine made in the region",
            world.trafficker_growth,
        ),
    )
    # violence: the baseline is what is left once the start's pressures are accounted for
    probe = state.copy()
    ledger = Ledger(probe)
    violence.apply(world, probe, orders, ledger, flows)
    pulls = sum(v for k, v in ledger.contributions("violence").items() if k != "baseline")
    base_violence = np.maximum(state.violence[0] - pulls[0] / p.violence_rate, 1.0)
    world = replace(world, base_violence=base_violence)
    # welfare: an offset closes the gap between the start's welfare and its components
    parts = welfare.components(world, state, flows)
    target = sum(welfare.WEIGHTS[k] * v[0] for k, v in parts.items())
    return replace(world, welfare_offset=state.welfare[0] - target)
