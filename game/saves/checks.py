"""A save checked against the scenario it names: every array and every value in it.

Why every value and not only the layout: a save is a file anyone can edit, and the
checksum only proves that whoever wrote it computed one. A NaN, a negative hectare or an
end reason past the list would not fail here but later, as a crash or a nonsense game.
The rules are the invariants the engine keeps in every game (``tests/test_invariants``),
so every save the game itself writes passes them.
"""

from __future__ import annotations

import numpy as np

from ..engine import Orders, State, new_game
from ..engine.events import EventTable, choice_refusals
from ..engine.orders import refusals_of_orders
from ..engine.state import END_REASONS, NON_NEGATIVE, POSITIVE, RANGES, TURN_MARKS
from ..loader import GameSetup
from ..session import national_summary
from .model import ArrayData, SaveFile
from .wording import damaged

#: No value of a game comes near this (Peru is 1.3e8 ha; money is in millions): a larger
#: one is an edit, and would turn into inf and NaN a few quarters later.
MAGNITUDE = 1e9


def check_against(where: str, save: SaveFile, setup: GameSetup) -> State:
    """The state ``save`` holds, once every array has the name, type and shape a fresh
    game of ``setup`` has and every value is one a game can reach; else ``SaveError``.

    Returns the fresh game's first state (its summary stands in for a missing one).
    """
    template = new_game(
        setup.world, setup.events, [save.seed], setup.start_orders, setup.difficulty
    )
    expected = {k: (v.dtype.name, list(v.shape)) for k, v in template.array_fields().items()}
    _same_layout(where, "state", expected, save.state.arrays)
    keys = save.state.rng.keys
    if (
        keys.dtype != "uint64"
        or keys.shape != [1]
        or not np.array_equal(keys.array(), template.rng.keys)
    ):
        raise damaged(where, "random streams do not match the seed")
    if save.turn > setup.world.turns:
        raise damaged(
            where, f"turn {save.turn} is past the scenario's {setup.world.turns} quarters"
        )
    zeros = setup.start_orders.arrays()
    want = {k: ("float64", [1, *v.shape[1:]]) for k, v in zeros.items()}
    for record in save.history:
        _same_layout(where, f"history[{record.turn}].orders", want, record.orders.arrays)
    return template


def check_values(
    where: str, state: State, history: list[Orders], setup: GameSetup, template: State
) -> None:
    """Every state value within what a game reaches, and every turn's orders ones the game
    accepts whatever the state (amounts, units, event answers); else ``SaveError``.

    ``response_scale`` is set by the difficulty when a game starts and never changes: it
    must be the fresh game's (``template``), bit for bit.
    """
    for name, value in state.array_fields().items():
        if value.dtype.kind == "f" and not np.isfinite(value).all():
            raise damaged(where, f"state.{name}: not a finite number")
        if value.dtype.kind == "f" and value.size and np.abs(value).max() > MAGNITUDE:
            raise damaged(
                where, f"state.{name}: {np.abs(value).max():.3g} is larger than a game reaches"
            )
    for name in NON_NEGATIVE:
        low = getattr(state, name).min(initial=0)
        if low < 0:
            raise damaged(where, f"state.{name}: {low:.6g} is negative")
    for name in POSITIVE:
        low = getattr(state, name).min(initial=1)
        if low <= 0:
            raise damaged(where, f"state.{name}: {low:.6g} is not above zero")
    for name, (low, high) in RANGES.items():
        value = getattr(state, name)
        if value.size and (value.min() < low or value.max() > high):
            bad = value[(value < low) | (value > high)].ravel()[0]
            raise damaged(where, f"state.{name}: {bad:.6g} is outside {low:g} to {high:g}")
    _check_indices(where, state, setup.events)
    if state.response_scale.tobytes() != template.response_scale.tobytes():
        raise damaged(where, "state.response_scale: not this difficulty's")
    shares = state.route_share.sum(axis=1)
    if state.route_share.size and not np.allclose(shares, 1.0):
        raise damaged(where, f"state.route_share: shares sum to {shares[0]:.6g}, not 1")
    if history and _refusals(setup, _stacked(history)):
        for turn, orders in enumerate(history):  # which turn: only for a refused save
            reasons = _refusals(setup, orders)
            if reasons:
                raise damaged(where, f"history[{turn}].orders: {reasons[0]}")
    for turn, orders in enumerate(history):  # the teams a quarter has depend on its date
        teams, available = float(orders.eradication_teams.sum()), setup.world.teams_at(turn)
        if teams > available + 1e-9:
            raise damaged(
                where,
                f"history[{turn}].orders: eradication teams: {teams:g} ordered, "
                f"{available:g} available",
            )
    for turn, orders in enumerate(history):
        reasons = choice_refusals(setup.events, orders)
        if reasons:
            raise damaged(where, f"history[{turn}].orders: {reasons[0]}")


