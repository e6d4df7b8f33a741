"""The turn model: numpy only. No files, no printing, no Textual, no Rich.

Start a game with ``setup.new_game``, play a quarter with ``turn.step``; every change of
the state is explained by the ``ledger``. See MODEL.md and the README for the model.
"""

from .events import EventTable
from .ledger import Ledger
from .orders import Orders, OrdersRefused, check_orders, orders_cost
from .setup import Difficulty, new_game
from .state import State
from .turn import TurnResult, step
from .world import World

__all__ = [
    "Difficulty",
    "EventTable",
    "Ledger",
    "Orders",
    "OrdersRefused",
    "State",
    "TurnResult",
    "World",
    "check_orders",
    "new_game",
    "orders_cost",
    "step",
]
