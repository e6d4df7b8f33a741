"""Score, report card and the conditions that end a game early.

The score weighs what the design promises: sustained reduction of coca and cocaine
nationwide (not in one valley), welfare, violence, forest and Indigenous land, the armed
remnant, and the trust that pays the budget. Each dimension is graded 0–100 against the
game's own start, so scenarios of any size score alike. The final score averages the
grade over every quarter played and over a play-on past the term with the last orders
(done by the caller), so a last-quarter trick does not pay.
"""

from __future__ import annotations

import numpy as np

from .arrays import add_along, clamp
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


def _relative_grade(now: np.ndarray, start: float) -> np.ndarray:
    """50 when unchanged, 100 when halved or better, 0 when grown by half or more."""
    change = now / max(start, 1e-9) - 1.0
    return clamp(50.0 - 100.0 * change, 0.0, 100.0)


def report_card(world: World, state: State) -> dict[str, np.ndarray]:
    """Grade per dimension, each (runs,) on 0–100."""
    s = world.extras
    forest = add_along(state.forest_lost_ha)
    indigenous = add_along(state.indigenous_coca_ha)
    forest_grade = clamp(100.0 - 100.0 * forest / s["forest_loss_scale_ha"], 0.0, 100.0)
    land = 0.5 * _relative_grade(indigenous, s["start_indigenous_coca_ha"]) + 0.5 * forest_grade
    return {
        "coca": _relative_grade(national_metric(state, "coca_ha"), s["start_coca_ha"]),
        "cocaine": _relative_grade(add_along(state.cocaine_t), s["start_cocaine_t_q"]),
        "welfare": clamp(national_metric(state, "welfare"), 0.0, 100.0),
        "violence": _relative_grade(national_metric(state, "violence"), s["start_violence"]),
        "forest and Indigenous land": land,
        "armed remnant": 100.0 * (1.0 - state.insurgency.max(axis=1)),
        "approval and support": 0.5 * (state.approval + state.support),
    }


def quarter_score(world: World, state: State) -> np.ndarray:
    card = report_card(world, state)
    return sum(WEIGHTS[k] * v for k, v in card.items())


def final_score(state: State) -> np.ndarray:
    """Average quarterly grade so far (runs,)."""
    return state.score_sum / max(state.turn, 1)


def check_end(world: World, state: State) -> None:
    """Record the turn and reason a run's game ends (approval collapse, a region taken)."""
    going = state.ended_turn < 0
    collapsed = going & (state.approval < APPROVAL_COLLAPSE)
    taken = going & ~collapsed & (state.insurgency >= REGION_TAKEN).any(axis=1)
    state.end_reason = np.where(collapsed, 1, np.where(taken, 2, state.end_reason))
    state.ended_turn = np.where(collapsed | taken, state.turn, state.ended_turn)
