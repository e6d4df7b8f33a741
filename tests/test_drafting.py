"""The draft orders' rules (``game.drafting``), headless: the budget never lies.

Orders that spend the budget exactly are accepted, whatever floating point makes of the
sum; orders over it are refused with what is over and by how much, and never scaled down
unless the player asks; typed amounts that cannot be are refused with the reason and the
orders unchanged; the big step and "all" go as far as the rules allow and no further; an
answer to an event costs, where the engine charges it, what the event screen says.
"""

from __future__ import annotations

import numpy as np
import pytest

from game.drafting import (
    BIG_STEP,
    all_of_lever,
    answer_cost,
    edit_lever,
    event_outlook,
    lever_value,
    levers_for,
    money_left,
    most_for,
    shortfall,
    trim_to_fit,
    typed_amount,
)
from game.engine import new_game, step
from game.engine.orders import OrdersRefused, check_orders, orders_cost, refusal_reasons
from game.engine.politics import budget_from_support
from game.loader import GameSetup
from game.session import Game


def lever(setup: GameSetup, field: str, region: int | None = 0):  # type: ignore[no-untyped-def]
    return next(
        lv for lv in levers_for(setup, region or 0) if lv.field == field and lv.column == region
    )


def cost(setup: GameSetup, orders) -> float:  # type: ignore[no-untyped-def]
    return float(orders_cost(setup.world, orders)[0])


def test_orders_costing_exactly_the_budget_are_accepted(setup: GameSetup) -> None:
    """Tenths of a million added in floating point miss their decimal sum; the engine
    must not refuse orders that spend a budget to the cent for that."""
    game = Game.new(setup, 1)
    world = setup.world
    orders = setup.start_orders.with_values(
        development_musd=np.full((1, world.regions), 0.1),
        infrastructure_musd=np.full((1, world.regions), 0.1),
        precursor_musd=np.array([0.1]),
    )
    spent = cost(setup, orders)
    exact = round(spent, 2)  # the decimal sum a player would add up
    assert spent > exact  # floating point really does miss it here, upwards
    game.state.budget_musd = np.array([exact])
    check_orders(world, game.state, orders)
    assert shortfall(setup, game.state, orders) is None
    # one cent more is refused, and the refusal says by how much
    game.state.budget_musd = np.array([exact - 0.01])
    reasons = refusal_reasons(world, game.state, orders)
    assert any("$0.01M over" in r for r in reasons), reasons


def test_orders_over_the_budget_are_refused_with_what_is_over(setup: GameSetup) -> None:
    game = Game.new(setup, 1)
    orders = setup.start_orders
    game.state.budget_musd = np.array([cost(setup, orders) - 2.5])
    short = shortfall(setup, game.state, orders)
    assert short is not None and short.trim_fits
    assert "$2.50M over" in short.what()
    with pytest.raises(OrdersRefused, match=r"\$2\.50M over"):
        game.play(orders)
    assert game.turn == 0 and not game.history
    # what trimming would cut is named, and trimming (asked for) makes it fit exactly
    money = sum(c.now for c in short.cuts)
    assert sum(c.now - c.trimmed for c in short.cuts) == pytest.approx(2.5)
    assert short.trim_share == pytest.approx(2.5 / money)
    assert "t trims" in short.remedy() and short.cuts[0].label in short.remedy()
    trimmed = trim_to_fit(setup, game.state, orders)
    assert shortfall(setup, game.state, trimmed) is None
    assert np.array_equal(trimmed.troops, orders.troops)
    game.play(trimmed)
    assert game.turn == 1


def test_units_alone_over_the_budget_say_trimming_cannot_help(setup: GameSetup) -> None:
    game = Game.new(setup, 1)
    game.state.budget_musd = np.array([0.5])
    short = shortfall(setup, game.state, setup.start_orders)
    assert short is not None and not short.trim_fits
    assert "teams and troops alone" in short.remedy()


def test_a_quarter_whose_budget_fell_starts_from_last_quarter_s_orders_unchanged(
    setup: GameSetup,
) -> None:
    """Played on with a budget that fell, the draft is what was ordered, not less."""
    game = Game.new(setup, 1)
    orders = setup.start_orders
    game.play(orders)
    game.state.budget_musd = np.array([cost(setup, orders) - 1.0])  # the budget fell
    carried, short = game.carried_orders()
    assert cost(setup, carried) == pytest.approx(cost(setup, orders))
    assert short is not None and short.over == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("-1", "cannot be negative"),
        ("abc", "not a number"),
        ("nan", "not a number"),
        ("inf", "not a number"),
        ("", "type an amount"),
        ("1e9", "over the money left"),
    ],
)
def test_a_typed_amount_that_cannot_be_is_refused_and_changes_nothing(
    setup: GameSetup, text: str, words: str
) -> None:
    game = Game.new(setup, 1)
    orders = setup.start_orders
    edited, reason = typed_amount(setup, game.state, orders, lever(setup, "development_musd"), text)
    assert edited is orders
    assert reason is not None and words in reason


