"""The guided first quarter: which step a newcomer is on, and what completes it.

Five steps walk through one quarter — read the map, change an order, end the turn, read
the report's *why*, and follow the growers the balloon pushed into another valley. Each
step says what to do and is done when the player has done it, never on a timer; the
player can leave at any time. The front end reports what the player did (a layer shown,
orders edited, a turn played, a *why* shown) and draws ``instruction()``; whether that
completes the step is decided here, headless, so it is tested without Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np

from .engine import Orders, TurnResult
from .engine.metrics import AREA, METRICS
from .engine.orders import ORDER_ARRAYS

#: The measure whose *why* shows growers arriving: coca (young and mature plants).
COCA = "coca_ha"


class Step(IntEnum):
    MAP = 0
    ORDER = 1
    END_TURN = 2
    WHY = 3
    BALLOON = 4
    DONE = 5


#: how many steps a player is told there are ("Step 2 of 5")
STEPS = int(Step.DONE)


def levers_differ(draft: Orders, carried: Orders) -> bool:
    """Whether any lever of ``draft`` differs from ``carried`` (event answers aside)."""
    return any(
        not np.array_equal(getattr(draft, name), getattr(carried, name)) for name in ORDER_ARRAYS
    )


def growers_moved(result: TurnResult) -> tuple[float, int | None]:
    """Hectares of growers who moved to another region this quarter (run 0), and the
    region most of them went to (None when nobody moved)."""
    arrived = result.flows.moves[0].sum(axis=0)
    moved = float(arrived.sum())
    return moved, (int(arrived.argmax()) if moved > 0 else None)


@dataclass
class Tutorial:
    """One guided quarter's progress; ``region_names`` name regions in the steps' text."""

    region_names: tuple[str, ...]
    step: Step = Step.MAP
    left: bool = False
    #: the report's first view (region, measure): the *why* step wants another
    first_why: tuple[int, str] | None = None
    moved_ha: float = 0.0
    destination: int | None = None

    @property
    def active(self) -> bool:
        """Still showing (finished or not) until the player leaves it."""
        return not self.left

    def leave(self) -> None:
        self.left = True

    def _advance(self, when: Step) -> bool:
        if self.left or self.step != when:
            return False
        self.step = Step(self.step + 1)
        return True

    # --- what the player did -----------------------------------------------------------

    def layer_changed(self) -> bool:
        """The map now shows another layer; True if that completed a step."""
        return self._advance(Step.MAP)

    def orders_set(self, draft: Orders, carried: Orders) -> bool:
        """The draft orders are now ``draft``; they complete the step if a lever differs
        from the orders carried over into the quarter."""
        return levers_differ(draft, carried) and self._advance(Step.ORDER)

    def turn_ended(self, result: TurnResult) -> bool:
        """A quarter was played; it tells where the growers went.

        A player who ends the turn before the map and order steps are done is not held
        back: the report is open, so the guide goes on with it. Once the guide is done,
        the next quarter played closes it: there is nothing left to show.
        """
        if self.left or self.step in (Step.WHY, Step.BALLOON):
            return False
        if self.step == Step.DONE:
            self.leave()
            return True
        self.moved_ha, self.destination = growers_moved(result)
        self.first_why = None
        self.step = Step.WHY
        return True

    def why_shown(self, region: int, measure: str) -> bool:
        """The report's *why* now shows ``measure`` in ``region``. The first view is the
        report opening; another view completes the *why* step; coca where the growers
        went completes the balloon step (at once, if there is nowhere they went)."""
        if self.left:
            return False
        advanced = False
        if self.step == Step.WHY:
            if self.first_why is None:
                self.first_why = (region, measure)
            elif (region, measure) != self.first_why:
                advanced = self._advance(Step.WHY)
        if self.step == Step.BALLOON and (
            self.destination is None or (region, measure) == (self.destination, COCA)
        ):
            advanced = self._advance(Step.BALLOON) or advanced
        return advanced

    # --- what the player reads ---------------------------------------------------------

    def instruction(self) -> tuple[str, str]:
        """The current step's heading and what to do, in a line or three."""
        heading = (
            f"Guided quarter · step {self.step + 1} of {STEPS}"
            if self.step < Step.DONE
            else "Guided quarter · done"
        )
        return heading, self._text()

    def _text(self) -> str:
        coca = METRICS[COCA].label
        if self.step == Step.MAP:
            return (
                f"The map: each box is a region, shaded by the layer named above it (now "
                f"{coca}). Press l to show another layer (or c w v i o)."
            )
        if self.step == Step.ORDER:
            return (
                "Change an order: press 3 to go to the orders, [ or ] to pick a region, "
                "↑↓ to pick a lever (Development, say) and + to raise it."
            )
        if self.step == Step.END_TURN:
            return "End the quarter: press e. The quarter is played and its report opens."
        if self.step == Step.WHY:
            return (
                "The report: the press's view on the left, what happened on the right. "
                f"Why, below, lists what moved {coca} in one region. Press ] for another "
                "region, or m for another measure (r reopens the report)."
            )
        if self.step == Step.BALLOON:
            where = self.region_names[self.destination or 0]
            return (
                f"The balloon: {AREA.text(self.moved_ha)} of growers moved this quarter, "
                f"most to {where}. Press [ or ] until Why shows {coca} in {where} (m "
                f"for {coca}): the growers arriving there are the balloon (r reopens the "
                "report)."
            )
        if self.destination is None:
            moved = "No growers moved this quarter; when they do, the report says where. "
        else:
            moved = ""
        return (
            f"{moved}You have played a quarter. Escape goes back to plan the next; the game "
            "goes on, and this guide closes when you end the turn. ? for Help, which "
            "repeats the goal."
        )
