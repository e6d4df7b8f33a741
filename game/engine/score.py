"""Score, report card and the conditions that end a game early.

The score weighs what the design promises: sustained reduction of coca and cocaine
nationwide (not in one valley), welfare, violence, forest and Indigenous land, the armed
remnant, and the trust that pays the budget. Each dimension is graded 0–100 against the
game's own start, so that the report card's legend ("0 worst · 50 as at the start · 100
best") holds for every line and scenarios of any size score alike: a dimension grades 50
while it stands as at the start, more when it is better, less when it is worse. Three
rules, each keeping about the slope the dimension had before it was anchored there:

* ``relative_grade`` for quantities with no natural top (coca, cocaine, violence): one
  point per per cent of change, 100 when halved or better, 0 when grown by half or more;
* ``between_grade`` for indices with a worst and a best value (welfare, the armed
  remnant, approval, support): linear from the start to 0 at the worst (for approval and
  the remnant, the level at which the game is lost) and to 100 at the best;
* ``land_grade`` for forest and Indigenous land (see there).

The final score averages the weighted grade over every quarter of the term and a
play-on past it with the last orders held (``engine.final``), so a last-quarter trick
does not pay.
"""

from __future__ import annotations

import numpy as np

from .arrays import add_along, clamp, max_along
from .metrics import national_metric
from .state import State
from .world import World

APPROVAL_COLLAPSE = 15.0
REGION_TAKEN = 0.9

#: dimension → weight in the score
WEIGHTS: dict[str, float] = {
    "coca": 0.2,
    "cocaine": 0.15,
    "welfare": 0.2,
    "violence": 0.15,
    "forest and Indigenous land": 0.1,
    "armed remnant": 0.1,
    "approval and support": 0.1,
}


def relative_grade(now: np.ndarray, start: float) -> np.ndarray:
    """For a quantity where less is better: 50 unchanged, 100 halved, 0 grown by half.

    Proportional, so a region's thousand hectares count for as much in a small scenario
    as ten thousand in a large one; saturating at halved, so one dimension cannot buy
    the whole score.
    """
    change = now / max(start, 1e-9) - 1.0
    return clamp(50.0 - 100.0 * change, 0.0, 100.0)


def between_grade(now: np.ndarray, start: float, worst: float, best: float) -> np.ndarray:
    """50 at ``start``, linear to 0 at ``worst`` and to 100 at ``best`` (either order).

    For bounded indices: the two ends are what the index allows, or where the game is
    lost, so a grade of 0 means what it says; the slope may differ on the two sides.
    """
    gain = (now - start) if best >= worst else (start - now)
    up = 50.0 / max(abs(best - start), 1e-9)
    down = 50.0 / max(abs(start - worst), 1e-9)
    return clamp(50.0 + gain * np.where(gain >= 0.0, up, down), 0.0, 100.0)


def land_grade(world: World, state: State) -> np.ndarray:
    """Forest and Indigenous land: 50 at the start, less as land is lost, more as it is won.

    Cleared forest does not grow back, so land can be won back only where coca leaves
    Indigenous territories. The grade falls by 50 points for each start's worth of coca
    gained on Indigenous land, and for each ``forest_loss_scale_ha`` (5% of the regions'
    forest) cleared: 100 when no coca is left on Indigenous land and no forest is lost,
    0 when Indigenous coca has doubled, or that much forest is gone, or a mix.
    """
    s = world.extras
    indigenous = add_along(state.indigenous_coca_ha) / max(s["start_indigenous_coca_ha"], 1e-9)
    forest = add_along(state.forest_lost_ha) / s["forest_loss_scale_ha"]
    return clamp(50.0 - 50.0 * (indigenous - 1.0 + forest), 0.0, 100.0)


def report_card(world: World, state: State) -> dict[str, np.ndarray]:
    """Grade per dimension, each (runs,) on 0–100; every one 50 at the game's start.

    The start's values are the world's references (``extras``, set by the loader for
    the scenario and difficulty): the armed remnant is graded on its strongest region,
    where it could take a region and end the game.
    """
    s = world.extras
    approval = between_grade(state.approval, s["start_approval"], APPROVAL_COLLAPSE, 100.0)
    support = between_grade(state.support, s["start_support"], 0.0, 100.0)
    remnant = max_along(state.insurgency)
    return {
        "coca": relative_grade(national_metric(state, "coca_ha"), s["start_coca_ha"]),
        "cocaine": relative_grade(add_along(state.cocaine_t), s["start_cocaine_t_q"]),
        "welfare": between_grade(national_metric(state, "welfare"), s["start_welfare"], 0.0, 100.0),
        "violence": relative_grade(national_metric(state, "violence"), s["start_violence"]),
        "forest and Indigenous land": land_grade(world, state),
        "armed remnant": between_grade(remnant, s["start_remnant"], REGION_TAKEN, 0.0),
        "approval and support": 0.5 * (approval + support),
    }


def quarter_score(world: World, state: State) -> np.ndarray:
    card = report_card(world, state)
    return sum(WEIGHTS[k] * v for k, v in card.items())


def check_end(world: World, state: State) -> None:
    """Record the turn and reason a run's game ends (approval collapse, a region taken)."""
    going = state.ended_turn < 0
    collapsed = going & (state.approval < APPROVAL_COLLAPSE)
    taken = going & ~collapsed & (max_along(state.insurgency) >= REGION_TAKEN)
    state.end_reason = np.where(collapsed, 1, np.where(taken, 2, state.end_reason))
    state.ended_turn = np.where(collapsed | taken, state.turn, state.ended_turn)
