"""Editing the draft orders of a quarter: levers, steps, typed amounts, and the budget.

The orders panel draws what is here and posts what the player asks; every decision —
how far a step goes, whether a typed amount is a usable number, what is over the budget
and by how much, what trimming would cut — is made here, headless, so the rules are
tested without a terminal and a strategy or a script could use them too. Every check
asks the engine's own ``refusal_reasons``, so nothing accepted here is refused at the end
of the turn, and the reason a player reads is the engine's.

The budget never lies: a draft over the budget is never scaled down without the player
asking (``trim_to_fit`` is a choice); ``shortfall`` says what is over and what trimming
would cut. Money not spent is lost at the quarter's end (``politics.budget_from_support``
sets each quarter's budget afresh), and answers to events are charged to the budget of
the quarter after the one being planned (``events.resolve_pending``): ``event_outlook``
shows what each answer would leave of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .engine import State
from .engine.events import Event
from .engine.orders import (
    BUDGET_TOLERANCE_MUSD,
    Orders,
    fit_to_budget,
    orders_cost,
    over_by,
    refusal_reasons,
    units_cost,
)
from .engine.politics import budget_from_support
from .loader import GameSetup


@dataclass(frozen=True)
class Lever:
    """One editable row: which orders array, which column (None = national), and its step."""

    label: str
    field: str
    column: int | None
    step: float
    unit: str  # "teams", "units" or "$M"

    @property
    def is_money(self) -> bool:
        return self.unit == "$M"


#: Region levers: label, Orders field, step, unit.
REGION_LEVERS = (
    ("Eradication teams", "eradication_teams", 1.0, "teams"),
    ("Troops", "troops", 1.0, "units"),
    ("Development", "development_musd", 0.5, "$M"),
    ("Infrastructure", "infrastructure_musd", 0.5, "$M"),
    ("Indigenous protection", "indigenous_musd", 0.5, "$M"),
)
NATIONAL_LEVERS = (
    ("Precursor control", "precursor_musd", 0.5, "$M"),
    ("Intelligence", "intelligence_musd", 0.5, "$M"),
    ("Diplomacy", "diplomacy_musd", 0.5, "$M"),
)
#: The big step: this many small steps at once (keys ``>`` and ``<``).
BIG_STEP = 5
#: Typed money is kept to this many decimals of $M (cents of a million: $10,000), finer
#: than the panel shows and than any lever matters.
MONEY_DECIMALS = 2


def levers_for(setup: GameSetup, region: int) -> list[Lever]:
    """The region's levers, interdiction on its routes abroad, then the national ones.

    Only routes out of the country carry cocaine in the model, so only they are offered.
    """
    return [*region_levers(setup, region), *national_levers()]


def region_levers(setup: GameSetup, region: int) -> list[Lever]:
    world = setup.world
    rows = [Lever(label, f, region, step, unit) for label, f, step, unit in REGION_LEVERS]
    names = {r.id: r for r in setup.scenario.routes}
    for k, route_id in enumerate(world.route_ids):
        if int(world.route_from[k]) != region or world.route_exit[k] == 0:
            continue
        to = int(world.route_to[k])
        spec = names.get(route_id)
        where = (
            world.region_names[to] if to >= 0 else (getattr(spec, "abroad_name", "") or "abroad")
        )
        rows.append(Lever(f"Interdiction → {where}"[:30], "interdiction_musd", k, 0.5, "$M"))
    return rows


def national_levers() -> list[Lever]:
    return [Lever(label, f, None, step, unit) for label, f, step, unit in NATIONAL_LEVERS]


def lever_value(orders: Orders, lever: Lever) -> float:
    array = getattr(orders, lever.field)
    return float(array[0] if lever.column is None else array[0, lever.column])


def lever_cost(setup: GameSetup, lever: Lever, value: float) -> float:
    p = setup.world.params
    per = {"eradication_teams": p.team_cost_musd, "troops": p.troop_cost_musd}.get(lever.field, 1.0)
    return value * per


def money_left(setup: GameSetup, state: State, orders: Orders) -> float:
    """This quarter's budget less what the draft costs (negative when over)."""
    return float(state.budget_musd[0] - orders_cost(setup.world, orders)[0])


def cents_down(musd: float) -> float:
    """``musd`` rounded towards minus infinity to $0.01M: money left shown this way is
    never more than there is, and an amount over the budget never shows as less."""
    return math.floor(round(musd * 100, 6)) / 100


def set_lever(
    setup: GameSetup, state: State, orders: Orders, lever: Lever, value: float
) -> tuple[Orders, list[str]]:
    """``orders`` with ``lever`` at ``value``; if that is an increase the engine refuses,
    its new reasons and the orders unchanged.

    Only a reason the engine did not give already refuses: a draft over the budget can
    still be cut, or changed in other ways that make it no worse.
    """
    before = lever_value(orders, lever)
    if value == before:
        return orders, []
    edited = orders.with_amount(lever.field, lever.column, value)
    if value > before:
        old = set(refusal_reasons(setup.world, state, orders))
        refused = [r for r in refusal_reasons(setup.world, state, edited) if r not in old]
        if refused:
            return orders, refused
    return edited, []


