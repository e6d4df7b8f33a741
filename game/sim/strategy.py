"""Strategies: scripted orders, turn by turn, from a strategy file.

A strategy is data (content/strategies/*.toml, validated by schema.StrategySpec). This
module turns it into engine ``Orders`` for a turn, for every run at once: settings and
shocks are the same for all runs; rules react to each run's own state, so when a
strategy has rules its orders carry a runs axis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..engine.events import OPS
from ..engine.metrics import METRICS, region_metric
from ..engine.orders import Orders, fit_to_budget
from ..engine.state import REGION_TALLIES, REGION_VARS, State
from ..loader import (
    Content,
    ContentError,
    GameSetup,
    file_named,
    orders_from_spec,
    read_toml,
    validate,
)
from ..schema import Rule, Setting, StrategySpec

REGION_ORDER_FIELDS = (
    "eradication_teams",
    "troops",
    "development_musd",
    "infrastructure_musd",
    "indigenous_musd",
)


@dataclass(frozen=True)
class Strategy:
    """A strategy bound to a game setup, ready to give orders."""

    spec: StrategySpec
    setup: GameSetup

    @property
    def id(self) -> str:
        return self.spec.id

    def orders(self, state: State) -> Orders:
        """The orders for the turn ``state.turn``, valid in every run of ``state``."""
        world = self.setup.world
        turn = state.turn
        base = self.setup.start_orders if self.spec.start_from == "starting-orders" else None
        orders = base if base is not None else Orders.zeros(world)
        for setting in self.spec.settings:
            if setting.from_turn <= turn and (
                setting.until_turn is None or turn < setting.until_turn
            ):
                orders = apply_setting(self.setup, orders, setting)
        if self.spec.rules:
            orders = broadcast_runs(orders, state.runs)
            for rule in self.spec.rules:
                if rule.from_turn <= turn:
                    orders = apply_rule(self.setup, state, orders, rule)
        demand = np.ones(1)
        price = np.ones(1)
        for shock in self.spec.shocks:
            if shock.from_turn <= turn < shock.until_turn:
                demand = demand * shock.world_demand
                price = price * shock.leaf_price
        n = orders.world_demand_mult.shape[0]
        orders = orders.with_values(
            world_demand_mult=np.broadcast_to(demand, (n,)),
            leaf_price_mult=np.broadcast_to(price, (n,)),
            event_choices=self.spec.event_choices,
        )
        return fit_to_budget(world, state, orders)


def broadcast_runs(orders: Orders, runs: int) -> Orders:
    """Orders with an explicit runs axis, so each run's orders can differ."""
    return orders.with_values(
        **{
            k: np.repeat(v, runs, axis=0) if v.shape[0] == 1 else v
            for k, v in orders.arrays().items()
        }
    )


def apply_setting(setup: GameSetup, orders: Orders, setting: Setting) -> Orders:
    world = setup.world
    orders = orders_from_spec(world, setting.orders, base=orders)
    available = {"eradication_teams": world.teams_available, "troops": world.troops_available}
    arrays = orders.arrays()
    for name, factor in setting.multiply.items():
        arrays[name] = arrays[name] * factor
    for name, target in (
        ("eradication_teams", setting.all_teams_to),
        ("troops", setting.all_troops_to),
    ):
        if target is not None:
            total = np.full(arrays[name].shape[0], float(available[name]))
            moved = np.zeros_like(arrays[name])
            moved[:, world.region_index(target)] = total
            arrays[name] = moved
    return orders.with_values(**arrays)


def apply_rule(setup: GameSetup, state: State, orders: Orders, rule: Rule) -> Orders:
    """Move units, run by run, to the region that meets the rule's condition."""
    world = setup.world
    var = rule.when.var
    # a metric as the registry computes it (coca counts young plants), else the variable
    values = region_metric(state, var) if var in METRICS else getattr(state, var)
    meets = OPS[rule.when.op](values, rule.when.value)
    if rule.when.region != "any":
        only = np.zeros(world.regions, dtype=bool)
        only[world.region_index(rule.when.region)] = True
        meets = meets & only
    scored = np.where(meets, values, -np.inf)
    target = np.argmax(scored, axis=1)
    active = np.isfinite(scored.max(axis=1))
    arrays = orders.arrays()
    for name, count in (("eradication_teams", rule.move_teams), ("troops", rule.move_troops)):
        if count <= 0:
            continue
        units = arrays[name].copy()
        rows = np.arange(state.runs)
        elsewhere = units.copy()
        elsewhere[rows, target] = 0.0
        available = elsewhere.sum(axis=1)
        moving = np.where(active, np.minimum(count, available), 0.0)
        share = np.divide(
            elsewhere,
            available[:, None],
            out=np.zeros_like(elsewhere),
            where=available[:, None] > 0,
        )
        units = units - share * moving[:, None]
        units[rows, target] += moving
        if name == "eradication_teams":
            units = units * world.grows_coca
        arrays[name] = units
    return orders.with_values(**arrays)


def load_strategy(content: Content, setup: GameSetup, name_or_path: str) -> Strategy:
    """A built-in strategy by id, or a strategy file by path."""
    if name_or_path in content.strategies:
        spec = content.strategies[name_or_path]
    else:
        path = file_named(name_or_path, content.strategies, "strategy")
        spec = validate(StrategySpec, read_toml(path), path)
    check_strategy(setup, spec, name_or_path)
    return Strategy(spec=spec, setup=setup)


def check_strategy(setup: GameSetup, spec: StrategySpec, where: str) -> None:
    """Region and route ids a strategy names must exist in the scenario."""
    world = setup.world
    for i, setting in enumerate(spec.settings):
        for field_name in REGION_ORDER_FIELDS:
            for key in getattr(setting.orders, field_name):
                if key not in world.region_ids:
                    raise ContentError(
                        where,
                        f"settings[{i}].orders.{field_name}",
                        f"{key!r} is not a region of {setup.scenario.id}",
                    )
        for key in setting.orders.interdiction_musd:
            if key not in world.route_ids:
                raise ContentError(
                    where,
                    f"settings[{i}].orders.interdiction_musd",
                    f"{key!r} is not a route of {setup.scenario.id}",
                )
        for target, label in (
            (setting.all_teams_to, "all_teams_to"),
            (setting.all_troops_to, "all_troops_to"),
        ):
            if target is not None and target not in world.region_ids:
                raise ContentError(where, f"settings[{i}].{label}", f"{target!r} is not a region")
        for name in setting.multiply:
            if name not in Orders.zeros(world).arrays():
                raise ContentError(where, f"settings[{i}].multiply", f"{name!r} is not an order")
    for i, rule in enumerate(spec.rules):
        if rule.when.region != "any" and rule.when.region not in world.region_ids:
            raise ContentError(
                where, f"rules[{i}].when.region", f"{rule.when.region!r} is not a region"
            )
        if rule.when.var not in (*REGION_VARS, *REGION_TALLIES):
            raise ContentError(where, f"rules[{i}].when.var", f"unknown variable {rule.when.var!r}")
