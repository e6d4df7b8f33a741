"""Step 2a — chance: the weather, the market and luck, quarter by quarter.

Real coca markets swing: Peru's farm-gate price moved by a fifth to a quarter in a year
several times in 2013–2016 (fact leaf-price-series), yields vary with weather and blight
(national yields 2,316–2,415 kg/ha in 2013–2016, and far more by valley), and a quarter's
eradication depends on weather, roads and the security escort. Three persistent shocks
carry over from quarter to quarter (first-order autoregressive, in logs, starting at
zero: the start is a typical quarter):

* traffickers' demand for leaf, nationally (``price_noise``);
* each region's own price on top of it (``region_price_noise``);
* each region's yields (``yield_noise``);
* each region's growers' mood (``planting_noise``): news of buyers, traffickers' credit,
  rumours of the next campaign, what moves a valley's plantings beyond the sums;

and one that does not: how much of their capacity the eradication teams achieve this
quarter. Sizes are each process's stationary standard deviation in logs, so a
parameter reads as "a typical quarter is this far from normal". The persistent shocks
multiply by ``exp(x)`` (median one, so the start, at zero, is exactly the data); the
teams' luck by ``exp(x − s²/2)`` (mean one, so on average teams achieve their capacity).

Every quarter draws the same numbers whatever the orders, so a run's luck does not
depend on what the player does (the streams stay aligned across strategies, which is
what makes paired comparisons paired).
"""

from __future__ import annotations

import numpy as np

from .flows import Flows
from .ledger import Ledger
from .orders import Orders
from .state import State
from .world import World


def innovation_scale(stationary_sd: float, persistence: float) -> float:
    """The shock's per-quarter size that gives an AR(1) process ``stationary_sd``."""
    return stationary_sd * float(np.sqrt(max(1.0 - persistence**2, 0.0)))


def mean_one(log_value: np.ndarray, sd: float) -> np.ndarray:
    """``exp(log_value)`` corrected so that its average over runs is one."""
    return np.exp(log_value - 0.5 * sd * sd)


#: The quarter's draws, in order: how many numbers each takes (r: one per region).
DRAWS = ("price", "region_price", "yield", "luck", "mood_shared", "mood_own")


def draw_sizes(regions: int) -> tuple[int, ...]:
    per_region = {"price": 1, "mood_shared": 1}
    return tuple(per_region.get(name, regions) for name in DRAWS)


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    p = world.params
    sizes = draw_sizes(world.regions)
    z = state.rng.normal(sum(sizes))
    draws = dict(zip(DRAWS, np.split(z, np.cumsum(sizes)[:-1], axis=1), strict=True))
    rho_p, rho_y, rho_g = (
        p.price_noise_persistence,
        p.yield_noise_persistence,
        p.planting_noise_persistence,
    )
    state.price_noise = (
        rho_p * state.price_noise + innovation_scale(p.price_noise_sd, rho_p) * draws["price"][:, 0]
    )
    state.region_price_noise = (
        rho_p * state.region_price_noise
        + innovation_scale(p.region_price_noise_sd, rho_p) * draws["region_price"]
    )
    state.yield_noise = (
        rho_y * state.yield_noise + innovation_scale(p.yield_noise_sd, rho_y) * draws["yield"]
    )
    flows.eradication_luck = mean_one(
        p.eradication_noise_sd * draws["luck"], p.eradication_noise_sd
    )
    # the mood is mostly shared across valleys (the same buyers, the same news)
    share = p.planting_noise_shared
    mood = np.sqrt(share) * draws["mood_shared"] + np.sqrt(1.0 - share) * draws["mood_own"]
    state.planting_noise = (
        rho_g * state.planting_noise + innovation_scale(p.planting_noise_sd, rho_g) * mood
    )
