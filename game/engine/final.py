"""The final score: one number for a game, the same wherever it is shown.

The TUI's end screen, ``session.Game``, the saves, ``simulate``, ``compare`` and the end
screen's status-quo futures all call ``final_score``, and batches and single games play
the same ``play_on`` loop, so one game gets one score everywhere.

Definition: the weighted grade of the report card (``score.quarter_score``) averaged
over every quarter of the term and ``PLAY_ON_QUARTERS`` more, played on with the last
orders held (money fitted to each quarter's budget, events answered by default).

* Why play on: the term's last orders have consequences after it; without them a
  last-quarter trick (stop everything, spend everything) would pay.
* An early end (approval collapsed, the armed remnant took a region) stops the game, and
  the quarters after it, up to the term and the play-on, count as grade 0: averaging
  only the quarters played would let a game that collapses keep the good grades of its
  first years, so that losing could score better than playing on.
"""

from __future__ import annotations

import numpy as np

from .events import EventTable
from .orders import Orders, fit_to_budget
from .state import State
from .turn import step
from .world import World

#: Quarters played past the term with the last orders: two years.
PLAY_ON_QUARTERS = 8


def play_on(world: World, table: EventTable, state: State, orders: Orders, until: int) -> State:
    """``state`` played on to turn ``until`` with ``orders`` held; ``state`` is not changed.

    Held orders are the same every quarter but for money, scaled down where a run's
    budget no longer affords them; event answers are dropped, so every event takes its
    default answer. Once every run has ended nothing would change, so play stops there.
    """
    held = orders.with_values(event_choices={})
    while state.turn < until and bool((state.ended_turn < 0).any()):
        orders_now = fit_to_budget(world, state, held)
        state = step(world, table, state, orders_now, check=False, record=False).state
    return state


def final_score(
    world: World, table: EventTable, state: State, orders: Orders, term: int
) -> np.ndarray:
    """The final score (runs,) of the games in ``state`` whose term is ``term`` quarters.

    ``orders`` are the last orders of the term (or of the quarter ``state`` has reached),
    held for whatever is left to play of the term and the play-on.
    """
    quarters = term + PLAY_ON_QUARTERS
    played = play_on(world, table, state, orders, quarters)
    return played.score_sum / quarters
