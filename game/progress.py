"""How far a game has gone and what it scores, written one way wherever it is shown.

The main screen, the title screen's Continue line, the load list, the end screen and the
command line's saves list each used to write these their own way ("turn 13/40" on the
main screen for a save the list called "turn 12"; a score of "52.3" in one place and
"52" in another). One number means one thing: **quarters played** out of the term, and
the score (``engine.final``) at the metric registry's precision.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .engine.metrics import SCORE
from .engine.state import END_REASONS

if TYPE_CHECKING:
    from .session import Game


def played_text(played: int | None, term: int | None = None) -> str:
    """``12/40 played``; ``12 played`` when the term is not known (a save of a scenario
    the game does not have); empty when neither is."""
    if played is None:
        return ""
    return f"{played}/{term} played" if term else f"{played} played"


def score_number(score: float | None) -> str:
    """The score as a number (``52.3``), or "–" where there is none (an old save's)."""
    if score is None or not math.isfinite(score):
        return "–"
    return SCORE.fmt.number(score)


def score_text(score: float | None) -> str:
    """``score 52.3``; ``score –`` where there is none."""
    return f"{SCORE.label} {score_number(score)}"


def how_it_ended(game: Game) -> str:
    """One sentence: the term is over, or the game ended early (when, and why). The end
    screen and the debrief say it alike."""
    state = game.state
    label = game.setup.world.quarter_label(max(game.turn - 1, 0))
    played = played_text(game.turn, game.setup.world.turns)
    if int(state.ended_turn[0]) >= 0:
        code = int(state.end_reason[0])
        reason = END_REASONS[code] if 0 < code < len(END_REASONS) else "the game ended early"
        return f"The game ended early in {label} ({played}): {reason}."
    return f"The term is over ({label}, {played})."


__all__ = ["how_it_ended", "played_text", "score_number", "score_text"]
