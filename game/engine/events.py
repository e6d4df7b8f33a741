"""Step 12 — events: data-driven happenings with choices, evaluated for every run at once.

An event fires at the end of a turn where its conditions hold (on the state and the
date), by chance, and not more often than allowed: at most ``max_times``, and not again
within ``cooldown`` quarters of its last firing. A chained event fires only once an
answer has opened it, from ``after`` quarters on, at the first quarter its window and
conditions allow. It then waits for an answer: the
next turn's orders carry the choice (the TUI asks the player; a strategy or the
default answers headless), and its effects are applied at the start of that turn. This
keeps a game a pure function of its seed and its orders, so replays are exact.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .flows import Flows
from .ledger import Ledger
from .orders import Orders
from .state import State
from .world import World

OPS = {
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
}
ALL_REGIONS = -1  # an effect on every region
ANY_REGION = -2  # a condition that holds if it holds in some region
NATIONAL = -3  # a national variable


@dataclass(frozen=True)
class Condition:
    var: str
    region: int  # region index, ANY_REGION or NATIONAL
    op: str
    value: float

    def holds(self, state: State) -> np.ndarray:
        values = getattr(state, self.var)
        if self.region == NATIONAL:
            return OPS[self.op](values, self.value)
        if self.region == ANY_REGION:
            return np.any(OPS[self.op](values, self.value), axis=1)
        return OPS[self.op](values[:, self.region], self.value)


@dataclass(frozen=True)
class Effect:
    var: str
    region: int  # region index, ALL_REGIONS or NATIONAL
    add: float = 0.0
    mul: float = 1.0


@dataclass(frozen=True)
class Opening:
    """An answer's opening of a chained event, due ``after`` quarters from the answer."""

    event: str
    after: int


@dataclass(frozen=True)
class Choice:
    label: str
    effects: tuple[Effect, ...]
    cost_musd: float = 0.0
    opens: tuple[Opening, ...] = ()


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    probability: float
    first_turn: int
    last_turn: int
    max_times: int
    conditions: tuple[Condition, ...]
    choices: tuple[Choice, ...]
    default_choice: int = 0
    cooldown: int = 0  # quarters after a firing in which it cannot fire again
    chained: bool = False  # fires only once an answer has opened it


@dataclass(frozen=True)
class EventTable:
    events: tuple[Event, ...] = ()

    def __len__(self) -> int:
        return len(self.events)

    def index(self, event_id: str) -> int:
        return [e.id for e in self.events].index(event_id)

    @functools.cached_property
    def limits(self) -> tuple[np.ndarray, ...]:
        """(E,) probability, first turn, last turn, most firings, cool-down and whether
        chained: one array each."""
        columns = ("probability", "first_turn", "last_turn", "max_times", "cooldown", "chained")
        return tuple(np.array([getattr(e, c) for e in self.events]) for c in columns)

    @functools.cached_property
    def any_chained(self) -> bool:
        return any(e.chained for e in self.events)

    @functools.cached_property
    def longest_after(self) -> int:
        """The longest wait any opening sets (0 if none): how far ahead a due turn can be."""
        return max((o.after for e in self.events for c in e.choices for o in c.opens), default=0)


def resolve_pending(
    world: World, table: EventTable, state: State, orders: Orders, ledger: Ledger, flows: Flows
) -> None:
    """Step 1b: apply the chosen answer to every event that fired last turn.

    This quarter's budget was already committed by the orders, so what an answer costs
    (and any effect on the budget) is charged to next quarter's: ``flows.budget_changes``
    is applied by politics.py after it sets that budget.
    """
    pending = state.pending_events
    for i in np.flatnonzero(pending.any(axis=0)):
        event, fired = table.events[i], pending[:, i]
        choice_index = orders.event_choices.get(event.id, event.default_choice)
        choice = event.choices[choice_index]
        flows.resolved_events[event.id] = choice_index
        rows = np.flatnonzero(fired)  # the runs where it fired: in a batch, a few
        name = f"event: {event.title}"
        for effect in choice.effects:
            apply_effect(state, ledger, effect, fired, rows, name, flows)
        if choice.cost_musd:
            charge_budget(flows, name, -choice.cost_musd * fired)
        if choice.opens:
            open_chains(table, state, choice.opens, rows)
    state.pending_events = np.zeros_like(state.pending_events)


