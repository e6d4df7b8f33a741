"""Orders from plans: a scenario's schedule and a strategy's settings, turn by turn.

A plan is a list of dated settings (``schema.Setting``): from a quarter on, some orders
are replaced, scaled, sent to one region, or — for eradication — given as a target in
hectares a year that teams are assigned to meet. The scenario's own schedule (its
history: ``peru-2013`` carries CORAH's eradication by year) and a strategy's settings
are both plans, read by the same code here, so a strategy written for a historical
scenario starts from what history did.

Everything here builds new ``Orders`` values; nothing is edited in place.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from .engine import growers
from .engine.enforcement import (
    effort_for,
    eradication_access,
    nominal_capacity,
    reachable_coca,
    reachable_parts,
)
from .engine.orders import NATIONAL_ORDERS, REGION_ORDERS, Orders
from .engine.state import State
from .engine.world import QUARTERS_PER_YEAR, World
from .errors import ContentError
from .schema import Dated, OrdersSpec, Setting, Shock

NATIONAL_TARGET = "national"


def orders_from_spec(world: World, spec: OrdersSpec, base: Orders | None = None) -> Orders:
    """Engine orders from a designer's spec; amounts replace ``base`` where given."""
    orders = base or Orders.zeros(world)
    for name in REGION_ORDERS:
        for region_id, amount in getattr(spec, name).items():
            orders = orders.with_amount(name, world.region_index(region_id), amount)
    for route_id, amount in spec.interdiction_musd.items():
        orders = orders.with_amount("interdiction_musd", world.route_ids.index(route_id), amount)
    for name in NATIONAL_ORDERS:
        value = getattr(spec, name)
        if value or base is None:
            orders = orders.with_amount(name, None, value)
    return orders


def turn_of_date(world: World, when: str) -> int:
    """The turn of a date ('2014' is its first quarter), counted from the world's start."""
    year, quarter = (int(when[:4]), int(when[5])) if "Q" in when else (int(when), 1)
    return (year - world.start_year) * QUARTERS_PER_YEAR + (quarter - world.start_quarter)


def window(world: World, item: Dated) -> tuple[int, int | None]:
    """``[from, until)`` in turns of a dated setting or shock (until None: for ever)."""
    start = item.from_turn if item.from_turn is not None else 0
    if item.from_quarter is not None:
        start = turn_of_date(world, item.from_quarter)
    until = item.until_turn
    if item.until_quarter is not None:
        until = turn_of_date(world, item.until_quarter)
    return start, until


def active(world: World, items: Iterable[Dated], turn: int) -> list:
    """The items whose window holds ``turn``, in their order."""
    out = []
    for item in items:
        start, until = window(world, item)
        if start <= turn and (until is None or turn < until):
            out.append(item)
    return out


def touches_teams(setting: Setting) -> bool:
    """Whether a setting decides eradication teams (by target, amount, scaling or moving)."""
    return bool(
        setting.eradication_target_ha_yr
        or setting.orders.eradication_teams
        or setting.all_teams_to
        or "eradication_teams" in setting.multiply
    )


def apply_setting(world: World, orders: Orders, setting: Setting) -> Orders:
    """The orders with one setting's amounts, scalings and moves (targets aside)."""
    orders = orders_from_spec(world, setting.orders, base=orders)
    changes = {name: orders.arrays()[name] * factor for name, factor in setting.multiply.items()}
    orders = orders.with_values(**changes)
    available = {"eradication_teams": world.teams_available, "troops": world.troops_available}
    for name, target in (
        ("eradication_teams", setting.all_teams_to),
        ("troops", setting.all_troops_to),
    ):
        if target is not None:
            moved = np.zeros_like(orders.arrays()[name])
            moved[:, world.region_index(target)] = float(available[name])
            orders = orders.with_values(**{name: moved})
    return orders


def plan_orders(
    world: World, base: Orders, settings: Sequence[Setting], state: State
) -> tuple[Orders, np.ndarray | None]:
    """Orders for ``state.turn`` from ``base`` and the plan's active settings.

    Returns the orders and, when the last setting that decides teams gave a target, the
    yearly eradication targets by region (runs, R) the teams were assigned to meet.
    """
    orders, targets = base, None
    for setting in active(world, settings, state.turn):
        orders = apply_setting(world, orders, setting)
        if touches_teams(setting):
            targets = setting.eradication_target_ha_yr or None
    if targets is None:
        return orders, None
    wanted = targets_by_region(world, state, targets)
    teams = teams_for(world, state, wanted, orders)
    return orders.with_values(eradication_teams=teams), wanted


def targets_by_region(world: World, state: State, targets: dict[str, float]) -> np.ndarray:
    """(runs, R) hectares a year to eradicate in each region.

    A national target goes to the regions no regional target names, in proportion to the
    coca teams could get at there (reachable coca × access).
    """
    wanted = np.zeros((state.runs, world.regions))
    for region_id, hectares in targets.items():
        if region_id != NATIONAL_TARGET:
            wanted[:, world.region_index(region_id)] = hectares
    national = targets.get(NATIONAL_TARGET, 0.0)
    if national > 0:
        open_ = np.array([rid not in targets for rid in world.region_ids]) * world.grows_coca
        weight = reachable_coca(world, state) * eradication_access(world, state) * open_
        total = weight.sum(axis=1, keepdims=True)
        share = np.divide(weight, total, out=np.zeros_like(weight), where=total > 0)
        wanted = wanted + national * share
    return wanted


