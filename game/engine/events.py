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

    def holds(self, state: State, rows: np.ndarray | slice = slice(None)) -> np.ndarray:
        """Whether the condition holds in the runs ``rows`` (indices; all runs by default)."""
        values = getattr(state, self.var)
        if self.region == NATIONAL:
            return OPS[self.op](values[rows], self.value)
        if self.region == ANY_REGION:
            return np.any(OPS[self.op](values[rows], self.value), axis=1)
        return OPS[self.op](values[rows, self.region], self.value)


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

    def window(self, turn: int) -> Window:
        """Which events can fire at ``turn`` and how (the same in every run), worked out
        once per turn."""
        known = self._windows.get(turn)
        if known is None:
            known = self._windows[turn] = Window.of(self, turn)
        return known

    @functools.cached_property
    def _windows(self) -> dict[int, Window]:
        return {}

    @functools.cached_property
    def any_chained(self) -> bool:
        return any(e.chained for e in self.events)

    @functools.cached_property
    def longest_after(self) -> int:
        """The longest wait any opening sets (0 if none): how far ahead a due turn can be."""
        return max((o.after for e in self.events for c in e.choices for o in c.opens), default=0)


@dataclass(frozen=True)
class Window:
    """The events whose window is open at a turn with a chance above 0: first those a
    draw decides, then the certain ones (chance 1), which fire once due if chained."""

    events: np.ndarray  # (W,) event indices, drawn then certain
    drawn: np.ndarray  # (D,) the first D of ``events``
    chance: np.ndarray  # (D, 1) their chances
    certain: np.ndarray  # (W - D,) the rest
    unchained: np.ndarray  # (W - D, 1) whether each certain one needs no opening
    conditioned: np.ndarray  # (W,) whether each event has conditions

    @classmethod
    def of(cls, table: EventTable, turn: int) -> Window:
        probability, first, last, _most, _cooldown, chained = table.limits
        open_now = (first <= turn) & (turn <= last) & (probability > 0)
        drawn = np.flatnonzero(open_now & (probability < 1))
        certain = np.flatnonzero(open_now & (probability >= 1))
        events = np.concatenate([drawn, certain])
        return cls(
            events=events,
            drawn=drawn,
            chance=probability[drawn][:, None],
            certain=certain,
            unchained=~chained[certain][:, None],
            conditioned=np.array([bool(table.events[i].conditions) for i in events], bool),
        )


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
    """Step 12: decide which events fire this turn, in every run.

    A quarter's draw lets only a few runs of each event through, so the limits and the
    conditions are checked at those (run, event) pairs alone, not at every run of every
    event. No number is drawn where chance cannot decide (an event whose window is shut,
    or whose chance is 0 or 1); the streams still move by one draw a quarter.
    """
    n, runs = len(table), state.runs
    if n == 0:
        flows.fired_events = np.zeros((runs, 0), dtype=bool)
        return
    _probability, _first, _last, most, cooldown, chained = table.limits
    turn = state.turn
    window = table.window(turn)
    # (window's events, runs): whether the draw lets the event through, or it is certain
    passed = np.empty((len(window.events), runs), dtype=bool)
    drawn = len(window.drawn)
    passed[:drawn] = state.rng.uniform_by_column(n, window.drawn) < window.chance
    if len(window.certain):
        due = state.due_from[:, window.certain].T
        passed[drawn:] = ((due >= 0) & (due <= turn)) | window.unchained
    column, run = np.divmod(np.flatnonzero(passed), runs)  # by column, then run
    fired = np.zeros((runs, n), dtype=bool)
    state.pending_events = fired
    flows.fired_events = fired
    if not len(run):  # most quarters of a single game: nothing to check
        return
    event = window.events[column]
    # the limits, at each pair
    at = run * n + event  # into the flattened (runs, E) arrays
    allowed = np.ravel(state.event_count).take(at) < most[event]
    fired_at = np.ravel(state.last_fired).take(at)
    allowed &= (fired_at < 0) | (turn - fired_at > cooldown[event])
    due = np.ravel(state.due_from).take(at)
    allowed &= ((due >= 0) & (due <= turn)) | ~chained[event]
    run, column, at = run[allowed], column[allowed], at[allowed]
    # the conditions, column by column, in the runs still in
    starts = np.searchsorted(column, np.arange(len(window.events) + 1))
    kept = np.ones(len(run), dtype=bool)
    for j in np.flatnonzero((starts[1:] > starts[:-1]) & window.conditioned):
        begin, end = starts[j], starts[j + 1]
        for condition in table.events[window.events[j]].conditions:
            kept[begin:end] &= condition.holds(state, run[begin:end])
    at = at[kept]
    np.ravel(fired)[at] = True
    if len(at):
        state.event_count = flat_set(state.event_count, at, np.ravel(state.event_count)[at] + 1)
        state.last_fired = flat_set(state.last_fired, at, turn)
        if table.any_chained:
            # a chained event that fired is closed again: another answer may reopen it
            closed = at[chained[window.events[column[kept]]]]
            if len(closed):  # most quarters none did: no copy of every run's due turns
                state.due_from = flat_set(state.due_from, closed, -1)


def flat_set(value: np.ndarray, at: np.ndarray, source: np.ndarray | int) -> np.ndarray:
    """A copy of ``value`` with the elements at flat indices ``at`` set to ``source``."""
    out = value.copy()
    np.ravel(out)[at] = source
    return out
