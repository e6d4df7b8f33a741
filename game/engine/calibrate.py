"""Calibration at load time: the coefficients fixed by the scenario's own start.

Some quantities are not free parameters but follow from the data, so they are solved for
rather than typed in, each by calling the mechanism that uses it:

* ``interdiction_per_musd`` — so that the starting orders, with traffickers adapted to
  them, seize the share of output the police estimate (``seized_share_base``, 7–10%).
* each region's growers: perceived risk from last year's eradication (data, or the
  starting orders' if the scenario gives none); young plantings (data, or what the
  planting that keeps the trend going leaves in the ground); and ``alpha``, the
  propensity to grow coca, so that under the starting orders the planted area moves at
  the region's stated trend. The start need not be a steady state: a region can be
  shrinking or growing when the game begins.
* slow baselines — how fast development and roads wear away, state presence's
  baseline, the remnant's and the traffickers' growth, violence's baseline and welfare's
  offset — so that the starting orders hold the start's presence, armed actors,
  violence and welfare where the content puts them.

Nothing is clipped to make it fit: a start that no value can produce (state presence
below what the starting troops alone give, a trend that needs more coca than the land
holds, young plantings above all coca) raises ``CalibrationError`` naming the region,
the quantity and by how much it misses. Calibration plays without chance (every noise
size zero), so the start is solved for the typical quarter.

Reference values for the score and the headline index (cocaine per quarter, hectares
eradicated per quarter under the starting orders, …) are measured by playing the start.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from . import actors, growers, programmes, violence, welfare
from .events import EventTable
from .flows import Flows
from .ledger import Ledger
from .market import (
    adapted_seizure_rate,
    leaf_kg,
    orders_effort,
    preferred_route_share,
    settled_adaptation,
)
from .orders import Orders
from .setup import Difficulty, new_game
from .state import State
from .turn import step
from .world import QUARTERS_PER_YEAR, World

ITERATIONS = 30
NOISE = (
    "price_noise_sd",
    "region_price_noise_sd",
    "yield_noise_sd",
    "eradication_noise_sd",
    "planting_noise_sd",
)


class CalibrationError(ValueError):
    """A start the model cannot produce: names the region (or None: national) and quantity."""

    def __init__(self, region: str | None, quantity: str, message: str) -> None:
        self.region, self.quantity, self.message = region, quantity, message
        where = f"{region}: " if region else ""
        super().__init__(f"calibration: {where}{quantity}: {message}")


def without_chance(world: World) -> World:
    return replace(world, params=replace(world.params, **{k: 0.0 for k in NOISE}))


def seized_share_at_start(world: World, orders: Orders) -> float:
    """The share the starting orders seize once traffickers have adapted to them."""
    effort = orders_effort(world, orders)[0]
    seizure = adapted_seizure_rate(world, effort, settled_adaptation(world, effort))
    return float(np.sum(preferred_route_share(world, seizure) * seizure))


def solve_interdiction(world: World, orders: Orders) -> World:
    target = world.params.seized_share_base
    if orders.interdiction_musd.sum() <= 0:
        return world

    def trial(value: float) -> World:
        return replace(world, params=replace(world.params, interdiction_per_musd=value))

    low, high = 1e-6, 50.0
    most = seized_share_at_start(trial(high), orders)
    if most < target:
        raise CalibrationError(
            None,
            "seized share",
            f"the starting orders seize at most {most:.1%} once traffickers adapt, "
            f"short of {target:.1%} by {target - most:.1%}",
        )
    for _ in range(60):
        mid = 0.5 * (low + high)
        if seized_share_at_start(trial(mid), orders) < target:
            low = mid
        else:
            high = mid
    return trial(0.5 * (low + high))


def first_quarter(world: World, orders: Orders) -> tuple[State, Flows]:
    """The start and what its first quarter does under the starting orders."""
    state = new_game(world, EventTable(), [0], orders, Difficulty())
    return state, step(world, EventTable(), state, orders, check=False).flows


def solve_growers(
    world: World, orders: Orders, trend_per_year: np.ndarray, data: dict[str, np.ndarray]
) -> World:
    """Risk, young plantings and alpha that put each region on its trend at the start.

    Over the first quarter the planted area changes by eradication, replanting, new
    plantings or abandonment, growers fleeing and growers arriving. Given the trend, that
    fixes what growers plant or abandon, hence their gap to the target (the planting and
    abandonment rates), hence the target share of farmland and, through the logistic,
    alpha. Young plantings, where the content gives none, are what the quarter's planting,
    replanting and arrivals keep in the ground until they mature.
    """
    p = world.params
    names = world.region_ids
    grows = world.grows_coca > 0
    total = world.start["coca_ha"] + world.start["immature_ha"]
    trend_q = (1.0 + trend_per_year) ** (1.0 / QUARTERS_PER_YEAR) - 1.0
    given_young, last_year = data["immature_ha"], data["eradicated_last_year_ha"]
    for i in np.flatnonzero(grows & (given_young > total)):
        raise CalibrationError(
            names[i], "immature_ha", f"{given_young[i]:,.0f} ha is more than all coca planted"
        )
    young = np.where(np.isnan(given_young), world.start["immature_ha"], given_young)
    given_settlers = data["settlers_ha"]
    settlers = np.where(np.isnan(given_settlers), world.start["settlers_ha"], given_settlers)
    risk = world.start["perceived_risk"]
    keep = (1.0 - p.settling_rate) / p.settling_rate
    for _ in range(ITERATIONS):
        world = with_start(world, total, young, risk, grows, settlers)
        state, f = first_quarter(world, orders)
        # displaced growers waiting to settle, as many as this quarter's arrivals keep waiting
        settlers = np.where(np.isnan(given_settlers), f.arrived_ha[0] * keep, given_settlers)
        known = np.nan_to_num(last_year) / np.maximum(total, 1.0)
        risk = np.where(np.isnan(last_year), f.eradication_intensity[0], np.minimum(known, 1.0))
        erad = f.eradicated_ha[0]
        net_flow = trend_q * total + erad - f.replanted_ha[0] + f.fled_ha[0] - f.moved_in_ha[0]
        gap = np.where(net_flow >= 0, net_flow / p.plant_rate, net_flow / p.abandon_rate)
        # where the content gives the area growers want, that is the target, and the
        # planting it brings is what follows from it
        wanted = data["wanted_ha"]
        target = np.where(np.isnan(wanted), total + gap, wanted)
        want_gap = target - total
        net_flow = np.where(
            np.isnan(wanted),
            net_flow,
            np.where(want_gap >= 0, p.plant_rate * want_gap, p.abandon_rate * want_gap),
        )
        capacity = state.farmland_ha[0] * p.share_max
        share = np.where(grows, target / np.maximum(capacity, 1e-9), 0.5)
        pull = growers.returns_pull(world, state, f.coca_return, f.licit_return)[0]
        logit = np.log(np.clip(share, 1e-12, 1 - 1e-12) / np.clip(1.0 - share, 1e-12, None))
        alpha = np.where(grows, logit - pull, 0.0)
        inflow = np.maximum(net_flow, 0.0) + f.replanted_ha[0] + f.moved_in_ha[0]
        solved_young = np.where(grows, inflow / p.maturing_rate, 0.0)
        new_young = np.where(np.isnan(given_young), np.minimum(solved_young, total), given_young)
        settled = (
            np.max(np.abs(alpha - world.alpha)) < 1e-9
            and np.max(np.abs(new_young - young)) < 1e-6
            and np.max(np.abs(settlers - world.start["settlers_ha"])) < 1e-6
        )
        world = replace(world, alpha=alpha)
        young = new_young
        if settled:
            break
    for i in np.flatnonzero(grows & ((share >= 1.0) | (share <= 0.0))):
        raise CalibrationError(
            names[i],
            "trend_per_year" if np.isnan(data["wanted_ha"][i]) else "wanted_ha",
            (
                f"a trend of {trend_per_year[i]:+.0%} a year needs growers to want "
                if np.isnan(data["wanted_ha"][i])
                else "growers want "
            )
            + f"{target[i]:,.0f} ha of coca, outside what their farmland allows "
            f"(0 to {capacity[i]:,.0f} ha)",
        )
    for i in np.flatnonzero(np.isnan(given_young) & grows & (solved_young >= total)):
        raise CalibrationError(
            names[i],
            "immature_ha",
            f"the planting the start implies needs {solved_young[i]:,.0f} ha of young "
            f"coca, more than the {total[i]:,.0f} ha planted",
        )
    return with_start(world, total, young, risk, grows, settlers)


def with_start(
    world: World,
    total: np.ndarray,
    young: np.ndarray,
    risk: np.ndarray,
    grows: np.ndarray,
    settlers: np.ndarray,
) -> World:
    start = {
        **world.start,
        "settlers_ha": np.where(grows, settlers, 0.0),
        "coca_ha": np.where(grows, total - young, 0.0),
        "immature_ha": np.where(grows, young, 0.0),
        "perceived_risk": np.where(grows, risk, 0.0),
    }
    return replace(world, start=start)


def measure_start(world: World, orders: Orders) -> dict[str, float]:
    """Play one quarter of the start and read the reference figures off it."""
    state, f = first_quarter(world, orders)
    return {
        "start_leaf_kg_q": float(leaf_kg(world, state).sum()),
        "start_coca_mature_ha": float((state.coca_ha - f.eradicated_ha).sum()),
        "start_cocaine_t_q": float(state.cocaine_t.sum()),  # the start's, as the card grades it
        "start_seized_t_q": max(float(f.seized_t.sum()), 1e-6),
        "start_eradicated_ha_q": max(float(f.eradicated_ha.sum()), 1.0),
    }


def calibrate(
    world: World, orders: Orders, trend_per_year: np.ndarray, data: dict[str, np.ndarray]
) -> World:
    """Solve the start's free coefficients (without chance, then chance restored)."""
    noisy = world.params
    world = without_chance(world)
    world = solve_interdiction(world, orders)
    world = solve_baselines(world, orders)
    world = solve_growers(world, orders, trend_per_year, data)
    world = replace(world, extras={**world.extras, **measure_start(world, orders)})
    world = solve_baselines(world, orders)
    chance = {k: getattr(noisy, k) for k in NOISE}
    return replace(world, params=replace(world.params, **chance))


