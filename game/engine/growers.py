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


def deterrence(world: World, perceived_risk: np.ndarray) -> np.ndarray:
    """How much the threat of eradication holds growers back (0–1).

    It saturates: once a campaign is under way, growers hold back, spread their fields and
    plan to replant, so going from no eradication to some changes their plans far more
    than going from some to more (Peru 2020–22: when eradication stopped, the area rose by
    half; Colombia: a hectare more eradicated cuts 0.02–0.11 ha). Sporadic eradication,
    below ``risk_deterrence_floor`` of a valley's coca a year, does not change plans at
    all (the VRAEM grew by 8% in 2019 with 7% of it eradicated).
    """
    p = world.params
    above = np.maximum(perceived_risk - p.risk_deterrence_floor, 0.0)
    return -np.expm1(-above / p.risk_saturation)


def expected_yield(world: World, state: State) -> np.ndarray:
    """Dry leaf a mature hectare gives a year in a typical season (runs, R), kg.

    Growers tend and harvest more when the price they expect is high — fertiliser, more
    pickings a year (Peru's yields rose from about 2,100 kg/ha in 2012 to 2,415 in 2016 as
    eradication pushed the price up: facts leaf-yield-2012, leaf-yield-2016).
    """
    p = world.params
    effort = (state.expected_price / world.start["expected_price"]) ** p.yield_price_elasticity
    return p.yield_kg_ha_yr * world.yield_mult * effort


def coca_return(world: World, state: State) -> np.ndarray:
    """Expected coca profit per ha per year if the field is not eradicated (runs, R).

    Growers plan on the price they expect (adaptive: last quarters' prices, not this
    one's), the yield they expect to get, their costs and the remnant's tax. The risk of
    eradication weighs on them separately (``deterrence``).
    """
    p = world.params
    gross = state.expected_price * expected_yield(world, state)
    return gross - p.coca_cost_usd_ha_yr - world.insurgent_tax_usd_ha * state.insurgency


def licit_access(world: World, infrastructure: np.ndarray) -> np.ndarray:
    """Share of licit revenue growers can realise given roads and markets (0–1)."""
    floor = world.params.licit_access_floor
    return floor + (1.0 - floor) * infrastructure


def licit_support(world: World, development: np.ndarray) -> np.ndarray:
    """Licit revenue multiplier from technical help, credit, buyers and certification."""
    return 1.0 + world.params.development_licit_gain * development


def licit_return(world: World, state: State) -> np.ndarray:
    """Licit profit per ha per year (runs, R): market access and development raise it.

    The programmes that combined technical help, credit, buyers and certification report
    large income gains (PDA: +83% over five years, implementer's claim).
    """
    p = world.params
    revenue = p.licit_revenue_usd_ha_yr * licit_access(world, state.infrastructure)
    return revenue * licit_support(world, state.development) - p.licit_cost_usd_ha_yr


def returns_pull(world: World, state: State, rc: np.ndarray, rl: np.ndarray) -> np.ndarray:
    """What returns, risk and the state add to a region's propensity to grow coca (runs, R).

    Four named pulls on the logit of the wanted share: the log ratio of coca to licit
    returns (``theta``, small: cultivation is inelastic), the threat of eradication
    (``risk_pull``), state presence (``kappa``) and development capacity beyond its
    effect on licit returns — organised producers, land titles, buyers
    (``development_pull``).
    """
    p = world.params
    theta = p.theta * state.response_scale[:, 0:1]
    floor = p.min_return_usd_ha_yr
    ratio = np.log(np.maximum(rc, floor) / np.maximum(rl, floor))
    return (
        theta * ratio
        - p.risk_pull * deterrence(world, state.perceived_risk)
        - p.kappa * state.state_presence
        - p.development_pull * state.development
    )


def target_coca_share(world: World, state: State, rc: np.ndarray, rl: np.ndarray) -> np.ndarray:
    """Share of farmland growers want under coca (runs, R): a logistic of their propensity
    (``alpha``, calibrated) plus returns and the state."""
    z = world.alpha + returns_pull(world, state, rc, rl) + state.planting_noise
    return world.params.share_max * world.grows_coca / (1.0 + np.exp(-z))


def growers_here(world: World, state: State) -> np.ndarray:
    """How the area growers want grows with the growers who came to a region (runs, R).

    Growers pushed out of a valley take their wish to grow coca with them: where more
    grower households live than at the start, the area they want grows with them, to the
    power ``grower_target_weight`` (0: the land decides alone, 1: the people do). Where
    fewer live, the land is still there for others to take up, so the area wanted does not
    fall with them (the valleys CORAH emptied in 2013–2016 filled again when it left) —
    unless the balloon is weak: where few growers move, few come to take up the land, and
    the area wanted falls with the growers who gave up (the balloon's ``quit``).
    """
    start = world.start["growers"]
    ratio = np.divide(state.growers, start, out=np.ones_like(state.growers), where=start > 0)
    quit = world.params.balloon.quit
    fewer = 1.0 - quit * (1.0 - ratio)
    return np.where(ratio >= 1.0, ratio, fewer) ** world.params.grower_target_weight


def maturing(world: World, state: State) -> np.ndarray:
    """Hectares of young coca that come into harvest this quarter (runs, R)."""
    return world.params.maturing_rate * state.immature_ha


def wanted_area(world: World, state: State, rc: np.ndarray, rl: np.ndarray) -> np.ndarray:
    """Hectares of coca a region's growers want (runs, R), given coca and licit returns
    ``rc`` and ``rl``: the wanted share of their farmland, with the growers who came or
    left."""
    share = target_coca_share(world, state, rc, rl)
    return share * state.farmland_ha * growers_here(world, state)


def plantings(
    world: World, wanted: np.ndarray, last_season: np.ndarray, mature: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Hectares planted and abandoned this quarter (each (runs, R)), closing part of the
    gap between the area wanted and last season's fields; no more is abandoned than the
    ``mature`` coca there is."""
    p = world.params
    gap = wanted - last_season
    planted = p.plant_rate * np.maximum(gap, 0.0)
    abandoned = np.minimum(p.abandon_rate * np.maximum(-gap, 0.0), mature)
    return planted, abandoned


def apply(world: World, state: State, orders: Orders, ledger: Ledger, flows: Flows) -> None:
    p = world.params
    matured = maturing(world, state)
    ledger.add("immature_ha", "plantings maturing", -matured)
    ledger.add("coca_ha", "plantings maturing", matured)
    flows.matured_ha = matured

    rc = coca_return(world, state)
    rl = licit_return(world, state)
    flows.coca_return, flows.licit_return = rc, rl
    # Growers plan this season's plantings on last season's fields: a field eradicated this
    # quarter is replanted at once or not (replanting.py), and the gap it leaves shows in
    # their plans from the next quarter.
    last_season = ledger.before["coca_ha"] + ledger.before["immature_ha"]
    planted, abandoned = plantings(
        world, wanted_area(world, state, rc, rl), last_season, state.coca_ha
    )
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
    start = world.start
    now = licit_access(world, state.infrastructure) * licit_support(world, state.development)
    then = licit_access(world, start["infrastructure"]) * licit_support(world, start["development"])
    return now / then
