"""``balloon play`` until the terminal interface exists: a short headless demo game.

It plays eight quarters of the starting orders and prints what the press saw beside
what happened, so that ``make play`` shows the model working end to end.
"""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from ..cli import setup_from_args
from ..session import Game

DEMO_QUARTERS = 8


def play_demo(args: argparse.Namespace) -> int:
    console = Console()
    _, setup = setup_from_args(args)
    game = Game.new(setup, args.seed)
    console.print(
        "[bold]Balloon Effect[/] — the terminal interface is not built yet; this is a headless "
        f"demo of {DEMO_QUARTERS} quarters under the starting orders."
    )
    table = Table(title=setup.scenario.name)
    for column in (
        "quarter",
        "seized t",
        "eradicated ha",
        "coca ha",
        "cocaine t",
        "welfare",
        "violence",
        "approval",
    ):
        table.add_column(column, justify="right")
    previous = game.start_summary
    for _ in range(DEMO_QUARTERS):
        orders = game.default_orders()
        for index in game.pending_events():
            event = setup.events.events[index]
            orders = orders.with_choice(event.id, event.default_choice)
        game.play(orders)
        s = game.history[-1].summary
        table.add_row(
            setup.world.quarter_label(game.turn - 1),
            f"{s['seized_t'] - previous['seized_t']:.1f}",
            f"{s['eradicated_ha'] - previous['eradicated_ha']:,.0f}",
            f"{s['coca_ha']:,.0f}",
            f"{s['cocaine_t']:.0f}",
            f"{s['welfare']:.1f}",
            f"{s['violence']:.1f}",
            f"{s['approval']:.0f}",
        )
        previous = s
    console.print(table)
    console.print("Headless runs: [bold]balloon simulate --strategy eradicate-vraem --runs 1000[/]")
    return 0