def edit_lever(
    setup: GameSetup, state: State, orders: Orders, lever: Lever, steps: int | None
) -> tuple[Orders, list[str]]:
    """``orders`` with ``lever`` moved ``steps`` steps (not below zero), or to zero if
    ``steps`` is None; refused as ``set_lever`` refuses."""
    before = lever_value(orders, lever)
    after = 0.0 if steps is None else max(0.0, before + steps * lever.step)
    return set_lever(setup, state, orders, lever, after)


def most_for(setup: GameSetup, state: State, orders: Orders, lever: Lever) -> float:
    """The most ``lever`` can take with everything else as it is: all the money left, or
    every team or troop not used elsewhere that the money left can pay for."""
    world = setup.world
    before = lever_value(orders, lever)
    left = max(money_left(setup, state, orders), 0.0)
    if lever.is_money:
        return before + left
    per = lever_cost(setup, lever, 1.0)
    affordable = before + math.floor((left + BUDGET_TOLERANCE_MUSD) / per) if per > 0 else math.inf
    if lever.field == "eradication_teams":
        total, units = world.teams_at(state.turn), orders.eradication_teams[0]
    else:
        total, units = world.troops_available, orders.troops[0]
    free = total - (float(units.sum()) - before)
    return float(max(min(math.floor(free + 1e-9), affordable), 0.0))


def all_of_lever(
    setup: GameSetup, state: State, orders: Orders, lever: Lever
) -> tuple[Orders, list[str]]:
    """``orders`` with ``lever`` at ``most_for``: key ``a``. When nothing more is possible,
    the reason (the engine's, for one step more)."""
    most = most_for(setup, state, orders, lever)
    if most <= lever_value(orders, lever):
        _, refused = edit_lever(setup, state, orders, lever, 1)
        return orders, refused or ["nothing more can go here"]
    return set_lever(setup, state, orders, lever, most)


def typed_amount(
    setup: GameSetup, state: State, orders: Orders, lever: Lever, text: str
) -> tuple[Orders, str | None]:
    """``orders`` with ``lever`` at the amount typed in ``text``; or, if it cannot be, the
    orders unchanged and why, in the player's words (the field shows it).

    Money is in $M ("2.5", "$2.5M"), kept to $0.01M; teams and troops are whole numbers.
    Refused: what is not a number, a negative amount, an increase beyond the money left,
    and whatever else the engine refuses (more teams than there are, teams on the coast).
    """
    raw = text.strip().replace(" ", "")
    if lever.is_money:
        raw = raw.removeprefix("$").removesuffix("M").removesuffix("m")
    if not raw:
        return orders, "type an amount" + (" in $M, such as 2.5" if lever.is_money else "")
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        example = "in $M, such as 2.5" if lever.is_money else f"of {lever.unit}, such as 3"
        return orders, f"“{text.strip()[:20]}” is not a number: type an amount {example}"
    if value < 0:
        return orders, "an amount cannot be negative"
    if lever.is_money:
        value = round(value, MONEY_DECIMALS)
    elif value != int(value):
        return orders, f"{lever.unit} come whole: type a whole number"
    before = lever_value(orders, lever)
    left = money_left(setup, state, orders)
    extra = lever_cost(setup, lever, value - before)
    if value > before and extra > left + BUDGET_TOLERANCE_MUSD:
        if left < -BUDGET_TOLERANCE_MUSD:
            over = over_by(-left, 0.0)
            return orders, f"the orders are already ${over:,.2f}M over the budget: cut first"
        most = most_for(setup, state, orders, lever)
        shown = f"${most:,.2f}M" if lever.is_money else f"{most:g} {lever.unit}"
        return orders, (
            f"over the money left: ${max(cents_down(left), 0.0):,.2f}M left, "
            f"so at most {shown} here"
        )
    edited, refused = set_lever(setup, state, orders, lever, value)
    return edited, ("; ".join(refused) if refused else None)


# --- over the budget -----------------------------------------------------------------


@dataclass(frozen=True)
class Cut:
    """A money order that trimming would reduce: where, and how much before and after."""

    label: str
    now: float
    trimmed: float


