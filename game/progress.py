"""How far a game has gone and what it scores, written one way wherever it is shown.

The main screen, the title screen's Continue line, the load list, the end screen and the
command line's saves list each used to write these their own way ("turn 13/40" on the
main screen for a save the list called "turn 12"; a score of "52.3" in one place and
"52" in another). One number means one thing: **quarters played** out of the term, and
the score (``engine.final``) at the metric registry's precision.
"""

from __future__ import annotations

import math

from .engine.metrics import SCORE


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


__all__ = ["played_text", "score_number", "score_text"]