def solve_baselines(world: World, orders: Orders) -> World:
    """Baselines that hold the starting situation under the starting orders.

    The content gives where each region stands (presence, development, infrastructure,
    the remnant, traffickers, violence, welfare); what it would drift to without the
    starting policy is not observed, so it is solved for, by the mechanisms' own pulls.
    """
    names = world.region_ids
    state = new_game(world, EventTable(), [0], orders, Difficulty())
    world = replace(
        world,
        development_decay=solve_wear(
            world,
            "development",
            state.development[0],
            programmes.development_pulls(
                replace(world, development_decay=np.ones(world.regions)), state, orders
            ),
            world.development_decay,
        ),
        infrastructure_decay=solve_wear(
            world,
            "infrastructure",
            state.infrastructure[0],
            programmes.infrastructure_pulls(
                replace(world, infrastructure_decay=np.ones(world.regions)), state, orders
            ),
            world.infrastructure_decay,
        ),
    )
    pressure = actors.troop_pressure(world, orders)
    reach = sum(actors.presence_reach(world, state, pressure).values())[0]
    sp0 = state.state_presence[0]
    base = (sp0 - reach) / np.maximum(1.0 - reach, 1e-9)
    for i in np.flatnonzero(base < -1e-12):
        raise CalibrationError(
            names[i],
            "state_presence",
            f"{sp0[i]:.2f} at the start is below the {reach[i]:.2f} the starting troops and "
            f"roads alone give (by {reach[i] - sp0[i]:.2f})",
        )
    world = replace(world, base_presence=np.maximum(base, 0.0))
    world = replace(
        world,
        insurgency_growth=solve_growth(
            names,
            "insurgency",
            actors.insurgency_pulls(world, state, pressure),
            "tax on coca",
            world.insurgency_growth,
        ),
    )
    flows = step(world, EventTable(), state, orders, check=False).flows
    # the start is the typical quarter: harm at its expected rate, no capture
    flows.harm = actors.harm_chance(world, state, orders)
    flows.captured = np.zeros_like(flows.captured)
    world = replace(
        world,
        trafficker_growth=solve_growth(
            names,
            "traffickers",
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
    base_violence = state.violence[0] - pulls[0] / world.params.violence_rate
    for i in np.flatnonzero(base_violence < 0):
        raise CalibrationError(
            names[i],
            "violence",
            f"{state.violence[0, i]:.1f} at the start is below what the remnant, traffickers "
            f"and eradication alone cause (by {-base_violence[i]:.1f})",
        )
    world = replace(world, base_violence=base_violence)
    # welfare: an offset closes the gap between the start's welfare and its components
    parts = welfare.components(world, state, flows)
    weight = welfare.weights(world)
    target = sum(weight[k] * v[0] for k, v in parts.items())
    return replace(world, welfare_offset=state.welfare[0] - target)


def solve_wear(
    world: World,
    quantity: str,
    level: np.ndarray,
    pulls: dict[str, np.ndarray],
    default: np.ndarray,
) -> np.ndarray:
    """The wear rate that holds ``level`` against its funding (pulls made with wear 1)."""
    gain, wear = (v[0] for v in pulls.values())
    funded = gain > 1e-12
    for i in np.flatnonzero(funded & (level <= 1e-9)):
        raise CalibrationError(
            world.region_ids[i], quantity, "is 0 at the start, yet the starting orders fund it"
        )
    solved = np.divide(gain, -wear, out=default.copy(), where=funded & (wear < 0))
    return np.where(funded, solved, default)


def solve_growth(
    names: tuple[str, ...],
    quantity: str,
    pulls: dict[str, np.ndarray],
    key: str,
    current: np.ndarray,
) -> np.ndarray:
    """The growth coefficient under which ``pulls`` add to nothing at the start."""
    growth = pulls[key][0]
    rest = sum(v[0] for k, v in pulls.items() if k != key)
    active = growth > 1e-12
    solved = current * np.divide(-rest, growth, out=np.zeros_like(growth), where=active)
    for i in np.flatnonzero(active & (solved < 0)):
        raise CalibrationError(
            names[i],
            quantity,
            f"grows by {rest[i]:.4f} a quarter at the start even without {key}: no growth rate "
            "holds it steady (more pressure on it, or a lower start, would)",
        )
    return np.where(active, solved, current)