def reachable_this_quarter(world: World, state: State) -> np.ndarray:
    """(runs, R) coca the teams will be able to get at when they go out this quarter.

    Growers plant and young fields mature before the teams arrive (the turn's order:
    growers, then enforcement), so a commander who plans on the fields as they stand
    would send too few teams where growers are replanting fast, and too many — more than
    the target needs — where that planting brings the target within reach. The plan
    counts the season's maturing and planting as growers will do them (``growers``),
    without this quarter's chance.
    """
    matured = growers.maturing(world, state)
    rc, rl = growers.coca_return(world, state), growers.licit_return(world, state)
    wanted = growers.wanted_area(world, state, rc, rl)
    planted, abandoned = growers.plantings(
        world, wanted, state.coca_total(), state.coca_ha + matured
    )
    mature, young = reachable_parts(
        world, state.coca_ha + matured - abandoned, state.immature_ha - matured + planted
    )
    return mature + young


def teams_for(world: World, state: State, wanted_ha_yr: np.ndarray, orders: Orders) -> np.ndarray:
    """(runs, R) teams that meet yearly targets as far as teams, money, capacity and
    access allow.

    Regions whose quarter's share of the target is within reach get the teams it needs
    first: a commander sends teams where they can finish the job before piling more
    into a valley already stripped of what they can find. If those needs alone exceed
    the teams available — or what the budget pays for once the troops are paid — each
    gets the same share of its need. The teams left over go to the regions whose target
    is out of reach, in proportion to their targets. The engine then eradicates what
    those teams achieve: a shortfall is reported, never an error.
    """
    p = world.params
    troops = orders.troops.sum(axis=1, keepdims=True) * p.troop_cost_musd
    affordable = np.maximum(state.budget_musd[:, None] - troops, 0.0) / p.team_cost_musd
    available = np.minimum(world.teams_at(state.turn), np.floor(affordable))
    per_team = nominal_capacity(world, state.turn, np.ones(world.regions))
    per_team = per_team * eradication_access(world, state)
    effort = effort_for(wanted_ha_yr / QUARTERS_PER_YEAR, reachable_this_quarter(world, state))
    with np.errstate(divide="ignore", invalid="ignore"):
        needed = np.where(effort > 0, effort / per_team, 0.0)
    out_of_reach = ~np.isfinite(needed) | (needed > available)
    within = np.where(out_of_reach, 0.0, np.nan_to_num(needed, nan=0.0))
    total = within.sum(axis=1, keepdims=True)
    scale = np.where(total > available, available / np.maximum(total, 1e-12), 1.0)
    within = within * scale
    left = np.maximum(available - within.sum(axis=1, keepdims=True), 0.0)
    rest = np.where(out_of_reach, wanted_ha_yr, 0.0)
    rest_total = rest.sum(axis=1, keepdims=True)
    extra = left * np.divide(rest, rest_total, out=np.zeros_like(rest), where=rest_total > 0)
    return (within + extra) * world.grows_coca


def shock_multipliers(
    world: World, shocks: Sequence[Shock], turn: int
) -> tuple[np.ndarray, np.ndarray]:
    """(1,) world-demand and (1, R) leaf-price multipliers of the shocks active at ``turn``."""
    demand = np.ones(1)
    price = np.ones((1, world.regions))
    for shock in active(world, shocks, turn):
        demand = demand * shock.world_demand
        if shock.region == "national":
            price = price * shock.leaf_price
        else:
            price = price.copy()
            price[:, world.region_index(shock.region)] *= shock.leaf_price
    return demand, price


def check_settings(world: World, settings: Sequence[Setting], where: str, field: str) -> None:
    """Region and route ids, orders and targets a plan names must exist in the scenario."""
    known_orders = Orders.zeros(world).arrays()
    for i, setting in enumerate(settings):
        at = f"{field}[{i}]"
        start, until = window(world, setting)
        if until is not None and until <= start:
            raise ContentError(
                where, f"{at}.until", f"ends at turn {until}, not after it starts (turn {start})"
            )
        for name in REGION_ORDERS:
            for key in getattr(setting.orders, name):
                if key not in world.region_ids:
                    raise ContentError(where, f"{at}.orders.{name}", f"{key!r} is not a region")
        for key in setting.orders.interdiction_musd:
            if key not in world.route_ids:
                raise ContentError(
                    where, f"{at}.orders.interdiction_musd", f"{key!r} is not a route"
                )
        for target, label in (
            (setting.all_teams_to, "all_teams_to"),
            (setting.all_troops_to, "all_troops_to"),
        ):
            if target is not None and target not in world.region_ids:
                raise ContentError(where, f"{at}.{label}", f"{target!r} is not a region")
        for name in setting.multiply:
            if name not in known_orders:
                raise ContentError(where, f"{at}.multiply", f"{name!r} is not an order")
        for key in setting.eradication_target_ha_yr:
            if key != NATIONAL_TARGET and key not in world.region_ids:
                raise ContentError(
                    where,
                    f"{at}.eradication_target_ha_yr",
                    f"{key!r} is not a region or {NATIONAL_TARGET!r}",
                )
