"""Orders: the player's (or a strategy's) choices for one quarter, as a plain value.

The TUI, the strategies and the save files all build this same object, and the engine
applies it; nothing else reaches into the engine. Arrays have a leading axis of 1 (the
same orders for every run) or of ``runs`` (per-run orders, e.g. from a rule that reacts
to each run's state). Money is in millions of USD per quarter.

Orders are values, like the action objects of the tcod tutorial: their arrays are
read-only and their answers to events an immutable mapping, so an edit makes new orders
(``with_values``, ``with_amount``, ``with_choice``) and whoever holds the old ones (the
history of a game, a forecast in a worker, the effects kept by ``derived``) can trust
them never to change.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import MISSING, dataclass, fields, replace
from functools import cached_property
from typing import Any, Generic, TypeVar

import numpy as np

from .state import State
from .world import World

REGION_ORDERS = (
    "eradication_teams",
    "troops",
    "development_musd",
    "infrastructure_musd",
    "indigenous_musd",
)
NATIONAL_ORDERS = ("precursor_musd", "intelligence_musd", "diplomacy_musd")
SHOCK_ORDERS = ("world_demand_mult", "leaf_price_mult")
#: How far orders may cost more than the budget and still be accepted, in $M. Assumption:
#: one dollar. Adding up a few dozen amounts in floating point misses their decimal sum by
#: about 1e-13 $M, so orders that spend the budget exactly are never refused for rounding;
#: nothing a player can type or step is finer than $0.01M, so no real overspend passes.
BUDGET_TOLERANCE_MUSD = 1e-6


class OrdersRefused(ValueError):
    """Orders that cannot be carried out; the message says why, for a player to read."""


@dataclass(frozen=True, eq=False)
class EventChoices(Mapping[str, int]):
    """Answers to events (event id → choice index), as an immutable mapping.

    It reads like the dict it replaces (``get``, ``items``, ``in``, and it equals a dict
    of the same answers) but cannot be changed, so orders holding it stay one value; it
    hashes and pickles. A quarter has a handful of answers, so a tuple searched in order
    is all the lookup needed; the order is the order they were given in, as a dict's.
    """

    pairs: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, answers: Mapping[str, int]) -> EventChoices:
        """``answers`` as an ``EventChoices`` (itself, if it is one already)."""
        return answers if isinstance(answers, EventChoices) else cls(tuple(answers.items()))

    def __getitem__(self, event_id: str) -> int:
        for key, index in self.pairs:
            if key == event_id:
                return index
        raise KeyError(event_id)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def __hash__(self) -> int:
        return hash(frozenset(self.pairs))  # equal mappings hash alike, whatever the order


def _frozen_array(array: np.ndarray) -> np.ndarray:
    """``array`` if nobody can write it, else a read-only copy of it.

    A writable array, or a view of one, belongs to someone who may still write it: making
    it read-only would surprise them, and a later write of theirs would change the orders.
    """
    base = array.base
    if array.flags.writeable or (isinstance(base, np.ndarray) and base.flags.writeable):
        array = array.copy()
        array.setflags(write=False)
    return array


V = TypeVar("V")


class _Converted(Generic[V]):
    """A field of ``Orders`` kept in the form ``convert`` gives it.

    The ``__init__`` that ``dataclass`` writes hands every field's value to its descriptor
    (the dataclasses documentation's "descriptor-typed fields"), so ``Orders(...)``,
    ``replace`` and every ``with_...`` method go through ``convert``: no orders can hold a
    writable array or a dict. ``default`` is the field's default (none if MISSING).
    """

    def __init__(self, convert: Callable[[Any], V], default: Any = MISSING) -> None:
        self.convert = convert
        self.default = default
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: object, owner: type | None = None) -> V:
        if instance is None:
            if self.default is MISSING:
                raise AttributeError(self.name)  # how dataclass learns there is no default
            return self.default
        return instance.__dict__[self.name]

    def __set__(self, instance: object, value: Any) -> None:
        # only the dataclass's __init__ gets here: Orders' own __setattr__ refuses
        instance.__dict__[self.name] = self.convert(value)


@dataclass(frozen=True)
class Orders:
    eradication_teams: np.ndarray = _Converted(_frozen_array)  # (n, R) teams
    troops: np.ndarray = _Converted(_frozen_array)  # (n, R) units
    development_musd: np.ndarray = _Converted(_frozen_array)  # (n, R)
    infrastructure_musd: np.ndarray = _Converted(_frozen_array)  # (n, R)
    # (n, R) protection and titling of Indigenous territories
    indigenous_musd: np.ndarray = _Converted(_frozen_array)
    interdiction_musd: np.ndarray = _Converted(_frozen_array)  # (n, K) by route
    precursor_musd: np.ndarray = _Converted(_frozen_array)  # (n,)
    intelligence_musd: np.ndarray = _Converted(_frozen_array)  # (n,)
    diplomacy_musd: np.ndarray = _Converted(_frozen_array)  # (n,)
    # Exogenous conditions a scenario script may impose (never a player's lever): 1.0 = none.
    world_demand_mult: np.ndarray = _Converted(_frozen_array)  # (n,)
    leaf_price_mult: np.ndarray = _Converted(_frozen_array)  # (n, R)
    event_choices: EventChoices = _Converted(EventChoices.of, EventChoices())

    @classmethod
    def zeros(cls, world: World, n: int = 1) -> Orders:
        r, k = world.regions, world.routes
        return cls(
            **{name: np.zeros((n, r)) for name in REGION_ORDERS},
            interdiction_musd=np.zeros((n, k)),
            **{name: np.zeros(n) for name in NATIONAL_ORDERS},
            world_demand_mult=np.ones(n),
            leaf_price_mult=np.ones((n, r)),
        )

    def __reduce__(self) -> tuple[type[Orders], tuple[object, ...]]:
        """Pickled as the arguments of ``__init__``: numpy unpickles arrays writable, and
        rebuilding makes them read-only again (the value key is worked out afresh)."""
        return (type(self), tuple(getattr(self, f.name) for f in fields(self)))

    def arrays(self) -> dict[str, np.ndarray]:
        return {name: getattr(self, name) for name in ORDER_ARRAYS}

    def with_values(self, **changes: object) -> Orders:
        """These orders with whole fields replaced (arrays, or ``event_choices``)."""
        return replace(self, **changes)

    def with_amount(self, name: str, column: int | None, value: float) -> Orders:
        """These orders with the amount of ``name`` set to ``value`` in every run: in
        ``column`` (a region, or a route for interdiction), or in all of them (a national
        amount) if ``column`` is None."""
        array = getattr(self, name).copy()
        if column is None:
            array[:] = value
        else:
            array[:, column] = value
        return replace(self, **{name: array})

    def with_choice(self, event_id: str, index: int) -> Orders:
        """These orders answering event ``event_id`` with its choice ``index``."""
        return replace(self, event_choices={**self.event_choices, event_id: index})

    def take(self, rows: np.ndarray) -> Orders:
        """Orders for a subset of runs (orders shared by all runs stay shared)."""
        return replace(
            self,
            **{k: (v if v.shape[0] == 1 else v[rows]) for k, v in self.arrays().items()},
        )

    @cached_property
    def value_key(self) -> tuple | None:
        """The arrays by value (event answers aside), for ``derived``; None for per-run
        orders. Worked out once: the orders cannot change."""
        arrays = self.arrays().values()
        if any(a.shape[0] > SHARED_ROWS for a in arrays):
            return None
        return tuple((a.shape, a.dtype.str, a.tobytes()) for a in arrays)


#: The orders' array fields, in declaration order.
ORDER_ARRAYS: tuple[str, ...] = tuple(f.name for f in fields(Orders) if f.name != "event_choices")


T = TypeVar("T")
#: Orders with more rows than this (per-run orders of a batch) are not kept by value:
#: hashing them would cost as much as working their effects out.
SHARED_ROWS = 64
#: Distinct orders kept per world; past this the memo starts afresh.
MEMO_SIZE = 256


def derived(world: World, orders: Orders, compute: Callable[[World, Orders], T]) -> T:
    """``compute(world, orders)``, for a quantity of the orders and the map alone.

    Several mechanisms turn money into an effect through a curve (a saturating gain, a
    chance of seizure, a share of routes watched) that depends on nothing else. A
    player, or a strategy, gives the same orders quarter after quarter, so each result
    is kept by value (``Orders.value_key``), per world, and a turn with the same orders
    reuses it. Results are read-only, shared by every turn that reuses them.
    """
    key = orders.value_key
    if key is None:
        return compute(world, orders)
    memo = world.orders_memo
    found = memo.get((compute, key))
    if found is None:
        if len(memo) >= MEMO_SIZE:
            memo.clear()
        found = memo[(compute, key)] = _read_only(compute(world, orders))
    return found


def _read_only(value):
    """``value`` with its arrays (itself, or the arrays of a tuple) made read-only."""
    for item in value if isinstance(value, tuple) else (value,):
        if isinstance(item, np.ndarray):
            item.setflags(write=False)
    return value


def units_cost(
    world: World, orders: Orders, teams: np.ndarray | None = None, troops: np.ndarray | None = None
) -> np.ndarray:
    """What the teams and troops cost in $M per quarter, shape (n,).

    ``teams`` and ``troops`` are their totals per run, if the caller has them already.
    """
    p = world.params
    teams = _row_sums(orders.eradication_teams) if teams is None else teams
    troops = _row_sums(orders.troops) if troops is None else troops
    return teams * p.team_cost_musd + troops * p.troop_cost_musd


#: ``x.sum(axis=1)`` without the method's Python wrapper: the same reduction, the same bits.
def _row_sums(x: np.ndarray) -> np.ndarray:
    return np.add.reduce(x, axis=1)


def orders_cost(
    world: World, orders: Orders, teams: np.ndarray | None = None, troops: np.ndarray | None = None
) -> np.ndarray:
    """Total cost in $M per quarter, shape (n,) (``teams``/``troops``: see ``units_cost``)."""
    cost = (
        units_cost(world, orders, teams, troops)
        + _row_sums(orders.development_musd)
        + _row_sums(orders.infrastructure_musd)
        + _row_sums(orders.indigenous_musd)
        + _row_sums(orders.interdiction_musd)
        + orders.precursor_musd
        + orders.intelligence_musd
        + orders.diplomacy_musd
    )
    return cost


def plainly_valid(arrays: dict[str, np.ndarray]) -> bool:
    """The usual case, decided by four reductions (NaN fails every comparison)."""
    money = np.concatenate([v.ravel() for k, v in arrays.items() if k not in SHOCK_ORDERS])
    shocks = np.concatenate([arrays[k].ravel() for k in SHOCK_ORDERS])
    return bool(
        (money.size == 0 or (money.min() >= 0 and money.max() < np.inf))
        and (shocks.size == 0 or (shocks.min() > 0 and shocks.max() <= 10))
    )


def refusal_reasons(world: World, state: State, orders: Orders) -> list[str]:
    """Why these orders cannot be carried out (empty when they can).

    All but the budget and the number of runs depends on the orders and the map alone, so
    it is worked out once per distinct orders (``derived``).
    """
    shapes, others, cost = derived(world, orders, refusals_of_orders)
    if shapes:
        return list(shapes)
    runs = state.runs
    rows = [
        f"{name}: {value.shape[0]} rows of orders for {runs} runs"
        for name, value in orders.arrays().items()
        if value.shape[0] not in (1, runs)
    ]
    if rows or cost is None:
        return rows or list(others)
    reasons = list(others)
    teams, available = _row_sums(orders.eradication_teams).max(), world.teams_at(state.turn)
    if teams > available + 1e-9:
        # the scenario's count changes by date, so this one reason depends on the quarter
        reasons.insert(0, f"eradication teams: {teams:g} ordered, {available:g} available")
    over = cost - state.budget_musd > BUDGET_TOLERANCE_MUSD
    if over.any():
        i = int(np.argmax(cost - state.budget_musd))
        spent, available = float(cost[min(i, cost.shape[0] - 1)]), float(state.budget_musd[i])
        reasons.append(
            f"budget: orders cost ${spent:,.2f}M, ${available:,.2f}M available this quarter: "
            f"${over_by(spent, available):,.2f}M over"
        )
    return reasons


def over_by(cost: float, available: float) -> float:
    """How much ``cost`` is over ``available``, rounded up to the cent of a million, so a
    message never says "$0.00M over" of orders it refuses."""
    return math.ceil(round((cost - available) * 100, 6)) / 100


def refusals_of_orders(
    world: World, orders: Orders
) -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray | None]:
    """What is wrong with the orders whatever the state: arrays of the wrong shape, then
    amounts that are not numbers or out of range, then units beyond what exists or where
    they cannot work; and what the orders cost (None if their amounts are unusable)."""
    r, k = world.regions, world.routes
    arrays = orders.arrays()
    shapes = []
    for name, value in arrays.items():
        by_region = name in REGION_ORDERS or name == "leaf_price_mult"
        width = k if name == "interdiction_musd" else (r if by_region else None)
        expected = (width,) if width is not None else ()
        if value.ndim != 1 + len(expected) or value.shape[1:] != expected:
            wanted = f"(n, {width})" if width is not None else "(n,): one amount per run"
            shapes.append(f"{name}: expected shape {wanted}, got {value.shape}")
    if shapes:
        return tuple(shapes), (), None
    reasons: list[str] = []
    for name, value in ({} if plainly_valid(arrays) else arrays).items():
        if not np.isfinite(value).all():
            reasons.append(f"{name}: amounts must be numbers")
        elif name in SHOCK_ORDERS and ((value <= 0) | (value > 10)).any():
            reasons.append(f"{name}: a multiplier must be above 0 and at most 10")
        elif (value < 0).any():
            reasons.append(f"{name}: amounts cannot be negative")
    if reasons:
        return (), tuple(reasons), None
    teams = _row_sums(orders.eradication_teams)
    troops = _row_sums(orders.troops)
    if troops.max() > world.troops_available + 1e-9:
        reasons.append(
            f"troops: {troops.max():g} units ordered, {world.troops_available} available"
        )
    inland = orders.interdiction_musd[:, world.inland_routes]
    if inland.size and inland.max() > 0:
        names = [rid for rid, e in zip(world.route_ids, world.route_exit, strict=True) if e == 0]
        used = [n for n, v in zip(names, inland.max(axis=0), strict=True) if v > 0]
        reasons.append(
            f"interdiction: {', '.join(used)} stays inside the country; cocaine is seized on "
            "the routes that carry it out (ports, airstrips, rivers and roads abroad)"
        )
    coast = world.coast_regions
    if coast.size and orders.eradication_teams[:, coast].max() > 0:
        names = ", ".join(world.region_names[i] for i in coast)
        reasons.append(f"eradication teams: there is no coca to eradicate in {names}")
    return (), tuple(reasons), orders_cost(world, orders, teams, troops)


def teams_over(orders: Orders, available: float) -> str | None:
    """ "N ordered, M available" if any run orders more eradication teams than exist (how
    many exist depends on the quarter, so ``refusals_of_orders`` cannot tell)."""
    teams = float(orders.eradication_teams.sum(axis=1).max(initial=0.0))
    return f"{teams:g} ordered, {available:g} available" if teams > available + 1e-9 else None


def check_orders(world: World, state: State, orders: Orders) -> None:
    """Raise ``OrdersRefused`` with every reason if the orders cannot be carried out."""
    reasons = refusal_reasons(world, state, orders)
    if reasons:
        raise OrdersRefused("; ".join(reasons))


def fit_to_budget(world: World, state: State, orders: Orders) -> Orders:
    """Scale money orders down (teams and troops kept) so every run can afford them.

    Strategies use this: a rule written for the average budget must still give valid
    orders in a run whose budget fell.
    """
    return fit_within(world, orders, state.budget_musd)


def fit_within(world: World, orders: Orders, budget: np.ndarray) -> Orders:
    """Money orders scaled so that each run's orders cost at most its ``budget``."""
    runs = budget.shape[0]
    cost = orders_cost(world, orders)
    fixed = units_cost(world, orders)
    money = cost - fixed
    room = np.maximum(budget - fixed, 0.0)
    # a hair under the room, so rounding cannot push an affordable run over its budget;
    # runs that could already afford their orders keep them exactly
    scale = np.where(money > room, room / np.maximum(money, 1e-12) * (1 - 1e-12), 1.0)
    if (scale >= 1.0).all():
        return orders
    changes = {}
    for name, value in orders.arrays().items():
        if name.endswith("_musd"):
            s = scale.reshape((-1,) + (1,) * (value.ndim - 1))
            changes[name] = np.broadcast_to(value, (runs, *value.shape[1:])) * s
    return orders.with_values(**changes)