def _refusals(setup: GameSetup, orders: Orders) -> list[str]:
    """What the engine refuses in ``orders`` whatever the state (not the budget, nor the
    teams of a date: those depend on the quarter, and the game checked them then)."""
    shapes, others, _ = refusals_of_orders(setup.world, orders)
    return [*shapes, *others]


def _stacked(history: list[Orders]) -> Orders:
    """Every turn's orders as the rows of one ``Orders``: checked at once, in a few numpy
    calls, rather than 40 times (the checks are row by row)."""
    first = history[0].arrays()
    return Orders(**{k: np.concatenate([o.arrays()[k] for o in history]) for k in first})


def _check_indices(where: str, state: State, table: EventTable) -> None:
    reasons, ended = state.end_reason, state.ended_turn
    if ((reasons < 0) | (reasons >= len(END_REASONS))).any():
        bad = int(reasons[(reasons < 0) | (reasons >= len(END_REASONS))][0])
        raise damaged(where, f"state.end_reason: {bad} is not 0 to {len(END_REASONS) - 1}")
    if ((ended < -1) | (ended > state.turn)).any() or ((ended == -1) != (reasons == 0)).any():
        raise damaged(
            where, f"state.ended_turn: {int(ended[0])} does not fit the turn and end reason"
        )
    if (state.event_count > state.turn).any():
        raise damaged(where, f"state.event_count: more firings than the {state.turn} turns")
    for name in TURN_MARKS:
        if (getattr(state, name) < -1).any():
            raise damaged(where, f"state.{name}: a turn below -1 (never)")
    if (
        (state.last_fired >= state.turn) | ((state.last_fired >= 0) != (state.event_count > 0))
    ).any():
        raise damaged(where, "state.last_fired: does not fit the turn and the firings")
    chained = np.array([e.chained for e in table.events], dtype=bool)
    if ((state.due_from >= 0) & ~chained).any() or (
        state.due_from > state.turn + table.longest_after
    ).any():
        raise damaged(where, "state.due_from: an event no answer opened, or too far ahead")


def check_summaries(where: str, save: SaveFile, template: State) -> dict[str, float]:
    """Every summary names every national figure the game shows (a missing one would
    fail where it is shown, not here), and the start summary is the one a fresh game of
    this scenario, difficulty and seed has: a save relabelled as another scenario of the
    same map (the same shapes) is refused here. Returns the fresh game's summary.
    """
    start = national_summary(template)
    needed = set(start)
    parts = [("start_summary", save.start_summary)] if save.start_summary else []
    parts += [(f"history[{r.turn}].summary", r.summary) for r in save.history]
    for part, summary in parts:
        missing = sorted(needed - set(summary))
        if missing:
            raise damaged(where, f"{part}: missing {', '.join(missing[:3])}")
    for name, value in save.start_summary.items() if save.start_summary else ():
        if name in start and np.float64(value).tobytes() != np.float64(start[name]).tobytes():
            raise damaged(
                where, f"start_summary.{name}: not the start of this scenario and difficulty"
            )
    return start


def _same_layout(
    where: str,
    part: str,
    expected: dict[str, tuple[str, list[int]]],
    arrays: dict[str, ArrayData],
) -> None:
    got = {k: (v.dtype, v.shape) for k, v in arrays.items()}
    missing = sorted(set(expected) - set(got))
    extra = sorted(set(got) - set(expected))
    if missing or extra:
        what = f"missing {', '.join(missing)}" if missing else f"unknown {', '.join(extra)}"
        raise damaged(where, f"{part}: {what}")
    for name, want in expected.items():
        if got[name] != want:
            raise damaged(
                where,
                f"{part}.{name}: {got[name][0]} {got[name][1]}, expected {want[0]} {want[1]}",
            )
