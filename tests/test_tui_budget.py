"""The budget in the terminal, through Textual's Pilot at 80×24: typed amounts, the big
step and "all", a refused turn over the budget and its trim, and the event screen's money.

The rules are ``game.drafting``'s (tested headless in test_drafting.py); these check that
the keys reach them and that what they say is on the screen.
"""

from __future__ import annotations

import numpy as np
from textual.widgets import Input, Static

from game.drafting import BIG_STEP
from game.engine.orders import orders_cost
from game.loader import GameSetup
from game.tui.app import BalloonApp
from game.tui.screens.event import EventScreen
from game.tui.screens.main import MainScreen
from game.tui.widgets.orders import AmountField

SIZE = (80, 24)


def shown(app: BalloonApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def start(pilot) -> BalloonApp:  # type: ignore[no-untyped-def]
    await pilot.pause()
    app = pilot.app
    assert isinstance(app.screen, MainScreen)
    return app


async def type_amount(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Open the amount field on the lever under the cursor and type ``text``, enter."""
    await pilot.press("enter")
    await pilot.pause()
    field = pilot.app.screen.query_one("#amount-input", Input)
    assert field.has_focus
    field.value = ""
    await pilot.press(*text, "enter")
    await pilot.pause()


async def test_typed_amounts_good_and_bad(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("3", "down", "down")  # development in the first region
        await type_amount(pilot, "2.5")
        assert app.orders.development_musd[0, 0] == 2.5
        assert not app.screen.query(AmountField)  # set: the field is gone
        for text, words in (
            ("-3", "cannot be negative"),
            ("lots", "not a number"),
            ("9999", "over the money left"),
        ):
            before = app.orders
            await type_amount(pilot, text)
            assert app.orders is before, text  # orders unchanged
            assert app.screen.query(AmountField), text  # the field stays, with the reason
            reason = shown(app, "#amount-reason")
            assert "Refused" in reason and words in reason, reason
            await pilot.press("escape")
            await pilot.pause()
            assert not app.screen.query(AmountField)
        # the head of the orders says how much money is left
        assert "left" in shown(app, "#orders-head")


async def test_step_keys_move_by_one_five_or_all(setup: GameSetup) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        app.orders = app.orders.with_amount("eradication_teams", 0, 0.0)
        await pilot.press("3", "greater_than_sign")
        assert app.orders.eradication_teams[0, 0] == BIG_STEP
        await pilot.press("plus")
        assert app.orders.eradication_teams[0, 0] == BIG_STEP + 1
        await pilot.press("less_than_sign")
        assert app.orders.eradication_teams[0, 0] == 1
        await pilot.press("a")
        assert app.orders.eradication_teams[0].sum() == setup.world.teams_at(0)
        await pilot.press("0")
        assert app.orders.eradication_teams[0, 0] == 0
        # all the money left into development: spent to the last cent, and accepted
        await pilot.press("down", "down", "a")
        spent = float(orders_cost(setup.world, app.orders)[0])
        assert abs(spent - float(app.game.state.budget_musd[0])) < 1e-9
        keys = shown(app, "#refusal")
        assert ">/<" in keys and "a all" in keys and "type amount" in keys
        await pilot.press("e")
        await pilot.pause()
        assert app.game.turn == 1  # exactly at the budget: played


async def test_over_the_budget_the_turn_is_refused_until_the_player_decides(
    setup: GameSetup,
) -> None:
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        cost = float(orders_cost(setup.world, app.orders)[0])
        app.game.state.budget_musd = np.array([cost - 3.0])
        before = app.orders
        app.screen.refresh_orders([])
        await pilot.press("e")
        await pilot.pause()
        assert app.game.turn == 0 and app.orders is before  # refused, nothing scaled
        status = shown(app, "#refusal")
        assert "Over budget" in status and "$3.00M over" in status and "t trims" in status
        # the money that trimming would cut is marked in the orders table
        assert any(
            "!" in str(cell) for row in app.screen.query_one("#orders-table").shown for cell in row
        )
        await pilot.press("t")
        await pilot.pause()
        spent = float(orders_cost(setup.world, app.orders)[0])
        assert spent <= cost - 3.0 + 1e-6
        assert "Over budget" not in shown(app, "#refusal")
        await pilot.press("e")
        await pilot.pause()
        assert app.game.turn == 1


async def test_the_event_screen_shows_each_answer_s_cost_and_the_money_left(
    setup: GameSetup,
) -> None:
    events = setup.events.events
    index = next(i for i, e in enumerate(events) if any(c.cost_musd for c in e.choices))
    costly = next(c for c in events[index].choices if c.cost_musd)
    app = BalloonApp(setup, seed=1, start_directly=True)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        app.screen.ask_events([index])
        await pilot.pause()
        assert isinstance(app.screen, EventScreen)
        outlook = app.screen.outlook
        assert outlook is not None
        next_quarter = setup.world.quarter_label(1)
        assert next_quarter in shown(app, "#event-budget")
        lines = [str(app.screen.cost_line(c)) for c in range(len(events[index].choices))]
        paid = f"Costs ${costly.cost_musd:,.1f}M: {next_quarter} budget about"
        assert any(line.startswith(paid) for line in lines), lines
        left = outlook.budget - costly.cost_musd
        assert any(f"${left:,.1f}M left" in line for line in lines), lines