def test_a_draft_already_over_the_budget_takes_no_more_but_can_be_cut(
    setup: GameSetup,
) -> None:
    game = Game.new(setup, 1)
    orders = setup.start_orders
    game.state.budget_musd = np.array([cost(setup, orders) - 1.0])
    dev = lever(setup, "development_musd")
    now = lever_value(orders, dev)
    edited, reason = typed_amount(setup, game.state, orders, dev, f"{now + 0.5}")
    assert edited is orders and reason is not None and "already $1.00M over" in reason
    edited, reason = typed_amount(setup, game.state, orders, dev, f"{now - 0.5}")
    assert reason is None and lever_value(edited, dev) == now - 0.5


def test_a_typed_amount_up_to_the_money_left_is_set(setup: GameSetup) -> None:
    game = Game.new(setup, 1)
    orders = setup.start_orders
    dev = lever(setup, "development_musd")
    left = money_left(setup, game.state, orders)
    assert left > 0.02
    edited, reason = typed_amount(setup, game.state, orders, dev, "$2.5M")
    assert reason is None and lever_value(edited, dev) == 2.5
    # all the money left, to the cent: typed as the refusal's "at most" shows it
    most = int((lever_value(orders, dev) + left) * 100) / 100
    edited, reason = typed_amount(setup, game.state, orders, dev, f"{most:.2f}")
    assert reason is None, reason
    check_orders(setup.world, game.state, edited)
    # a cent past it is over
    _, reason = typed_amount(setup, game.state, orders, dev, f"{most + 0.02:.2f}")
    assert reason is not None and "over the money left" in reason
    # teams come whole, and no more than there are
    teams = lever(setup, "eradication_teams")
    _, reason = typed_amount(setup, game.state, orders, teams, "1.5")
    assert reason is not None and "whole" in reason
    _, reason = typed_amount(setup, game.state, orders, teams, "10000")
    assert reason is not None


def test_big_steps_and_all(setup: GameSetup) -> None:
    game = Game.new(setup, 1)
    state, world = game.state, setup.world
    orders = setup.start_orders.with_amount("eradication_teams", 0, 0.0)
    teams = lever(setup, "eradication_teams")
    five, refused = edit_lever(setup, state, orders, teams, BIG_STEP)
    assert not refused and lever_value(five, teams) == BIG_STEP
    back, _ = edit_lever(setup, state, five, teams, -BIG_STEP)
    assert lever_value(back, teams) == 0
    # all: every team not working elsewhere (the money left pays for them here)
    everything, refused = all_of_lever(setup, state, orders, teams)
    assert not refused
    assert everything.eradication_teams[0].sum() == world.teams_at(state.turn)
    check_orders(world, state, everything)
    again, refused = all_of_lever(setup, state, everything, teams)
    assert again is everything and refused
    # all the money: the budget spent exactly, and accepted
    dev = lever(setup, "development_musd")
    spent, refused = all_of_lever(setup, state, orders, dev)
    assert not refused
    assert cost(setup, spent) == pytest.approx(float(state.budget_musd[0]), abs=1e-9)
    check_orders(world, state, spent)
    # the budget short of a team: "all" takes only what the money pays for
    poor = Game.new(setup, 1).state
    poor.budget_musd = np.array([cost(setup, orders) + 1.5 * world.params.team_cost_musd])
    assert most_for(setup, poor, orders, teams) == 1


def test_an_answer_costs_where_the_engine_charges_it_what_the_screen_says(
    setup: GameSetup,
) -> None:
    """The outlook's cost of an answer is what the next budget loses, to the cent."""
    events = setup.events.events
    index = next(i for i, e in enumerate(events) if any(c.cost_musd for c in e.choices))
    event = events[index]
    choice = next(c for c, ch in enumerate(event.choices) if ch.cost_musd)
    state = new_game(setup.world, setup.events, [1], setup.start_orders, setup.difficulty)
    pending = np.zeros_like(state.pending_events)
    pending[0, index] = True
    state.pending_events = pending
    orders = setup.start_orders
    outlook = event_outlook(setup, state, orders, index)
    assert outlook.quarter == setup.world.quarter_label(state.turn + 1)
    assert outlook.costs[choice] == pytest.approx(event.choices[choice].cost_musd)
    after = step(setup.world, setup.events, state, orders.with_choice(event.id, choice)).state
    expected = budget_from_support(setup.world, state.turn + 1, after.support)
    assert float(after.budget_musd[0]) == pytest.approx(
        float(expected[0]) - answer_cost(event, choice, outlook.budget)
    )
    # an answer already given to another pending event is counted before this one
    other = next(
        i for i, e in enumerate(events) if i != index and any(c.cost_musd for c in e.choices)
    )
    pending = pending.copy()  # the state keeps what it was given read-only
    pending[0, other] = True
    state.pending_events = pending
    paid = next(c for c, ch in enumerate(events[other].choices) if ch.cost_musd)
    answered = orders.with_choice(events[other].id, paid)
    later = event_outlook(setup, state, answered, index)
    assert later.budget == pytest.approx(outlook.budget - events[other].choices[paid].cost_musd)