@dataclass(frozen=True)
class Shortfall:
    """A draft that costs more than the quarter's budget: by how much, and what
    ``trim_to_fit`` would do about it."""

    cost: float
    available: float
    #: what teams and troops alone cost: trimming keeps them, so past this it cannot fit
    units: float
    #: the money orders trimming would reduce, the largest cut first
    cuts: tuple[Cut, ...]

    @property
    def over(self) -> float:
        return self.cost - self.available

    @property
    def trim_fits(self) -> bool:
        return self.units <= self.available + BUDGET_TOLERANCE_MUSD

    @property
    def trim_share(self) -> float:
        """The share of each money order trimming takes away (0.046 = 4.6%)."""
        money = self.cost - self.units
        return 1.0 if money <= 0 else min(self.over / money, 1.0)

    def what(self) -> str:
        """What is over, by how much: the refusal's words."""
        return (
            f"orders cost ${self.cost:,.2f}M, budget ${self.available:,.2f}M: "
            f"${over_by(self.cost, self.available):,.2f}M over"
        )

    def remedy(self, cuts: int = 2) -> str:
        """What the player can do, with the largest ``cuts`` trimming would make."""
        if not self.trim_fits:
            return (
                f"teams and troops alone cost ${self.units:,.2f}M: withdraw some, "
                "trimming money cannot make it fit"
            )
        named = ", ".join(f"{c.label} ${c.now:,.1f}M→${c.trimmed:,.1f}M" for c in self.cuts[:cuts])
        more = " …" if len(self.cuts) > cuts else ""
        which = f" ({named}{more})" if named else ""
        return f"t trims every money order by {self.trim_share:.1%}{which}, or cut orders yourself"


def all_levers(setup: GameSetup) -> list[tuple[str, Lever]]:
    """Every lever of the orders, labelled with its region where it has one."""
    world = setup.world
    rows = [
        (f"{lever.label}, {world.region_names[r]}", lever)
        for r in range(world.regions)
        for lever in region_levers(setup, r)
    ]
    return rows + [(lever.label, lever) for lever in national_levers()]


def shortfall(setup: GameSetup, state: State, orders: Orders) -> Shortfall | None:
    """What is over this quarter's budget in ``orders`` (run 0), or None if they fit.

    Orders that cost exactly the budget fit: the engine allows ``BUDGET_TOLERANCE_MUSD``
    for rounding.
    """
    world = setup.world
    cost = float(orders_cost(world, orders)[0])
    available = float(state.budget_musd[0])
    if cost - available <= BUDGET_TOLERANCE_MUSD:
        return None
    trimmed = trim_to_fit(setup, state, orders)
    cuts = []
    for label, lever in all_levers(setup):
        now, after = lever_value(orders, lever), lever_value(trimmed, lever)
        if lever.is_money and after < now:
            cuts.append(Cut(label, now, after))
    cuts.sort(key=lambda c: c.trimmed - c.now)
    units = float(units_cost(world, orders)[0])
    return Shortfall(cost, available, units, tuple(cuts))


def trim_to_fit(setup: GameSetup, state: State, orders: Orders) -> Orders:
    """Every money order cut by the same share so the draft fits the budget, teams and
    troops kept — only when the player asks (key ``t``), never on its own. The same rule
    the strategies follow each quarter (``engine.orders.fit_to_budget``)."""
    return fit_to_budget(setup.world, state, orders)


# --- what an answer to an event costs -------------------------------------------------


@dataclass(frozen=True)
class EventOutlook:
    """What each answer to an event would leave of the budget it is charged to."""

    #: the quarter whose budget pays (the one after the quarter being planned)
    quarter: str
    #: that budget as it stands: at today's international support, less answers given
    budget: float
    #: per answer: what it takes from that budget ($M; negative if it adds)
    costs: tuple[float, ...]

    def left(self, choice: int) -> float:
        return self.budget - self.costs[choice]


def answer_cost(event: Event, choice: int, budget: float) -> float:
    """What answer ``choice`` takes from the budget it is charged to: its cost, and any
    effect of the answer on the budget itself (as ``events.apply_effect`` charges it)."""
    answer = event.choices[choice]
    cost = answer.cost_musd
    for effect in answer.effects:
        if effect.var == "budget_musd":
            cost -= budget * (effect.mul - 1.0) + effect.add
    return cost


def event_outlook(setup: GameSetup, state: State, orders: Orders, index: int) -> EventOutlook:
    """The budget that pays for answers to event ``index`` and what each answer leaves.

    Answers are charged to the quarter after the one being planned (its budget is set at
    the end of this quarter, from international support then); the estimate uses support
    as it is now, less what the draft's answers to other pending events already cost.
    """
    world = setup.world
    turn = state.turn
    budget = float(budget_from_support(world, turn + 1, state.support[:1])[0])
    events = setup.events.events
    for other in np.flatnonzero(state.pending_events[0]):
        other_event = events[int(other)]
        if int(other) != index and other_event.id in orders.event_choices:
            budget -= answer_cost(other_event, orders.event_choices[other_event.id], budget)
    event = events[index]
    costs = tuple(answer_cost(event, c, budget) for c in range(len(event.choices)))
    return EventOutlook(world.quarter_label(turn + 1), budget, costs)