def open_chains(
    table: EventTable, state: State, openings: tuple[Opening, ...], rows: np.ndarray
) -> None:
    """Make each opened event due ``after`` quarters from this one, in the runs ``rows``
    where the answer was given. Opening an event already opened changes nothing (its
    earlier due turn stands); an event this scenario leaves out is not opened."""
    ids = [e.id for e in table.events]
    due = state.due_from.copy()  # past states share the array: write into a copy
    for opening in openings:
        if opening.event not in ids:
            continue
        j = ids.index(opening.event)
        waiting = rows[due[rows, j] < 0]
        due[waiting, j] = state.turn + opening.after
    state.due_from = due


def charge_budget(flows: Flows, name: str, delta: np.ndarray) -> None:
    book = flows.budget_changes
    book[name] = book[name] + delta if name in book else delta


def choice_refusals(table: EventTable, orders: Orders) -> list[str]:
    """Answers that name no pending-able event or no choice of it."""
    reasons = []
    known = {e.id: e for e in table.events}
    for event_id, index in orders.event_choices.items():
        if event_id not in known:
            reasons.append(f"event choices: there is no event {event_id!r}")
        elif not 0 <= index < len(known[event_id].choices):
            count = len(known[event_id].choices)
            reasons.append(f"event choices: {event_id!r} has choices 0 to {count - 1}, not {index}")
    return reasons


def apply_effect(
    state: State,
    ledger: Ledger,
    effect: Effect,
    fired: np.ndarray,
    rows: np.ndarray,
    name: str,
    flows: Flows,
) -> None:
    """Apply one effect of a chosen answer in the runs ``rows`` where its event fired."""
    if effect.mul == 1.0 and effect.add == 0.0:
        return
    current = getattr(state, effect.var)
    if effect.var == "budget_musd":
        # charged to next quarter's budget (see resolve_pending), in every run's shape
        charge_budget(flows, name, (current * (effect.mul - 1.0) + effect.add) * fired)
        return
    index = (rows, effect.region) if current.ndim == 2 and effect.region >= 0 else rows
    change = current[index] * (effect.mul - 1.0) + effect.add
    ledger.add_at(effect.var, name, index, change)


def trigger(world: World, table: EventTable, state: State, flows: Flows) -> None:
    """Step 12: decide which events fire this turn, in every run."""
    n = len(table)
    if n == 0:
        flows.fired_events = np.zeros((state.runs, 0), dtype=bool)
        return
    draws = state.rng.uniform(n)
    probability, first, last, most, cooldown, chained = table.limits
    turn = state.turn
    in_window = (first <= turn) & (turn <= last)
    fired = (draws < probability) & (state.event_count < most) & in_window
    if cooldown.any():
        fired &= (state.last_fired < 0) | (turn - state.last_fired > cooldown)
    if table.any_chained:
        due = (state.due_from >= 0) & (state.due_from <= turn)
        fired &= due | ~chained
    # conditions only matter where the draw and the limits let an event fire
    for i in np.flatnonzero(fired.any(axis=0)):
        for condition in table.events[i].conditions:
            fired[:, i] &= condition.holds(state)
    state.pending_events = fired
    state.event_count = state.event_count + fired
    if fired.any():
        state.last_fired = np.where(fired, turn, state.last_fired)
        if table.any_chained:
            # a chained event that fired is closed again: another answer may reopen it
            state.due_from = np.where(fired & chained, -1, state.due_from)
    flows.fired_events = fired
